import Foundation
import Hemicycle
import Hummingbird
import Legislation

/// Two versions of a bill compared: the "tableau comparatif" side by side or the changes inline,
/// changes of typography only hidden unless asked for, and across an adoption the amendments that
/// made each change.
struct ComparePages {
    let engine: Engine
    let site: Site
    let cache: PageCache

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.get("/bills/:slug/compare", use: compare)
    }

    struct CompareContent: Sendable {
        let slug: String
        let billTitle: String
        let from: String
        let to: String
        let fromStage: String
        let toStage: String
        let summary: [String]
        let sideBySide: Bool
        let typography: Bool
        let typographyCount: Int
        let inlineLink: String
        let tableLink: String
        let typographyLink: String
        let articles: [ArticleChange]
        let adopted: [Adopted]
        let hasAdopted: Bool
        let versions: [BillPages.VersionChoice]
        let versionsTo: [BillPages.VersionChoice]
    }

    struct ArticleChange: Sendable {
        let label: String
        let link: String
        let change: String
        let typographic: Bool
        let html: String
        let amendments: [AmendmentRef]
        let hasAmendments: Bool
    }

    struct AmendmentRef: Sendable {
        let number: Int
        let link: String
    }

    struct Adopted: Sendable {
        let number: Int
        let link: String
        let title: String
        let supports: String?
        let articles: String
    }

    @Sendable func compare(_ request: Request, context: PageContext) async throws -> Response {
        let query = request.uri.queryParameters
        let (from, to) = try Parse.versionPair(query.get("from"), query.get("to"))
        let options = Options(
            from: from, to: to, sideBySide: query.get("view") != "inline",
            typography: try Parse.flag(query.get("typography"), field: "typography"))
        return try await cache.respond(
            request, context, bill: try context.slug(),
            options: [
                ("from", from.name), ("to", to.name), ("view", options.sideBySide ? nil : "inline"),
                ("typography", options.typography ? "true" : nil),
            ]
        ) { context in try await renderCompare(options, context: context) }
    }

    /// What a comparison reads from its address.
    struct Options: Sendable {
        let from: VersionNumber
        let to: VersionNumber
        let sideBySide: Bool
        let typography: Bool
    }

    func renderCompare(_ options: Options, context: PageContext) async throws -> String {
        let strings = site.strings(context.visitor.language)
        let slug = try context.slug()
        let (from, to, sideBySide, typography) = (options.from, options.to, options.sideBySide, options.typography)
        let bill = try await engine.bill(slug)
        let comparison = try await engine.compare(
            slug, from: from, to: to, format: sideBySide ? .sideBySide : .html, ignoreTypography: !typography)
        let base = "/bills/\(slug.value)/compare?from=\(from.name)&to=\(to.name)"
        let stage = { (name: String) in bill.versions.first { $0.number == name }?.stage ?? "" }
        var summary = [
            strings.format("compare.modified", ["count": strings.number(comparison.modified.count)]),
            strings.format("compare.added", ["count": strings.number(comparison.added.count)]),
            strings.format("compare.removed", ["count": strings.number(comparison.removed.count)]),
            strings.format("compare.unchanged", ["count": strings.number(comparison.unchangedCount)]),
        ]
        if !comparison.typographyOnly.isEmpty {
            summary.append(
                strings.format("compare.typographyOnly", ["count": strings.number(comparison.typographyOnly.count)]))
        }
        let typographic = Set(comparison.typographyOnly)
        let adopted = comparison.adopted ?? []
        let content = CompareContent(
            slug: slug.value, billTitle: bill.title, from: comparison.from, to: comparison.to,
            fromStage: stage(comparison.from), toStage: stage(comparison.to), summary: summary,
            sideBySide: sideBySide, typography: typography, typographyCount: comparison.typographyOnly.count,
            inlineLink: base + "&view=inline" + (typography ? "&typography=true" : ""),
            tableLink: base + (typography ? "&typography=true" : ""),
            typographyLink: base + (sideBySide ? "" : "&view=inline") + (typography ? "" : "&typography=true"),
            articles: comparison.articles.map { article in
                let numbers = article.amendments ?? []
                return ArticleChange(
                    label: article.label,
                    link: "/bills/\(slug.value)/articles/\(Pages.percentEncoded(article.label))?version=\(to.name)",
                    change: strings["change." + article.change], typographic: typographic.contains(article.label),
                    html: article.rendered ?? "",
                    amendments: numbers.map {
                        AmendmentRef(number: $0, link: "/bills/\(slug.value)/amendments/\($0)")
                    }, hasAmendments: !numbers.isEmpty)
            },
            adopted: adopted.map {
                Adopted(
                    number: $0.number, link: "/bills/\(slug.value)/amendments/\($0.number)", title: $0.title,
                    supports: $0.supportsAtAdoption.map { strings.number($0) },
                    articles: $0.articles.joined(separator: ", "))
            }, hasAdopted: !adopted.isEmpty,
            versions: bill.versions.map {
                BillPages.VersionChoice(
                    number: $0.number, stage: $0.stage, publishedOn: "", selected: $0.number == comparison.from)
            },
            versionsTo: bill.versions.map {
                BillPages.VersionChoice(
                    number: $0.number, stage: $0.stage, publishedOn: "", selected: $0.number == comparison.to)
            })
        return site.render(
            "compare", content,
            title: strings.format("compare.title", ["from": comparison.from, "to": comparison.to]) + " — " + bill.title,
            visitor: context.visitor)
    }
}
