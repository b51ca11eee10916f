import NIOCore

/// git's pkt-line framing (four hexadecimal digits of length, then the payload; `0000` flush,
/// `0001` delimiter, `0002` response end), as much as the server needs: to write the `# service`
/// line of the protocol-v0 advertisement and an `ERR` line, and to read what a protocol-v2 fetch
/// asks for.
enum PacketLines {
    /// The flush packet.
    static let flush = "0000"

    /// One packet of `payload`.
    static func packet(_ payload: String) -> String {
        let length = payload.utf8.count + 4
        let digits = String(length, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits + payload
    }

    /// The payloads of a request's packets, in order; a flush, delimiter or end packet as "".
    /// Nil when the bytes are not packets (a length that is not hexadecimal, or runs past the end).
    static func payloads(_ buffer: ByteBuffer) -> [String]? {
        var buffer = buffer
        var lines: [String] = []
        while buffer.readableBytes > 0 {
            guard let head = buffer.readString(length: 4), let length = Int(head, radix: 16),
                head.utf8.allSatisfy(\.isHexDigit)
            else { return nil }
            if length < 4 {
                lines.append("")
                continue
            }
            guard let payload = buffer.readSlice(length: length - 4) else { return nil }
            lines.append(String(buffer: payload))
        }
        return lines
    }

    /// What a protocol-v2 request asks for: its command and the object ids it wants (`want
    /// <id>`); `want-ref` lines are named too, so a caller can refuse them.
    static func wants(_ payloads: [String]) -> (command: String?, objects: [String], refs: [String]) {
        var command: String?
        var objects: [String] = []
        var refs: [String] = []
        for line in payloads {
            let line = line.hasSuffix("\n") ? String(line.dropLast()) : line
            if line.hasPrefix("command=") {
                command = String(line.dropFirst("command=".count))
            } else if line.hasPrefix("want-ref ") {
                refs.append(String(line.dropFirst("want-ref ".count)))
            } else if line.hasPrefix("want ") {
                objects.append(String(line.dropFirst("want ".count).prefix { $0 != " " }))
            }
        }
        return (command, objects, refs)
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
