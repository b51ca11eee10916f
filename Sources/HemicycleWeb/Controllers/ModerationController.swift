import Hemicycle
import Hummingbird

/// Reports by anyone signed in; hiding and restoring by staff.
struct ModerationController {
    let engine: Engine

    func addRoutes(to router: Router<HemicycleRequestContext>, access: Access) {
        access.signedIn(router, "/api/v1/reports").post(use: report)
        access.signedIn(router, "/api/v1/reports").get(use: inbox)
        let staff = access.signedIn(router, "/api/v1/bills/:slug")
        staff.post("moderation", use: moderate)
        staff.get("reports", use: reports)
    }

    /// `{"kind": "amendment" | "comment", "target": "12", "hidden": true, "reason": "…"}`.
    struct Decision: Decodable {
        var kind: String
        var target: String
        var hidden: Bool
        var reason: String
    }

    @Sendable func report(_ request: Request, context: SignedInContext) async throws -> EditedResponse<ReportView> {
        let input = try await request.decodeBody(as: ReportInput.self, context: context, example: BodyExample.report)
        return EditedResponse(status: .created, response: try await engine.report(input, by: context.identity))
    }

    @Sendable func moderate(_ request: Request, context: SignedInContext) async throws -> HTTPResponse.Status {
        let decision = try await request.decodeBody(as: Decision.self, context: context)
        try await engine.moderate(
            try Parse.moderatedItem(kind: decision.kind, target: decision.target), on: try context.slug(),
            hidden: decision.hidden, reason: decision.reason, by: context.identity)
        return .noContent
    }

    /// `?state=pending` (the default) or `all`: the moderation inbox of every bill, for staff.
    @Sendable func inbox(_ request: Request, context: SignedInContext) async throws -> ModerationInboxView {
        let state = request.uri.queryParameters.get("state") ?? "pending"
        guard state == "pending" || state == "all" else {
            throw HemicycleError(.invalidInput, "state is pending or all", field: "state")
        }
        return try await engine.moderationInbox(pendingOnly: state == "pending", by: context.identity)
    }

    @Sendable func reports(_ request: Request, context: SignedInContext) async throws -> ReportList {
        try await engine.reports(on: try context.slug(), by: context.identity)
    }
}

extension ReportView: ResponseEncodable {}
extension ReportList: ResponseEncodable {}
extension ModerationInboxView: ResponseEncodable {}
