/// Why a bill could not be read, imported or stored: says which file and line, what is wrong
/// and how to fix it.
public struct BillArchiveError: Error, CustomStringConvertible, Sendable {
    /// The class of failure, so the engine can map it to not found, conflict or invalid input.
    public struct Code: Hashable, Sendable {
        /// The raw code.
        public let rawValue: String
        /// The bill's files break the format (the author must fix the input).
        public static let invalidFormat = Code(rawValue: "invalid-format")
        /// A file is larger than the configured limit.
        public static let tooLarge = Code(rawValue: "too-large")
        /// No such bill, version or article.
        public static let notFound = Code(rawValue: "not-found")
        /// Something already exists or moved under us (a concurrent publication).
        public static let conflict = Code(rawValue: "conflict")
        /// The repository on disk is not what Hemicycle wrote (a broken invariant).
        public static let corrupt = Code(rawValue: "corrupt")
        /// Reading or writing the disk failed.
        public static let io = Code(rawValue: "io")
    }

    /// What kind of failure.
    public var code: Code
    /// What went wrong and how to fix it.
    public var message: String
    /// The file concerned, relative to the bill folder, when there is one.
    public var file: String?
    /// The 1-based line in `file`, when there is one.
    public var line: Int?
    /// The lower-level error, if any.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, file: String? = nil, line: Int? = nil, cause: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.cause = cause
    }

    /// `file:line: message`, the way compilers point at a problem.
    public var description: String {
        switch (file, line) {
        case (let file?, let line?): "\(file):\(line): \(message)"
        case (let file?, nil): "\(file): \(message)"
        default: message
        }
    }
}
