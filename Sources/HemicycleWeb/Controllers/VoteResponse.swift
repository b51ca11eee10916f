import Hemicycle
import Hummingbird
import Legislation

/// The answer to a vote, written straight into the response body: one of three known words and
/// three counts, what the house encoder says in its declared key order (`VoteJSONTests`). Votes
/// are the busiest route there is, and a profile of the server under vote load showed
/// Foundation's `JSONEncoder` spending more time on this fixed shape than routing the request.
extension VoteView: ResponseGenerator {
    /// `{"value":…,"tally":{"for":…,"against":…,"abstain":…}}`.
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
