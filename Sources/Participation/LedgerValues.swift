import Foundation
import Legislation

/// What a bill's public participation ledger is written from, read in one transaction so that
/// its votes, tallies and queue agree: the amendments as the rule sees them, every vote on their
/// texts with the voter's account (from which the engine makes unlinkable receipts; the store
/// hands out no other), the votes of erased people as counts, the queue and the rule.
/// Hidden amendments' texts and votes are left out.
public struct LedgerSnapshot: Sendable {
    /// The bill's amendments that are not hidden, by number.
    public var amendments: [LedgerAmendment]
    /// The votes on each text of those amendments, by number then revision.
    public var texts: [LedgerText]
    /// Every promotion (one per text promoted), oldest first; a hidden amendment's too, since a
    /// promotion once published stays in the ledger (it shows no text).
    public var promotions: [QueueEntry]
    /// Distinct people with a vote on the bill.
    public var participants: Int
    /// The rule in force, as its JSON; nil when the bill has none.
    public var rule: String?
    /// The audit log's last row when the snapshot was read: its id and its chained hash.
    public var auditHead: (id: Int64, hash: String)

    /// Creates a snapshot.
    public init(
        amendments: [LedgerAmendment], texts: [LedgerText], promotions: [QueueEntry], participants: Int,
        rule: String?, auditHead: (id: Int64, hash: String)
    ) {
        self.amendments = amendments
        self.texts = texts
        self.promotions = promotions
        self.participants = participants
        self.rule = rule
        self.auditHead = auditHead
    }
}

/// An amendment as the ledger shows it: what the rule reads of it.
public struct LedgerAmendment: Sendable, Equatable {
    /// Its number.
    public var number: Amendment.Number
    /// The patch identity of its current text.
    public var revision: String
    /// Where it stands.
    public var state: AmendmentState
    /// The articles its current text changes.
    public var articles: [String]
    /// When its current text was proposed (what the rule's minimum age counts from).
    public var proposedAt: Date

    /// Creates the row.
    public init(
        number: Amendment.Number, revision: String, state: AmendmentState, articles: [String], proposedAt: Date
    ) {
        self.number = number
        self.revision = revision
        self.state = state
        self.articles = articles
        self.proposedAt = proposedAt
    }
}

/// The votes on one text of an amendment.
public struct LedgerText: Sendable, Equatable {
    /// The amendment.
    public var number: Amendment.Number
    /// The text's patch identity.
    public var revision: String
    /// Each vote of a living account: who cast it (for its receipt, never published) and what.
    public var votes: [(account: Account.ID, value: VoteValue)]
    /// The votes of erased people, which count and belong to nobody.
    public var erased: Tally

    /// Creates the row.
    public init(
        number: Amendment.Number, revision: String, votes: [(account: Account.ID, value: VoteValue)], erased: Tally
    ) {
        self.number = number
        self.revision = revision
        self.votes = votes
        self.erased = erased
    }

    public static func == (left: LedgerText, right: LedgerText) -> Bool {
        left.number == right.number && left.revision == right.revision && left.erased == right.erased
            && left.votes.elementsEqual(right.votes) { $0.account == $1.account && $0.value == $1.value }
    }
}

/// Votes gathered text by text, in whatever order a store reads them (a million are read in
/// table order, not sorted by the database), then handed out by number and revision.
public struct LedgerTextGrouping {
    private struct Key: Hashable {
        var number: Int
        var revision: String
    }

    private var texts: [LedgerText] = []
    private var positions: [Key: Int] = [:]

    public init() {}

    /// A living account's vote on a text.
    public mutating func add(_ value: VoteValue, by account: Account.ID, on number: Amendment.Number, revision: String)
    {
        texts[position(number, revision)].votes.append((account, value))
    }

    /// `count` votes of erased people on a text.
    public mutating func addErased(_ value: VoteValue, count: Int, on number: Amendment.Number, revision: String) {
        texts[position(number, revision)].erased.add(value, count: count)
    }

    /// The texts, by number then revision.
    public var sorted: [LedgerText] {
        texts.sorted { ($0.number.value, $0.revision) < ($1.number.value, $1.revision) }
    }

    private mutating func position(_ number: Amendment.Number, _ revision: String) -> Int {
        let key = Key(number: number.value, revision: revision)
        if let known = positions[key] { return known }
        texts.append(LedgerText(number: number, revision: revision, votes: [], erased: Tally()))
        positions[key] = texts.count - 1
        return texts.count - 1
    }
}
