import Foundation
import Hemicycle
import Hummingbird
import HummingbirdCore

/// Makes the `Visitor` of every page request: the language (switch, cookie, `Accept-Language`),
/// the person of the session cookie, and the form token. A session cookie that no longer checks
/// out is cleared and the page is shown as to anyone. The JSON API never reads these cookies: it
/// knows only bearer tokens, so a browser's session grants no call to it.
struct PageSession: RouterMiddleware {
    typealias Context = HemicycleRequestContext
    let engine: Engine

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let cookies = request.cookies
        let switched = request.uri.queryParameters["lang"].flatMap { Language(rawValue: String($0)) }
        let language = Language.choose(
            query: switched?.rawValue, cookie: cookies[Language.cookie]?.value,
            acceptLanguage: request.headers[.acceptLanguage])
        let sessionToken = cookies[Visitor.sessionCookie]?.value
        let identity = if let sessionToken { try await signedIn(sessionToken) } else { Identity?.none }
        let secret: String?
        if identity != nil, let sessionToken {
            secret = sessionToken
        } else if let form = cookies[Visitor.formCookie]?.value, form.utf8.count >= 32, form.utf8.count <= 64 {
            secret = form
        } else {
            secret = nil
        }
        let visitor = Visitor(
            language: language, identity: identity, formSecret: FormSecret(secret),
            address: PageAddress(request.uri), secure: context.overTLS)
        var context = context
        context.identity = identity
        context.visitor = visitor
        var response = try await next(request, context)
        let setting = response.headers[values: .setCookie]
        func sets(_ name: String) -> Bool { setting.contains { $0.hasPrefix(name + "=") } }
        if sessionToken != nil, identity == nil, !sets(Visitor.sessionCookie) {
            response.setCookie(visitor.cookie(Visitor.sessionCookie, "", maxAge: 0))
        }
        if let newFormSecret = visitor.formSecret.madeSecret, !sets(Visitor.formCookie) {
            response.setCookie(visitor.cookie(Visitor.formCookie, newFormSecret))
        }
        if let switched, cookies[Language.cookie]?.value != switched.rawValue {
            response.setCookie(visitor.cookie(Language.cookie, switched.rawValue, maxAge: 365 * 86400))
        }
        response.headers[.vary] = "Cookie, Accept-Language"
        return response
    }

    /// The person a session cookie names; nil when it no longer checks out (expired, signed out).
    private func signedIn(_ token: String) async throws -> Identity? {
        switch await Pages.attempt({ () throws(HemicycleError) in try await engine.authenticate(token: token) }) {
        case .success(let identity): return identity
        case .failure(let error): if error.code == .unauthenticated { return nil } else { throw error }
        }
    }

    /// A path and query items (`name=value`, encoded) with `lang` set to `language` (escaped
    /// where the layout writes it, as every string is).
    static func link(path: String, query: [String], language: Language) -> String {
        // Never `//host…`, which a browser would read as another site.
        let path = path.hasPrefix("//") ? "/" : path
        return path + "?" + (query + ["lang=" + language.rawValue]).joined(separator: "&")
    }
}
