import Hemicycle
import Hummingbird

/// Refuses what can be refused from the head alone, before a byte of the body is read: a
/// `Content-Length` over the route's limit (413), and a body that is not JSON on the JSON API
/// (415). Bodies without a length (chunked) are still cut at the context's upload limit.
struct EarlyRefusal<Context: RequestContext>: RouterMiddleware {
    /// The largest body each kind of route reads.
    static func limit(for path: String) -> Int {
        if path.hasSuffix("/vote") { return 4 << 10 }
        if path == "/api/v1/sessions" || path == "/api/v1/accounts" { return 16 << 10 }
        if path.hasSuffix("/comments") || path.contains("/comments/") || path == "/api/v1/reports"
            || path.hasSuffix("/moderation")
        {
            return 256 << 10
        }
        return HemicycleRequestContext.maximumBodySize
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let length = request.headers[.contentLength].flatMap { Int($0) }
        let chunked = request.headers[.transferEncoding]?.lowercased().contains("chunked") ?? false
        if let length, length > Self.limit(for: request.uri.path) {
            throw HemicycleError(
                .limitExceeded,
                "the request body is too large: \(length) bytes, over this route's limit of \(Self.limit(for: request.uri.path))"
            )
        }
        if (length ?? 0) > 0 || chunked, request.uri.path.hasPrefix("/api/") {
            let type = request.headers[.contentType]?.lowercased() ?? ""
            let media = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard media == "application/json" || media.hasSuffix("+json") else {
                throw HemicycleError(
                    .unsupportedMediaType,
                    "the body must be JSON, sent with `Content-Type: application/json`"
                        + (media.isEmpty ? "" : " (not \(media.prefix(80)))"))
            }
        }
        return try await next(request, context)
    }
}
