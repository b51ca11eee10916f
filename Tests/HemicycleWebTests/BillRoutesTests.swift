import EngineTestSupport
import Foundation
import Hemicycle
import HemicycleWeb
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// The JSON API driven through the real router (and once across a real socket), over an engine
/// holding the demo bill in a temporary data directory.
@Suite struct BillRoutesTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    static func decode(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        return try #require(object as? [String: Any])
    }

    private func json(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
        return try #require(object as? [String: Any])
    }

    private func get(_ uri: String, _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { try check($0) }
        }
    }

    @Test func healthz() async throws {
        try await get("/healthz") { response in
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
        }
    }

    @Test func billsListTheDemoBillWithItsThreeVersions() async throws {
        try await get("/api/v1/bills") { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let body = try json(response)
            let items = try #require(body["items"] as? [[String: Any]])
            #expect(items.first?["slug"] as? String == "republique-numerique")
            #expect((items.first?["versions"] as? [[String: Any]])?.count == 3)
            #expect(items.first?["latestVersion"] as? String == "v3")
            #expect(body.keys.contains("nextCursor"))
        }
    }

    @Test func versionTwoHasFortySixArticles() async throws {
        try await get("/api/v1/bills/republique-numerique/articles?version=v2") { response in
            let body = try json(response)
            #expect(body["total"] as? Int == 46)
            #expect((body["items"] as? [Any])?.count == 46)
            #expect(body["nextCursor"] is NSNull)
        }
    }

    @Test func anArticleReturnsItsRealText() async throws {
        try await get("/api/v1/bills/republique-numerique/articles/1er?version=v1") { response in
            #expect(response.status == .ok)
            let body = try json(response)
            let alineas = try #require(body["alineas"] as? [[String: Any]])
            #expect(alineas.first?["number"] as? Int == 1)
            #expect(alineas.first?["text"] as? String == "Elargissement du champ de diffusion par l’administration")
        }
    }

    @Test func encodedLabelsAndHistoryWork() async throws {
        try await get("/api/v1/bills/republique-numerique/articles/2%20bis") { response in
            let body = try json(response)
            #expect(body["heading"] as? String == "Article 2 bis (nouveau)")
        }
        try await get("/api/v1/bills/republique-numerique/articles/1er/history") { response in
            let body = try json(response)
            let items = try #require(body["items"] as? [[String: Any]])
            #expect(items.map { $0["version"] as? String } == ["v1", "v2", "v3"])
            #expect(items.map { $0["change"] as? String } == ["added", "modified", "modified"])
        }
    }

    @Test func theBillShowsItsStructure() async throws {
        try await get("/api/v1/bills/republique-numerique?version=v2") { response in
            let body = try json(response)
            #expect(body["number"] as? String == "3318")
            let structure = try #require(body["structure"] as? [[String: Any]])
            #expect(structure.first?["heading"] as? String == "TITRE Ier")
            #expect(structure.first?["title"] as? String == "LA CIRCULATION DES DONNÉES ET DU SAVOIR")
            #expect(structure.count == 4)
        }
        try await get("/api/v1/bills/republique-numerique/versions") { response in
            let body = try json(response)
            let items = try #require(body["items"] as? [[String: Any]])
            #expect(
                items.map { $0["stage"] as? String }.last
                    == "Texte adopté par la commission des lois de l'Assemblée nationale")
        }
    }

    @Test(arguments: [
        ("/api/v1/bills/absent", 404, "not-found"),
        ("/api/v1/bills/republique-numerique/articles/99", 404, "not-found"),
        ("/api/v1/bills/republique-numerique/articles/2%20bis?version=v2", 404, "not-found"),
        ("/api/v1/bills/republique-numerique/articles?version=v9", 404, "not-found"),
        ("/api/v1/bills/republique-numerique/articles?version=latest", 422, "invalid-input"),
        ("/api/v1/bills/republique-numerique/articles?limit=abc", 422, "invalid-input"),
        ("/api/v1/bills/republique-numerique/articles/%2E%2E%2F%2E%2E", 404, "not-found"),
        ("/api/v1/nothing", 404, "not-found"),
    ])
    func errorsAreJSONWithTheRightStatus(_ uri: String, _ status: Int, _ code: String) async throws {
        try await get(uri) { response in
            #expect(response.status.code == status)
            let body = try json(response)
            let error = try #require(body["error"] as? [String: Any])
            #expect(error["code"] as? String == code)
            #expect((error["message"] as? String)?.isEmpty == false)
        }
    }

    @Test func aRealSocketServesTheSameAnswers() async throws {
        let application = try buildApplication(
            engine: engine, configuration: WebConfiguration(host: "127.0.0.1", port: 0))
        try await application.test(.live) { client in
            try await client.execute(uri: "/api/v1/bills/republique-numerique/articles/1er?version=v1", method: .get) {
                response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Elargissement du champ de diffusion"))
            }
        }
    }
}

