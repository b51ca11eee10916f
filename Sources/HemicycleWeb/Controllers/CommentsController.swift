import Hemicycle
import Hummingbird

/// Comments on amendments and articles: anyone reads, signed-in people write, authors edit.
struct CommentsController {
    let engine: Engine

    func addRoutes(to router: Router<HemicycleRequestContext>, access: Access) {
        let anyone = access.anyone(router, "/api/v1/bills/:slug")
        anyone.get("amendments/:number/comments", use: listOnAmendment)
        anyone.get("articles/:label/comments", use: listOnArticle)
        let signedIn = access.signedIn(router, "/api/v1/bills/:slug")
        signedIn.post("amendments/:number/comments", use: addOnAmendment)
        signedIn.post("articles/:label/comments", use: addOnArticle)
        signedIn.patch("comments/:id", use: edit)
        signedIn.delete("comments/:id", use: delete)
    }

    /// `{"body": "…"}`, for an edit.
    struct Edit: Decodable {
        var body: String
    }

    @Sendable func listOnAmendment(_ request: Request, context: HemicycleRequestContext) async throws -> CommentList {
        try await engine.comments(
            of: try context.slug(), amendment: try context.amendmentNumber(),
            limit: try request.pageLimit(default: 100), cursor: request.uri.queryParameters.get("cursor"))
    }

    @Sendable func listOnArticle(_ request: Request, context: HemicycleRequestContext) async throws -> CommentList {
        try await engine.comments(
            of: try context.slug(), article: try await context.articleLabel(engine),
            limit: try request.pageLimit(default: 100), cursor: request.uri.queryParameters.get("cursor"))
    }

    @Sendable func addOnAmendment(_ request: Request, context: SignedInContext) async throws -> EditedResponse<
        CommentView
    > {
        let input = try await request.decodeBody(as: CommentInput.self, context: context, example: BodyExample.comment)
        let comment = try await engine.addComment(
            to: try context.slug(), amendment: try context.amendmentNumber(), input,
            by: context.identity)
        return EditedResponse(status: .created, response: comment)
    }

    @Sendable func addOnArticle(_ request: Request, context: SignedInContext) async throws -> EditedResponse<
        CommentView
    > {
        let input = try await request.decodeBody(as: CommentInput.self, context: context, example: BodyExample.comment)
        let comment = try await engine.addComment(
            to: try context.slug(), article: try await context.articleLabel(engine), input, by: context.identity)
        return EditedResponse(status: .created, response: comment)
    }

    @Sendable func edit(_ request: Request, context: SignedInContext) async throws -> HTTPResponse.Status {
        let edit = try await request.decodeBody(as: Edit.self, context: context)
        try await engine.changeComment(
            try Self.id(context), of: try context.slug(), body: edit.body, by: context.identity)
        return .noContent
    }

    @Sendable func delete(_ request: Request, context: SignedInContext) async throws -> HTTPResponse.Status {
        try await engine.changeComment(
            try Self.id(context), of: try context.slug(), body: nil, by: context.identity)
        return .noContent
    }

    static func id(_ context: some RequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")) else {
            throw HemicycleError(.notFound, "comment ids are whole numbers")
        }
        return id
    }
}

extension CommentView: ResponseEncodable {}
