import EngineTestSupport
import Foundation
import Hemicycle
import HemicycleWeb
import Hummingbird
import HummingbirdTesting
import Legislation
import Testing

/// A vote's body and answer are read and written by hand for speed: they must accept, refuse and
/// say what the general JSON coders do.
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

    /// Each body with the value the general decoder reads from it, or nil when it refuses it (400).
    static let bodies: [(String, String?)] = [
        (#"{"value": "for"}"#, "for"),
        (#"{"value":"against"}"#, "against"),
        ("\t{\n  \"value\" :\r\n \"abstain\"\n}\n", "abstain"),
        // Not the plain form, read by the general decoder all the same.
        (#"{"value": "\u0066or"}"#, "for"),
        (#"{"valu\u0065": "against"}"#, "against"),
        (#"{"value": "for", "comment": "extra members are ignored"}"#, "for"),
        (#"{"value": "pour"}"#, nil),
        (#"{"value": "for"} trailing"#, nil),
        (#"{"value": "for""#, nil),
        (#"{"value": 1}"#, nil),
        (#"{"valeur": "for"}"#, nil),
        (#"["for"]"#, nil),
        ("", nil),
    ]

    @Test func theBodyIsReadAsTheDecoderReadsIt() async throws {
        let test = try await TestEngine()
        let author = try await test.person("autrice")
        let amendment = try await test.engine.proposeAmendment(
            to: "republique-numerique",
            AmendmentInput(
                baseVersion: "v2", title: "Personnes publiques ou privées", summary: "Exposé sommaire.",
                changes: [ChangeInput(kind: "modify", article: "9", text: "Les personnes publiques ou privées.")]),
            by: author)
        _ = try await test.engine.createAccount(handle: "votante", password: "un mot de passe", role: .citizen)
        let token = try await test.engine.signIn(handle: "votante", password: "un mot de passe").token
        let application = buildApplication(engine: test.engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            for (body, value) in Self.bodies {
                try await client.execute(
                    uri: "/api/v1/bills/republique-numerique/amendments/\(amendment.number)/vote", method: .put,
                    headers: [.authorization: "Bearer \(token)"], body: ByteBuffer(string: body)
                ) { response in
                    if let value {
                        #expect(response.status == .ok, "\(body)")
                        #expect(String(buffer: response.body).hasPrefix(#"{"value":"\#(value)","#), "\(body)")
                    } else {
                        #expect(response.status == .badRequest || response.status == .unprocessableContent, "\(body)")
                        #expect(String(buffer: response.body).contains(#""message""#), "\(body)")
                    }
                }
            }
        }
        // The last accepted body voted for.
        #expect(try await test.engine.amendment(amendment.number, of: "republique-numerique").tally == Tally(for: 1))
    }
}
