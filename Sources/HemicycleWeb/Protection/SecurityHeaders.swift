import HTTPTypes
import Hummingbird

/// The headers every answer carries, pages and API alike: a Content-Security-Policy that allows
/// no script at all and styles only from our own stylesheet (so even markup slipped past the
/// escaping could run nothing), no framing by any site, `nosniff`, and a `Referrer-Policy` that
/// sends no address of ours to other sites. An answer that sets its own policy keeps it (the
/// printable liasse carries its style inline, and no script either).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    /// The policy of every answer that sets none, in Hummingbird's policy builder.
    static var policy: ContentSecurityPolicy {
        [
            .defaultSrc(.none), .styleSrc(.self), .imgSrc(.self), .formAction(.self), .frameAncestors(.none),
            .baseURI(.none),
        ]
    }

    /// The policy of a self-contained HTML document: its own inline style, nothing else.
    static var documentPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    }

    /// The policy's text, written once.
    private let policyText = Self.policy.description

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = policyText
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
