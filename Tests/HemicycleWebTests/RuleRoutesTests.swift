import EngineTestSupport
import Foundation
import HTTPTypes
import Hemicycle
import HemicycleWeb
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// A bill's promotion rule over HTTP: staff put it, everyone reads it.
@Suite struct RuleRoutesTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test func staffPutTheRuleAndAnyoneGetsIt() async throws {
        _ = try await test.person("greffe", .staff)
        let token = try await engine.signIn(handle: "greffe", password: "un mot de passe").token
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[.authorization] = "Bearer \(token)"
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/rule", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"minimumSupports": 100, "requireNetSupport": true}"#)
            ) { response in #expect(response.status == .ok) }
            try await client.execute(uri: "/api/v1/bills/republique-numerique/rule", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(
                    body.contains(#""minimumSupports":100"#) && body.contains(#""requireNetSupport":true"#), "\(body)")
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/rule", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"minimumSupports": -1}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("minimumSupports"))
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/rule", method: .put, headers: headers,
                body: ByteBuffer(string: "null")
            ) { response in #expect(response.status == .ok) }
            try await client.execute(uri: "/api/v1/bills/republique-numerique/rule", method: .get) { response in
                #expect(!String(buffer: response.body).contains("minimumSupports"))
            }
        }
    }
}
