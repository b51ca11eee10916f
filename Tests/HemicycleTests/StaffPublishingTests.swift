import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import Testing

@Suite struct StaffPublishingTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine(seeded: false)
    }

    static let draft = """
        title: Projet de loi pour une République numérique

        # TITRE Ier
        ### Article 1er
        Les administrations communiquent leurs documents.
        """

    @Test func staffCreateFromADraftAndPublishAFolder() async throws {
        let staff = try await test.person("greffe", .staff)
        let bill = try await engine.createBill(BillUpload(slug: "numerique", markdown: Self.draft), by: staff)
        #expect(bill.slug == "numerique")
        #expect(bill.versions.map(\.stage) == ["Texte initial"])
        let version = try await engine.publishVersion(
            of: "numerique",
            BillUpload(
                stage: "Texte de la commission",
                files: [
                    "bill.md":
                        "title: Projet de loi pour une République numérique\n\n- 1er: article-1er.md\n- 2: article-2.md\n",
                    "articles/article-1er.md": "Article 1er\n\nLes administrations publient leurs documents.\n",
                    "articles/article-2.md": "Article 2\n\nNouvel article.\n",
                ]), by: staff)
        #expect(version.number == "v2")
        #expect(version.articleCount == 2)
    }

    @Test func refusals() async throws {
        let staff = try await test.person("greffe", .staff)
        let citizen = try await test.person("citoyen")
        let cases: [(HemicycleError.Code, @Sendable () async throws -> Void)] = [
            (.forbidden, { _ = try await engine.createBill(BillUpload(markdown: Self.draft), by: citizen) }),
            (.invalidInput, { _ = try await engine.createBill(BillUpload(), by: staff) }),
            (.invalidInput, { _ = try await engine.createBill(BillUpload(markdown: "no title here\n"), by: staff) }),
            (.invalidInput, { _ = try await engine.createBill(BillUpload(files: ["../escape.md": "x"]), by: staff) }),
            (
                .invalidInput,
                { _ = try await engine.createBill(BillUpload(files: ["articles/sub/a.md": "x"]), by: staff) }
            ),
            (
                .invalidInput,
                { _ = try await engine.publishVersion(of: "absent", BillUpload(markdown: Self.draft), by: staff) }
            ),
        ]
        for (code, call) in cases {
            let error = await #expect(throws: HemicycleError.self) { try await call() }
            #expect(error?.code == code, "\(error?.message ?? "")")
        }
        #expect(try await engine.listBills().items.isEmpty)
    }
}
