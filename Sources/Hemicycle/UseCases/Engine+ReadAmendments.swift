import BillArchive
import Foundation
import Legislation
import Participation

extension Engine {
    /// One amendment with the diff of each article it changes.
    public func amendment(_ number: Int, of slug: String) async throws(HemicycleError) -> AmendmentView {
        try await translatingErrors {
            let slug = try existingSlug(slug)
            guard let number = Amendment.Number(number),
                let amendment = try participation.amendment(bill: slug.value, number: number)
            else { throw HemicycleError(.notFound, "bill \(slug) has no amendment \(number)") }
            return try await view(amendment, bill: slug, withDiff: true)
        }
    }

    /// A bill's amendments in number order (the order they were proposed), a page at a time.
    public func amendments(
        of slug: String, state: String? = nil, limit: Int = 50, cursor: String? = nil
    ) async throws(HemicycleError) -> AmendmentList {
        try await translatingErrors {
            let slug = try existingSlug(slug)
            _ = try shelf.repository(slug)
            guard (1...100).contains(limit) else {
                throw HemicycleError(.invalidInput, "limit must be between 1 and 100")
            }
            let state = try state.map { text -> AmendmentState in
                guard let state = AmendmentState(rawValue: text) else {
                    throw HemicycleError(.invalidInput, "state is proposed or withdrawn")
                }
                return state
            }
            let after = try Self.offset(from: cursor)
            let (page, total) = try participation.amendments(bill: slug.value, state: state, after: after, limit: limit)
            var items: [AmendmentView] = []
            for amendment in page { items.append(try await view(amendment, bill: slug, withDiff: false)) }
            let more = page.count == limit ? page.last.map { String($0.number.value) } : nil
            return AmendmentList(items: items, total: total, nextCursor: more)
        }
    }

    func view(_ amendment: Amendment, bill: BillSlug, withDiff: Bool) async throws -> AmendmentView {
        let changes = try await shelf.repository(bill).amendmentChanges(
            base: amendment.baseVersion, head: amendment.head)
        let author = try participation.account(id: amendment.author)?.handle.value ?? "deleted account"
        let tallies = try participation.tallies(bill: bill.value, number: amendment.number)
        let current = try participation.currentRevision(bill: bill.value, number: amendment.number) ?? ""
        let earlier = tallies.filter { $0.key != current }.values.reduce(Tally()) {
            Tally(for: $0.for + $1.for, against: $0.against + $1.against, abstain: $0.abstain + $1.abstain)
        }
        let hidden = try participation.isHidden(.amendment(amendment.number), bill: bill.value)
        return AmendmentView(
            number: amendment.number.value, title: hidden ? "" : amendment.title,
            summary: hidden ? "" : amendment.summary,
            state: amendment.state.rawValue,
            author: author, baseVersion: amendment.baseVersion.name,
            articles: changes.compactMap { ($0.after ?? $0.before)?.label.text }, createdAt: amendment.createdAt,
            updatedAt: amendment.updatedAt, hidden: hidden, tally: tallies[current] ?? Tally(), earlierTally: earlier,
            diff: withDiff && !hidden ? changes.map { Self.articleDiff($0, format: .json) } : nil)
    }
}
