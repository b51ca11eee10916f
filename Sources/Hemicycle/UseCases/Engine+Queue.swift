import Foundation
import Legislation
import Participation

extension Engine {
    /// The rapporteur's queue of a bill: every queued amendment that is not hidden, grouped by
    /// the articles it changes in the bill's article order (an inserted article after the one
    /// its label extends), most supported first in each group, those touching one of the same
    /// alinéas flagged as competing. Anyone may read it.
    public func queue(of slug: BillSlug) async throws(HemicycleError) -> QueueView {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            let order = try await repository.manifest(at: nil).1.articles.map(\.label.text)
            var groups: [String: [QueuedAmendmentView]] = [:]
            let entries = try await participation.queue(bill: slug)
            for entry in entries {
                guard try await !participation.isHidden(.amendment(entry.number), bill: slug),
                    let amendment = try await participation.amendment(bill: slug, number: entry.number)
                else { continue }
                let changes = try await repository.amendmentChanges(base: amendment.baseVersion, head: amendment.head)
                let diffs = try await diffViews(changes, format: .json)
                let current = try await participation.currentRevision(bill: slug, number: entry.number) ?? ""
                let tally = try await participation.tallies(bill: slug, number: entry.number)[current] ?? Tally()
                let author = try await participation.account(id: amendment.author)?.handle.value ?? "deleted account"
                let promotion = try await promotionView(of: entry.number, in: slug, entry: entry)
                for diff in diffs {
                    groups[diff.label, default: []].append(
                        QueuedAmendmentView(
                            number: entry.number, title: amendment.title, author: author,
                            state: amendment.state.rawValue, tally: tally, articles: diffs.map(\.label),
                            alineas: diff.alineas ?? [], competing: [],
                            promotion: promotion
                                ?? PromotionView(promoted: true, criteria: [], explanation: "", promotedAt: nil),
                            review: Self.reviewView(entry)
                                ?? ReviewView(
                                    opinion: nil, comment: nil, opinionAt: nil, decision: nil, decisionAt: nil)
                        ))
                }
            }
            let articles = Self.articleOrder(Array(groups.keys), in: order).map { label in
                var amendments = (groups[label] ?? []).sorted {
                    $0.tally.for != $1.tally.for ? $0.tally.for > $1.tally.for : $0.number < $1.number
                }
                for index in amendments.indices {
                    let mine = Set(amendments[index].alineas)
                    amendments[index].competing = amendments.filter {
                        $0.number != amendments[index].number && !mine.isDisjoint(with: $0.alineas)
                    }.map(\.number.value)
                }
                return QueueArticleView(article: label, amendments: amendments)
            }
            return QueueView(
                bill: slug.value, rule: PromotionRule.stored(try await participation.promotionRule(bill: slug)),
                rapporteurs: try await participation.rapporteurs(bill: slug), count: entries.count,
                articles: articles)
        }
    }

    /// Labels in the bill's order: those of the bill where they stand, an inserted one (`9 bis`)
    /// right after the label it extends (`9`), any other at the end.
    static func articleOrder(_ labels: [String], in order: [String]) -> [String] {
        func position(_ label: String) -> (Int, Int, String) {
            if let index = order.firstIndex(of: label) { return (index, 0, label) }
            if let base = order.lastIndex(where: { label.hasPrefix($0 + " ") }) { return (base, 1, label) }
            return (order.count, 1, label)
        }
        return labels.sorted { position($0) < position($1) }
    }

    /// Staff set a bill's rapporteurs by handle (replacing the list).
    public func setRapporteurs(_ handles: [String], of slug: BillSlug, by identity: Identity)
        async throws(HemicycleError) -> RapporteursView
    {
        try await translatingErrors {
            guard identity.account.role >= .staff else {
                throw HemicycleError(.forbidden, "only staff assign a bill's rapporteurs", key: "rapporteurs.forbidden")
            }
            _ = try shelf.repository(slug)
            guard handles.count <= 50 else {
                throw HemicycleError(.invalidInput, "a bill has at most 50 rapporteurs", field: "rapporteurs")
            }
            let parsed = try handles.map { text in
                guard let handle = Handle(text) else {
                    throw HemicycleError(
                        .invalidInput, "\"\(text.prefix(40))\" is not a handle", field: "rapporteurs")
                }
                return handle
            }
            try await participation.setRapporteurs(parsed, bill: slug, by: identity.account.id, at: now())
            return RapporteursView(bill: slug.value, rapporteurs: try await participation.rapporteurs(bill: slug))
        }
    }

    /// A bill's rapporteurs.
    public func rapporteurs(of slug: BillSlug) async throws(HemicycleError) -> RapporteursView {
        try await translatingErrors {
            _ = try shelf.repository(slug)
            return RapporteursView(bill: slug.value, rapporteurs: try await participation.rapporteurs(bill: slug))
        }
    }

    /// The assigned rapporteur (or staff) gives an opinion on a queued amendment, with a comment.
    public func giveOpinion(
        _ opinion: Opinion, comment: String, on number: Amendment.Number, of slug: BillSlug, by identity: Identity
    ) async throws(HemicycleError) -> ReviewView {
        try await translatingErrors {
            _ = try shelf.repository(slug)
            let comment = try Self.checkedText(
                comment.replacingOccurrences(of: "\r\n", with: "\n"), field: "the opinion's comment",
                limit: Self.commentLimit, multiline: true
            ).trimmingCharacters(in: .whitespacesAndNewlines)
            try await participation.recordOpinion(
                opinion, comment: comment, bill: slug, number: number, by: identity.account.id, at: now())
            return Self.reviewView(try await participation.queueEntry(bill: slug, number: number))
                ?? ReviewView(
                    opinion: opinion.rawValue, comment: comment, opinionAt: now(), decision: nil, decisionAt: nil)
        }
    }

    /// The assigned rapporteur (or staff) records the decision on a queued amendment, once.
    public func decide(_ decision: Decision, on number: Amendment.Number, of slug: BillSlug, by identity: Identity)
        async throws(HemicycleError) -> ReviewView
    {
        try await translatingErrors {
            _ = try shelf.repository(slug)
            try await participation.recordDecision(
                decision, bill: slug, number: number, by: identity.account.id, at: now())
            promotionBoard.forget(slug)
            return Self.reviewView(try await participation.queueEntry(bill: slug, number: number))
                ?? ReviewView(
                    opinion: nil, comment: nil, opinionAt: nil, decision: decision.rawValue, decisionAt: now())
        }
    }
}
