import EngineTestSupport
import Foundation
import HTTPTypes
import Hemicycle
import HemicycleWeb
import HummingbirdTesting
import Legislation
import NIOCore
import Testing

/// Adoption and provenance over HTTP, on the demo bill: the assigned rapporteur adopts (201),
/// the refusals carry their keys, and provenance names the amendment for the alinéa it wrote.
@Suite struct AdoptionRoutesTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    static let bill: BillSlug = "republique-numerique"

    init() async throws {
        test = try await TestEngine()
    }

    @Test func theAssignedRapporteurAdoptsAndAnyoneReadsWhereEachAlineaComesFrom() async throws {
        let staff = try await test.person("greffe", .staff)
        let rapporteur = try await test.person("rapporteure", .rapporteur)
        _ = try await engine.setRapporteurs(["rapporteure"], of: Self.bill, by: staff)
        _ = try await engine.setPromotionRule(try PromotionRule([.minimumSupports(1)]), of: Self.bill, by: staff)
        var alineas = try await engine.article(ArticleLabel("9"), of: Self.bill, version: nil).alineas.map(\.text)
        alineas[0] = "Le premier alinéa, tel que la commission l’a voulu."
        let amendment = try await engine.proposeAmendment(
            to: Self.bill,
            AmendmentInput(
                baseVersion: "v3", title: "Article 9", summary: "Exposé.",
                changes: [ChangeInput(kind: "modify", article: "9", text: alineas.joined(separator: "\n\n"))]),
            by: try await test.person("autrice"))
        _ = try await engine.vote(.for, on: amendment.number, of: Self.bill, token: staff.token)
        _ = try await engine.decide(.adopted, on: amendment.number, of: Self.bill, by: rapporteur)
        let token = try await engine.signIn(handle: "rapporteure", password: "un mot de passe").token
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            func adopt(_ body: String) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(
                    uri: "/api/v1/bills/republique-numerique/adoptions", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: body)
                ) { ($0.status, String(buffer: $0.body)) }
            }
            let (open, openBody) = try await adopt(#"{"stage": "Texte de la commission"}"#)
            #expect(open == .conflict && openBody.contains("adoption.participationOpen"), "\(openBody)")
            try await engine.setParticipation(open: false, on: Self.bill, by: staff)
            let (unknown, unknownBody) = try await adopt(#"{"stage": "Texte de la commission", "amendments": [999]}"#)
            #expect(unknown == .unprocessableContent, "\(unknownBody)")
            let (created, body) = try await adopt(#"{"stage": "Texte de la commission"}"#)
            #expect(created == .created, "\(body)")
            let adoption = try JSONDecoder().decode(AdoptionView.self, from: Data(body.utf8))
            #expect(adoption.version == "v4" && adoption.adopted == [amendment.number.value])
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/articles/9/provenance?version=v4", method: .get
            ) { response in
                #expect(response.status == .ok)
                let provenance = try JSONDecoder().decode(ProvenanceView.self, from: Data(buffer: response.body))
                #expect(provenance.alineas.first?.amendment?.number == amendment.number.value)
                #expect(provenance.alineas.first?.text == "Le premier alinéa, tel que la commission l’a voulu.")
                #expect(provenance.alineas.dropFirst().allSatisfy { $0.amendment == nil })
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/articles/9/provenance?version=v9", method: .get
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
