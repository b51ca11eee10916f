import Foundation
import Legislation
import Synchronization

/// An amendment in the rapporteur's queue: the promotion of its text (stamped with the tallies
/// and the rule in force when the rule promoted it), and the rapporteur's opinion and decision.
/// What a view of an amendment shows beside its record (see `ParticipationStore.amendmentFacts`).
public struct AmendmentFacts: Sendable, Equatable {
    /// The author's handle; nil once their account is erased.
    public var authorHandle: String?
    /// The votes on each revision (patch identity) it has had.
    public var tallies: [String: Tally]
    /// The revision votes are cast on now.
    public var currentRevision: String
    /// Whether moderation hides it.
    public var hidden: Bool
    /// Its latest queue entry, with the rapporteur's review.
    public var queueEntry: QueueEntry?

    /// Creates the facts.
    public init(
        authorHandle: String?, tallies: [String: Tally], currentRevision: String, hidden: Bool,
        queueEntry: QueueEntry?
    ) {
        self.authorHandle = authorHandle
        self.tallies = tallies
        self.currentRevision = currentRevision
        self.hidden = hidden
        self.queueEntry = queueEntry
    }
}

public struct QueueEntry: Sendable, Equatable {
    /// The amendment.
    public var number: Amendment.Number
    /// The text (patch identity) the rule promoted: one entry per text, the latest one kept here.
    public var revision: String
    /// When the rule promoted it.
    public var promotedAt: Date
    /// The tally of that text at promotion.
    public var tally: Tally
    /// The bill's participants at promotion.
    public var participants: Int
    /// The rule in force, as its JSON.
    public var rule: String
    /// The rule's decision, criterion by criterion, as its JSON (a `PromotionDecision`).
    public var stamp: String
    /// The rapporteur's opinion, its comment, and when it was given.
    public var opinion: Opinion?
    public var opinionComment: String
    public var opinionAt: Date?
    /// The decision, and when it was recorded.
    public var decision: Decision?
    public var decisionAt: Date?

    /// Creates an entry.
    public init(
        number: Amendment.Number, revision: String, promotedAt: Date, tally: Tally, participants: Int, rule: String,
        stamp: String, opinion: Opinion? = nil, opinionComment: String = "", opinionAt: Date? = nil,
        decision: Decision? = nil, decisionAt: Date? = nil
    ) {
        self.number = number
        self.revision = revision
        self.promotedAt = promotedAt
        self.tally = tally
        self.participants = participants
        self.rule = rule
        self.stamp = stamp
        self.opinion = opinion
        self.opinionComment = opinionComment
        self.opinionAt = opinionAt
        self.decision = decision
        self.decisionAt = decisionAt
    }
}

/// What the rule is applied to across a bill: every open amendment that is not hidden (their
/// current texts' tallies, articles and dates), and the bill's participants.
public struct PromotionInputs: Sendable, Equatable {
    /// The candidates, by number.
    public var candidates: [PromotionCandidate<Amendment.Number>]
    /// Distinct people with a vote on the bill.
    public var participants: Int

    /// Creates the inputs.
    public init(candidates: [PromotionCandidate<Amendment.Number>], participants: Int) {
        self.candidates = candidates
        self.participants = participants
    }
}

extension PromotionRule {
    /// A stored rule's JSON read back; nil when there is none or it no longer reads (a rule is
    /// checked when it is set, so a store never refuses a vote over it).
    public static func stored(_ json: String?) -> PromotionRule? {
        guard let json else { return nil }
        return try? JSONDecoder().decode(PromotionRule.self, from: Data(json.utf8))
    }

    /// Rules read back, by their JSON: a vote reads its bill's rule as text and decodes it once
    /// per distinct rule, not once per vote.
    private static let decoded = Mutex<[String: PromotionRule]>([:])

    /// `stored(json)`, decoded once per distinct JSON.
    public static func cached(_ json: String?) -> PromotionRule? {
        guard let json else { return nil }
        if let known = decoded.withLock({ $0[json] }) { return known }
        let rule = stored(json)
        decoded.withLock { cache in
            if cache.count >= 64 { cache.removeAll() }
            cache[json] = rule
        }
        return rule
    }
}

extension PromotionDecision {
    /// The decision as a queue entry stamps it.
    public var stampJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
