import Foundation
import Hemicycle
import Hummingbird

/// Reads `Authorization: Bearer <token>` and puts the identity in the context. No header: the
/// request goes on anonymous; a header that does not check out: 401, so a client never mistakes
/// an expired session for anonymous access.
struct BearerAuthentication: RouterMiddleware {
    let engine: Engine

    func handle(
        _ request: Request, context: HemicycleRequestContext,
        next: (Request, HemicycleRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw HemicycleError(.unauthenticated, "the Authorization header must read `Bearer <token>`")
        }
        var context = context
        context.identity = try await engine.authenticate(token: String(parts[1]))
        return try await next(request, context)
    }
}

/// The context of routes that need a signed-in person: it cannot be made without an identity, so
/// no such handler can be reached anonymously.
struct SignedInContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The person making the request.
    let identity: Identity

    init(context: HemicycleRequestContext) throws {
        guard let identity = context.identity else {
            throw HemicycleError(.unauthenticated, "sign in first: send `Authorization: Bearer <token>`")
        }
        coreContext = context.coreContext
        self.identity = identity
    }

    var responseEncoder: JSONEncoder { HemicycleRequestContext.encoder }
    var requestDecoder: JSONDecoder { HemicycleRequestContext.decoder }
}
