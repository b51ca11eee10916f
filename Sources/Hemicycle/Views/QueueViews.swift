import Foundation
import Legislation

/// Where an amendment stands against its bill's promotion rule: promoted (queued) or not, and
/// why, criterion by criterion (`142 supports ≥ 100 ✓ · rank 4 on article 9 > top 3 ✗`). For
/// a queued text, the decision stamped when the rule promoted it; otherwise the rule in force
/// on the current tallies.
public struct PromotionView: Codable, Sendable, Equatable {
    /// Whether the amendment is in the rapporteur's queue.
    public var promoted: Bool
    /// Each criterion: its value, threshold, whether it holds, and the sentence.
    public var criteria: [CriterionResult]
    /// The sentences on one line.
    public var explanation: String
    /// When the rule promoted it, if it did.
    public var promotedAt: Date?
}

/// The rapporteur's opinion and decision on a queued amendment, which everyone sees.
public struct ReviewView: Codable, Sendable, Equatable {
    /// `favorable`, `défavorable`, `sagesse` or `demande de retrait`, once given.
    public var opinion: String?
    /// The rapporteur's comment on it.
    public var comment: String?
    public var opinionAt: Date?
    /// `adopted`, `rejected` or `withdrawn`, once decided.
    public var decision: String?
    public var decisionAt: Date?
}

/// The rapporteur's queue of a bill: the queued amendments grouped by article, in the bill's
/// article order, then by support.
public struct QueueView: Codable, Sendable, Equatable {
    /// The bill.
    public var bill: String
    /// The rule in force, if any.
    public var rule: PromotionRule?
    /// The handles of the bill's rapporteurs.
    public var rapporteurs: [String]
    /// How many amendments are queued.
    public var count: Int
    /// One group per article touched, in the bill's order (inserted articles where they go).
    public var articles: [QueueArticleView]
}

/// The queued amendments on one article.
public struct QueueArticleView: Codable, Sendable, Equatable {
    /// The article's label.
    public var article: String
    /// Its amendments, most supported first.
    public var amendments: [QueuedAmendmentView]
}

/// One queued amendment in its article's group.
public struct QueuedAmendmentView: Codable, Sendable, Equatable {
    public var number: Amendment.Number
    public var title: String
    /// The author's handle, or "deleted account".
    public var author: String
    /// Its state (`promoted`, `rejected`, `withdrawn`…).
    public var state: String
    /// Votes on its current text now.
    public var tally: Tally
    /// Every article it changes.
    public var articles: [String]
    /// The alinéas of this article (numbered in the text it amends) it changes; an inserted
    /// alinéa counts as touching the one it follows (0 at the top).
    public var alineas: [Int]
    /// The amendments of the same group that touch one of the same alinéas: competing with it.
    public var competing: [Int]
    /// The promotion, stamped.
    public var promotion: PromotionView
    /// The opinion and decision.
    public var review: ReviewView
}

/// A bill's rapporteurs.
public struct RapporteursView: Codable, Sendable, Equatable {
    public var bill: String
    public var rapporteurs: [String]
}
