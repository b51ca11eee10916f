import Legislation

/// Why a participation record could not be read or written.
public struct ParticipationError: Error, CustomStringConvertible, Sendable {
    /// The class of failure.
    public struct Code: Hashable, Sendable {
        /// The raw code.
        public let rawValue: String
        /// A code by its raw value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A uniqueness constraint refused the row (a handle already taken).
        public static let duplicate = Code(rawValue: "duplicate")
        /// No such record.
        public static let notFound = Code(rawValue: "not-found")
        /// The record changed meanwhile (a stale revision).
        public static let conflict = Code(rawValue: "conflict")
        /// No live session has the token presented: unknown, expired or ended.
        public static let unauthenticated = Code(rawValue: "unauthenticated")
        /// Only someone else may do this (the author of a comment).
        public static let forbidden = Code(rawValue: "forbidden")
        /// The database failed or is damaged.
        public static let storage = Code(rawValue: "storage")
    }

    /// What kind of failure.
    public var code: Code
    /// What went wrong.
    public var message: String
    /// The policy's refusal, when a rule of `Legislation` refused the write (its key and
    /// parameters travel up to the pages).
    public var refusal: PolicyRefusal?

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A rule's refusal, raised by the store that ran the rule in its transaction.
    public init(_ refusal: PolicyRefusal) {
        let code: Code =
            switch refusal.kind {
            case .notFound: .notFound
            case .forbidden: .forbidden
            default: .conflict
            }
        self.init(code, refusal.message)
        self.refusal = refusal
    }

    public var description: String { message }
}
