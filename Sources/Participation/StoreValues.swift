import Foundation
import Legislation

/// The orders in which amendments are listed.
public enum AmendmentOrder: String, Sendable, CaseIterable {
    /// Oldest first: numbers are allocated in the order amendments are proposed.
    case number
    /// Newest first.
    case newest
    /// Most supported (votes `for` on the current text) first, then by number.
    case support
}

/// Where the previous page of a list ended.
public struct AmendmentCursor: Sendable, Equatable {
    /// The last number listed.
    public var number: Int
    /// Its supports, when listing by support.
    public var supports: Int?

    /// Creates a cursor.
    public init(number: Int, supports: Int? = nil) {
        self.number = number
        self.supports = supports
    }
}

/// An amendment as listed: its record, the articles it changes and its current supports.
public struct ListedAmendment: Sendable {
    /// The record.
    public var amendment: Amendment
    /// The labels of the articles its current text changes.
    public var articles: [String]
    /// Votes `for` its current text.
    public var supports: Int

    /// Creates a listed amendment.
    public init(amendment: Amendment, articles: [String], supports: Int) {
        self.amendment = amendment
        self.articles = articles
        self.supports = supports
    }
}

/// What can be reported and moderated.
public enum ModeratedItem: Sendable, Equatable {
    case amendment(Amendment.Number)
    case comment(Int64)

    /// `amendment` or `comment`, as stored.
    public var kind: String {
        switch self {
        case .amendment: "amendment"
        case .comment: "comment"
        }
    }

    /// The amendment's number or the comment's id, as stored.
    public var key: String {
        switch self {
        case .amendment(let number): String(number.value)
        case .comment(let id): String(id)
        }
    }
}

/// One report as staff see it: who made it (their handle, while the account exists), why, and
/// whether it counted toward hiding.
public struct ReportRecord: Sendable, Equatable {
    /// `amendment` or `comment`.
    public var kind: String
    /// The amendment's number or the comment's id.
    public var target: String
    /// The reporter's handle, while their account exists.
    public var reporter: String?
    /// Why they reported it.
    public var reason: String
    /// Whether it counted toward hiding.
    public var counts: Bool
    /// Why it did not count, when it did not.
    public var whyNotCounted: String?
    /// When it was made.
    public var createdAt: Date

    /// Creates a report as staff see it.
    public init(
        kind: String, target: String, reporter: String?, reason: String, counts: Bool, whyNotCounted: String?,
        createdAt: Date
    ) {
        self.kind = kind
        self.target = target
        self.reporter = reporter
        self.reason = reason
        self.counts = counts
        self.whyNotCounted = whyNotCounted
        self.createdAt = createdAt
    }
}

/// Everything held about one person, for them to take away.
public struct PersonalData: Sendable, Equatable {
    /// The account.
    public var account: Account
    /// How many sessions are open, and until when the last one lasts (tokens are never kept).
    public var openSessions: Int
    /// Their amendments, as (bill, number, title).
    public var amendments: [(bill: String, number: Int, title: String)]
    /// Their votes, as (bill, amendment number, value, when).
    public var votes: [(bill: String, number: Int, value: String, castAt: Date)]
    /// Their comments, as (bill, id, body, when).
    public var comments: [(bill: String, id: Int64, body: String, createdAt: Date)]
    /// The audit rows naming one of their pseudonyms, as actor or as target.
    public var auditEntries: [AuditEntry]

    public static func == (lhs: PersonalData, rhs: PersonalData) -> Bool {
        lhs.account == rhs.account && lhs.openSessions == rhs.openSessions && lhs.auditEntries == rhs.auditEntries
            && lhs.amendments.map(\.number) == rhs.amendments.map(\.number)
            && lhs.votes.map(\.number) == rhs.votes.map(\.number)
            && lhs.comments.map(\.id) == rhs.comments.map(\.id)
    }

    /// Creates a person's data.
    public init(
        account: Account, openSessions: Int, amendments: [(bill: String, number: Int, title: String)],
        votes: [(bill: String, number: Int, value: String, castAt: Date)],
        comments: [(bill: String, id: Int64, body: String, createdAt: Date)], auditEntries: [AuditEntry]
    ) {
        self.account = account
        self.openSessions = openSessions
        self.amendments = amendments
        self.votes = votes
        self.comments = comments
        self.auditEntries = auditEntries
    }
}

/// One entry of the audit log as read back.
public struct AuditEntry: Sendable, Equatable {
    /// Its position in the log.
    public var id: Int64
    /// When it happened.
    public var at: Date
    /// Who did it: a pseudonym, `system`, `doctor`, or `citizen` for a vote (whose voter only the
    /// vote's own row knows).
    public var actor: String
    /// What was done (`account.create`, `session.create`…).
    public var action: String
    /// On what.
    public var target: String
    /// Anything else worth keeping, never a password or token.
    public var detail: String

    /// Creates an entry.
    public init(id: Int64, at: Date, actor: String, action: String, target: String, detail: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
    }
}

/// A person's vote as the store keeps it: its value and the text (revision) it was cast on.
public struct StoredVote: Sendable, Equatable {
    /// For, against or abstain.
    public var value: VoteValue
    /// The patch identity of the text it was cast on.
    public var revision: String

    /// Creates a stored vote.
    public init(value: VoteValue, revision: String) {
        self.value = value
        self.revision = revision
    }
}

