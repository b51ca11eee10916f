import BillArchive
import Foundation
import Legislation

extension Engine {
    /// The bills with their versions, sorted by slug, a page at a time: `cursor` is the last
    /// slug of the previous page.
    public func listBills(limit: Int = 50, cursor: String? = nil) async throws(HemicycleError) -> BillPage {
        try await translatingErrors {
            guard (1...100).contains(limit) else {
                throw HemicycleError(.invalidInput, "limit must be between 1 and 100")
            }
            let after = try cursor.map { text -> BillSlug in
                guard let slug = BillSlug(text) else {
                    throw HemicycleError(.invalidInput, "invalid cursor; pass back the nextCursor of the previous page")
                }
                return slug
            }
            let slugs = try shelf.slugs().filter { slug in after.map { slug.value > $0.value } ?? true }
            var summaries: [BillSummary] = []
            for slug in slugs.prefix(limit) {
                let repository = try shelf.repository(slug)
                let versions = try await repository.versions()
                guard let latest = versions.last else { continue }
                let (_, manifest) = try await repository.manifest(at: latest.number)
                summaries.append(
                    BillSummary(
                        slug: slug.value, title: manifest.title, number: manifest.number,
                        versions: versions.map(VersionView.init), latestVersion: latest.number.name,
                        articleCount: latest.articleCount))
            }
            return BillPage(items: summaries, nextCursor: slugs.count > limit ? slugs[limit - 1].value : nil)
        }
    }

    /// A bill at a version (the latest when nil): facts, versions and structure.
    public func bill(_ slug: BillSlug, version: VersionNumber? = nil) async throws(HemicycleError) -> BillDetail {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            let (shown, manifest) = try await repository.manifest(at: version)
            let window = try await participation.participationWindow(bill: slug)
            return BillDetail(
                slug: slug.value, title: manifest.title, number: manifest.number, attribution: manifest.attribution,
                version: VersionView(shown), versions: try await repository.versions().map(VersionView.init),
                structure: StructureNode.tree(manifest.outline),
                exposeDesMotifs: try await repository.expose(at: shown.number),
                participation: window.phase(at: now()).rawValue,
                participationOpensAt: window.opensAt.map(ParticipationWindow.format),
                participationClosesAt: window.closesAt.map(ParticipationWindow.format))
        }
    }

    /// An article's label as typed for a bill: read as `Parse.label` reads it, and when it
    /// cannot be read, refused with the faulty part and the nearest labels of the bill's latest
    /// version.
    public func label(_ typed: String, in slug: BillSlug, field: String = "label") async throws(HemicycleError)
        -> ArticleLabel
    {
        do {
            return try Parse.label(typed, field: field)
        } catch {
            let nearest = try? await translatingErrors {
                try await shelf.repository(slug).manifest(at: nil).1.nearestLabels(to: typed)
            }
            guard let nearest, !nearest.isEmpty else { throw error }
            var refined = error
            refined.message += nearest
            throw refined
        }
    }

    /// The published versions of a bill, oldest first.
    public func versions(of slug: BillSlug) async throws(HemicycleError) -> [VersionView] {
        try await translatingErrors {
            try await shelf.repository(slug).versions().map(VersionView.init)
        }
    }

    /// The articles of a version in reading order, a page at a time.
    public func articles(
        of slug: BillSlug, version: VersionNumber? = nil, limit: Int = 100, cursor: String? = nil
    ) async throws(HemicycleError) -> ArticleList {
        try await translatingErrors {
            let (shown, manifest) = try await shelf.repository(slug).manifest(at: version)
            let offset = try Self.offset(from: cursor)
            guard (1...1000).contains(limit) else {
                throw HemicycleError(.invalidInput, "limit must be between 1 and 1000")
            }
            var divisions: [Division] = []
            var items: [ArticleSummary] = []
            var position = 0
            for entry in manifest.outline {
                switch entry {
                case .division(let division):
                    while let last = divisions.last, last.level >= division.level { divisions.removeLast() }
                    divisions.append(division)
                case .article(let reference):
                    if position >= offset && items.count < limit {
                        items.append(
                            ArticleSummary(label: reference.label.text, divisions: divisions.map(\.displayName)))
                    }
                    position += 1
                }
            }
            let next = offset + items.count
            return ArticleList(
                bill: slug.value, version: shown.number.name, items: items, total: position,
                nextCursor: next < position ? String(next) : nil)
        }
    }

    /// One article's text at a version (the latest when nil), alinéas numbered.
    public func article(_ label: ArticleLabel, of slug: BillSlug, version: VersionNumber? = nil)
        async throws(HemicycleError)
        -> ArticleView
    {
        try await translatingErrors {
            let (shown, article) = try await shelf.repository(slug).article(label, at: version)
            return ArticleView(
                bill: slug.value, version: shown.number.name, label: article.label.text, heading: article.heading,
                alineas: article.alineas.enumerated().map { AlineaView(number: $0.offset + 1, text: $0.element) })
        }
    }

    /// The versions in which an article changed.
    public func history(of label: ArticleLabel, in slug: BillSlug) async throws(HemicycleError) -> ArticleHistory {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            let latest = try await repository.versions().last?.commit ?? "-"
            return try await histories.value(for: [slug.value, latest, label.text].joined(separator: "\u{1F}")) {
                try await history(of: label, in: slug, repository: repository)
            }
        }
    }

    private func history(of label: ArticleLabel, in slug: BillSlug, repository: BillRepository) async throws
        -> ArticleHistory
    {
        let revisions = try await repository.history(of: label)
        return ArticleHistory(
            bill: slug.value, label: label.text,
            items: revisions.map {
                ArticleHistory.Revision(
                    version: $0.version.name, stage: $0.stage,
                    publishedAt: Date(timeIntervalSince1970: TimeInterval($0.publishedAt)),
                    change: $0.change.rawValue, label: $0.label.text)
            })
    }

    static func offset(from cursor: String?) throws -> Int {
        guard let cursor else { return 0 }
        guard let offset = Int(cursor), offset >= 0 else {
            throw HemicycleError(.invalidInput, "invalid cursor; pass back the nextCursor of the previous page")
        }
        return offset
    }
}

/// How far participation on a bill has gone: its phase with the dates it opens and closes, and
/// how many amendments and people it has drawn.
public struct ParticipationSummary: Sendable, Equatable {
    /// `upcoming`, `open` or `closed`.
    public var phase: String
    /// When participation opens, if dated.
    public var opensAt: Date?
    /// When participation closes, if dated.
    public var closesAt: Date?
    /// The amendments proposed, in every state.
    public var amendments: Int
    /// The people who voted on at least one amendment.
    public var participants: Int
}

extension Engine {
    /// The participation facts of a bill, for the list of bills.
    public func participationSummary(of slug: BillSlug) async throws(HemicycleError) -> ParticipationSummary {
        try await translatingErrors {
            _ = try shelf.repository(slug)
            let window = try await participation.participationWindow(bill: slug)
            let (_, total) = try await participation.amendments(
                bill: slug, state: nil, article: nil, order: .number, after: nil, limit: 1)
            return ParticipationSummary(
                phase: window.phase(at: now()).rawValue, opensAt: window.opensAt, closesAt: window.closesAt,
                amendments: total, participants: try await participation.participants(bill: slug))
        }
    }
}
