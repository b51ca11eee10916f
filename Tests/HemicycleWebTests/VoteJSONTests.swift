import Foundation
import Hemicycle
import HemicycleWeb
import Hummingbird
import HummingbirdTesting
import Legislation
import Testing

/// A vote's answer is written by hand for speed: it must say what the general JSON encoder says.
@Suite struct VoteJSONTests {
    @Test(arguments: [
        #"{"value":"for","tally":{"for":1,"against":0,"abstain":0}}"#,
        #"{"value":"against","tally":{"for":147710,"against":21330,"abstain":8501}}"#,
        #"{"value":"abstain","tally":{"for":0,"against":0,"abstain":9223372036854775807}}"#,
        // Not one of the known words: the general encoder answers, escapes and all.
        #"{"value":"pour « oui »\"/","tally":{"for":2,"against":3,"abstain":4}}"#,
    ])
    func theAnswerIsWhatTheEncoderSays(_ json: String) async throws {
        let view = try JSONDecoder().decode(VoteView.self, from: Data(json.utf8))
        let router = Router()
        router.put("/vote") { _, _ in view }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/vote", method: .put) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                // The general encoder's key order varies; the hand-written one is the declared one.
                if VoteValue(rawValue: view.value) != nil {
                    #expect(String(buffer: response.body) == json)
                }
                let decoded = try JSONDecoder().decode(VoteView.self, from: Data(response.body.readableBytesView))
                #expect(decoded == view)
            }
        }
    }
}
