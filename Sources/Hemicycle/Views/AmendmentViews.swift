import Foundation
import Legislation
import WordDiff

/// A change as a client sends it: `{"kind": "modify", "article": "9", "text": "…"}`,
/// `{"kind": "insert", "after": "9", "label": "9 bis", "text": "…"}` (or `"before": "1er"`),
/// `{"kind": "delete", "article": "12"}`.
/// The text holds the whole article, alinéas separated by blank lines.
public struct ChangeInput: Codable, Sendable, Equatable {
    /// `modify`, `insert` or `delete`.
    public var kind: String
    /// The article modified or deleted.
    public var article: String?
    /// The article after which one is inserted.
    public var after: String?
    /// The article before which one is inserted (instead of `after`).
    public var before: String?
    /// The label of the inserted article.
    public var label: String?
    /// The new text.
    public var text: String?

    /// Creates a change.
    public init(
        kind: String, article: String? = nil, after: String? = nil, before: String? = nil, label: String? = nil,
        text: String? = nil
    ) {
        self.kind = kind
        self.article = article
        self.after = after
        self.before = before
        self.label = label
        self.text = text
    }
}

/// A proposal or revision as a client sends it.
public struct AmendmentInput: Codable, Sendable, Equatable {
    /// The version amended, e.g. `v2` (ignored on revision: an amendment keeps its base).
    public var baseVersion: String?
    /// A one-line title.
    public var title: String
    /// The exposé sommaire.
    public var summary: String
    /// The changes.
    public var changes: [ChangeInput]

    /// Creates an input.
    public init(baseVersion: String?, title: String, summary: String, changes: [ChangeInput]) {
        self.baseVersion = baseVersion
        self.title = title
        self.summary = summary
        self.changes = changes
    }
}

/// An amendment as shown to anyone.
public struct AmendmentView: Codable, Sendable, Equatable {
    /// Its number in the bill.
    public var number: Amendment.Number
    /// Its title.
    public var title: String
    /// Its exposé sommaire.
    public var summary: String
    /// Where it stands: one of `AmendmentState`'s cases (`proposed`, `withdrawn`, …).
    public var state: String
    /// The author's handle, or "deleted account".
    public var author: String
    /// The version it amends.
    public var baseVersion: String
    /// The commit of its current text (its branch's head in the bill's repository); empty
    /// while it is hidden.
    public var head: String
    /// The labels of the articles it changes.
    public var articles: [String]
    /// When it was proposed.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// Hidden pending staff review (title, summary and diff are then withheld).
    public var hidden: Bool
    /// Votes on its current text.
    public var tally: Tally
    /// Votes cast on its earlier texts, before revisions, added up.
    public var earlierTally: Tally
    /// Each changed article with its diff (present when one amendment is read).
    public var diff: [ArticleDiffView]?
    /// The caller's own vote, when they are signed in and have voted (present when one
    /// amendment is read).
    public var myVote: MyVoteView?
    /// Where it stands against the bill's promotion rule; absent when the bill has none and
    /// the amendment was never queued.
    public var promotion: PromotionView?
    /// The rapporteur's opinion and decision, once it is queued.
    public var review: ReviewView?
    /// When it is `conflicted`: what an adoption changed under it, for its author to revise.
    public var conflict: ConflictView?
}

/// The caller's own vote (nobody else's is ever shown).
public struct MyVoteView: Codable, Sendable, Equatable {
    /// `for`, `against` or `abstain`.
    public var value: String
    /// Whether it was cast on the amendment's current text (false: on a text revised since, so it
    /// counts among the earlier texts' votes).
    public var onCurrentText: Bool
    /// The vote's receipt in the bill's public participation ledger (`votes/<n>-<revision>.tsv`
    /// on its `participation` branch), where the voter can find it once the next epoch is written.
    public var receipt: String
}

/// A page of amendments.
public struct AmendmentList: Codable, Sendable, Equatable {
    /// The page.
    public var items: [AmendmentView]
    /// How many match in all.
    public var total: Int
    /// Pass as `cursor` for the next page; null on the last.
    public var nextCursor: String?

    private enum CodingKeys: String, CodingKey { case items, total, nextCursor }

    /// Encodes `nextCursor` as `null` on the last page.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(total, forKey: .total)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// The answer to a vote: the caller's position and the current text's tally.
public struct VoteView: Codable, Sendable, Equatable {
    /// `for`, `against` or `abstain`.
    public var value: String
    /// The tally of the current text.
    public var tally: Tally
}
