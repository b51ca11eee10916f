import Legislation

/// One epoch of a bill's public participation ledger: the votes as they stood, as unlinkable
/// receipts with their values, what the rule read of each amendment, the rule in force, and
/// every promotion and decision so far (each marked with the epoch that first published it).
/// Written as plain text files on the `participation` branch (`LedgerFiles`), one commit per
/// epoch, and read back from any clone to recount it.
public struct LedgerEpoch: Sendable, Equatable {
    /// Its number: 1 for the first epoch, then one more each time.
    public var number: Int
    /// When it was taken, seconds since 1970: the time the rule is evaluated at.
    public var at: Int64
    /// Whether participation was open when it was taken (votes move, a continuous rule applies).
    public var open: Bool
    /// Whether it was taken when participation closed.
    public var closing: Bool
    /// The rule in force, as its JSON; nil when the bill has none.
    public var rule: String?
    /// Distinct people with a vote on the bill (which receipts, unlinkable across amendments,
    /// cannot count: published as a figure).
    public var participants: Int
    /// The audit log's last row when the epoch was read: its id and chained hash.
    public var auditID: Int64
    public var auditHash: String
    /// The amendments, as the rule reads them.
    public var amendments: [Amendment]
    /// The votes on each text.
    public var texts: [Text]
    /// Each text's tallies as the server counted them (`totals.tsv`).
    public var totals: [Total]
    /// Every promotion so far, oldest first.
    public var promotions: [Promotion]
    /// Every decision so far, oldest first.
    public var decisions: [DecisionRow]

    /// An amendment as the rule reads it.
    public struct Amendment: Sendable, Equatable {
        public var number: Int
        /// The patch identity of its current text.
        public var revision: String
        /// `proposed`, `promoted`, `withdrawn`, `adopted`, `rejected` or `conflicted`.
        public var state: String
        /// When its current text was proposed, seconds since 1970.
        public var proposedAt: Int64
        /// The articles it changes.
        public var articles: [String]

        public init(number: Int, revision: String, state: String, proposedAt: Int64, articles: [String]) {
            self.number = number
            self.revision = revision
            self.state = state
            self.proposedAt = proposedAt
            self.articles = articles
        }
    }

    /// The votes on one text: a receipt per living voter (nil for an erased person's vote).
    public struct Text: Sendable, Equatable {
        public var number: Int
        public var revision: String
        public var votes: [Vote]

        public init(number: Int, revision: String, votes: [Vote]) {
            self.number = number
            self.revision = revision
            self.votes = votes
        }
    }

    /// One vote: its receipt (nil when its voter was erased) and its value.
    public struct Vote: Sendable, Equatable {
        public var receipt: String?
        public var value: VoteValue

        public init(receipt: String?, value: VoteValue) {
            self.receipt = receipt
            self.value = value
        }
    }

    /// A text's tallies.
    public struct Total: Sendable, Equatable {
        public var number: Int
        public var revision: String
        public var tally: Tally

        public init(number: Int, revision: String, tally: Tally) {
            self.number = number
            self.revision = revision
            self.tally = tally
        }
    }

    /// A promotion: the facts the rule was applied to when it promoted the text.
    public struct Promotion: Sendable, Equatable {
        /// The epoch that first published it.
        public var epoch: Int
        public var number: Int
        public var revision: String
        /// When the rule promoted it, seconds since 1970.
        public var at: Int64
        public var tally: Tally
        public var participants: Int
        /// Its worst rank over the articles it changes (1 when the rule does not rank).
        public var rank: Int
        /// Whole hours since its text was proposed.
        public var ageHours: Int64
        /// The rule applied, as its JSON.
        public var rule: String

        public init(
            epoch: Int, number: Int, revision: String, at: Int64, tally: Tally, participants: Int, rank: Int,
            ageHours: Int64, rule: String
        ) {
            self.epoch = epoch
            self.number = number
            self.revision = revision
            self.at = at
            self.tally = tally
            self.participants = participants
            self.rank = rank
            self.ageHours = ageHours
            self.rule = rule
        }
    }

    /// A rapporteur's decision on a promoted amendment.
    public struct DecisionRow: Sendable, Equatable {
        /// The epoch that first published it.
        public var epoch: Int
        public var number: Int
        public var revision: String
        /// `adopted`, `rejected` or `withdrawn`.
        public var decision: String
        /// When it was recorded, seconds since 1970.
        public var at: Int64

        public init(epoch: Int, number: Int, revision: String, decision: String, at: Int64) {
            self.epoch = epoch
            self.number = number
            self.revision = revision
            self.decision = decision
            self.at = at
        }
    }

    /// Creates an epoch; `totals` nil counts them from `texts` (what the server writes).
    public init(
        number: Int, at: Int64, open: Bool, closing: Bool, rule: String?, participants: Int, auditID: Int64,
        auditHash: String,
        amendments: [Amendment], texts: [Text], totals: [Total]? = nil, promotions: [Promotion],
        decisions: [DecisionRow]
    ) {
        self.number = number
        self.at = at
        self.open = open
        self.closing = closing
        self.rule = rule
        self.participants = participants
        self.auditID = auditID
        self.auditHash = auditHash
        self.amendments = amendments
        self.texts = texts
        self.totals = totals ?? texts.map { Total(number: $0.number, revision: $0.revision, tally: $0.tally) }
        self.promotions = promotions
        self.decisions = decisions
    }
}

extension LedgerEpoch.Text {
    /// The tally its votes make.
    public var tally: Tally {
        var tally = Tally()
        for vote in votes { tally.add(vote.value) }
        return tally
    }
}

/// An epoch as read back from a repository: its commit, and the epoch its message says came
/// before it.
public struct RecordedEpoch: Sendable {
    /// The epoch's content.
    public var epoch: LedgerEpoch
    /// Its commit.
    public var commit: String
    /// Its commit's first parent (the epoch before it on the branch), if any.
    public var parent: String?
    /// What its message names as the previous epoch (`Previous-Epoch:`), if anything.
    public var previous: String?
    /// The totals its message carries, by name (`Votes`, `Supports`…).
    public var messageTotals: [String: Int]
}
