import EngineTestSupport
import Foundation
import HTTPTypes
import Hemicycle
import HemicycleWeb
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// Labels as typed, typography and insertion before an article, over the real router.
@Suite struct RealBillRoutesTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        return try #require(object as? [String: Any])
    }

    @Test(arguments: ["2bis", "2%20BIS", "2%C2%A0bis", "Article%202%20bis", "ART.%202bis"])
    func aLabelInThePathReadsAsTyped(_ typed: String) async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(uri: "/api/v1/bills/republique-numerique/articles/\(typed)", method: .get) {
                response in
                #expect(response.status == .ok)
                let label = try Self.object(response)["label"] as? String
                #expect(label == "2 bis")
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/articles/2%20quinquies", method: .get
            ) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("nearest: 2 bis"))
            }
            try await client.execute(uri: "/api/v1/bills/republique-numerique/articles/2%2Fbis", method: .get) {
                response in
                let body = String(buffer: response.body)
                #expect(
                    body.contains("`/` cannot be part of an article label") && body.contains("nearest: 2 bis"),
                    "\(body)")
            }
        }
    }

    @Test func typographyIsFlaggedAndCanBeIgnored() async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/articles/1er/diff?from=v2&to=v3", method: .get
            ) { response in
                let operations = try #require(try Self.object(response)["operations"] as? [[String: Any]])
                #expect(operations.contains { $0["typographic"] as? Bool == true })
                let typographyOnly = try Self.object(response)["typographyOnly"] as? Bool
                #expect(typographyOnly == false)
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/articles/1er/diff?from=v2&to=v3&ignoreTypography=true",
                method: .get
            ) { response in
                let operations = try #require(try Self.object(response)["operations"] as? [[String: Any]])
                #expect(!operations.contains { $0["typographic"] != nil })
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/compare?from=v2&to=v3&ignoreTypography=true", method: .get
            ) { response in
                let body = try Self.object(response)
                #expect((body["typographyOnly"] as? [String]) != nil)
                #expect((body["modified"] as? [String])?.count == 46)
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/compare?from=v2&to=v3&ignoreTypography=maybe", method: .get
            ) { response in #expect(response.status == .unprocessableContent) }
        }
    }

    @Test func anArticleIsInsertedBeforeAnotherOverHTTP() async throws {
        _ = try await engine.signUp(handle: "liminaire", password: "un mot de passe")
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            let token = try await client.execute(
                uri: "/api/v1/sessions", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"handle": "liminaire", "password": "un mot de passe"}"#)
            ) { response in try #require(try Self.object(response)["token"] as? String) }
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[.authorization] = "Bearer \(token)"
            let body = """
                {"baseVersion": "v2", "title": "Article liminaire", "summary": "",
                 "changes": [{"kind": "insert", "before": "1ER", "label": "1er a", "text": "La présente loi a pour objet l’ouverture des données."}]}
                """
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments", method: .post, headers: headers,
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .created)
                let articles = try Self.object(response)["articles"] as? [String]
                #expect(articles == ["1er A"])
            }
        }
    }
}
