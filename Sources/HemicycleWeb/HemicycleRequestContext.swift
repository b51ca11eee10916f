import Foundation
import Hemicycle
import Hummingbird

/// The request context of every Hemicycle route: JSON in and out, dates as ISO 8601.
public struct HemicycleRequestContext: RequestContext {
    /// Hummingbird's per-request storage (logger, parameters).
    public var coreContext: CoreRequestContextStorage
    /// The bearer token the request came with, not yet checked.
    public var token: BearerToken?
    /// Who is asking, once the bearer token checked out (on every route but the votes', which
    /// check it in their own write).
    public var identity: Identity?

    /// The client's network address (of the proxy, behind one), for per-address throttles.
    public var clientAddress: String?
    /// Whether the request reached a trusted proxy over TLS (`X-Forwarded-Proto: https`).
    var overTLS = false
    /// The reader of a page, once `PageSession` has made it (page routes only).
    var visitor: Visitor?
    /// A page's submitted form, once `FormGuard` has checked it.
    var form: FormFields?
    /// Closes the client's connection: what ends an answer streamed to a client that stopped
    /// reading it (git over HTTP), whose next write would otherwise wait for ever.
    let closeConnection: @Sendable () -> Void

    /// Creates the context for one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
        let channel = source.channel
        closeConnection = { channel.close(promise: nil) }
    }

    /// Bodies larger than this are refused with 413 before decoding, on every route.
    public static let maximumBodySize = 8 << 20

    public var maxUploadSize: Int { Self.maximumBodySize }

    /// Encodes responses: camelCase keys as declared, ISO 8601 dates.
    public var responseEncoder: JSONEncoder { Self.encoder }

    /// Decodes request bodies.
    public var requestDecoder: JSONDecoder { Self.decoder }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