extension Amendment {
    /// An amendment from its stored fields, as every store keeps them; nil when one no longer
    /// validates (a broken invariant, which the doctor reports).
    public static func stored(
        number: Int, title: String, summary: String, state: String, author: String?, baseVersion: String,
        head: String, createdAt: Date, updatedAt: Date, pseudonym: String?
    ) -> Amendment? {
        guard let number = Amendment.Number(number), let state = AmendmentState(rawValue: state),
            let base = VersionNumber(parsing: baseVersion)
        else { return nil }
        return Amendment(
            number: number, title: title, summary: summary, state: state, author: Account.ID(rawValue: author ?? ""),
            baseVersion: base, head: head, createdAt: createdAt, updatedAt: updatedAt,
            pseudonym: pseudonym.map(Pseudonym.init(rawValue:)))
    }
}

extension ParticipationWindow {
    /// The dates of a window as its audit row records them; empty when it has none.
    public var auditDetail: String {
        [opensAt.map { "opens \(Self.format($0))" }, closesAt.map { "closes \(Self.format($0))" }]
            .compactMap { $0 }.joined(separator: ", ")
    }
}

/// An amendment's dispositif as worded for one head of its branch.
public struct StoredDispositif: Sendable, Equatable {
    public var number: Amendment.Number
    /// The commit it was worded from.
    public var head: String
    public var dispositif: Dispositif

    public init(number: Amendment.Number, head: String, dispositif: Dispositif) {
        self.number = number
        self.head = head
        self.dispositif = dispositif
    }

    /// The dispositif as stored: its JSON.
    public static func encoded(_ dispositif: Dispositif) throws -> String {
        String(decoding: try JSONEncoder().encode(dispositif), as: UTF8.self)
    }

    /// A stored dispositif read back; nil for one that no longer reads (it is worded again).
    public static func decoded(_ text: String) -> Dispositif? {
        try? JSONDecoder().decode(Dispositif.self, from: Data(text.utf8))
    }
}

/// An amendment's record as carried onto a new version: its new head, patch identity, articles
/// and dispositif.
public struct CarriedAmendment: Sendable, Equatable {
    public var number: Amendment.Number
    public var from: String
    public var to: String
    public var revision: String
    public var articles: [String]
    public var dispositif: Dispositif?

    public init(
        number: Amendment.Number, from: String, to: String, revision: String, articles: [String],
        dispositif: Dispositif?
    ) {
        self.number = number
        self.from = from
        self.to = to
        self.revision = revision
        self.articles = articles
        self.dispositif = dispositif
    }
}

/// An open amendment an adoption left without a text to apply to, at its head, and why.
public struct ConflictedAmendment: Sendable, Equatable {
    public var number: Amendment.Number
    public var head: String
    public var conflict: AmendmentConflict

    public init(number: Amendment.Number, head: String, conflict: AmendmentConflict) {
        self.number = number
        self.head = head
        self.conflict = conflict
    }
}

/// A reported item as the moderation inbox shows it: its reports, and staff's last decision.
public struct InboxItem: Sendable, Equatable {
    /// The bill the item belongs to.
    public var bill: String
    /// `amendment` or `comment`.
    public var kind: String
    /// The amendment's number or the comment's id.
    public var target: String
    /// How many people reported it.
    public var reports: Int
    /// When it was last reported.
    public var lastReportedAt: Date
    /// The latest reasons given, newest first (at most ten).
    public var reasons: [String]
    /// Whether it is hidden now.
    public var hidden: Bool
    /// Who decided last: a staff pseudonym, `system` for a hiding by reports, nil for nobody.
    public var decidedBy: String?
    /// When that decision was made.
    public var decidedAt: Date?
    /// The reason given with that decision.
    public var decisionReason: String?
    /// The start of the item's text: a comment's body, an amendment's title.
    public var excerpt: String?
    /// Where a comment stands: `amendment` or `article`, and which one.
    public var place: (kind: String, target: String)?

    public static func == (lhs: InboxItem, rhs: InboxItem) -> Bool {
        lhs.bill == rhs.bill && lhs.kind == rhs.kind && lhs.target == rhs.target && lhs.reports == rhs.reports
            && lhs.lastReportedAt == rhs.lastReportedAt && lhs.reasons == rhs.reasons && lhs.hidden == rhs.hidden
            && lhs.decidedBy == rhs.decidedBy && lhs.decidedAt == rhs.decidedAt
            && lhs.decisionReason == rhs.decisionReason && lhs.excerpt == rhs.excerpt
            && lhs.place?.kind == rhs.place?.kind && lhs.place?.target == rhs.place?.target
    }

    /// Creates an inbox entry.
    public init(
        bill: String, kind: String, target: String, reports: Int, lastReportedAt: Date, reasons: [String],
        hidden: Bool, decidedBy: String?, decidedAt: Date?, decisionReason: String?
    ) {
        self.bill = bill
        self.kind = kind
        self.target = target
        self.reports = reports
        self.lastReportedAt = lastReportedAt
        self.reasons = reasons
        self.hidden = hidden
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.decisionReason = decisionReason
    }

    /// Pending: reported since staff last decided on it (a hiding by reports awaits staff too).
    public var pending: Bool {
        guard let decidedAt, let decidedBy, decidedBy != "system" else { return true }
        return decidedAt < lastReportedAt
    }
}