@Suite struct DiffRoutesTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    private func get(_ uri: String, _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { try check($0) }
        }
    }

    @Test func compareAsJSONAndHTML() async throws {
        try await get("/api/v1/bills/republique-numerique/compare?from=v2&to=v3") { response in
            #expect(response.status == .ok)
            let body = try #require(
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect((body["added"] as? [String])?.count == 53)
        }
        try await get("/api/v1/bills/republique-numerique/compare?from=v2&to=v3&format=html") { response in
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(String(buffer: response.body).contains("<ins>"))
        }
    }

    @Test func articleDiffInEachFormat() async throws {
        try await get("/api/v1/bills/republique-numerique/articles/9/diff?from=v2&to=v3&format=text") { response in
            #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(String(buffer: response.body).contains("[-"))
        }
        try await get("/api/v1/bills/republique-numerique/articles/9/diff?from=v2&to=v3&format=side-by-side") {
            response in
            #expect(String(buffer: response.body).hasPrefix("<table class=\"tableau-comparatif"))
        }
        try await get("/api/v1/bills/republique-numerique/articles/9/diff?from=v2&to=v3") { response in
            let body = try #require(
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect((body["operations"] as? [Any])?.isEmpty == false)
        }
        try await get("/api/v1/bills/republique-numerique/articles/9/diff?from=v2&to=v3&format=pdf") { response in
            #expect(response.status == .unprocessableContent)
        }
        try await get("/api/v1/bills/republique-numerique/compare?from=v2&to=v3&format=ansi") { response in
            #expect(response.status == .unprocessableContent)
        }
    }

    @Test func staffDateParticipationAndErrorsCarryTheirKeyAndField() async throws {
        _ = try await test.person("greffe", .staff)
        let token = try await engine.signIn(handle: "greffe", password: "un mot de passe").token
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            func patch(_ body: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/bills/republique-numerique", method: .patch,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: body))
            }
            let dated = try await patch(
                #"{"opensAt": "2030-01-01T09:00:00Z", "closesAt": "2030-02-01T18:00:00+01:00"}"#)
            #expect(dated.status == .noContent)
            try await client.execute(uri: "/api/v1/bills/republique-numerique", method: .get) { response in
                let body = try BillRoutesTests.decode(response)
                #expect(body["participation"] as? String == "upcoming")
                #expect(body["participationOpensAt"] as? String == "2030-01-01T09:00:00Z")
                #expect(body["participationClosesAt"] as? String == "2030-02-01T17:00:00Z")
            }
            let bad = try await patch(#"{"closesAt": "demain"}"#)
            #expect(bad.status == .unprocessableContent)
            let error = try #require(try BillRoutesTests.decode(bad)["error"] as? [String: Any])
            #expect(error["field"] as? String == "closesAt")
            let backwards = try await patch(#"{"closesAt": "2029-12-31T09:00:00Z"}"#)
            #expect(backwards.status == .unprocessableContent)
            #expect(
                (try BillRoutesTests.decode(backwards)["error"] as? [String: Any])?["key"] as? String
                    == "participation.datesOutOfOrder")
            #expect(try await patch(#"{"opensAt": null}"#).status == .noContent)
            try await client.execute(uri: "/api/v1/bills/republique-numerique", method: .get) { response in
                let body = try BillRoutesTests.decode(response)
                #expect(body["participation"] as? String == "open")
                #expect(body["participationOpensAt"] == nil)
            }
        }
    }
}
