import HTTPTypes
import Hummingbird

/// Conditional requests: an answer that has not changed since the client's copy is a 304 with
/// no body, so repeated reads of the same amendment or comparison cost a tag, not a diff.
enum ConditionalGet {
    /// 304 when the request's `If-None-Match` names `tag` (or `*`); nil when the answer is due.
    /// The 304 carries the tag, `cacheControl` and `vary` (none when nil) as the answer would.
    static func notModified(
        _ request: Request, tag: String, cacheControl: String = "no-cache", vary: String? = "Authorization"
    ) -> Response? {
        guard let header = request.headers[.ifNoneMatch] else { return nil }
        // A browser sends back the one tag it holds: compared whole before any list is parsed.
        guard header == tag || names(header, tag) else { return nil }
        var headers: HTTPFields = [.eTag: tag, .cacheControl: cacheControl]
        if let vary { headers[.vary] = vary }
        return Response(status: .notModified, headers: headers)
    }

    /// Whether an `If-None-Match` list names `tag` (weakly or not) or is `*`.
    private static func names(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").contains { listed in
            var listed = listed.drop { $0 == " " || $0 == "\t" }
            while let last = listed.last, last == " " || last == "\t" { listed = listed.dropLast() }
            if listed.hasPrefix("W/") { listed = listed.dropFirst(2) }
            return listed == tag || listed == "*"
        }
    }

    /// The answer with its tag, for the client to send back next time.
    static func tagged(_ response: Response, tag: String) -> Response {
        var response = response
        response.headers[.eTag] = tag
        response.headers[.cacheControl] = "no-cache"
        // An amendment's answer holds the caller's own vote: a shared cache keeps one per caller.
        response.headers[.vary] = "Authorization"
        return response
    }
}
