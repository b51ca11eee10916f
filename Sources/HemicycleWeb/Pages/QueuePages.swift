import Foundation
import Hemicycle
import Hummingbird
import Legislation

/// The rapporteur's queue: the promoted amendments grouped by article, competing ones flagged,
/// the opinion and decision forms, the exports as downloads, and adoption once participation is
/// closed. Anyone may read the queue, as the API allows; the engine says who may act on it.
struct QueuePages {
    let engine: Engine
    let site: Site

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.get("/bills/:slug/queue", use: queue)
        group.post("/bills/:slug/queue/:number/opinion", use: opinion)
        group.post("/bills/:slug/queue/:number/decision", use: decision)
        group.post("/bills/:slug/adoption", use: adopt)
    }

    struct QueueContent: Sendable {
        let slug: String
        let billTitle: String
        let count: String
        let empty: Bool
        let rapporteurs: String
        let reviewer: Bool
        let articles: [ArticleGroup]
        let exports: [Export]
        let canAdopt: Bool
        let participationOpen: Bool
        let notice: String?
    }

    struct ArticleGroup: Sendable {
        let label: String
        let anchor: String
        let link: String
        let amendments: [Queued]
    }

    struct Queued: Sendable {
        let number: Int
        let link: String
        let title: String
        let author: String
        let supports: String
        let against: String
        let alineas: String
        let competing: [Competing]
        let isCompeting: Bool
        let explanation: [AmendmentPages.Criterion]
        let opinion: String?
        let opinionComment: String?
        let decision: String?
        let opinions: [ProposalPages.Choice]
        let decisions: [ProposalPages.Choice]
        let decided: Bool
    }

    struct Competing: Sendable {
        let number: Int
        let link: String
    }

    struct Export: Sendable {
        let text: String
        let link: String
        /// Saved as a file; the liasse opens as a page, to read or print.
        let download: Bool
    }

    @Sendable func queue(_ request: Request, context: PageContext) async throws -> Response {
        let strings = site.strings(context.visitor.language)
        let slug = try context.slug()
        let bill = try await engine.bill(slug)
        let queue = try await engine.queue(of: slug)
        let me = context.visitor.identity?.account
        let reviewer = me.map { $0.role >= .staff || queue.rapporteurs.contains($0.handle.value) } ?? false
        let amendments = "/bills/\(slug.value)/amendments/"
        let groups = queue.articles.map { group in
            ArticleGroup(
                label: group.article,
                anchor: "article-" + group.article.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined(),
                link: "/bills/\(slug.value)/articles/" + Pages.percentEncoded(group.article),
                amendments: group.amendments.map { item in
                    Queued(
                        number: item.number.value, link: amendments + "\(item.number.value)", title: item.title,
                        author: item.author, supports: strings.number(item.tally.for),
                        against: strings.number(item.tally.against),
                        alineas: item.alineas.map(String.init).joined(separator: ", "),
                        competing: item.competing.map { Competing(number: $0, link: amendments + "\($0)") },
                        isCompeting: !item.competing.isEmpty,
                        explanation: item.promotion.criteria.map {
                            AmendmentPages.Criterion(text: AmendmentPages.explain($0, strings), met: $0.met)
                        },
                        opinion: item.review.opinion.map { strings["opinion." + $0] },
                        opinionComment: item.review.comment,
                        decision: item.review.decision.map { strings["decision." + $0] },
                        opinions: Opinion.allCases.map {
                            ProposalPages.Choice(
                                value: $0.rawValue, text: strings["opinion." + $0.rawValue],
                                selected: $0.rawValue == item.review.opinion)
                        },
                        decisions: Decision.allCases.map {
                            ProposalPages.Choice(
                                value: $0.rawValue, text: strings["decision." + $0.rawValue], selected: false)
                        }, decided: item.review.decision != nil)
                })
        }
        let export = "/api/v1/bills/\(slug.value)/export?selection=queue&format="
        let content = QueueContent(
            slug: slug.value, billTitle: bill.title, count: strings.number(queue.count), empty: queue.count == 0,
            rapporteurs: queue.rapporteurs.isEmpty
                ? strings["queue.noRapporteur"] : queue.rapporteurs.joined(separator: ", "),
            reviewer: reviewer, articles: groups,
            exports: [
                Export(text: strings["queue.export.liasse"], link: export + "liasse", download: false),
                Export(text: strings["queue.export.csv"], link: export + "csv", download: true),
                Export(text: strings["queue.export.akn"], link: export + "akn", download: true),
            ],
            canAdopt: reviewer && bill.participation == "closed", participationOpen: bill.participation != "closed",
            notice: request.uri.queryParameters.get("done").map { _ in strings["queue.saved"] })
        return site.page(
            "queue", content, title: strings["queue.title"] + " — " + bill.title, visitor: context.visitor)
    }

    @Sendable func opinion(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try context.signedIn()
        let slug = try context.slug()
        let number = try context.amendmentNumber()
        _ = try await engine.giveOpinion(
            try Parse.opinion(context.fields["opinion"] ?? ""), comment: context.fields["comment"] ?? "", on: number,
            of: slug, by: identity)
        return Pages.redirect(to: "/bills/\(slug.value)/queue?done=1#amendement-\(number.value)")
    }

    @Sendable func decision(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try context.signedIn()
        let slug = try context.slug()
        let number = try context.amendmentNumber()
        _ = try await engine.decide(
            try Parse.decision(context.fields["decision"] ?? ""), on: number, of: slug, by: identity)
        return Pages.redirect(to: "/bills/\(slug.value)/queue?done=1#amendement-\(number.value)")
    }

    @Sendable func adopt(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try context.signedIn()
        let slug = try context.slug()
        let stage = context.fields["stage"].map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let before = try await engine.bill(slug).version.number
        let adoption = try await engine.adopt(slug, stage: stage.isEmpty ? "Texte adopté" : stage, by: identity)
        return Pages.redirect(to: "/bills/\(slug.value)/compare?from=\(before)&to=\(adoption.version)")
    }
}
