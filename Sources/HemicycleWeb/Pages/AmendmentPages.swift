import Foundation
import Hemicycle
import Hummingbird
import Legislation

/// An amendment's page: its diff inline or side by side, its dispositif in legistic wording, the
/// exposé, the tallies and the rule's explanation, the reader's own vote with the buttons to
/// change it, the rapporteur's opinion and decision once queued, the comments, and reporting.
struct AmendmentPages {
    let engine: Engine
    let site: Site
    let cache: PageCache

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.get("/bills/:slug/amendments/:number", use: amendment)
        group.post("/bills/:slug/amendments/:number/vote", use: vote)
        group.post("/bills/:slug/amendments/:number/comments", use: comment)
        group.post("/bills/:slug/reports", use: report)
    }

    struct AmendmentContent: Sendable {
        let slug: String
        let billTitle: String
        let number: Int
        let link: String
        let title: String
        let hidden: Bool
        let summary: [String]
        let state: String
        let author: String
        let baseVersion: String
        let proposedOn: String
        let articles: [ArticleLink]
        let sideBySide: Bool
        let diffs: [DiffBlock]
        let dispositif: [String]
        let tally: TallyBlock
        let earlier: TallyBlock?
        let criteria: [Criterion]
        let hasRule: Bool
        let promoted: Bool
        let votes: [VoteButton]
        let myVote: String?
        let myVoteStale: Bool
        let canVote: Bool
        let review: Review?
        let conflict: String?
        let comments: CommentsBlock
        let notice: String?
    }

    struct ArticleLink: Sendable {
        let label: String
        let link: String
    }

    /// One article's diff, as the diff renderer wrote it (escaped there, shown as is here).
    struct DiffBlock: Sendable {
        let label: String
        let change: String
        let html: String
    }

    struct TallyBlock: Sendable {
        let supports: String
        let against: String
        let abstain: String
    }

    struct Criterion: Sendable {
        let text: String
        let met: Bool
    }

    struct VoteButton: Sendable {
        let value: String
        let text: String
        let pressed: Bool
    }

    struct Review: Sendable {
        let opinion: String?
        let comment: String?
        let decision: String?
    }

    @Sendable func amendment(_ request: Request, context: PageContext) async throws -> Response {
        let query = request.uri.queryParameters
        let options = Options(
            sideBySide: query.get("view") == "table", byThread: query.get("comments") != "date",
            reported: query.get("reported") != nil)
        return try await cache.respond(
            request, context, bill: try context.slug(),
            options: [
                ("view", options.sideBySide ? "table" : nil), ("comments", options.byThread ? nil : "date"),
                ("reported", options.reported ? "1" : nil),
            ]
        ) { context in try await renderAmendment(options, context: context) }
    }

    /// What an amendment page reads from its address.
    struct Options: Sendable {
        let sideBySide: Bool
        let byThread: Bool
        let reported: Bool
    }

    func renderAmendment(_ options: Options, context: PageContext) async throws -> String {
        let strings = site.strings(context.visitor.language)
        let slug = try context.slug()
        let number = try context.amendmentNumber()
        let identity = context.visitor.identity
        let sideBySide = options.sideBySide
        // The reads are independent: made at once, waited for in order (the first to fail says why).
        async let viewRead = engine.amendment(number, of: slug, withDiff: false, for: identity)
        async let billRead = engine.bill(slug)
        async let renderedRead = engine.amendmentDiff(number, of: slug, format: sideBySide ? .sideBySide : .html)
        async let legisticRead = engine.amendmentDiff(number, of: slug, format: .legistic)
        async let commentsRead = CommentThread.all(engine, of: slug, amendment: number)
        let view = try await viewRead
        let bill = try await billRead
        let rendered = try await renderedRead
        let legistic = try await legisticRead
        let byThread = options.byThread
        let comments = try await commentsRead
        let base = "/bills/\(slug.value)/amendments/\(number.value)"
        let current = view.myVote
        let content = AmendmentContent(
            slug: slug.value, billTitle: bill.title, number: number.value, link: base,
            title: view.hidden ? strings["amendment.hiddenTitle"] : view.title, hidden: view.hidden,
            summary: Pages.paragraphs(view.summary), state: strings["state." + view.state], author: view.author,
            baseVersion: view.baseVersion, proposedOn: strings.date(view.createdAt),
            articles: view.articles.map {
                ArticleLink(label: $0, link: "/bills/\(slug.value)/articles/" + Pages.percentEncoded($0))
            },
            sideBySide: sideBySide,
            diffs: (rendered?.diff ?? []).map {
                DiffBlock(label: $0.label, change: strings["change." + $0.change], html: $0.rendered ?? "")
            },
            dispositif: (legistic?.diff ?? []).compactMap(\.rendered).flatMap(Pages.paragraphs),
            tally: TallyBlock(view.tally, strings),
            earlier: view.earlierTally == Tally() ? nil : TallyBlock(view.earlierTally, strings),
            criteria: (view.promotion?.criteria ?? []).map { Criterion(text: Self.explain($0, strings), met: $0.met) },
            hasRule: !(view.promotion?.criteria ?? []).isEmpty, promoted: view.promotion?.promoted ?? false,
            votes: ["for", "against", "abstain"].map {
                VoteButton(value: $0, text: strings["vote." + $0], pressed: current?.value == $0)
            },
            myVote: current.map { strings["vote." + $0.value] },
            myVoteStale: current.map { !$0.onCurrentText } ?? false,
            canVote: bill.participation == "open" && ["proposed", "promoted"].contains(view.state),
            review: view.review.flatMap { $0.opinion == nil && $0.decision == nil ? nil : $0 }.map {
                Review(
                    opinion: $0.opinion.map { strings["opinion." + $0] }, comment: $0.comment,
                    decision: $0.decision.map { strings["decision." + $0] })
            },
            conflict: view.conflict.map { strings.format("amendment.conflict", ["stake": $0.stake]) },
            comments: CommentsBlock(
                threads: CommentThread.arrange(comments, byThread: byThread, strings: strings),
                count: strings.number(comments.count), empty: comments.isEmpty, byThread: byThread,
                action: base + "/comments", back: base, slug: slug.value),
            notice: options.reported ? strings["report.sent"] : nil)
        return site.render(
            "amendment", content,
            title: strings.format("amendment.numbered", ["number": String(number.value)]) + " — " + bill.title,
            visitor: context.visitor)
    }

    /// A criterion of the rule in words: "142 soutiens ≥ 100".
    static func explain(_ result: CriterionResult, _ strings: Strings) -> String {
        if strings.language == .en { return result.explanation }
        func whole(_ value: Double) -> String { strings.number(Int(value)) }
        func percent(_ value: Double) -> String {
            (value * 100).formatted(.number.precision(.fractionLength(0...1)).locale(strings.language.locale)) + " %"
        }
        let (value, threshold): (String, String) =
            switch result.criterion {
            case "minimumShare": (percent(result.value), percent(result.threshold))
            default: (whole(result.value), whole(result.threshold))
            }
        return strings.format(
            "criterion." + result.criterion + (result.met ? ".met" : ".unmet"),
            ["value": value, "threshold": threshold])
    }

    @Sendable func vote(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try context.signedIn()
        let slug = try context.slug()
        let number = try context.amendmentNumber()
        let value = context.fields["value"] ?? ""
        if value == "withdraw" {
            try await engine.withdrawVote(on: number, of: slug, token: identity.token)
        } else {
            _ = try await engine.vote(try Parse.voteValue(value), on: number, of: slug, token: identity.token)
        }
        return Pages.redirect(to: "/bills/\(slug.value)/amendments/\(number.value)#vote")
    }

    @Sendable func comment(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try context.signedIn()
        let slug = try context.slug()
        let number = try context.amendmentNumber()
        let added = try await engine.addComment(
            to: slug, amendment: number, CommentPages.input(context.fields), by: identity)
        return Pages.redirect(to: "/bills/\(slug.value)/amendments/\(number.value)#commentaire-\(added.id)")
    }

    @Sendable func report(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try context.signedIn()
        let slug = try context.slug()
        let fields = context.fields
        _ = try await engine.report(
            ReportInput(
                bill: slug.value, kind: fields["kind"] ?? "", target: fields["target"] ?? "", reason: fields["reason"]),
            by: identity)
        let back = Pages.safeNext(fields["back"])
        return Pages.redirect(to: back + (back.contains("?") ? "&" : "?") + "reported=1")
    }
}

extension AmendmentPages.TallyBlock {
    init(_ tally: Tally, _ strings: Strings) {
        supports = strings.number(tally.for)
        against = strings.number(tally.against)
        abstain = strings.number(tally.abstain)
    }
}
