import Foundation
import Legislation
import Participation

/// A report as a client sends it: `{"bill": "…", "kind": "amendment" | "comment", "target": "12", "reason": "…"}`.
public struct ReportInput: Codable, Sendable, Equatable {
    public var bill: String
    public var kind: String
    public var target: String
    public var reason: String?

    /// Creates an input.
    public init(bill: String, kind: String, target: String, reason: String? = nil) {
        self.bill = bill
        self.kind = kind
        self.target = target
        self.reason = reason
    }
}

/// The outcome of a report: whether the item is now hidden.
public struct ReportView: Codable, Sendable, Equatable {
    public var hidden: Bool
}

/// A bill's reports as staff see them.
public struct ReportList: Codable, Sendable, Equatable {
    /// One report.
    public struct Item: Codable, Sendable, Equatable {
        public var kind: String
        public var target: String
        public var reporter: String
        public var reason: String
        /// Whether it counted toward hiding the item.
        public var counts: Bool
        /// Why not, when it did not.
        public var whyNotCounted: String?
        public var createdAt: Date
    }

    public var items: [Item]
}

extension Engine {
    /// Any signed-in person reports an amendment or comment, once. At the bill's threshold of
    /// reports that count (three by default; not from new accounts, nor from accounts that never
    /// took part, nor on one's own item) it is hidden pending staff review.
    public func report(_ input: ReportInput, by identity: Identity) async throws(HemicycleError) -> ReportView {
        try await translatingErrors {
            let slug = try Parse.slug(input.bill)
            let item = try Parse.moderatedItem(kind: input.kind, target: input.target)
            let reason = try Self.checkedText(
                (input.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines), field: "the reason",
                limit: Self.reasonLimit, multiline: true)
            let hidden = try await participation.report(
                item, bill: slug, reason: reason, by: identity.account.id, at: now(),
                rule: configuration.limits.moderation)
            if hidden { try await placeBranch(of: item, in: slug, hidden: true) }
            return ReportView(hidden: hidden)
        }
    }

    /// Every report on a bill, counted or not, with why not: what staff review.
    public func reports(on slug: BillSlug, by identity: Identity) async throws(HemicycleError) -> ReportList {
        try await translatingErrors {
            guard identity.account.role >= .staff else { throw HemicycleError(.forbidden, "only staff read reports") }
            return ReportList(
                items: try await participation.reports(bill: slug, limit: 1000).map {
                    ReportList.Item(
                        kind: $0.kind, target: $0.target, reporter: $0.reporter ?? "deleted account",
                        reason: $0.reason, counts: $0.counts, whyNotCounted: $0.whyNotCounted, createdAt: $0.createdAt)
                })
        }
    }

    /// Staff set how many counting reports hide an item on a bill.
    public func setReportsToHide(_ count: Int, on slug: BillSlug, by identity: Identity) async throws(HemicycleError) {
        try await translatingErrors {
            guard identity.account.role >= .staff else { throw HemicycleError(.forbidden, "only staff moderate") }
            guard ModerationRule.thresholds.contains(count) else {
                throw HemicycleError(
                    .invalidInput,
                    "reportsToHide is a whole number from \(ModerationRule.thresholds.lowerBound) to \(ModerationRule.thresholds.upperBound)"
                )
            }
            try await participation.setReportsToHide(count, bill: slug, by: identity.account.id, at: now())
        }
    }

    /// A report's or a decision's reason.
    static let reasonLimit = TextLimit(scalars: 1000)

    /// Staff hide or restore an amendment or comment, giving a reason.
    public func moderate(
        _ item: ModeratedItem, on slug: BillSlug, hidden: Bool, reason: String, by identity: Identity
    ) async throws(HemicycleError) {
        try await translatingErrors {
            guard identity.account.role >= .staff else { throw HemicycleError(.forbidden, "only staff moderate") }
            let reason = try Self.checkedText(
                reason.trimmingCharacters(in: .whitespacesAndNewlines), field: "the reason", limit: Self.reasonLimit,
                multiline: true)
            guard !reason.isEmpty else {
                throw HemicycleError(.invalidInput, "give a reason of 1 to 1,000 characters for the decision")
            }
            try await participation.moderate(
                item, bill: slug, hidden: hidden, reason: reason, by: identity.account.id,
                at: now())
            try await placeBranch(of: item, in: slug, hidden: hidden)
        }
    }

    /// A hidden amendment's branch leaves the namespace git over HTTP serves, and a restored one
    /// comes back, after the record (the doctor finishes a move cut short between the two).
    func placeBranch(of item: ModeratedItem, in slug: BillSlug, hidden: Bool) async throws {
        guard case .amendment(let number) = item else { return }
        try await shelf.repository(slug).moveAmendmentBranch(number, hidden: hidden)
    }
}

/// The moderation inbox: reported items of every bill, with their reasons and staff's last word.
public struct ModerationInboxView: Codable, Sendable, Equatable {
    /// A reported amendment or comment.
    public struct Entry: Codable, Sendable, Equatable {
        public var bill: String
        /// `amendment` or `comment`.
        public var kind: String
        /// The amendment's number or the comment's id.
        public var target: String
        /// How many people reported it.
        public var reports: Int
        public var lastReportedAt: Date
        /// The latest reasons, newest first.
        public var reasons: [String]
        /// Whether it is hidden now.
        public var hidden: Bool
        /// Reported since staff last decided on it.
        public var pending: Bool
        /// `staff`, `system` (hidden by reports) or nil (nobody yet).
        public var decidedBy: String?
        public var decidedAt: Date?
        public var decisionReason: String?
        /// The start of the comment, or the amendment's title.
        public var excerpt: String?
        /// For a comment: `amendment` or `article`, and which.
        public var onKind: String?
        public var on: String?
    }

    public var state: String
    public var items: [Entry]
}

extension Engine {
    /// Staff read the reported items of every bill: `pendingOnly`, those reported since staff last
    /// decided on them (hidden by reports included), newest report first.
    public func moderationInbox(pendingOnly: Bool, by identity: Identity, limit: Int = 200)
        async throws(HemicycleError) -> ModerationInboxView
    {
        try await translatingErrors {
            guard identity.account.role >= .staff else { throw HemicycleError(.forbidden, "only staff read reports") }
            let items = try await participation.moderationInbox(pendingOnly: pendingOnly, limit: limit)
            return ModerationInboxView(
                state: pendingOnly ? "pending" : "all",
                items: items.map {
                    ModerationInboxView.Entry(
                        bill: $0.bill, kind: $0.kind, target: $0.target, reports: $0.reports,
                        lastReportedAt: $0.lastReportedAt, reasons: $0.reasons, hidden: $0.hidden, pending: $0.pending,
                        decidedBy: $0.decidedBy.map { $0 == "system" ? "system" : "staff" }, decidedAt: $0.decidedAt,
                        decisionReason: $0.decisionReason, excerpt: $0.excerpt, onKind: $0.place?.kind,
                        on: $0.place?.target)
                })
        }
    }
}
