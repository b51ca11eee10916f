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
    let rendered = EncodedCache(capacity: 32 << 20)

    func respond(
        _ request: Request, _ context: PageContext, bill: BillSlug?,
        render: @escaping @Sendable () async throws -> String
    ) async throws -> Response {
        let visitor = context.visitor
        let base = try await engine.pageTag(of: bill)
        let parts = [
            base, visitor.language.rawValue, visitor.identity?.account.id.rawValue ?? "-",
            visitor.identity?.account.role.rawValue ?? "-",
            // Only a signed-in person's pages hold the form token (to sign out, vote, comment).
            visitor.identity == nil ? "-" : visitor.csrfToken, request.uri.description, site.version,
        ]
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8))
        let tag = "\"p" + digest.prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
        if var unchanged = ConditionalGet.notModified(request, tag: tag) {
            unchanged.headers[.cacheControl] = "private, no-cache"
            return unchanged
        }
        let bytes = try await rendered.bytes(for: tag) { ByteBuffer(string: try await render()) }
        return Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-cache", .eTag: tag],
            body: .init(byteBuffer: bytes))
    }
}
