import BillArchive
import Foundation
import Legislation
import Participation

/// What an adoption did.
public struct AdoptionView: Sendable, Codable, Equatable {
    public var bill: String
    /// The version the adopted amendments made, and its stage.
    public var version: String
    public var stage: String
    /// The amendments adopted, in the order they were merged.
    public var adopted: [Int]
    /// The open amendments carried onto the new version.
    public var carried: Int
    /// The open amendments that no longer apply, with what is at stake.
    public var conflicted: [ConflictView]
    /// Open amendments revised while they were being carried: left on their version, for the
    /// next `hemicycle doctor --repair` to carry.
    public var moved: [Int]
}

/// An amendment that no longer applies, and why.
public struct ConflictView: Sendable, Codable, Equatable {
    public var number: Int
    public var writtenAgainst: String
    public var version: String
    public var articles: [AmendmentConflict.Article]
    /// "article 9, alinéa 3".
    public var stake: String

    init(number: Amendment.Number, _ conflict: AmendmentConflict) {
        self.number = number.value
        writtenAgainst = conflict.writtenAgainst.name
        version = conflict.version.name
        articles = conflict.articles
        stake = conflict.stake
    }
}

extension Engine {
    /// Staff or the bill's assigned rapporteur adopt the amendments decided `adopted` (all of
    /// them, or those listed, in that order; by default in the bill's article order, then by
    /// number) as the next version, named `stage`; participation must be closed. Then every open
    /// amendment is carried onto the new text or marked conflicted. `identity` nil is the
    /// operator at the terminal.
    public func adopt(
        _ slug: BillSlug, stage: String, amendments order: [Int]? = nil, by identity: Identity?
    ) async throws(HemicycleError) -> AdoptionView {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            if let identity, identity.account.role < .staff {
                let rapporteurs = try await participation.rapporteurs(bill: slug)
                guard rapporteurs.contains(identity.account.handle.value) else {
                    throw HemicycleError(
                        .forbidden, "only staff or a rapporteur assigned to \(slug) adopt its amendments",
                        key: "adoption.forbidden")
                }
            }
            guard adopting.withLock({ $0.insert(slug).inserted }) else {
                throw HemicycleError(
                    .conflict, "an adoption of \(slug) is under way; try again once it is done",
                    key: "adoption.underWay")
            }
            defer { _ = adopting.withLock { $0.remove(slug) } }
            let window = try await participation.participationWindow(bill: slug)
            guard window.phase(at: now()) == .closed else {
                throw HemicycleError(
                    .conflict,
                    "participation on \(slug) is still open: close it before adopting, so that no vote or revision changes the amendments being adopted",
                    key: "adoption.participationOpen")
            }
            let pending = try await pendingAdoptions(slug, order: order, in: repository)
            // Already merged into the latest version by an adoption cut short before its records:
            // that adoption is finished, not made again.
            let latest = try await repository.version(nil)
            let merged = Set(try await repository.adopted(in: latest.number))
            if !merged.isEmpty, pending.contains(where: { merged.contains($0.number) }) {
                let numbers = pending.map(\.number).filter(merged.contains)
                try await participation.recordAdoption(numbers, into: latest.number, bill: slug, at: now())
                let carrying = try await carryOpenAmendments(slug, onto: latest.number, in: repository)
                return AdoptionView(
                    bill: slug.value, version: latest.number.name, stage: latest.stage, adopted: numbers.map(\.value),
                    carried: carrying.carried, conflicted: carrying.conflicted, moved: carrying.moved.map(\.value))
            }
            let tallies = try await participation.currentTallies(bill: slug)
            let inputs = pending.map {
                AdoptionInput(
                    number: $0.number, head: $0.head, base: $0.baseVersion, title: $0.title,
                    supports: tallies[$0.number]?.for ?? 0)
            }
            let version: BillVersion
            do {
                version = try await repository.adopt(inputs, stage: stage, at: timestamp)
            } catch let conflict as AdoptionConflict {
                throw try await refusal(conflict, in: slug, among: pending)
            }
            try await participation.recordAdoption(
                pending.map(\.number), into: version.number, bill: slug, at: now())
            promotionBoard.forget(slug)
            housekeeping.wrote(to: repository)
            let carrying = try await carryOpenAmendments(slug, onto: version.number, in: repository)
            return AdoptionView(
                bill: slug.value, version: version.number.name, stage: version.stage,
                adopted: pending.map(\.number.value), carried: carrying.carried,
                conflicted: carrying.conflicted, moved: carrying.moved.map(\.value))
        }
    }

    /// The amendments decided `adopted` and not yet adopted, in the order to merge them.
    private func pendingAdoptions(_ slug: BillSlug, order: [Int]?, in repository: BillRepository) async throws
        -> [Amendment]
    {
        var decided: [Amendment.Number: Amendment] = [:]
        for entry in try await participation.queue(bill: slug) where entry.decision == .adopted {
            if let amendment = try await participation.amendment(bill: slug, number: entry.number),
                amendment.state == .promoted
            {
                decided[entry.number] = amendment
            }
        }
        if let order {
            guard Set(order).count == order.count else {
                throw HemicycleError(.invalidInput, "an amendment is listed twice", field: "amendments")
            }
            return try order.map { value in
                guard let number = Amendment.Number(value), let amendment = decided[number] else {
                    throw HemicycleError(
                        .invalidInput,
                        "amendment \(value) is not awaiting adoption: only amendments decided adopted, not yet adopted, can be"
                            + (decided.isEmpty
                                ? "; none is"
                                : " (\(decided.keys.sorted().map(\.description).joined(separator: ", ")))"),
                        field: "amendments")
                }
                return amendment
            }
        }
        guard !decided.isEmpty else {
            throw HemicycleError(
                .conflict, "no amendment of \(slug) is decided adopted and awaiting adoption",
                key: "adoption.nothingDecided")
        }
        let (_, manifest) = try await repository.manifest(at: nil)
        let order = manifest.articles.map(\.label.text)
        var positioned: [((Int, Int, String), Amendment)] = []
        for amendment in decided.values {
            let labels = try await participation.amendmentArticles(bill: slug, number: amendment.number)
            positioned.append((Self.position(labels.first ?? "", in: order), amendment))
        }
        return positioned.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1.number < $1.1.number }.map(\.1)
    }

    /// The refusal of an adoption two amendments cannot both make: both named, with the
    /// article and the alinéas both touch.
    private func refusal(_ conflict: AdoptionConflict, in slug: BillSlug, among pending: [Amendment]) async throws
        -> HemicycleError
    {
        let stored = try await participation.dispositifs(bill: slug)
        func alineas(_ number: Amendment.Number?) -> Set<Int>? {
            guard let number, let label = conflict.article?.text else { return nil }
            return stored[number]?.dispositif.parts.first { $0.article == label }.map { Set($0.alineas) }
        }
        var place = conflict.article.map { "article \($0.text)" } ?? "the bill's outline (where articles are inserted)"
        let touched = alineas(conflict.number).map { mine in alineas(conflict.other).map(mine.intersection) ?? mine }
        if let touched, !touched.isEmpty {
            place +=
                ", alinéa\(touched.count > 1 ? "s" : "") " + touched.sorted().map(String.init).joined(separator: ", ")
        }
        if let other = conflict.other {
            return HemicycleError(
                .conflict,
                "amendments \(other) and \(conflict.number) both change \(place): they cannot both be adopted; adopt one, or list them in another order to see the next conflict. Nothing was changed.",
                key: "adoption.conflict")
        }
        let base = pending.first { $0.number == conflict.number }?.baseVersion.name ?? "its version"
        return HemicycleError(
            .conflict,
            "amendment \(conflict.number) no longer applies to \(place) as published since \(base). Nothing was changed.",
            key: "adoption.conflict")
    }

    /// Carries every open amendment (proposed or queued, not decided) written on an earlier
    /// version onto `version`, a batch at a time: its branch moves in git first, then its record;
    /// one whose change no longer applies is marked conflicted with what is at stake.
    func carryOpenAmendments(_ slug: BillSlug, onto version: VersionNumber, in repository: BillRepository)
        async throws -> (carried: Int, conflicted: [ConflictView], moved: [Amendment.Number])
    {
        let decided = Set(try await participation.queue(bill: slug).filter { $0.decision != nil }.map(\.number))
        var open: [Amendment] = []
        var cursor: AmendmentCursor?
        repeat {
            let page = try await participation.amendments(
                bill: slug, state: nil, article: nil, order: .number, after: cursor, limit: 1_000)
            for listed in page.page {
                let amendment = listed.amendment
                if amendment.state.acceptsVotes, !decided.contains(amendment.number), amendment.baseVersion < version {
                    open.append(amendment)
                }
            }
            cursor = page.page.last.map { AmendmentCursor(number: $0.amendment.number.value) }
        } while cursor != nil
        var carried = 0
        var conflicted: [ConflictView] = []
        var moved: [Amendment.Number] = []
        let stored = try await participation.dispositifs(bill: slug)
        for start in stride(from: 0, to: open.count, by: 500) {
            let batch = Array(open[start..<min(start + 500, open.count)])
            let outcomes = try await repository.carry(
                batch.map { CarryInput(number: $0.number, head: $0.head, base: $0.baseVersion) }, onto: version,
                at: timestamp)
            var records: [CarriedAmendment] = []
            var conflicts: [ConflictedAmendment] = []
            var heads: [String] = []
            var carriedBatch: [Amendment] = []
            for (amendment, outcome) in zip(batch, outcomes) {
                switch outcome {
                case .carried(let head):
                    heads.append(head)
                    carriedBatch.append(amendment)
                case .conflicted(let articles):
                    let conflict = AmendmentConflict(
                        writtenAgainst: amendment.baseVersion, version: version,
                        articles: articles.map { label in
                            AmendmentConflict.Article(
                                label: label.text,
                                alineas: stored[amendment.number]?.dispositif.parts.first { $0.article == label.text }?
                                    .alineas ?? [])
                        })
                    conflicts.append(
                        ConflictedAmendment(number: amendment.number, head: amendment.head, conflict: conflict))
                case .moved:
                    moved.append(amendment.number)
                }
            }
            let changes = try await repository.amendmentChanges(base: version, heads: heads)
            for ((amendment, head), pairs) in zip(zip(carriedBatch, heads), changes) {
                let recorded = try await recordedText(pairs, head: head, in: repository)
                records.append(
                    CarriedAmendment(
                        number: amendment.number, from: amendment.head, to: head, revision: recorded.revision,
                        articles: recorded.articles, dispositif: recorded.dispositif))
            }
            let stale = try await participation.carryAmendments(records, onto: version, bill: slug, at: now())
            carried += records.count - stale.count
            moved += stale
            let unmarked = Set(try await participation.markConflicted(conflicts, bill: slug, at: now()))
            conflicted += conflicts.filter { !unmarked.contains($0.number) }.map {
                ConflictView(number: $0.number, $0.conflict)
            }
            moved += unmarked
        }
        if carried > 0 || !conflicted.isEmpty { housekeeping.wrote(to: repository) }
        return (carried, conflicted, moved)
    }
}
