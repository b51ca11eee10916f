/// A published version of a bill: `v1`, `v2`… each with the stage of the procedure it records.
public struct VersionNumber: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The version's number, from 1.
    public let value: Int

    /// Creates a version number; nil unless positive.
    public init?(_ value: Int) {
        guard value >= 1 else { return nil }
        self.value = value
    }

    /// Parses `v3` (or `3`); nil for anything else.
    public init?(parsing text: String) {
        let digits = text.hasPrefix("v") || text.hasPrefix("V") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            let value = Int(digits)
        else { return nil }
        self.init(value)
    }

    /// The tag name, `v<N>`.
    public var name: String { "v\(value)" }

    /// The version after this one.
    public var next: VersionNumber { VersionNumber(value + 1)! }

    public var description: String { name }

    public static func < (lhs: VersionNumber, rhs: VersionNumber) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let number = VersionNumber(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid version \(text)"))
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// The published facts of one version: which stage it records, when, and its commit.
public struct BillVersion: Sendable, Equatable, Codable {
    /// `v1`, `v2`…
    public var number: VersionNumber
    /// The stage of the procedure (`Texte initial`, `Texte de la commission`).
    public var stage: String
    /// When it was published, seconds since 1970 (UTC).
    public var publishedAt: Int64
    /// The commit holding the text of this version.
    public var commit: String
    /// How many articles the version has.
    public var articleCount: Int

    /// Creates a version record.
    public init(number: VersionNumber, stage: String, publishedAt: Int64, commit: String, articleCount: Int) {
        self.number = number
        self.stage = stage
        self.publishedAt = publishedAt
        self.commit = commit
        self.articleCount = articleCount
    }
}

/// A bill's identifier in URLs, on the command line and as its repository's name: lowercase
/// ASCII letters, digits and hyphens, so it is safe as a path component.
public struct BillSlug: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The slug text.
    public let value: String

    /// The longest slug accepted.
    public static let maximumLength = 64

    /// Validates a slug: 1–64 characters of `a-z`, `0-9` and `-`, starting with a letter or digit.
    public init?(_ value: String) {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= Self.maximumLength, bytes.first != UInt8(ascii: "-"),
            bytes.last != UInt8(ascii: "-"),
            bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 })
        else { return nil }
        self.value = value
    }

    /// Derives a slug from a title or folder name (`République numérique` → `republique-numerique`).
    public static func derived(from text: String) -> BillSlug? {
        var result = ""
        var pendingHyphen = false
        for character in text.lowercased() {
            if let ascii = LegalText.asciiFolded(character), ascii.isLetter || ascii.isNumber {
                if pendingHyphen && !result.isEmpty { result.append("-") }
                result.append(ascii)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
            if result.count >= maximumLength { break }
        }
        return BillSlug(String(result.prefix(maximumLength)).trimmingTrailingHyphens)
    }

    public var description: String { value }

    public static func < (lhs: BillSlug, rhs: BillSlug) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let slug = BillSlug(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid slug \(text)"))
        }
        self = slug
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension String {
    fileprivate var trimmingTrailingHyphens: String {
        var copy = self
        while copy.hasSuffix("-") { copy.removeLast() }
        return copy
    }
}
