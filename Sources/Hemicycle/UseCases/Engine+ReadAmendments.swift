import BillArchive
import Foundation
import Legislation
import Participation

extension Engine {
    /// One amendment with the diff of each article it changes, and the `viewer`'s own vote on it
    /// when they are signed in.
    public func amendment(
        _ number: Amendment.Number, of slug: BillSlug, withDiff: Bool = true, for viewer: Identity? = nil
    ) async throws(HemicycleError) -> AmendmentView {
        try await translatingErrors {
            let (slug, amendment) = try await existingAmendment(number, of: slug)
            var view = try await view(amendment, bill: slug, withDiff: withDiff)
            if let viewer { view.myVote = try await ownVote(on: amendment, of: slug, by: viewer) }
            return view
        }
    }

    /// The caller's own vote on an amendment; `notFound` when they have not voted on it.
    public func myVote(on number: Amendment.Number, of slug: BillSlug, by identity: Identity)
        async throws(HemicycleError)
        -> MyVoteView
    {
        try await translatingErrors {
            let (slug, amendment) = try await existingAmendment(number, of: slug)
            guard let vote = try await ownVote(on: amendment, of: slug, by: identity) else {
                throw HemicycleError(.notFound, "you have not voted on amendment \(amendment.number)")
            }
            return vote
        }
    }

    /// A person's vote on an amendment, and whether it is on its current text.
    func ownVote(on amendment: Amendment, of slug: BillSlug, by identity: Identity) async throws -> MyVoteView? {
        guard let vote = try await participation.vote(bill: slug, number: amendment.number, by: identity.account.id)
        else { return nil }
        let current = try await participation.currentRevision(bill: slug, number: amendment.number)
        return MyVoteView(
            value: vote.value.rawValue, onCurrentText: vote.revision == current,
            receipt: try await receipts(of: slug).receipt(of: identity.account.id, on: amendment.number))
    }

    /// The diff of an amendment's current text against its base version, with the commit it is
    /// of (which names it for good: a cache can keep it under that commit); nil while the
    /// amendment is hidden. Each article's diff is also rendered in `format` unless JSON.
    public func amendmentDiff(
        _ number: Amendment.Number, of slug: BillSlug, format: DiffFormat = .json, ignoreTypography: Bool = false
    ) async throws(HemicycleError)
        -> (head: String, diff: [ArticleDiffView])?
    {
        try await translatingErrors {
            let (slug, amendment) = try await existingAmendment(number, of: slug)
            guard try await !participation.isHidden(.amendment(amendment.number), bill: slug) else { return nil }
            let changes = try await shelf.repository(slug).amendmentChanges(
                base: amendment.baseVersion, head: amendment.head)
            return (
                amendment.head, try await diffViews(changes, format: format, ignoreTypography: ignoreTypography)
            )
        }
    }

    /// The bill and the amendment a number names; `notFound` otherwise.
    func existingAmendment(_ number: Amendment.Number, of slug: BillSlug) async throws -> (BillSlug, Amendment) {
        guard let amendment = try await participation.amendment(bill: slug, number: number) else {
            throw HemicycleError(
                .notFound, "bill \(slug) has no amendment \(number)", key: "amendment.notFound",
                parameters: ["bill": slug.value, "number": "\(number)"])
        }
        return (slug, amendment)
    }

