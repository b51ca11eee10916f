import HTTPTypes
import Hummingbird

/// Behind a reverse proxy every request comes from the proxy's address, so one person's failed
/// sign-ins would throttle everyone. For requests whose peer is one of the configured proxies, the
/// client's address is taken from `X-Forwarded-For`: the rightmost address there that is not itself
/// a trusted proxy (the leftmost ones are whatever the client chose to send). From any other peer
/// the header is ignored, so nobody picks their own address by sending it.
struct ForwardedClient: RouterMiddleware {
    typealias Context = HemicycleRequestContext

    /// The proxies' addresses, as the socket reports them (`127.0.0.1`, `::1`, `10.0.0.2`).
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let peer = context.clientAddress, trustedProxies.contains(peer) else {
            return try await next(request, context)
        }
        var context = context
        context.overTLS = request.headers[.xForwardedProto]?.lowercased() == "https"
        guard case let fields = request.headers.filter({ $0.name.canonicalName == "x-forwarded-for" }), !fields.isEmpty
        else { return try await next(request, context) }
        context.clientAddress =
            Self.client(in: fields.map(\.value).joined(separator: ","), trusted: trustedProxies) ?? peer
        return try await next(request, context)
    }

    /// The rightmost address of an `X-Forwarded-For` list that is not a trusted proxy; nil when
    /// none is, or when that one is not an IP address (then the proxy's address stands).
    static func client(in header: String, trusted: Set<String>) -> String? {
        for item in header.split(separator: ",").reversed() {
            let address = item.trimmingCharacters(in: .whitespaces)
            if trusted.contains(address) { continue }
            return isIPAddress(address) ? address : nil
        }
        return nil
    }

    /// Whether `text` is written as an IPv4 or IPv6 address (so no other text becomes a key).
    static func isIPAddress(_ text: String) -> Bool {
        guard (2...45).contains(text.utf8.count) else { return false }
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4 {
            return octets.allSatisfy { $0.count <= 3 && UInt8($0) != nil }
        }
        return text.contains(":")
            && text.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20) || byte == UInt8(ascii: ":")
                    || byte == UInt8(ascii: ".")
            }
    }
}

extension HTTPField.Name {
    static let xForwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}

extension WebConfiguration {
    /// Whether `text` can name a trusted proxy: an IPv4 or IPv6 address.
    public static func isIPAddress(_ text: String) -> Bool { ForwardedClient.isIPAddress(text) }
}
