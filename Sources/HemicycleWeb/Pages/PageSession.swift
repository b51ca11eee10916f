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
        var newFormSecret: String?
        let secret: String
        if identity != nil, let sessionToken {
            secret = sessionToken
        } else if let form = cookies[Visitor.formCookie]?.value, form.utf8.count >= 32, form.utf8.count <= 64 {
            secret = form
        } else {
            let fresh = Self.randomSecret()
            newFormSecret = fresh
            secret = fresh
        }
        let visitor = Visitor(
            language: language, identity: identity, csrfToken: Visitor.csrfToken(secret: secret),
            switchLink: Self.link(request.uri, language: language.other), secure: context.overTLS)
        var context = context
        context.identity = identity
        context.visitor = visitor
        var response = try await next(request, context)
        let setting = response.headers[values: .setCookie]
        func sets(_ name: String) -> Bool { setting.contains { $0.hasPrefix(name + "=") } }
        if sessionToken != nil, identity == nil, !sets(Visitor.sessionCookie) {
            response.setCookie(visitor.cookie(Visitor.sessionCookie, "", maxAge: 0))
        }
        if let newFormSecret, !sets(Visitor.formCookie) {
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

    /// 32 random bytes, URL-safe.
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Pages.base64URL(bytes)
    }

    /// The same address in another language.
    static func link(_ uri: URI, language: Language) -> String {
        var components = URLComponents()
        components.path = uri.path
        var items = (URLComponents(string: uri.description)?.queryItems ?? []).filter { $0.name != "lang" }
        items.append(URLQueryItem(name: "lang", value: language.rawValue))
        components.queryItems = items
        return components.string ?? (uri.path + "?lang=" + language.rawValue)
    }
}
