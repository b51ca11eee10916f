import CLibGit2

/// A failure reported by libgit2, carrying its class of error as a code so callers can react to
/// "not found" or "modified" without parsing messages.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// The libgit2 error code, kept as a struct so new codes can be named without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The raw `git_error_code` value.
        public let rawValue: Int32

        /// Creates a code from libgit2's raw value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// A generic failure.
        public static let generic = Code(rawValue: GIT_ERROR.rawValue)
        /// The object, reference or path does not exist.
        public static let notFound = Code(rawValue: GIT_ENOTFOUND.rawValue)
        /// The reference or repository already exists.
        public static let exists = Code(rawValue: GIT_EEXISTS.rawValue)
        /// More than one object matches an abbreviated id.
        public static let ambiguous = Code(rawValue: GIT_EAMBIGUOUS.rawValue)
        /// A reference changed under us: the compare-and-swap lost.
        public static let modified = Code(rawValue: GIT_EMODIFIED.rawValue)
        /// A name or spec is not valid.
        public static let invalidSpec = Code(rawValue: GIT_EINVALIDSPEC.rawValue)
        /// A lock file is held by another writer.
        public static let locked = Code(rawValue: GIT_ELOCKED.rawValue)
        /// The branch has no commit yet.
        public static let unbornBranch = Code(rawValue: GIT_EUNBORNBRANCH.rawValue)
        /// A checksum or object did not verify.
        public static let mismatch = Code(rawValue: GIT_EMISMATCH.rawValue)
        /// An argument was rejected by GitKit before reaching libgit2.
        public static let invalidArgument = Code(rawValue: -1000)

        public var description: String {
            switch self {
            case .notFound: "not found"
            case .exists: "exists"
            case .modified: "modified"
            case .locked: "locked"
            case .invalidSpec: "invalid spec"
            case .unbornBranch: "unborn branch"
            case .mismatch: "mismatch"
            case .ambiguous: "ambiguous"
            case .invalidArgument: "invalid argument"
            default: "error \(rawValue)"
            }
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What libgit2 said, prefixed with what we were doing.
    public var message: String

    /// Creates an error; GitKit itself raises most of them through `check`.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "git: \(message) (\(code))" }
}

/// Turns a libgit2 return value into a thrown `GitError`, reading the thread-local last error at
/// once, before anything else can run on this thread.
@inline(__always)
@discardableResult
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws -> Int32 {
    guard result < 0 else { return result }
    var detail = ""
    if let last = git_error_last(), let message = last.pointee.message {
        detail = String(cString: message)
    }
    git_error_clear()
    let what = operation()
    throw GitError(
        code: GitError.Code(rawValue: result),
        message: detail.isEmpty ? what : "\(what): \(detail)"
    )
}
