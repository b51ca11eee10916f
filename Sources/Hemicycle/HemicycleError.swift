import BillArchive
import Legislation
import Participation

/// The engine's one error type: a code the web layer maps to a status, a message for the person
/// (what went wrong and how to fix it), and the lower-level cause for the logs.
public struct HemicycleError: Error, CustomStringConvertible, Sendable {
    /// The class of failure; a struct so that later issues can add codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as it appears in JSON errors (`not-found`).
        public let rawValue: String
        /// Creates a code.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        /// No such bill, version, article.
        public static let notFound = Code("not-found")
        /// The request conflicts with the current state (exists already, moved meanwhile).
        public static let conflict = Code("conflict")
        /// The input is malformed or breaks a rule.
        public static let invalidInput = Code("invalid-input")
        /// The person may not do this.
        public static let forbidden = Code("forbidden")
        /// The person must sign in first.
        public static let unauthenticated = Code("unauthenticated")
        /// A size or count limit was exceeded.
        public static let limitExceeded = Code("limit-exceeded")
        /// Too many attempts or actions in too little time (`retryAfter` says how long to wait).
        public static let tooManyRequests = Code("too-many-requests")
        /// The server is at capacity for this kind of work; try again shortly (`retryAfter`).
        public static let unavailable = Code("unavailable")
        /// The body is not of a type the route reads.
        public static let unsupportedMediaType = Code("unsupported-media-type")
        /// A broken invariant or failed disk: not the caller's fault, never described to them.
        public static let `internal` = Code("internal")

        public var description: String { rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// What went wrong and how to fix it, for the person who asked, in English; it names no
    /// HTTP or command-line syntax.
    public var message: String
    /// A stable key for the message (`participation.closed`), by which pages translate it; the
    /// code's name where no finer key is given.
    public var key: String
    /// The input field the error is about, when it is about one (`baseVersion`).
    public var field: String?
    /// The values the message names, by name, for a translation to use.
    public var parameters: [String: String]
    /// The underlying error, for logs only.
    public var cause: (any Error & Sendable)?
    /// For `tooManyRequests` and `unavailable`: whole seconds to wait before trying again.
    public var retryAfter: Int?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, key: String? = nil, field: String? = nil, parameters: [String: String] = [:],
        cause: (any Error & Sendable)? = nil, retryAfter: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.key = key ?? code.rawValue
        self.field = field
        self.parameters = parameters
        self.cause = cause
        self.retryAfter = retryAfter
    }

    /// A rule's refusal, with its key and parameters.
    public init(_ refusal: PolicyRefusal, cause: (any Error & Sendable)? = nil) {
        let code: Code =
            switch refusal.kind {
            case .notFound: .notFound
            case .forbidden: .forbidden
            case .invalidInput: .invalidInput
            default: .conflict
            }
        self.init(code, refusal.message, key: refusal.key, parameters: refusal.parameters, cause: cause)
    }

    /// A refusal to do more now, naming the wait in the message and in `retryAfter`.
    public static func wait(_ code: Code, _ what: String, seconds: Double) -> HemicycleError {
        let whole = max(1, Int(seconds.rounded(.up)))
        let wait = whole < 120 ? "\(whole) s" : whole < 7200 ? "\((whole + 59) / 60) min" : "\((whole + 3599) / 3600) h"
        return HemicycleError(code, "\(what); try again in \(wait)", retryAfter: whole)
    }

    public var description: String { message }
}

extension HemicycleError {
    /// Translates any lower-layer error into the engine's vocabulary (public for the composition
    /// root, which opens the stores the engine is given).
    public static func from(_ error: any Error) -> HemicycleError {
        switch error {
        case let error as HemicycleError:
            return error
        case let error as BillArchiveError:
            let code: Code =
                switch error.code {
                case .notFound: .notFound
                case .conflict: .conflict
                case .invalidFormat: .invalidInput
                case .tooLarge: .limitExceeded
                default: .internal
                }
            return HemicycleError(code, error.description, cause: error)
        case let error as PolicyRefusal:
            return HemicycleError(error)
        case let error as ParticipationError:
            if let refusal = error.refusal { return HemicycleError(refusal, cause: error) }
            let code: Code =
                switch error.code {
                case .duplicate, .conflict: .conflict
                case .notFound: .notFound
                case .forbidden: .forbidden
                default: .internal
                }
            if error.code == .unauthenticated {
                return HemicycleError(.unauthenticated, Engine.unknownSession, cause: error)
            }
            return HemicycleError(code, error.message, cause: error)
        default:
            return HemicycleError(.internal, "internal error", cause: SendableDescription(error))
        }
    }
}

/// An error reduced to its description, so any error can travel as a cause.
struct SendableDescription: Error, CustomStringConvertible, Sendable {
    var description: String
    init(_ error: any Error) { description = String(describing: error) }
}

/// Runs `body`, translating whatever it throws into a `HemicycleError`.
func translatingErrors<T>(_ body: () async throws -> T) async throws(HemicycleError) -> T {
    do {
        return try await body()
    } catch {
        throw HemicycleError.from(error)
    }
}
