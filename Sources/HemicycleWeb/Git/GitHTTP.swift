import CompressNIO
import Foundation
import HTTPTypes
import Hemicycle
import Hummingbird
import Legislation
import Logging
import NIOCore

/// git over HTTP, read-only: `git clone http://host/git/<slug>.git` with stock git, protocol v0
/// and v2 (the smart protocol only). Each request runs stock git's upload-pack (`UploadPack`)
/// under a cap on processes at once and a time limit; a request body is read whole first (within
/// a size, inflated from gzip within another), so a client sending slowly holds no process. A
/// protocol-v2 fetch may ask only for what a public reference points at. Pushes are refused: an
/// amendment is proposed through the API.
struct GitHTTP {
    let engine: Engine
    let uploadPack: UploadPack

    /// The largest request body read, as sent and once inflated.
    static let requestLimit = 8 << 20
    static let inflatedLimit = 32 << 20

    func addRoutes(to router: Router<HemicycleRequestContext>) {
        router.get("/git/:repository/info/refs", use: advertise)
        router.post("/git/:repository/git-upload-pack", use: fetch)
        router.post("/git/:repository/git-receive-pack", use: push)
    }

    /// The references, as `git clone` and `git fetch` first ask for them.
    @Sendable func advertise(_ request: Request, context: HemicycleRequestContext) async throws -> Response {
        let repository = try await publicRepository(context)
        switch request.uri.queryParameters.get("service") {
        case "git-upload-pack": break
        case "git-receive-pack": return Self.pushRefused(try slug(context))
        default:
            return Self.text(
                .forbidden, "only git's smart protocol is served here: clone with git 1.6.6 or later")
        }
        let version = UploadPack.gitProtocol(request.headers[.gitProtocol])
        guard let place = uploadPack.gate.take() else { return Self.busy() }
        // Protocol v2 starts with its capabilities; v0 with the service's name, then the references.
        let v2 = version?.contains("version=2") ?? false
        return uploadPack.respond(
            repository, place: place, advertise: true, protocol: version, input: nil,
            prefix: v2 ? nil : PacketLines.packet("# service=git-upload-pack\n") + PacketLines.flush,
            contentType: "application/x-git-upload-pack-advertisement", closeConnection: context.closeConnection)
    }

    /// A fetch: what the client has and wants, answered with a pack.
    @Sendable func fetch(_ request: Request, context: HemicycleRequestContext) async throws -> Response {
        let repository = try await publicRepository(context)
        guard request.headers[.contentType] == "application/x-git-upload-pack-request" else {
            return Self.text(.unsupportedMediaType, "send Content-Type: application/x-git-upload-pack-request")
        }
        var request = request
        var body = try await request.collectBody(upTo: Self.requestLimit)
        switch request.headers[.contentEncoding]?.lowercased() {
        case nil, "identity": break
        case "gzip", "x-gzip":
            do {
                body = try body.decompress(with: CompressionAlgorithm.gzip(), maxSize: Self.inflatedLimit)
            } catch {
                return Self.text(.badRequest, "the request body is not gzip within \(Self.inflatedLimit >> 20) MiB")
            }
        case let other?:
            return Self.text(.unsupportedMediaType, "the request body's encoding \(other.prefix(40)) is not read here")
        }
        let version = UploadPack.gitProtocol(request.headers[.gitProtocol])
        if version?.contains("version=2") ?? false, let refusal = try await refusal(of: body, context) {
            return refusal
        }
        guard let place = uploadPack.gate.take() else { return Self.busy() }
        return uploadPack.respond(
            repository, place: place, advertise: false, protocol: version, input: body, prefix: nil,
            contentType: "application/x-git-upload-pack-result", closeConnection: context.closeConnection)
    }

    /// A protocol-v2 fetch that asks for an object no public reference points at (a hidden
    /// amendment's, say: v2 serves any object asked for by id), or for a reference by name,
    /// answered with git's `ERR` packet; nil for a request that may go on.
    func refusal(of body: ByteBuffer, _ context: HemicycleRequestContext) async throws -> Response? {
        guard let payloads = PacketLines.payloads(body) else {
            return Self.text(.badRequest, "the request is not in git's pkt-line format")
        }
        let asked = PacketLines.wants(payloads)
        guard asked.command == "fetch" else { return nil }
        var refused = asked.refs.first.map { "want-ref \($0.prefix(80))" }
        if refused == nil, !asked.objects.isEmpty {
            let tips = try await engine.publicTips(of: try slug(context))
            refused = asked.objects.first { !tips.contains($0) }.map { String($0.prefix(64)) }
        }
        guard let refused else { return nil }
        return Response(
            status: .ok,
            headers: [.contentType: "application/x-git-upload-pack-result", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: PacketLines.packet("ERR upload-pack: not our ref \(refused)\n")))
        )
    }

    @Sendable func push(_ request: Request, context: HemicycleRequestContext) async throws -> Response {
        _ = try await publicRepository(context)
        return Self.pushRefused(try slug(context))
    }

    /// The bill a path names, `<slug>.git` or `<slug>`.
    func slug(_ context: HemicycleRequestContext) throws -> BillSlug {
        let name = try context.parameters.require("repository")
        guard let slug = BillSlug(name.hasSuffix(".git") ? String(name.dropLast(4)) : name) else {
            throw HemicycleError(.notFound, "there is no bill here")
        }
        return slug
    }

    func publicRepository(_ context: HemicycleRequestContext) async throws -> PublicRepository {
        try await engine.publicRepository(try slug(context))
    }

    static func pushRefused(_ slug: BillSlug) -> Response {
        text(
            .forbidden,
            "this repository is read-only: propose an amendment with POST /api/v1/bills/\(slug.value)/amendments "
                + "(or the bill's page), and it becomes the branch amendments/<number>")
    }

    static func busy() -> Response {
        var response = text(.serviceUnavailable, "too many clones and fetches at once: try again in a moment")
        response.headers[.retryAfter] = "5"
        return response
    }

    /// A message git shows its user (`remote: …` or after the status line).
    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}

extension HTTPField.Name {
    /// The protocol version a git client asks for.
    static let gitProtocol = HTTPField.Name("Git-Protocol")!
}
