import Foundation

/// One change an amendment makes to a bill.
public enum ArticleEdit: Sendable, Equatable {
    /// Rewrites an article's alinéas (its heading is kept).
    case modify(article: ArticleLabel, alineas: [String])
    /// Inserts a new article beside an existing one (`9 bis` after `9`, `1er A` before `1er`).
    case insert(at: Placement, label: ArticleLabel, alineas: [String])
    /// Deletes an article.
    case delete(article: ArticleLabel)

    /// The article the edit is about (the new one for an insertion).
    public var label: ArticleLabel {
        switch self {
        case .modify(let label, _), .delete(let label), .insert(_, let label, _): label
        }
    }
}

/// Where an inserted article goes: right after or right before an existing one.
public enum Placement: Sendable, Equatable {
    case after(ArticleLabel)
    case before(ArticleLabel)

    /// The existing article named.
    public var neighbour: ArticleLabel {
        switch self {
        case .after(let label), .before(let label): label
        }
    }
}

/// A citizen's amendment: a branch off a published version of a bill.
public struct Amendment: Sendable, Equatable {
    /// An amendment's number within its bill, allocated by the engine.
    public struct Number: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
        /// The number, from 1.
        public let value: Int
        /// Wraps a number; nil unless positive.
        public init?(_ value: Int) {
            guard value >= 1 else { return nil }
            self.value = value
        }
        public static func < (lhs: Number, rhs: Number) -> Bool { lhs.value < rhs.value }
        public var description: String { String(value) }

        /// Reads a plain number, as JSON writes it.
        public init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer().decode(Int.self)
            guard let number = Number(value) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "an amendment number is 1 or more"))
            }
            self = number
        }

        /// Writes a plain number.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
    }

    /// Its number in the bill.
    public var number: Number
    /// A short title.
    public var title: String
    /// The exposé sommaire: why.
    public var summary: String
    /// Where it stands.
    public var state: AmendmentState
    /// Who proposed it.
    public var author: Account.ID
    /// The name its commits carry (`citizen-<pseudonym>`); the author's account id for
    /// amendments recorded before pseudonyms.
    public var pseudonym: Pseudonym
    /// The version it amends.
    public var baseVersion: VersionNumber
    /// The commit at the head of its branch.
    public var head: String
    /// When it was proposed.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates an amendment value.
    public init(
        number: Number, title: String, summary: String, state: AmendmentState, author: Account.ID,
        baseVersion: VersionNumber, head: String, createdAt: Date, updatedAt: Date, pseudonym: Pseudonym? = nil
    ) {
        self.pseudonym = pseudonym ?? Pseudonym(rawValue: author.rawValue)
        self.number = number
        self.title = title
        self.summary = summary
        self.state = state
        self.author = author
        self.baseVersion = baseVersion
        self.head = head
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A person's position on an amendment.
public enum VoteValue: String, Sendable, Codable, CaseIterable {
    case `for`, against, abstain
}

/// The public count of positions on one text of an amendment.
public struct Tally: Sendable, Equatable, Codable {
    /// Supports.
    public var `for`: Int
    /// Oppositions.
    public var against: Int
    /// Abstentions.
    public var abstain: Int

    /// Creates a tally.
    public init(for supports: Int = 0, against: Int = 0, abstain: Int = 0) {
        self.for = supports
        self.against = against
        self.abstain = abstain
    }

    /// Net support: supports minus oppositions.
    public var net: Int { self.for - against }

    /// Counts `count` more votes of `value`.
    public mutating func add(_ value: VoteValue, count: Int = 1) {
        switch value {
        case .for: self.for += count
        case .against: against += count
        case .abstain: abstain += count
        }
    }
}

/// Where a comment stands on what it discusses.
public enum Stance: String, Sendable, Codable, CaseIterable {
    case pro, con, neutral
}

/// What a comment is about: an amendment or an article of a bill.
public enum CommentTarget: Sendable, Equatable {
    case amendment(Amendment.Number)
    case article(ArticleLabel)

    /// `amendment` or `article`, as stored.
    public var kind: String {
        switch self {
        case .amendment: "amendment"
        case .article: "article"
        }
    }

    /// The amendment number or article label, as stored.
    public var key: String {
        switch self {
        case .amendment(let number): String(number.value)
        case .article(let label): label.text
        }
    }
}

/// A comment in a thread.
public struct Comment: Sendable, Equatable {
    /// Its identifier.
    public var id: Int64
    /// The comment it replies to, if any.
    public var parent: Int64?
    /// Its author, nil once their account is erased.
    public var author: Account.ID?
    /// Its text; empty once deleted.
    public var body: String
    /// Pro, con or neutral.
    public var stance: Stance
    /// Whether its author deleted it (the thread keeps its place).
    public var deleted: Bool
    /// When it was written.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a comment value.
    public init(
        id: Int64, parent: Int64?, author: Account.ID?, body: String, stance: Stance, deleted: Bool, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.parent = parent
        self.author = author
        self.body = body
        self.stance = stance
        self.deleted = deleted
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
