import BillArchive
import Foundation
import Legislation
import WordDiff

extension Engine {
    /// Compares two versions of a bill: articles added, removed, modified and relabelled, each
    /// with its word diff, matched by article identity.
    /// Articles whose text changed only typographically (see `Typography`) are counted apart
    /// from those modified in substance; with `ignoreTypography`, their diffs are left out and
    /// every other diff shows no typographic change.
    public func compare(
        _ slug: BillSlug, from: VersionNumber, to: VersionNumber, format: DiffFormat = .json,
        ignoreTypography: Bool = false
    ) async throws(HemicycleError) -> BillComparisonView {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            let comparison = try await repository.compare(from, to)
            var articles = try await diffViews(comparison.changed, format: format, ignoreTypography: ignoreTypography)
            // Across an adoption, each modified article names the amendments whose merges changed it.
            let adoptions = from < to ? try await repository.adoptions(from: from, to: to) : []
            for (index, pair) in comparison.changed.enumerated() where index < articles.count {
                let numbers = adoptions.filter { $0.files.contains(pair.file) }.map(\.amendment.number.value)
                if !numbers.isEmpty { articles[index].amendments = numbers }
            }
            let labels = Dictionary(
                comparison.changed.enumerated().map { ($0.element.file, articles[$0.offset].label) },
                uniquingKeysWith: { first, _ in first })
            let textChanged = { (article: ArticleDiffView) in
                article.change == "modified" || (article.change == "renamed" && article.textChanged)
            }
            let typographyOnly = articles.filter { textChanged($0) && $0.typographyOnly }.map(\.label)
            if ignoreTypography {
                articles.removeAll { $0.change == "modified" && $0.typographyOnly }
            }
            return BillComparisonView(
                bill: slug.value, from: comparison.from.number.name, to: comparison.to.number.name,
                added: articles.filter { $0.change == "added" }.map(\.label),
                removed: articles.filter { $0.change == "removed" }.map(\.label),
                modified: articles.filter { textChanged($0) && !$0.typographyOnly }.map(\.label),
                typographyOnly: typographyOnly,
                renamed: articles.compactMap { article in
                    article.previousLabel.map { BillComparisonView.Renamed(from: $0, to: article.label) }
                },
                unchangedCount: comparison.unchanged, articles: articles,
                adopted: adoptions.isEmpty
                    ? nil
                    : adoptions.map {
                        BillComparisonView.Adopted(
                            number: $0.amendment.number.value, title: $0.amendment.title,
                            author: $0.amendment.author.map { "citizen-\($0.rawValue)" },
                            supportsAtAdoption: $0.amendment.supports, articles: $0.files.compactMap { labels[$0] })
                    })
        }
    }

    /// One article's diff between two versions.
    public func articleDiff(
        _ label: ArticleLabel, of slug: BillSlug, from: VersionNumber, to: VersionNumber, format: DiffFormat = .json,
        ignoreTypography: Bool = false
    ) async throws(HemicycleError) -> ArticleDiffView {
        try await translatingErrors {
            let pair = try await shelf.repository(slug).articlePair(label, from, to)
            return try await diffViews([pair], format: format, ignoreTypography: ignoreTypography)[0]
        }
    }

    /// Renders the diff of two texts, for `hemicycle diff`.
    public static func diff(_ before: String, _ after: String, format: DiffFormat, ignoreTypography: Bool = false)
        -> String
    {
        let diff = WordDiff.diff(before, after)
        return format.render(ignoreTypography ? diff.ignoringTypography() : diff)
    }

    /// The diffs of several article pairs: each from the cache when it was made before, the
    /// others computed together on the engine's diff threads — past their queue, the request is
    /// refused (503, try again shortly) rather than let diffs stall everything else.
    func diffViews(_ pairs: [ArticlePair], format: DiffFormat, ignoreTypography: Bool = false) async throws
        -> [ArticleDiffView]
    {
        let keys = pairs.map { DiffCache.key($0, format: format, ignoreTypography: ignoreTypography) }
        var views = keys.map { diffCache.view($0) }
        let missing = views.indices.filter { views[$0] == nil }
        guard !missing.isEmpty else { return views.compactMap { $0 } }
        let wanted = missing.map { pairs[$0] }
        let computed: [ArticleDiffView]
        do {
            computed = try await expensive.run {
                wanted.map { Self.articleDiff($0, format: format, ignoreTypography: ignoreTypography) }
            }
        } catch is WorkerPool.Full {
            throw HemicycleError.wait(.unavailable, "the server is busy computing other diffs", seconds: 2)
        }
        for (index, view) in zip(missing, computed) {
            views[index] = view
            diffCache.store(view, for: keys[index])
        }
        return views.compactMap { $0 }
    }

    static func articleDiff(_ pair: ArticlePair, format: DiffFormat, ignoreTypography: Bool = false) -> ArticleDiffView
    {
        let full = WordDiff.diff(pair.before?.body ?? "", pair.after?.body ?? "")
        let diff = ignoreTypography ? full.ignoringTypography() : full
        let change: String
        var previousLabel: String?
        switch (pair.before, pair.after) {
        case (nil, _): change = "added"
        case (_, nil): change = "removed"
        case (let before?, let after?) where before.label != after.label:
            change = "renamed"
            previousLabel = before.label.text
        default: change = "modified"
        }
        return ArticleDiffView(
            label: (pair.after ?? pair.before)?.label.text ?? "", change: change, previousLabel: previousLabel,
            headingBefore: pair.before?.heading, headingAfter: pair.after?.heading, approximate: diff.approximate,
            textChanged: !full.isEmpty, typographyOnly: full.isTypographyOnly,
            operations: OperationsRenderer.operations(diff),
            rendered: format == .json ? nil : format.render(diff), alineas: diff.touchedAlineas)
    }
}
