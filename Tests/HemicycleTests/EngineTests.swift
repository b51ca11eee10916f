import BillArchive
import Foundation
import Hemicycle
import HemicycleWeb
import TestSupport
import Testing

@Suite struct EngineTests {
    let directory: TemporaryDirectory
    let engine: Engine

    init() async throws {
        directory = try TemporaryDirectory()
        engine = try await Engine.open(
            configuration: Configuration(
                dataDirectory: directory.appending("data"),
                seedDirectory: Fixtures.repositoryRoot.appendingPathComponent("bills")),
            now: { Date(timeIntervalSince1970: 1_443_225_600) })
    }

    @Test func firstStartImportsTheDemoBillOnce() async throws {
        let imported = try await engine.seedIfEmpty()
        #expect(imported.map(\.slug) == ["republique-numerique"])
        #expect(try await engine.seedIfEmpty().isEmpty)
        let bills = try await engine.listBills().items
        #expect(bills.count == 1)
        #expect(bills[0].versions.map(\.number) == ["v1", "v2", "v3"])
        #expect(bills[0].versions.map(\.articleCount) == [29, 46, 99])
        // Each stage carries its real date (its manifest's `date:`), at noon UTC: the consultation
        // draft of 25 September 2015, the bill tabled on 9 December 2015, the committee's text.
        #expect(
            bills[0].versions.map { ISO8601DateFormatter().string(from: $0.publishedAt) } == [
                "2015-09-25T12:00:00Z", "2015-12-09T12:00:00Z", "2016-01-21T12:00:00Z",
            ])
    }

    @Test func billsAreListedAPageAtATime() async throws {
        try await engine.seedIfEmpty()
        _ = try await engine.importBill(from: Fixtures.demoBill, slug: "loi-a")
        _ = try await engine.importBill(from: Fixtures.demoBill, slug: "loi-b")
        let first = try await engine.listBills(limit: 2)
        #expect(first.items.map(\.slug) == ["loi-a", "loi-b"])
        #expect(first.nextCursor == "loi-b")
        let second = try await engine.listBills(limit: 2, cursor: first.nextCursor)
        #expect(second.items.map(\.slug) == ["republique-numerique"])
        #expect(second.nextCursor == nil)
        #expect(try await engine.listBills().items.count == 3)
        for (limit, cursor) in [(0, nil), (101, nil), (10, "Bad Cursor")] as [(Int, String?)] {
            await #expect(throws: HemicycleError.self) { _ = try await engine.listBills(limit: limit, cursor: cursor) }
        }
    }

    @Test func articlesAreReadAtAnyVersion() async throws {
        try await engine.seedIfEmpty()
        let first = try await engine.article("1er", of: "republique-numerique", version: "v1")
        #expect(first.heading == "Article 1")
        #expect(first.alineas[1].number == 2)
        #expect(first.alineas[1].text.hasPrefix("I. Les deuxième, troisième et quatrième alinéas de l’article 7"))
        let bis = try await engine.article("Article 1er bis A", of: "republique-numerique")
        #expect(bis.version == "v3")
        #expect(bis.label == "1er bis A")
        let list = try await engine.articles(of: "republique-numerique", version: "v2")
        #expect(list.total == 46)
        #expect(
            list.items.first?.divisions == [
                "TITRE Ier — LA CIRCULATION DES DONNÉES ET DU SAVOIR", "Chapitre Ier — Économie de la donnée",
            ])
    }

    @Test func listsArePagedWithACursor() async throws {
        try await engine.seedIfEmpty()
        var labels: [String] = []
        var cursor: String?
        repeat {
            let page = try await engine.articles(of: "republique-numerique", limit: 40, cursor: cursor)
            labels += page.items.map(\.label)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(labels.count == 99)
        #expect(Set(labels).count == 99)
        let badCursor = await #expect(throws: HemicycleError.self) {
            try await engine.articles(of: "republique-numerique", cursor: "abc")
        }
        #expect(badCursor?.code == .invalidInput)
        let badLimit = await #expect(throws: HemicycleError.self) {
            try await engine.articles(of: "republique-numerique", limit: 0)
        }
        #expect(badLimit?.code == .invalidInput)
    }

    @Test func errorsCarryTheEngineCodes() async throws {
        try await engine.seedIfEmpty()
        let cases: [(HemicycleError.Code, @Sendable () async throws -> Void)] = [
            (.notFound, { _ = try await engine.bill("absent") }),
            (.notFound, { _ = try await engine.bill(try Parse.slug("../etc")) }),
            (.notFound, { _ = try await engine.article("99", of: "republique-numerique") }),
            (.notFound, { _ = try await engine.article("2 bis", of: "republique-numerique", version: "v2") }),
            (.notFound, { _ = try await engine.article(try Parse.label("../../x"), of: "republique-numerique") }),
            (.notFound, { _ = try await engine.history(of: "99", in: "republique-numerique") }),
            (.notFound, { _ = try await engine.bill("republique-numerique", version: "v4") }),
            (.invalidInput, { _ = try await engine.bill("republique-numerique", version: try Parse.version("4.0")) }),
            (.conflict, { _ = try await engine.importBill(from: Fixtures.demoBill) }),
            (
                .invalidInput,
                { _ = try await engine.importBill(from: Fixtures.demoBill, slug: try Parse.newSlug("Bad Slug")) }
            ),
            (.notFound, { _ = try await engine.importBill(from: directory.appending("nowhere")) }),
        ]
        for (code, call) in cases {
            let error = await #expect(throws: HemicycleError.self) { try await call() }
            #expect(error?.code == code, "\(error?.message ?? "")")
        }
    }

    @Test func aMarkdownDraftIsImportedAndANewVersionPublished() async throws {
        let draft = directory.appending("loi-numerique.md")
        try Data(
            """
            title: Projet de loi pour une République numérique
            number: 3318

            # TITRE Ier : LA CIRCULATION DES DONNÉES ET DU SAVOIR
            ## Chapitre Ier : Économie de la donnée
            ### Article 1er
            Les administrations mentionnées à l’article L. 300-2 du même code sont tenues de communiquer\u{00A0}:

            1° Les documents administratifs qu’elles détiennent.

            ### Article 2
            Le code des relations entre le public et l’administration est ainsi modifié.
            """.utf8
        ).write(to: draft)
        let imported = try await engine.importBill(from: draft)
        #expect(imported.slug == "loi-numerique")
        #expect(imported.versions.map(\.articleCount) == [2])
        let first = try await engine.article("1er", of: "loi-numerique")
        #expect(first.alineas.map(\.text).first?.hasSuffix("communiquer\u{00A0}:") == true)

        try Data(
            try String(contentsOf: draft, encoding: .utf8).replacingOccurrences(
                of: "### Article 2", with: "### Article 1er bis\nNouvel article.\n\n### Article 2"
            )
            .utf8
        ).write(to: draft)
        let version = try await engine.publishVersion(of: "loi-numerique", from: draft, stage: "Texte de la commission")
        #expect(version.number == "v2")
        #expect(version.articleCount == 3)
        let history = try await engine.history(of: "1er bis", in: "loi-numerique")
        #expect(history.items.map(\.change) == ["added"])
        let stages = await #expect(throws: HemicycleError.self) {
            try await engine.publishVersion(of: "loi-numerique", from: Fixtures.demoBill, stage: "x")
        }
        #expect(stages?.code == .invalidInput)
    }

    @Test func aBadFolderIsReportedWithItsFileAndLine() async throws {
        let folder = try Fixtures.copy(Fixtures.demoStages[1], into: directory, as: "bad")
        let manifest = folder.appendingPathComponent("bill.md")
        try Data(
            try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(
                of: "- 3: article-3.md", with: "- 2: article-3.md"
            ).utf8
        ).write(to: manifest)
        let error = await #expect(throws: HemicycleError.self) { try await engine.importBill(from: folder) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message == "bill.md:14: article 2 is listed twice (first at line 13)")
        #expect(try await engine.listBills().items.isEmpty)
    }
}
