/// What a rule answers when it says no: a stable key the pages translate by, the parameters the
/// sentence needs, and the English sentence itself, which names no HTTP or command-line syntax.
/// Each rule has its refusals here, so a refusal reads the same wherever it is met.
public struct PolicyRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of refusal, for the layers that map it to a status.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The kind as it is named in errors.
        public let rawValue: String
        /// A kind by its name.
        public init(_ rawValue: String) { self.rawValue = rawValue }

        /// The thing exists but its state forbids the action now.
        public static let conflict = Kind("conflict")
        /// The thing acted on does not exist.
        public static let notFound = Kind("not-found")
        /// The person may not do this.
        public static let forbidden = Kind("forbidden")
        /// The request itself breaks the rule (dates in the wrong order).
        public static let invalidInput = Kind("invalid-input")

        public var description: String { rawValue }
    }

    /// The class of refusal.
    public let kind: Kind
    /// A stable key, `participation.closed`: the same refusal always has the same key.
    public let key: String
    /// The values the sentence names, by name (`bill`, `number`, `state`, `date`).
    public let parameters: [String: String]
    /// The sentence in English: what was refused and why.
    public let message: String

    /// Creates a refusal.
    public init(_ kind: Kind, key: String, parameters: [String: String] = [:], message: String) {
        self.kind = kind
        self.key = key
        self.parameters = parameters
        self.message = message
    }

    public var description: String { message }
}
