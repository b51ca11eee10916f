import Crypto
import Foundation
import Hemicycle
import Hummingbird
import Legislation
import NIOCore

/// Reading pages — a bill, an article, an amendment, a comparison, the list of bills — cost a
/// rendering each; many people read the same ones. Each is tagged by what it shows (the engine's
/// page tag: nothing recorded has changed since), by who reads it (language, account, form token)
/// and by the templates; a browser holding the page under that tag gets a 304, and a page already
/// rendered under it is served again from memory (an LRU bounded in bytes).
struct PageCache: Sendable {
    let engine: Engine
    let site: Site
    let rendered: EncodedCache
    let tags = RecentTags()

    init(engine: Engine, site: Site, memory: Int) {
        self.engine = engine
        self.site = site
        rendered = EncodedCache(capacity: memory)
    }

    /// The engine's page tags, each asked at most once a second per bill, and a count of the
    /// writes this server has answered (any request but GET and HEAD, pages and API alike): a
    /// write here shows at once, one made by another node or the command line within a second.
    final class RecentTags: @unchecked Sendable {
        private let lock = NSLock()
        private var writes: UInt64 = 0
        private var held: [String: (tag: String, writes: UInt64, at: ContinuousClock.Instant)] = [:]

        func wrote() { lock.withLock { writes &+= 1 } }

        func tag(for bill: String, engine: @Sendable () async throws -> String) async throws -> String {
            let now = ContinuousClock.now
            let (kept, count) = lock.withLock { () -> (String?, UInt64) in
                guard let entry = held[bill], entry.writes == writes, now - entry.at < .seconds(1) else {
                    return (nil, writes)
                }
                return (entry.tag, writes)
            }
            if let kept { return kept }
            let fresh = try await engine()
            lock.withLock {
                if held.count > 10_000 { held.removeAll() }
                held[bill] = (fresh, count, now)
            }
            return fresh
        }
    }

    /// Counts every write this server answers, for `RecentTags`.
    struct WriteCounter<Context: RequestContext>: RouterMiddleware {
        let tags: RecentTags

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
            async throws -> Response
        {
            guard request.method != .get, request.method != .head else { return try await next(request, context) }
            defer { tags.wrote() }
            return try await next(request, context)
        }
    }

    /// The page, from the browser's copy (304), from memory, or rendered. `options` are what the
    /// page reads from its address, parsed and written back in one form (nil for a default): with
    /// the path they make its address in the cache and its language switch, so anything else in
    /// the address (`?r=1`) neither renders the page again nor shows in it.
    func respond(
        _ request: Request, _ context: PageContext, bill: BillSlug?, options: [(String, String?)] = [],
        render: @escaping @Sendable (PageContext) async throws -> String
    ) async throws -> Response {
        let query = options.compactMap { name, value in value.map { name + "=" + Pages.percentEncoded($0) } }
        let address = request.uri.path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        var context = context
        context.visitor.address.items = query
        let visitor = context.visitor
        let engine = engine
        let base = try await tags.tag(for: bill?.value ?? "") { try await engine.pageTag(of: bill) }
        let tag = Self.tag(
            base, visitor.language.rawValue, visitor.identity?.account.id.rawValue ?? "-",
            visitor.identity?.account.role.rawValue ?? "-",
            // Only a signed-in person's pages hold the form token (to sign out, vote, comment).
            visitor.identity == nil ? "-" : visitor.csrfToken, address, site.version)
        // `PageSession` adds the `Vary` of every page.
        if let unchanged = ConditionalGet.notModified(request, tag: tag, cacheControl: "private, no-cache", vary: nil) {
            return unchanged
        }
        let bytes = try await rendered.bytes(for: tag) { [context] in ByteBuffer(string: try await render(context)) }
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-cache", .eTag: tag],
            body: .init(byteBuffer: bytes))
    }

    /// A page's tag: the first 128 bits of SHA-256 over its parts, each ended by a unit
    /// separator (no part holds one), hashed where they lie.
    static func tag(_ parts: String...) -> String {
        var hasher = SHA256()
        for var part in parts {
            part.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            withUnsafeBytes(of: UInt8(0x1F)) { hasher.update(bufferPointer: $0) }
        }
        return "\"p" + Hexadecimal.encode(Array(hasher.finalize().prefix(16))) + "\""
    }
}
