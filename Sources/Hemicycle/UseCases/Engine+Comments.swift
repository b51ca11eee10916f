import Foundation
import Legislation
import Participation

extension Engine {

    /// A signed-in person comments on an amendment or article, or replies to a comment there.
    public func addComment(
        to slug: BillSlug, amendment: Amendment.Number? = nil, article: ArticleLabel? = nil, _ input: CommentInput,
        by identity: Identity
    ) async throws(HemicycleError) -> CommentView {
        try await translatingErrors {
            let target = try await commentTarget(slug, amendment: amendment, article: article)
            let body = try Self.commentBody(input.body)
            let at = now()
            try await requireQuota(
                configuration.limits.commentsPerAccount, at: at,
                refusal: { "you have written \($0) comments within the hour" }
            ) { try await participation.commentTimes(by: identity.account.id, since: $0) }
            guard let stance = Stance(rawValue: input.stance ?? "neutral") else {
                throw HemicycleError(.invalidInput, "stance is pro, con or neutral")
            }
            let comment = try await participation.addComment(
                bill: slug, on: target, parent: input.parent, body: body, stance: stance, by: identity.account.id,
                at: at)
            return Self.view(comment, author: identity.account.handle.value, hidden: false)
        }
    }

    /// The comments on an amendment or article, a page at a time.
    public func comments(
        of slug: BillSlug, amendment: Amendment.Number? = nil, article: ArticleLabel? = nil, limit: Int = 100,
        cursor: String? = nil
    ) async throws(HemicycleError) -> CommentList {
        try await translatingErrors {
            let target = try await commentTarget(slug, amendment: amendment, article: article)
            guard (1...100).contains(limit) else {
                throw HemicycleError(.invalidInput, "limit must be between 1 and 100")
            }
            let page = try await participation.comments(
                bill: slug, on: target, after: Int64(try Self.offset(from: cursor)), limit: limit)
            // The page's authors and which of its comments are hidden, in one read each, not two per comment.
            let authors = try await participation.accounts(ids: Array(Set(page.compactMap(\.author))))
            let hidden = try await participation.hiddenComments(bill: slug, among: page.map(\.id))
            let items = page.map {
                Self.view($0, author: $0.author.flatMap { authors[$0]?.handle.value }, hidden: hidden.contains($0.id))
            }
            return CommentList(
                items: items,
                nextCursor: page.count == limit ? page.last.map { String($0.id) } : nil)
        }
    }

    /// The author edits (new body) or deletes (nil) their comment.
    public func changeComment(_ id: Int64, of slug: BillSlug, body: String?, by identity: Identity)
        async throws(HemicycleError)
    {
        try await translatingErrors {
            try await participation.changeComment(
                bill: slug, id: id, body: try body.map(Self.commentBody), by: identity.account.id, at: now())
        }
    }

    private func commentTarget(_ slug: BillSlug, amendment: Amendment.Number?, article: ArticleLabel?) async throws
        -> CommentTarget
    {
        if let amendment {
            _ = try await existingAmendment(amendment, of: slug)
            return .amendment(amendment)
        }
        guard let article else {
            throw HemicycleError(.invalidInput, "a comment is on an amendment or an article", key: "comment.noTarget")
        }
        _ = try await shelf.repository(slug).history(of: article)  // the article exists in some version
        return .article(article)
    }

    /// A comment as shown: by its author's handle ("deleted account" once erased), its text
    /// withheld when hidden.
    private static func view(_ comment: Comment, author: String?, hidden: Bool) -> CommentView {
        CommentView(
            id: comment.id, parent: comment.parent, author: author ?? "deleted account",
            body: hidden ? "" : comment.body, stance: comment.stance.rawValue, deleted: comment.deleted,
            hidden: hidden, createdAt: comment.createdAt, updatedAt: comment.updatedAt)
    }

    /// A comment's bound: the database's CHECK counts scalars too (`length(body) <= 10000`).
    static let commentLimit = TextLimit(scalars: 10_000)

    static func commentBody(_ raw: String) throws -> String {
        let body = try checkedText(
            raw.replacingOccurrences(of: "\r\n", with: "\n"), field: "a comment", limit: commentLimit, multiline: true
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { throw HemicycleError(.invalidInput, "a comment cannot be empty") }
        return body
    }
}
