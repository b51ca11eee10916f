import Foundation
import Hemicycle
import Hummingbird
import Legislation

/// The list of bills (`/`) and a bill's page (`/bills/{slug}`): its structure with headings and
/// articles, the version switcher, the exposé des motifs, and where participation stands.
struct BillPages {
    let engine: Engine
    let site: Site
    let cache: PageCache

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.get("/", use: home)
        group.get("/bills/:slug", use: bill)
    }

    struct HomeContent: Sendable {
        let bills: [BillCard]
        let empty: Bool
    }

    struct BillCard: Sendable {
        let slug: String
        let title: String
        let number: String?
        let version: String
        let stage: String
        let publishedOn: String
        let articles: String
        let participation: ParticipationLine
        let amendments: String
        let participants: String
    }

    /// Where participation stands, in words: "Ouverte jusqu'au 15 janvier 2016".
    struct ParticipationLine: Sendable {
        let phase: String
        let text: String
        let open: Bool
    }

    @Sendable func home(_ request: Request, context: PageContext) async throws -> Response {
        try await cache.respond(request, context, bill: nil) { context in try await renderHome(context: context) }
    }

    func renderHome(context: PageContext) async throws -> String {
        let strings = site.strings(context.visitor.language)
        var cards: [BillCard] = []
        var cursor: String?
        repeat {
            let page = try await engine.listBills(limit: 100, cursor: cursor)
            for summary in page.items {
                guard let slug = BillSlug(summary.slug), let latest = summary.versions.last else { continue }
                let facts = try await engine.participationSummary(of: slug)
                cards.append(
                    BillCard(
                        slug: summary.slug, title: summary.title, number: summary.number, version: latest.number,
                        stage: latest.stage, publishedOn: strings.date(latest.publishedAt),
                        articles: strings.number(summary.articleCount),
                        participation: Self.line(facts.phase, opens: facts.opensAt, closes: facts.closesAt, strings),
                        amendments: strings.number(facts.amendments), participants: strings.number(facts.participants)))
            }
            cursor = page.nextCursor
        } while cursor != nil
        return site.render(
            "home", HomeContent(bills: cards, empty: cards.isEmpty), title: strings["home.title"],
            visitor: context.visitor)
    }

    static func line(_ phase: String, opens: Date?, closes: Date?, _ strings: Strings) -> ParticipationLine {
        let text: String
        switch (phase, opens, closes) {
        case ("upcoming", .some(let opens), _): text = strings.format("phase.upcomingOn", ["date": strings.date(opens)])
        case ("open", _, .some(let closes)): text = strings.format("phase.openUntil", ["date": strings.date(closes)])
        case ("closed", _, .some(let closes)) where closes.timeIntervalSince1970 > 0:
            text = strings.format("phase.closedOn", ["date": strings.date(closes)])
        default: text = strings["phase." + phase]
        }
        return ParticipationLine(phase: phase, text: text, open: phase == "open")
    }

    struct BillContent: Sendable {
        let slug: String
        let title: String
        let number: String?
        let attribution: String?
        let version: String
        let stage: String
        let publishedOn: String
        let latest: Bool
        let versions: [VersionChoice]
        let outline: [OutlineItem]
        let expose: [String]
        let hasExpose: Bool
        let participation: ParticipationLine
        let compareFrom: [VersionChoice]
        let compareTo: [VersionChoice]
    }

    struct VersionChoice: Sendable {
        let number: String
        let stage: String
        let publishedOn: String
        let selected: Bool
    }

    /// A division (titre, chapitre) with what it holds, or an article, as the outline shows it.
    struct OutlineItem: Sendable {
        let isArticle: Bool
        let label: String?
        let link: String?
        let heading: String?
        let title: String?
        let children: [OutlineItem]
        let hasChildren: Bool
    }

    @Sendable func bill(_ request: Request, context: PageContext) async throws -> Response {
        let version = try Parse.version(optional: request.uri.queryParameters.get("version"))
        return try await cache.respond(
            request, context, bill: try context.slug(), options: [("version", version?.name)]
        ) {
            context in try await renderBill(version: version, context: context)
        }
    }

    func renderBill(version: VersionNumber?, context: PageContext) async throws -> String {
        let strings = site.strings(context.visitor.language)
        let slug = try context.slug()
        let detail = try await engine.bill(slug, version: version)
        let facts = try await engine.participationSummary(of: slug)
        let suffix = version.map { "?version=" + $0.name } ?? ""
        func outline(_ nodes: [StructureNode]) -> [OutlineItem] {
            nodes.map { node in
                let children = outline(node.children ?? [])
                return OutlineItem(
                    isArticle: node.kind == "article", label: node.label,
                    link: node.label.map { "/bills/\(slug.value)/articles/" + Pages.percentEncoded($0) + suffix },
                    heading: node.heading, title: node.title, children: children, hasChildren: !children.isEmpty)
            }
        }
        let choices = detail.versions.map {
            VersionChoice(
                number: $0.number, stage: $0.stage, publishedOn: strings.date($0.publishedAt),
                selected: $0.number == detail.version.number)
        }
        let previous = detail.versions.dropLast().last?.number
        let expose = Pages.paragraphs(detail.exposeDesMotifs ?? "")
        return site.render(
            "bill",
            BillContent(
                slug: slug.value, title: detail.title, number: detail.number, attribution: detail.attribution,
                version: detail.version.number, stage: detail.version.stage,
                publishedOn: strings.date(detail.version.publishedAt),
                latest: detail.version.number == detail.versions.last?.number, versions: choices,
                outline: outline(detail.structure), expose: expose, hasExpose: !expose.isEmpty,
                participation: Self.line(facts.phase, opens: facts.opensAt, closes: facts.closesAt, strings),
                compareFrom: detail.versions.map {
                    VersionChoice(number: $0.number, stage: $0.stage, publishedOn: "", selected: $0.number == previous)
                },
                compareTo: detail.versions.map {
                    VersionChoice(
                        number: $0.number, stage: $0.stage, publishedOn: "",
                        selected: $0.number == detail.versions.last?.number)
                }),
            title: detail.title, visitor: context.visitor)
    }
}

extension Pages {
    /// A text's paragraphs (separated by a blank line: two line feeds, a carriage return before
    /// either counting as none), each trimmed of white space, for `<p>` each. Walks the text once
    /// in Swift (a page shows a paragraph list per comment; Foundation's bridged search and trim
    /// cost more than the rest of the comment).
    static func paragraphs(_ text: String) -> [String] {
        var paragraphs: [String] = []
        func add(_ piece: Substring) {
            let trimmed = piece.drop(while: \.isWhitespace)
            guard let last = trimmed.lastIndex(where: { !$0.isWhitespace }) else { return }
            let paragraph = trimmed[...last]
            paragraphs.append(
                paragraph.utf8.contains(13) ? String(paragraph.replacing("\r\n", with: "\n")) : String(paragraph))
        }
        var start = text.startIndex
        var lineFeed: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "\n" || character == "\r\n" {
                if let previous = lineFeed {
                    add(text[start..<previous])
                    start = next
                    lineFeed = nil
                } else {
                    lineFeed = index
                }
            } else {
                lineFeed = nil
            }
            index = next
        }
        add(text[start...])
        return paragraphs
    }
}
