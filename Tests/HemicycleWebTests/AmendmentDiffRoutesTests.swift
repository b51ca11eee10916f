import EngineTestSupport
import Foundation
import HTTPTypes
import Hemicycle
import HemicycleWeb
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// An amendment's diff read as text, HTML or JSON, for a rapporteur's terminal or page.
@Suite struct AmendmentDiffRoutesTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test func theDiffIsServedInEveryFormatAndTaggedByItsCommit() async throws {
        let author = try await test.person("rapporteuse")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique",
            AmendmentInput(
                baseVersion: "v2", title: "Données de référence", summary: "Précision.",
                changes: [
                    ChangeInput(
                        kind: "modify", article: "9",
                        text:
                            "Les personnes publiques ou privées chargées d’une mission de service public mettent à disposition les données de référence."
                    )
                ]), by: author)
        let path = "/api/v1/bills/republique-numerique/amendments/\(amendment.number)/diff"
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            let tag = try await client.execute(uri: path + "?format=text", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("== Article 9 (modified) =="))
                #expect(text.contains("{+"))
                return try #require(response.headers[.eTag])
            }
            var conditional = HTTPFields()
            conditional[.ifNoneMatch] = tag
            try await client.execute(uri: path + "?format=text", method: .get, headers: conditional) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: path + "?format=side-by-side", method: .get) { response in
                #expect(String(buffer: response.body).contains("<table class=\"tableau-comparatif"))
            }
            try await client.execute(uri: path, method: .get) { response in
                let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                let views = try #require(object as? [[String: Any]])
                #expect(views.first?["label"] as? String == "9")
            }
            try await client.execute(uri: path + "?format=pdf", method: .get) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/99/diff", method: .get
            ) { response in #expect(response.status == .notFound) }
        }
    }
}
