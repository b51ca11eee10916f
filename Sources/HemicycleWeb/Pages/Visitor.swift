import Crypto
import Foundation
import Hemicycle
import Hummingbird
import HummingbirdCore
import Legislation

/// The person reading a page: their language, who they are when signed in, and the token their
/// forms must carry.
struct Visitor: Sendable {
    /// The language pages are written in for them.
    var language: Language
    /// The signed-in person, from the session cookie.
    var identity: Identity?
    /// The secret their form tokens derive from.
    let formSecret: FormSecret
    /// The token every form of theirs carries (see `FormGuard`).
    var csrfToken: String { formSecret.token }
    /// The page's address, for the language switch.
    var address: PageAddress
    /// The current address with the other language chosen: the language switch, written only
    /// when a page is rendered (a 304 needs none).
    var switchLink: String { address.link(language: language.other) }
    /// Whether the request came over TLS (through a trusted proxy), so cookies are `Secure`.
    var secure: Bool

    /// The signed-in person as the layout shows them.
    var me: Me? { identity.map { Me($0.account) } }

    /// The session cookie's name.
    static let sessionCookie = "hemicycle_session"
    /// The cookie that keys the form token before anyone signs in.
    static let formCookie = "hemicycle_form"

    /// The form token of a secret: the session token when signed in, else the form cookie. It can
    /// only be computed by someone who holds the secret, which an `HttpOnly` cookie keeps from
    /// scripts and other sites.
    static func csrfToken(secret: String) -> String {
        let digest = SHA256.hash(data: Data(("hemicycle-form\u{0}" + secret).utf8))
        return Pages.base64URL(digest)
    }

    /// A cookie of the pages: `HttpOnly`, `SameSite=Lax`, `Secure` over TLS.
    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}

/// Where a page is, as its language switch links to it: the path, and either the query items the
/// page names itself (`PageCache.respond`) or the request's own query less its `lang`.
struct PageAddress: Sendable {
    let path: String
    let requestQuery: String?
    /// The page's own query items (`name=value`, encoded), when it names them.
    var items: [String]?

    init(_ uri: URI) {
        path = uri.path
        requestQuery = uri.query
    }

    /// The address with `lang` set to `language`.
    func link(language: Language) -> String {
        let query =
            items
            ?? (requestQuery ?? "").split(separator: "&").filter { $0 != "lang" && !$0.hasPrefix("lang=") }.map(
                String.init)
        return PageSession.link(path: path, query: query, language: language)
    }
}

/// The secret a visitor's form tokens derive from: the session token when signed in, else the
/// form cookie; for a visitor with neither, a fresh one made when a page first shows them a form
/// (most pages read anonymously show none, and their answers set no cookie).
final class FormSecret: @unchecked Sendable {
    private let lock = NSLock()
    private var secret: String?
    private var cachedToken: String?
    private var made = false

    init(_ secret: String?) { self.secret = secret }

    /// The form token, making the secret first when there is none.
    var token: String {
        lock.withLock {
            if let cachedToken { return cachedToken }
            let secret = self.secret ?? Self.random()
            if self.secret == nil {
                self.secret = secret
                made = true
            }
            let token = Visitor.csrfToken(secret: secret)
            cachedToken = token
            return token
        }
    }

    /// The secret made for this request, which the answer sets as the form cookie; nil when none was.
    var madeSecret: String? { lock.withLock { made ? secret : nil } }

    /// 32 random bytes, URL-safe.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Pages.base64URL(bytes)
    }
}

/// The signed-in person as pages show them.
struct Me: Sendable {
    let handle: String
    let role: String
    let isStaff: Bool
    let reviews: Bool

    init(_ account: Account) {
        handle = account.handle.value
        role = account.role.rawValue
        isStaff = account.role >= .staff
        reviews = account.role >= .rapporteur
    }
}
