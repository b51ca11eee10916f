import Foundation
import Hemicycle
import Hummingbird
import Legislation
import Mustache

/// An article's page: its text with alinéa numbers and who wrote each alinéa (the version, or
/// the adopted amendment with its supports), its history, the amendments on it ranked by support,
/// and the comments on it.
struct ArticlePages {
    let engine: Engine
    let site: Site
    let cache: PageCache

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.get("/bills/:slug/articles/:label", use: article)
        group.post("/bills/:slug/articles/:label/comments", use: comment)
    }

    struct ArticleContent: Sendable {
        let slug: String
        let billTitle: String
        let label: String
        let labelPath: String
        let heading: String
        let version: String
        let alineas: [AlineaLine]
        let history: [HistoryLine]
        let amendments: [AmendmentLine]
        let hasAmendments: Bool
        let amendmentCount: String
        let comments: CommentsBlock
        let canPropose: Bool
    }

    struct AlineaLine: Sendable {
        let number: Int
        let text: String
        let source: String?
        let sourceLink: String?
    }

    struct HistoryLine: Sendable {
        let version: String
        let stage: String
        let date: String
        let change: String
    }

    /// An amendment in a list: its number, title, author and tally.
    struct AmendmentLine: Sendable {
        let link: String
        let number: Int
        let title: String
        let author: String
        let state: String
        let supports: String
        let against: String
    }

    @Sendable func article(_ request: Request, context: PageContext) async throws -> Response {
        let query = request.uri.queryParameters
        let version = try Parse.version(optional: query.get("version"))
        let byThread = query.get("comments") != "date"
        return try await cache.respond(
            request, context, bill: try context.slug(),
            options: [("version", version?.name), ("comments", byThread ? nil : "date")]
        ) { context in try await renderArticle(version: version, byThread: byThread, context: context) }
    }

    func renderArticle(version: VersionNumber?, byThread: Bool, context: PageContext) async throws -> String {
        let strings = site.strings(context.visitor.language)
        let slug = try context.slug()
        let label = try await context.articleLabel(engine)
        // The reads are independent: made at once, waited for in order (the first to fail says why).
        async let billRead = engine.bill(slug, version: version)
        async let textRead = engine.article(label, of: slug, version: version)
        async let provenanceRead = engine.provenance(of: label, in: slug, at: version)
        async let historyRead = engine.history(of: label, in: slug)
        // The list shows tallies, not the rule's verdict on each.
        async let rankedRead = engine.amendments(
            of: slug, article: label, sort: .support, limit: 50, explained: false)
        async let commentsRead = CommentThread.all(engine, of: slug, article: label)
        let bill = try await billRead
        let text = try await textRead
        let provenance = try await provenanceRead
        let history = try await historyRead
        let ranked = try await rankedRead
        let comments = try await commentsRead
        let sources = Dictionary(provenance.alineas.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        let labelPath = Pages.percentEncoded(label.text)
        let alineas = text.alineas.map { alinea in
            let found = sources[alinea.number]
            var source: String?
            var link: String?
            if let amendment = found?.amendment {
                source = strings.format(
                    "article.fromAmendment",
                    [
                        "number": String(amendment.number),
                        "supports": strings.number(amendment.supportsAtAdoption ?? 0),
                    ])
                link = "/bills/\(slug.value)/amendments/\(amendment.number)"
            } else if let from = found?.version {
                source = strings.format("article.fromVersion", ["version": from])
            }
            return AlineaLine(number: alinea.number, text: alinea.text, source: source, sourceLink: link)
        }
        let content = ArticleContent(
            slug: slug.value, billTitle: bill.title, label: text.label, labelPath: labelPath, heading: text.heading,
            version: text.version, alineas: alineas,
            history: history.items.map {
                HistoryLine(
                    version: $0.version, stage: $0.stage, date: strings.date($0.publishedAt),
                    change: strings["change." + $0.change])
            },
            amendments: ranked.items.map { AmendmentLine($0, slug: slug, strings: strings) },
            hasAmendments: !ranked.items.isEmpty, amendmentCount: strings.number(ranked.total),
            comments: CommentsBlock(
                threads: CommentThread.arrange(comments, byThread: byThread, strings: strings),
                count: strings.number(comments.count), empty: comments.isEmpty, byThread: byThread,
                action: "/bills/\(slug.value)/articles/\(labelPath)/comments",
                back: "/bills/\(slug.value)/articles/\(labelPath)", slug: slug.value),
            canPropose: bill.participation == "open" && bill.version.number == bill.versions.last?.number)
        return site.render(
            "article", content, title: strings["bill.article"] + " " + text.label + " — " + bill.title,
            visitor: context.visitor)
    }

    @Sendable func comment(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try context.signedIn()
        let slug = try context.slug()
        let label = try await context.articleLabel(engine)
        let added = try await engine.addComment(
            to: slug, article: label, CommentPages.input(context.fields), by: identity)
        return Pages.redirect(
            to: "/bills/\(slug.value)/articles/\(Pages.percentEncoded(label.text))#commentaire-\(added.id)")
    }
}

// The lines of the article page's lists name their fields to the templates themselves: the
// renderer otherwise reflects each line for each field it shows (fifty amendments, seven fields).
extension ArticlePages.AmendmentLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "link": link
        case "number": number
        case "title": title
        case "author": author
        case "state": state
        case "supports": supports
        case "against": against
        default: nil
        }
    }
}

extension ArticlePages.AlineaLine: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "text": text
        case "source": source.orAbsent
        case "sourceLink": sourceLink.orAbsent
        default: nil
        }
    }
}

extension ArticlePages.AmendmentLine {
    init(_ view: AmendmentView, slug: BillSlug, strings: Strings) {
        link = "/bills/\(slug.value)/amendments/\(view.number)"
        number = view.number.value
        title = view.hidden ? strings["amendment.hiddenTitle"] : view.title
        author = view.author
        state = strings["state." + view.state]
        supports = strings.number(view.tally.for)
        against = strings.number(view.tally.against)
    }
}

/// Reading a comment form.
enum CommentPages {
    static func input(_ fields: FormFields) -> CommentInput {
        CommentInput(
            body: fields["body"] ?? "", stance: fields["stance"] ?? "neutral",
            parent: fields["parent"].flatMap { Int64($0) })
    }
}
