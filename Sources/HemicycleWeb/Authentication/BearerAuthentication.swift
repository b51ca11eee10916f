import Foundation
import Hemicycle
import Hummingbird

/// Reads `Authorization: Bearer <token>` into the context, without looking it up. No header: the
/// request goes on anonymous; a header of another form: 401.
struct BearerTokenReader: RouterMiddleware {
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
        context.token = BearerToken(String(parts[1]))
        return try await next(request, context)
    }
}

/// Puts the identity of the request's token in the context; a token that does not check out: 401,
/// so a client never mistakes an expired session for anonymous access.
struct BearerAuthentication: RouterMiddleware {
    let engine: Engine

    func handle(
        _ request: Request, context: HemicycleRequestContext,
        next: (Request, HemicycleRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let token = context.token else { return try await next(request, context) }
        var context = context
        context.identity = try await engine.authenticate(token)
        return try await next(request, context)
    }
}

/// What a request without a token that needs one is told.
private let signInFirst = "sign in first: send `Authorization: Bearer <token>`"

/// The context of routes that need a signed-in person: it cannot be made without an identity, so
/// no such handler can be reached anonymously.
struct SignedInContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The person making the request.
    let identity: Identity

    init(context: HemicycleRequestContext) throws {
        guard let identity = context.identity else { throw HemicycleError(.unauthenticated, signInFirst) }
        coreContext = context.coreContext
        self.identity = identity
    }

    var maxUploadSize: Int { HemicycleRequestContext.maximumBodySize }
    var responseEncoder: JSONEncoder { HemicycleRequestContext.encoder }
    var requestDecoder: JSONDecoder { HemicycleRequestContext.decoder }
}

/// The context of the vote routes: a token is required, and the vote's own write checks it (so a
/// vote pays one database access, not a lookup and then a write).
struct VoterContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The token the vote is cast with.
    let token: BearerToken

    init(context: HemicycleRequestContext) throws {
        guard let token = context.token else { throw HemicycleError(.unauthenticated, signInFirst) }
        coreContext = context.coreContext
        self.token = token
    }

    var maxUploadSize: Int { HemicycleRequestContext.maximumBodySize }
    var responseEncoder: JSONEncoder { HemicycleRequestContext.encoder }
    var requestDecoder: JSONDecoder { HemicycleRequestContext.decoder }
}
