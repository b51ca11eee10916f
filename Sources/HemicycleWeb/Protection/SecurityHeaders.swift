import HTTPTypes
import Hummingbird

/// The headers every answer carries, pages and API alike: Hummingbird's Content-Security-Policy
/// middleware with a policy that allows no script at all and styles only from our own stylesheet
/// (so even markup slipped past the escaping could run nothing), no framing by any site, and
/// `nosniff`; plus a `Referrer-Policy` that sends no address of ours to other sites.
enum SecurityHeaders {
    static let policy: ContentSecurityPolicy = [
        .defaultSrc(.none), .styleSrc(.self), .imgSrc(.self), .formAction(.self), .frameAncestors(.none),
        .baseURI(.none),
    ]

    static func add<Context: RequestContext>(to router: Router<Context>) {
        router.add(middleware: ContentSecurityMiddleware(contentSecurityPolicy: policy))
        router.add(middleware: ReferrerPolicy())
    }
}

/// `Referrer-Policy: same-origin` on every answer.
struct ReferrerPolicy<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[.referrerPolicy] = "same-origin"
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
