import Hummingbird

/// An empty query parameter (`?version=&cursor=`) counts as absent, as forms send unfilled fields:
/// such parameters are dropped before routing, so every route reads them the same way.
struct EmptyQueryParameters<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let path = request.head.path, let mark = path.firstIndex(of: "?") else {
            return try await next(request, context)
        }
        let items = path[path.index(after: mark)...].split(separator: "&", omittingEmptySubsequences: false)
        let kept = items.filter { item in
            guard let equals = item.firstIndex(of: "=") else { return !item.isEmpty }
            return item.index(after: equals) != item.endIndex
        }
        guard kept.count != items.count else { return try await next(request, context) }
        var head = request.head
        head.path = String(path[..<mark]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        return try await next(Request(head: head, body: request.body), context)
    }
}
