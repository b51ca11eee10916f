import Hemicycle
import Hummingbird

/// Amendments: anyone reads them; a signed-in person proposes, and the author revises or withdraws.
struct AmendmentsController {
    let engine: Engine

    func addRoutes(to router: Router<HemicycleRequestContext>) {
        let path: RouterPath = "/api/v1/bills/:slug/amendments"
        router.get(path, use: list)
        router.get("/api/v1/bills/:slug/amendments/:number", use: show)
        let signedIn = router.group(path, context: SignedInContext.self)
        signedIn.post(use: propose)
        signedIn.patch(":number", use: revise)
        signedIn.post(":number/withdraw", use: withdraw)
    }

    /// The vote routes, whose token the vote's own write checks: added before the middleware that
    /// looks tokens up.
    func addVoteRoutes(to router: Router<HemicycleRequestContext>) {
        let voter = router.group("/api/v1/bills/:slug/amendments/:number/vote", context: VoterContext.self)
        voter.put(use: vote)
        voter.delete(use: withdrawVote)
    }

    @Sendable func list(_ request: Request, context: HemicycleRequestContext) async throws -> AmendmentList {
        let query = request.uri.queryParameters
        let limit = try request.pageLimit(default: 50)
        return try await engine.amendments(
            of: try context.parameters.require("slug"), state: query.get("state"), article: query.get("article"),
            sort: query.get("sort"), limit: limit, cursor: query.get("cursor"))
    }

    @Sendable func show(_ request: Request, context: HemicycleRequestContext) async throws -> Response {
        let number = try Self.number(context)
        let slug = try context.parameters.require("slug")
        let tag = try await engine.amendmentTag(number, of: slug)
        if let unchanged = ConditionalGet.notModified(request, tag: tag) { return unchanged }
        let view = try await engine.amendment(number, of: slug)
        return ConditionalGet.tagged(
            try context.responseEncoder.encode(view, from: request, context: context), tag: tag)
    }

    @Sendable func propose(_ request: Request, context: SignedInContext) async throws -> EditedResponse<AmendmentView> {
        let input = try await request.decode(as: AmendmentInput.self, context: context)
        let amendment = try await engine.proposeAmendment(
            to: try context.parameters.require("slug"), input, by: context.identity)
        return EditedResponse(status: .created, response: amendment)
    }

    @Sendable func revise(_ request: Request, context: SignedInContext) async throws -> AmendmentView {
        let input = try await request.decode(as: AmendmentInput.self, context: context)
        return try await engine.reviseAmendment(
            try Self.number(context), of: try context.parameters.require("slug"), input, by: context.identity)
    }

    @Sendable func withdraw(_ request: Request, context: SignedInContext) async throws -> AmendmentView {
        try await engine.withdrawAmendment(
            try Self.number(context), of: try context.parameters.require("slug"), by: context.identity)
    }

    /// `{"value": "for" | "against" | "abstain"}`.
    struct VoteBody: Decodable {
        var value: String
    }

    @Sendable func vote(_ request: Request, context: VoterContext) async throws -> VoteView {
        let body = try await request.decode(as: VoteBody.self, context: context)
        return try await engine.vote(
            body.value, on: try Self.number(context), of: try context.parameters.require("slug"), token: context.token)
    }

    @Sendable func withdrawVote(_ request: Request, context: VoterContext) async throws -> HTTPResponse.Status {
        try await engine.withdrawVote(
            on: try Self.number(context), of: try context.parameters.require("slug"), token: context.token)
        return .noContent
    }

    static func number(_ context: some RequestContext) throws -> Int {
        guard let number = Int(try context.parameters.require("number")) else {
            throw HemicycleError(.notFound, "amendment numbers are whole numbers")
        }
        return number
    }
}

extension AmendmentView: ResponseEncodable {}
extension AmendmentList: ResponseEncodable {}
