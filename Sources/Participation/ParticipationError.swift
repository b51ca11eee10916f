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

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
