import Foundation
import Hummingbird

extension Request {
    /// The JSON body as `type`, or a 400 that says in plain words what is wrong with it — a
    /// missing field, a field of the wrong kind, a body that is not JSON — never the decoder's
    /// own text; `example` (a body that would do) is added to the message.
    func decodeBody<Body: Decodable>(
        as type: Body.Type, context: some RequestContext, example: String? = nil
    ) async throws -> Body {
        do {
            return try await context.requestDecoder.decode(type, from: self, context: context)
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, message: Self.plainWords(error, example: example))
        }
    }

    /// What a decoding error means, for the person who sent the body.
    static func plainWords(_ error: DecodingError, example: String?) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        let problem: String
        switch error {
        case .keyNotFound(let key, let context):
            problem = "`\(field(context.codingPath + [key]))` is missing"
        case .valueNotFound(_, let context):
            problem = "`\(field(context.codingPath))` is null; give it a value"
        case .typeMismatch(let type, let context):
            let expected =
                switch type {
                case is String.Type: "a text in quotes"
                case is Int.Type, is Int64.Type, is Double.Type: "a number"
                case is Bool.Type: "true or false"
                default: String(describing: type).hasPrefix("Array") ? "a list [ … ]" : "an object { … }"
                }
            let name = field(context.codingPath)
            problem = name.isEmpty ? "the body should be \(expected)" : "`\(name)` should be \(expected)"
        case .dataCorrupted(let context):
            let name = field(context.codingPath)
            problem = name.isEmpty ? "the body is not valid JSON" : "`\(name)` has a value that cannot be read"
        @unknown default:
            problem = "the body cannot be read"
        }
        return example.map { "\(problem): send \($0)" } ?? problem
    }
}

/// Bodies that would do, quoted when a body cannot be read.
enum BodyExample {
    static let vote = #"{"value": "for"}, "against" or "abstain""#
    static let credentials = #"{"handle": "…", "password": "…"}"#
    static let comment = #"{"body": "…", "stance": "pro", "con" or "neutral"}"#
    static let report = #"{"bill": "…", "kind": "amendment" or "comment", "target": "…", "reason": "…"}"#
    static let amendment =
        #"{"baseVersion": "v2", "title": "…", "summary": "…", "changes": [{"kind": "modify", "article": "9", "text": "…"}]}"#
}
