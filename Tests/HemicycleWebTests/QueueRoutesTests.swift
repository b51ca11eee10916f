import EngineTestSupport
import Foundation
import HTTPTypes
import Hemicycle
import HemicycleWeb
import HummingbirdTesting
import Legislation
import NIOCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The rapporteur's queue over HTTP, on the demo bill: promotion by votes, the queue grouped by
/// article with competing amendments flagged, the rule's explanation on every amendment,
/// opinions and decisions by the assigned rapporteur only, and the Atom feed.
@Suite struct QueueRoutesTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    static let bill: BillSlug = "republique-numerique"

    init() async throws {
        test = try await TestEngine()
    }

    /// Article 9 of v2 with one alinéa rewritten.
    func amendment(_ title: String, alinea: Int, from old: String, to new: String) async throws -> AmendmentInput {
        let article = try await engine.article(ArticleLabel("9"), of: Self.bill, version: VersionNumber(2))
        var texts = article.alineas.map { $0.text }
        texts[alinea - 1] = texts[alinea - 1].replacingOccurrences(of: old, with: new)
        return AmendmentInput(
            baseVersion: "v2", title: title, summary: "Exposé sommaire.",
            changes: [ChangeInput(kind: "modify", article: "9", text: texts.joined(separator: "\n\n"))])
    }

    @Test func votesQueueTheRapporteurReviewsAndTheFeedTells() async throws {
        let staff = try await test.person("greffe", .staff)
        let rapporteur = try await test.person("rapporteure", .rapporteur)
        let otherRapporteur = try await test.person("autre-rapporteur", .rapporteur)
        let author = try await test.person("autrice")
        let first = try await engine.proposeAmendment(
            to: Self.bill,
            try await amendment("Collectivités", alinea: 1, from: "de l’Etat", to: "de l’État et des collectivités"),
            by: author)
        let second = try await engine.proposeAmendment(
            to: Self.bill, try await amendment("État seul", alinea: 1, from: "de l’Etat", to: "de l’État"), by: author)
        let third = try await engine.proposeAmendment(
            to: Self.bill,
            try await amendment("Décret simple", alinea: 3, from: "un décret en Conseil d’Etat", to: "un décret"),
            by: author)
        _ = try await engine.setPromotionRule(
            try PromotionRule([.minimumSupports(2), .requireNetSupport]), of: Self.bill, by: staff)
        _ = try await engine.setRapporteurs(["rapporteure"], of: Self.bill, by: staff)
        var voters: [Identity] = []
        for index in 1...3 { voters.append(try await test.person("votant-\(index)")) }
        for number in [first.number, second.number, third.number] {
            for voter in voters.prefix(number == second.number ? 3 : 2) {
                _ = try await engine.vote(.for, on: number, of: Self.bill, token: voter.token)
            }
        }
        let fourth = try await engine.proposeAmendment(
            to: Self.bill, try await amendment("Une voix", alinea: 2, from: "fréquentes", to: "régulières"), by: author)
        _ = try await engine.vote(.for, on: fourth.number, of: Self.bill, token: voters[0].token)

        let voter = voters[0]
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(uri: "/api/v1/bills/republique-numerique/queue", method: .get) { response in
                #expect(response.status == .ok)
                let queue = try JSONDecoder.iso.decode(QueueView.self, from: Data(buffer: response.body))
                #expect(queue.count == 3 && queue.rapporteurs == ["rapporteure"])
                let group = try #require(queue.articles.first)
                #expect(group.article == "9")
                // Most supported first; the two on alinéa 1 compete, the one on alinéa 3 does not.
                #expect(group.amendments.map(\.number) == [second.number, first.number, third.number])
                #expect(group.amendments[0].competing == [first.number.value])
                #expect(group.amendments[1].competing == [second.number.value])
                #expect(group.amendments[2].competing.isEmpty && group.amendments[2].alineas == [3])
                #expect(group.amendments[0].promotion.explanation == "2 supports ≥ 2 ✓ · 2 supports > 0 against ✓")
            }
            // Wherever an amendment appears, where it stands against the rule.
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/\(fourth.number)", method: .get
            ) { response in
                let body = String(buffer: response.body)
                #expect(body.contains(#""promotion":{"#) && body.contains(#""promoted":false"#), "\(body)")
                #expect(body.contains("1 supports < 2 ✗"), "\(body)")
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments?sort=support", method: .get
            ) { response in
                #expect(String(buffer: response.body).contains(#""promoted":true"#))
            }
            func post(_ path: String, _ body: String, as person: Identity) async throws -> HTTPResponse.Status {
                let token = try await engine.signIn(handle: person.account.handle.value, password: "un mot de passe")
                    .token
                return try await client.execute(
                    uri: "/api/v1/bills/republique-numerique/\(path)", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: ByteBuffer(string: body)
                ) { $0.status }
            }
            let opinion = #"{"opinion": "défavorable", "comment": "Satisfait par l’article 1er."}"#
            for outsider in [author, otherRapporteur, voter] {
                #expect(try await post("queue/\(first.number)/opinion", opinion, as: outsider) == .forbidden)
                #expect(
                    try await post("queue/\(first.number)/decision", #"{"decision": "rejected"}"#, as: outsider)
                        == .forbidden)
            }
            #expect(try await post("queue/\(first.number)/opinion", opinion, as: rapporteur) == .ok)
            #expect(
                try await post("queue/\(first.number)/opinion", #"{"opinion": "bof"}"#, as: rapporteur)
                    == .unprocessableContent)
            #expect(try await post("queue/\(fourth.number)/opinion", opinion, as: rapporteur) == .conflict)
            #expect(
                try await post("queue/\(first.number)/decision", #"{"decision": "rejected"}"#, as: rapporteur) == .ok)
            #expect(
                try await post("queue/\(first.number)/decision", #"{"decision": "adopted"}"#, as: staff) == .conflict)
            #expect(
                try await post("queue/\(second.number)/opinion", #"{"opinion": "demande-de-retrait"}"#, as: staff)
                    == .ok)
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/\(first.number)", method: .get
            ) { response in
                let shown = try JSONDecoder.iso.decode(AmendmentView.self, from: Data(buffer: response.body))
                #expect(shown.state == "rejected")
                #expect(shown.review?.opinion == "défavorable" && shown.review?.decision == "rejected")
                #expect(shown.promotion?.promoted == true)
            }
            try await client.execute(uri: "/api/v1/bills/republique-numerique/feed.atom", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("application/atom+xml") == true)
                let data = Data(buffer: response.body)
                #expect(XMLParser(data: data).parse(), "the feed is well-formed XML")
                let feed = String(decoding: data, as: UTF8.self)
                #expect(feed.components(separatedBy: "<entry>").count - 1 == 3 + 2 + 1)
                #expect(feed.contains("Amendement n° \(first.number) : rejeté"))
                #expect(feed.contains("avis demande de retrait"))
                #expect(feed.contains("Satisfait par l’article 1er."))
            }
        }
    }
}

