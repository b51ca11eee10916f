import Foundation
import Hemicycle
import Hummingbird

/// Turns the errors of page routes into pages: a person who must sign in is sent to the sign-in
/// page and back; anything else is a page in their language that says what went wrong, with the
/// status the JSON API would give. Errors the engine did not classify go on to `ErrorMiddleware`,
/// which logs them and answers without internals.
struct PageErrors: RouterMiddleware {
    typealias Context = HemicycleRequestContext
    let site: Site

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HemicycleError where error.code != .internal {
            guard let visitor = context.visitor else { throw error }
            if error.code == .unauthenticated, request.method == .get {
                return Pages.redirect(to: "/login?next=" + Pages.percentEncoded(request.uri.description))
            }
            var response = Pages.error(
                site, visitor: visitor, message: site.strings(visitor.language).message(error),
                status: error.code.httpStatus)
            if let seconds = error.retryAfter { response.headers[.retryAfter] = String(seconds) }
            return response
        } catch let error as HTTPError where error.status.code < 500 {
            guard let visitor = context.visitor else { throw error }
            let strings = site.strings(visitor.language)
            let code = HemicycleError.Code.forStatus(error.status)
            return Pages.error(site, visitor: visitor, message: strings["error." + code.rawValue], status: error.status)
        }
    }
}

/// Helpers every page controller shares.
enum Pages {
    /// A 303 to `location`: the answer to a form that did its work.
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// Text as one segment of a path or one value of a query: every byte but ASCII letters,
    /// digits and `-._~` percent-encoded (`2 bis` → `2%20bis`, `/account` → `%2Faccount`).
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// Bytes as URL-safe Base64 without padding, for cookies and form tokens.
    /// Encoded byte by byte: it runs on every page request of a visitor without cookies.
    static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        return String(unsafeUninitializedCapacity: (input.count * 4 + 2) / 3) { text in
            var out = 0
            var index = 0
            while index < input.count {
                let count = min(3, input.count - index)
                var group = UInt32(input[index]) << 16
                if count > 1 { group |= UInt32(input[index + 1]) << 8 }
                if count > 2 { group |= UInt32(input[index + 2]) }
                for position in 0...count {
                    text[out] = base64URLDigits[Int((group >> (18 - 6 * UInt32(position))) & 0x3f)]
                    out += 1
                }
                index += 3
            }
            return out
        }
    }

    private static let base64URLDigits = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Where to go after signing in: a path of ours, never another site (`//evil`, `/\evil`).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
            !next.contains(where: { $0.isNewline || $0 == "\\" }), next.utf8.count <= 2048
        else { return "/" }
        return next
    }

    /// The outcome of an engine call as a value, so a page can show a refusal beside its form.
    /// (A typed `catch … where` crashes swiftc 6.3.1 here, as STYLE.md warns.)
    static func attempt<T>(_ body: () async throws(HemicycleError) -> T) async -> Result<T, HemicycleError> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    struct ErrorContent: Sendable {
        let message: String
        let status: Int
    }

    /// The page that says what went wrong.
    static func error(_ site: Site, visitor: Visitor, message: String, status: HTTPResponse.Status) -> Response {
        let strings = site.strings(visitor.language)
        return site.page(
            "error", ErrorContent(message: message, status: status.code), title: strings["error.title"],
            visitor: visitor, status: status)
    }
}