    /// A bill's amendments a page at a time: `sort` is `number` (the order they were proposed,
    /// the default), `newest` or `support` (most votes for the current text first); `state` and
    /// `article` (a label) filter. Lists read SQLite only. Without `explained`, the items carry no
    /// `promotion` (the rule's verdict), and the list asks nothing of the bill's rule evaluation:
    /// for a page that shows tallies only.
    public func amendments(
        of slug: BillSlug, state: AmendmentState? = nil, article: ArticleLabel? = nil,
        sort order: AmendmentOrder = .number,
        limit: Int = 50,
        cursor: String? = nil,
        explained: Bool = true
    ) async throws(HemicycleError) -> AmendmentList {
        try await translatingErrors {
            _ = try shelf.repository(slug)
            guard (1...100).contains(limit) else {
                throw HemicycleError(.invalidInput, "limit must be between 1 and 100")
            }
            let after = try cursor.map { try Self.amendmentCursor($0, order: order) }
            let (page, total) = try await participation.amendments(
                bill: slug, state: state, article: article?.text, order: order, after: after, limit: limit)
            let facts = try await participation.amendmentFacts(bill: slug, numbers: page.map(\.amendment.number))
            var items: [AmendmentView] = []
            for listed in page {
                items.append(
                    try await view(
                        listed.amendment, bill: slug, withDiff: false, articles: listed.articles,
                        facts: facts[listed.amendment.number], explained: explained))
            }
            let next = page.count == limit ? page.last : nil
            return AmendmentList(
                items: items, total: total,
                nextCursor: next.map {
                    order == .support ? "\($0.supports).\($0.amendment.number)" : "\($0.amendment.number)"
                })
        }
    }

    /// A list's cursor: the last number listed, after its supports when listing by support.
    static func amendmentCursor(_ text: String, order: AmendmentOrder) throws -> AmendmentCursor {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        switch (order, parts.count) {
        case (.support, 2):
            if let supports = parts[0], let number = parts[1], supports >= 0, number >= 0 {
                return AmendmentCursor(number: number, supports: supports)
            }
        case (.number, 1), (.newest, 1):
            if let number = parts[0], number >= 0 { return AmendmentCursor(number: number) }
        default: break
        }
        throw HemicycleError(.invalidInput, "invalid cursor; pass back the nextCursor of the previous page")
    }

    /// An amendment as shown: with `withDiff`, its changes are read from git for the diff;
    /// otherwise the recorded article labels are enough (lists read no git). A list passes the
    /// `facts` it read for its whole page.
    func view(
        _ amendment: Amendment, bill: BillSlug, withDiff: Bool, articles: [String]? = nil,
        facts: AmendmentFacts? = nil, explained: Bool = true
    ) async throws -> AmendmentView {
        let changes =
            withDiff
            ? try await shelf.repository(bill).amendmentChanges(base: amendment.baseVersion, head: amendment.head) : []
        let labels: [String]
        if withDiff {
            labels = RecordedText.labels(changes)
        } else if let articles {
            labels = articles
        } else {
            labels = try await participation.amendmentArticles(bill: bill, number: amendment.number)
        }
        var found = facts
        if found == nil {
            found = try await participation.amendmentFacts(bill: bill, numbers: [amendment.number])[amendment.number]
        }
        guard let facts = found else {
            throw HemicycleError(.notFound, "bill \(bill) has no amendment \(amendment.number)")
        }
        let author = facts.authorHandle ?? "deleted account"
        let tallies = facts.tallies
        let current = facts.currentRevision
        let earlier = tallies.filter { $0.key != current }.values.reduce(Tally()) {
            Tally(for: $0.for + $1.for, against: $0.against + $1.against, abstain: $0.abstain + $1.abstain)
        }
        let hidden = facts.hidden
        let entry = facts.queueEntry
        var view = AmendmentView(
            number: amendment.number, title: hidden ? "" : amendment.title,
            summary: hidden ? "" : amendment.summary,
            state: amendment.state.rawValue,
            author: author, baseVersion: amendment.baseVersion.name, head: hidden ? "" : amendment.head,
            articles: labels, createdAt: amendment.createdAt,
            updatedAt: amendment.updatedAt, hidden: hidden, tally: tallies[current] ?? Tally(), earlierTally: earlier,
            diff: withDiff && !hidden ? try await diffViews(changes, format: .json) : nil)
        if explained {
            view.promotion = try await promotionView(
                of: amendment.number, in: bill, entry: entry, tally: tallies[current] ?? Tally())
        }
        view.review = Self.reviewView(entry)
        if amendment.state == .conflicted,
            let conflict = try await participation.conflicts(bill: bill)[amendment.number]
        {
            view.conflict = ConflictView(number: amendment.number, conflict)
        }
        return view
    }
}
