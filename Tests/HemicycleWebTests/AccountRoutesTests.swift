import EngineTestSupport
import Foundation
import Hemicycle
import HemicycleWeb
import HummingbirdTesting
import Legislation
import NIOCore
import TestSupport
import Testing

@Suite struct AccountRoutesTests {
    let directory: TemporaryDirectory
    let engine: Engine

    init() async throws {
        directory = try TemporaryDirectory()
        var configuration = Configuration(dataDirectory: directory.appending("data"))
        configuration.passwordCost = 4
        engine = try await Engine.open(configuration: configuration)
    }

    private func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

    private func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func signUpSignInAndSignOutOverHTTP() async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/accounts", method: .post,
                headers: [.contentType: "application/json"],
                body: body(#"{"handle": "Marianne", "password": "liberté-égalité"}"#)
            ) { response in
                #expect(response.status == .created)
                let account = try object(response)
                #expect(account["handle"] as? String == "marianne")
                #expect(account["role"] as? String == "citizen")
                #expect((account["id"] as? String)?.isEmpty == false)
            }
            try await client.execute(
                uri: "/api/v1/accounts", method: .post,
                headers: [.contentType: "application/json"],
                body: body(#"{"handle": "marianne", "password": "liberté-égalité"}"#)
            ) { response in
                #expect(response.status == .conflict)
            }
            let token = try await client.execute(
                uri: "/api/v1/sessions", method: .post,
                headers: [.contentType: "application/json"],
                body: body(#"{"handle": "marianne", "password": "liberté-égalité"}"#)
            ) { response -> String in
                #expect(response.status == .created)
                let session = try object(response)
                #expect(session["expiresAt"] is String)
                return try #require(session["token"] as? String)
            }
            try await client.execute(
                uri: "/api/v1/accounts/me/export", method: .get, headers: [.authorization: "Bearer \(token)"]
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""handle":"marianne""#))
            }
            try await client.execute(
                uri: "/api/v1/sessions/current", method: .delete, headers: [.authorization: "Bearer \(token)"]
            ) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(
                uri: "/api/v1/sessions/current", method: .delete, headers: [.authorization: "Bearer \(token)"]
            ) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/accounts", #"{"handle": "x", "password": "liberté-égalité"}"#, 422),
        ("/api/v1/accounts", #"{"handle": "valide", "password": "court"}"#, 422),
        ("/api/v1/accounts", #"{"handle": "valide"}"#, 400),
        ("/api/v1/accounts", "not json", 400),
        ("/api/v1/sessions", #"{"handle": "inconnu", "password": "liberté-égalité"}"#, 401),
    ])
    func badRequestsAreRefusedWithJSONErrors(_ uri: String, _ json: String, _ status: Int) async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(
                uri: uri, method: .post, headers: [.contentType: "application/json"], body: body(json)
            ) { response in
                #expect(response.status.code == status)
                let error = try #require(try object(response)["error"] as? [String: Any])
                #expect((error["message"] as? String)?.isEmpty == false)
            }
        }
    }

    /// A body that cannot be read is answered in plain words, with a body that would do — never
    /// the decoder's own text.
    @Test(arguments: [
        ("/api/v1/accounts", #"{"handle": "valide"}"#, "`password` is missing: send {\"handle\""),
        ("/api/v1/accounts", #"{"handle": 12, "password": "x"}"#, "`handle` should be a text in quotes"),
        ("/api/v1/accounts", #"{"handle": null, "password": "x"}"#, "`handle` is null"),
        ("/api/v1/sessions", "not json", "the body is not valid JSON: send"),
        ("/api/v1/sessions", "[1, 2]", "the body should be an object"),
    ])
    func unreadableBodiesAreToldInPlainWords(_ uri: String, _ json: String, _ expected: String) async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(
                uri: uri, method: .post, headers: [.contentType: "application/json"], body: body(json)
            ) { response in
                #expect(response.status == .badRequest)
                let error = try #require(try object(response)["error"] as? [String: Any])
                let message = try #require(error["message"] as? String)
                #expect(message.contains(expected), "\(message)")
                for decoderWords in ["Coding key", "Type mismatch", "expected `", "not valid input"] {
                    #expect(!message.contains(decoderWords), "\(message)")
                }
            }
        }
    }

    @Test func signingOutNeedsAValidToken() async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(uri: "/api/v1/sessions/current", method: .delete) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/api/v1/sessions/current", method: .delete, headers: [.authorization: "Basic abc"]
            ) { response in
                #expect(response.status == .unauthorized)
            }
            // A bad token is refused even on a public route, so clients notice an expired session.
            try await client.execute(uri: "/api/v1/bills", method: .get, headers: [.authorization: "Bearer nope"]) {
                response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}

@Suite struct AmendmentRoutesTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    static let proposal = #"""
        {"baseVersion": "v2", "title": "Personnes publiques ou privées", "summary": "Exposé sommaire.",
         "changes": [{"kind": "modify", "article": "9", "text": "Les personnes publiques ou privées."}]}
        """#

    private func token(_ client: some TestClientProtocol, _ handle: String) async throws -> String {
        _ = try await client.execute(
            uri: "/api/v1/accounts", method: .post,
            headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"handle": "\#(handle)", "password": "un mot de passe"}"#))
        return try await client.execute(
            uri: "/api/v1/sessions", method: .post,
            headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"handle": "\#(handle)", "password": "un mot de passe"}"#)
        ) { response in
            let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            return try #require(object?["token"] as? String)
        }
    }

    @Test func proposeReadReviseAndWithdrawOverHTTP() async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments", method: .post,
                headers: [.contentType: "application/json"], body: ByteBuffer(string: Self.proposal)
            ) { response in
                #expect(response.status == .unauthorized)
            }
            let author = try await token(client, "autrice")
            let other = try await token(client, "autre")
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments", method: .post,
                headers: [.contentType: "application/json", .authorization: "Bearer \(author)"],
                body: ByteBuffer(string: Self.proposal)
            ) { response in
                #expect(response.status == .created)
                #expect(String(buffer: response.body).contains(#""number":1"#))
            }
            try await client.execute(uri: "/api/v1/bills/republique-numerique/amendments/1", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""op":"insert""#))
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/1", method: .patch,
                headers: [.contentType: "application/json", .authorization: "Bearer \(other)"],
                body: ByteBuffer(string: Self.proposal)
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/1/vote", method: .put,
                headers: [.contentType: "application/json", .authorization: "Bearer \(other)"],
                body: ByteBuffer(string: #"{"value": "for"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""for":1"#))
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/1/vote", method: .put,
                headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"value": "for"}"#)
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("sign in first"))
            }
            // The vote routes check the token in the vote's own write: the same refusals as elsewhere,
            // on an amendment that exists or not, and nothing counted.
            for (header, number) in [("Bearer forged", 1), ("Bearer forged", 99), ("Basic abc", 1)] {
                try await client.execute(
                    uri: "/api/v1/bills/republique-numerique/amendments/\(number)/vote", method: .put,
                    headers: [.contentType: "application/json", .authorization: header],
                    body: ByteBuffer(string: #"{"value": "against"}"#)
                ) { response in
                    #expect(response.status == .unauthorized, "\(header) \(number)")
                    if header == "Bearer forged" {
                        #expect(String(buffer: response.body).contains("unknown or expired; sign in again"))
                    }
                }
            }
            #expect(try await engine.amendment(1, of: "republique-numerique").tally == Tally(for: 1))
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/1/vote", method: .delete,
                headers: [.authorization: "Bearer \(other)"]
            ) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/1/comments", method: .post,
                headers: [.contentType: "application/json", .authorization: "Bearer \(other)"],
                body: ByteBuffer(string: #"{"body": "Contre.", "stance": "con"}"#)
            ) { response in
                #expect(response.status == .created)
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/1/comments", method: .post,
                headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"body": "Anonyme."}"#)
            ) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/bills/republique-numerique/amendments/1/comments", method: .get) {
                response in
                #expect(String(buffer: response.body).contains(#""stance":"con""#))
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/1/withdraw", method: .post,
                headers: [.authorization: "Bearer \(author)"]
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""state":"withdrawn""#))
            }
            try await client.execute(uri: "/api/v1/bills/republique-numerique/amendments?state=withdrawn", method: .get)
            { response in
                #expect(String(buffer: response.body).contains(#""total":1"#))
            }
        }
    }

    /// A body over 8 MiB, and an article over its own limit inside a smaller body, are refused
    /// with 413 and a message, and nothing is proposed.
    @Test func oversizeBodiesAreRefusedAndChangeNothing() async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            let author = try await token(client, "autrice")
            let oversize: [(text: String, says: String)] = [
                (String(repeating: "données ", count: 1_200_000), "the request body is too large"),
                (String(repeating: "données ", count: 140_000), "is at most 400,000 bytes"),
            ]
            for (text, says) in oversize {
                let body = #"""
                    {"baseVersion": "v2", "title": "Trop long", "summary": "",
                     "changes": [{"kind": "modify", "article": "9", "text": "\#(text)"}]}
                    """#
                try await client.execute(
                    uri: "/api/v1/bills/republique-numerique/amendments", method: .post,
                    headers: [.contentType: "application/json", .authorization: "Bearer \(author)"],
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .contentTooLarge, "\(body.utf8.count) bytes")
                    #expect(String(buffer: response.body).contains(says), "\(body.utf8.count) bytes")
                }
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/1/comments", method: .post,
                headers: [.contentType: "application/json", .authorization: "Bearer \(author)"],
                body: ByteBuffer(string: #"{"body": "\#(String(repeating: "x", count: 9 << 20))", "stance": "con"}"#)
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
        #expect(try await engine.amendments(of: "republique-numerique").total == 0)
    }

    /// Vote bodies, each with the value read from it, or nil when it is refused with a message.
    static let voteBodies: [(String, String?)] = [
        (#"{"value": "for"}"#, "for"),
        ("\t{\n  \"value\" :\r\n \"abstain\"\n}\n", "abstain"),
        (#"{"value": "\u0061gainst"}"#, "against"),
        (#"{"value": "for", "comment": "extra members are ignored"}"#, "for"),
        (#"{"value": "pour"}"#, nil),
        (#"{"value": "for"} trailing"#, nil),
        (#"{"value": 1}"#, nil),
        (#"{"valeur": "for"}"#, nil),
        ("", nil),
    ]

    @Test func voteBodiesAreReadAsJSON() async throws {
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique",
            AmendmentInput(
                baseVersion: "v2", title: "Personnes publiques ou privées", summary: "Exposé sommaire.",
                changes: [ChangeInput(kind: "modify", article: "9", text: "Les personnes publiques ou privées.")]),
            by: try await test.person("autrice"))
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            let voter = try await token(client, "votante")
            for (body, value) in Self.voteBodies {
                try await client.execute(
                    uri: "/api/v1/bills/republique-numerique/amendments/\(amendment.number)/vote", method: .put,
                    headers: [.contentType: "application/json", .authorization: "Bearer \(voter)"],
                    body: ByteBuffer(string: body)
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
        #expect(try await engine.amendment(amendment.number, of: "republique-numerique").tally == Tally(for: 1))
    }
}