extension QueueRoutesTests {
    @Test func exportsAreDownloadsInEachFormat() async throws {
        let staff = try await test.person("greffe", .staff)
        let author = try await test.person("autrice")
        let amendment = try await engine.proposeAmendment(
            to: Self.bill, try await amendment("État", alinea: 1, from: "de l’Etat", to: "de l’État"), by: author)
        _ = try await engine.setPromotionRule(try PromotionRule([.minimumSupports(1)]), of: Self.bill, by: staff)
        let voter = try await test.person("votant")
        _ = try await engine.vote(.for, on: amendment.number, of: Self.bill, token: voter.token)
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            let expected: [(String, String, String)] = [
                ("csv", "text/csv", "attachment; filename=\"republique-numerique-amendements-queue.csv\""),
                ("json", "application/json", "attachment"), ("markdown", "text/markdown", "attachment"),
                ("liasse", "text/html", "inline"), ("akn", "application/zip", "attachment"),
            ]
            for (format, type, disposition) in expected {
                try await client.execute(
                    uri: "/api/v1/bills/republique-numerique/export?format=\(format)", method: .get
                ) { response in
                    #expect(response.status == .ok, "\(format)")
                    #expect(response.headers[.contentType]?.hasPrefix(type) == true, "\(format)")
                    #expect(response.headers[.contentDisposition]?.hasPrefix(disposition) == true, "\(format)")
                    #expect(response.body.readableBytes > 100, "\(format)")
                }
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/export?format=csv&separator=semicolon", method: .get
            ) { response in
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("\u{FEFF}numero;article;alinea;titre;"))
                #expect(text.contains(";1;État;"), "\(text.prefix(400))")
            }
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/export?format=pdf", method: .get
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("csv, json, markdown, liasse, akn"))
            }
        }
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
