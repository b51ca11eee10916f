import Foundation
import Hemicycle
import Hummingbird
import Legislation

/// The moderation inbox: reported amendments and comments of every bill with the reports'
/// reasons and the last decision, and the forms to hide or restore each with a reason.
struct ModerationPages {
    let engine: Engine
    let site: Site

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.get("/staff/moderation", use: inbox)
        group.post("/staff/moderation", use: decide)
    }

    struct InboxContent: Sendable {
        let pendingOnly: Bool
        let items: [Item]
        let empty: Bool
        let error: String?
        let notice: String?
    }

    struct Item: Sendable {
        let anchor: String
        let bill: String
        let kind: String
        let kindText: String
        let target: String
        let link: String?
        let excerpt: String?
        let reports: String
        let lastReported: String
        let reasons: [String]
        let hidden: Bool
        let status: String
        let decisionReason: String?
        let pending: Bool
        let back: String
    }

    @Sendable func inbox(_ request: Request, context: PageContext) async throws -> Response {
        try await page(
            context, pendingOnly: request.uri.queryParameters.get("state") != "all", error: nil,
            notice: request.uri.queryParameters.get("done") != nil)
    }

    func page(_ context: PageContext, pendingOnly: Bool, error: HemicycleError?, notice: Bool) async throws -> Response
    {
        let identity = try StaffPages.staff(context)
        let strings = site.strings(context.visitor.language)
        let inbox = try await engine.moderationInbox(pendingOnly: pendingOnly, by: identity)
        let items = inbox.items.map { entry in
            let link: String? =
                switch (entry.kind, entry.onKind, entry.on) {
                case ("amendment", _, _): "/bills/\(entry.bill)/amendments/\(entry.target)"
                case ("comment", "amendment"?, let number?):
                    "/bills/\(entry.bill)/amendments/\(number)#commentaire-\(entry.target)"
                case ("comment", "article"?, let label?):
                    "/bills/\(entry.bill)/articles/\(Pages.percentEncoded(label))#commentaire-\(entry.target)"
                default: nil
                }
            let status =
                switch (entry.hidden, entry.decidedBy) {
                case (true, "system"?): strings["moderation.hiddenByReports"]
                case (true, _): strings["moderation.hiddenByStaff"]
                case (false, "staff"?): strings["moderation.restored"]
                default: strings["moderation.visible"]
                }
            return Item(
                anchor: "signalement-\(entry.bill)-\(entry.kind)-\(entry.target)", bill: entry.bill, kind: entry.kind,
                kindText: strings["moderation.kind." + entry.kind], target: entry.target, link: link,
                excerpt: entry.excerpt, reports: strings.number(entry.reports),
                lastReported: strings.date(entry.lastReportedAt), reasons: entry.reasons, hidden: entry.hidden,
                status: status, decisionReason: entry.decidedBy == "staff" ? entry.decisionReason : nil,
                pending: entry.pending, back: pendingOnly ? "/staff/moderation" : "/staff/moderation?state=all")
        }
        return site.page(
            "moderation",
            InboxContent(
                pendingOnly: pendingOnly, items: items, empty: items.isEmpty, error: error.map(strings.message),
                notice: notice ? strings["staff.saved"] : nil),
            title: strings["moderation.title"], visitor: context.visitor,
            status: error.map { $0.code == .invalidInput ? .unprocessableContent : $0.code.httpStatus } ?? .ok)
    }

    @Sendable func decide(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try StaffPages.staff(context)
        let fields = context.fields
        let result = await Pages.attempt { () throws(HemicycleError) in
            let slug = try Parse.slug(fields["bill"] ?? "")
            let item = try Parse.moderatedItem(kind: fields["kind"] ?? "", target: fields["target"] ?? "")
            try await engine.moderate(
                item, on: slug, hidden: fields["hidden"] == "true", reason: fields["reason"] ?? "", by: identity)
        }
        switch result {
        case .success:
            let back = Pages.safeNext(fields["back"])
            return Pages.redirect(to: back + (back.contains("?") ? "&" : "?") + "done=1")
        case .failure(let error) where error.code != .internal:
            return try await page(
                context, pendingOnly: fields["back"]?.contains("all") != true, error: error, notice: false)
        case .failure(let error): throw error
        }
    }
}
