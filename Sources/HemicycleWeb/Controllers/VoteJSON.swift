import Hemicycle
import Hummingbird
import Legislation

// A vote's body and answer, read and written by hand. Votes are the busiest route there is, and a
// profile of the server under vote load showed Foundation's JSON coders spending more time on
// these two fixed shapes than routing the request. Anything but the plain shape goes through
// the general coders, so what is accepted and answered is unchanged (`VoteJSONTests`).

extension Request {
    /// The value of a vote's body `{"value": "for" | "against" | "abstain"}`, as the general
    /// decoder would read it, with its errors for anything else.
    mutating func voteValue(context: some RequestContext) async throws -> String {
        let body = try await collectBody(upTo: context.maxUploadSize)
        if let value = PlainVoteBody.value(in: body.readableBytesView) {
            return value.rawValue
        }
        return try await decode(as: VoteBody.self, context: context).value
    }
}

/// `{"value": "for" | "against" | "abstain"}`.
struct VoteBody: Decodable {
    var value: String
}

/// The plain form of a vote's body: one member, `value`, whose string is one of the three words
/// written without escapes, with any JSON white space between the tokens.
enum PlainVoteBody {
    static func value(in bytes: some Collection<UInt8>) -> VoteValue? {
        var reader = Reader(bytes: Array(bytes.prefix(64)), count: bytes.count)
        guard reader.count <= 64, reader.take("{"), reader.take("\"value\""), reader.take(":"),
            let value = reader.word(), reader.take("}"), reader.atEnd
        else { return nil }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        let count: Int
        var index = 0

        init(bytes: [UInt8], count: Int) {
            self.bytes = bytes
            self.count = count
        }

        /// Skips white space, then takes `token` if it comes next.
        mutating func take(_ token: StaticString) -> Bool {
            skipSpace()
            let length = token.utf8CodeUnitCount
            guard index + length <= bytes.count else { return false }
            let matches = token.withUTF8Buffer { $0.elementsEqual(bytes[index..<(index + length)]) }
            if matches { index += length }
            return matches
        }

        /// Skips white space, then takes a quoted vote value without escapes.
        mutating func word() -> VoteValue? {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""),
                let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "\""))
            else { return nil }
            let word = VoteValue(rawValue: String(decoding: bytes[(index + 1)..<close], as: UTF8.self))
            index = close + 1
            return word
        }

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return index == bytes.count
            }
        }

        private mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
                default: return
                }
            }
        }
    }
}

extension VoteView: ResponseGenerator {
    /// The answer to a vote: `{"value":…,"tally":{"for":…,"against":…,"abstain":…}}`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        guard let value = VoteValue(rawValue: value) else {
            // Not a word known to need no escaping: the general encoder.
            return try HemicycleRequestContext.encoder.encode(self, from: request, context: context)
        }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(80)
        buffer.writeStaticString("{\"value\":\"")
        buffer.writeString(value.rawValue)
        buffer.writeStaticString("\",\"tally\":{\"for\":")
        buffer.writeString(String(tally.for))
        buffer.writeStaticString(",\"against\":")
        buffer.writeString(String(tally.against))
        buffer.writeStaticString(",\"abstain\":")
        buffer.writeString(String(tally.abstain))
        buffer.writeStaticString("}}")
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: buffer))
    }
}
