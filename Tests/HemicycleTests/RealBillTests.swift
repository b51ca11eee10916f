import EngineTestSupport
import Foundation
import Hemicycle
import TestSupport
import Testing
import WordDiff

/// Real bills through the engine: labels typed as people type them, insertion before the first
/// article, typography-only changes, intitulés and the exposé des motifs.
@Suite struct RealBillTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test(arguments: [
        ("Article 2bis", "2 bis"), ("2 BIS", "2 bis"), ("2\u{00A0}bis", "2 bis"), ("1er bis a", "1er bis A"),
        ("1ᵉʳ", "1er"), ("Art. 3", "3"), ("ART. 3", "3"), ("Article 1er BIS A", "1er bis A"),
    ])
    func everySpellingReadsTheArticle(_ typed: String, _ label: String) async throws {
        let article = try await engine.article(try Parse.label(typed), of: "republique-numerique", version: "v3")
        #expect(article.label == label)
    }

    @Test func anUnknownOrUnreadableLabelIsExplained() async throws {
        let unknown = await #expect(throws: HemicycleError.self) {
            try await engine.article(try Parse.label("2 quinquies"), of: "republique-numerique", version: "v3")
        }
        #expect(unknown?.code == .notFound)
        #expect(unknown?.message.contains("nearest: 2 bis") == true, "\(unknown?.message ?? "")")
        let unreadable = #expect(throws: HemicycleError.self) { try Parse.label("2/bis") }
        #expect(unreadable?.message.contains("`/` cannot be part of an article label") == true)
    }

    @Test func anArticleIsInsertedBeforeTheFirstOne() async throws {
        let author = try await test.person("liminaire")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique",
            AmendmentInput(
                baseVersion: "v2", title: "Un article liminaire", summary: "Avant tout le reste.",
                changes: [
                    ChangeInput(
                        kind: "insert", before: "Article 1ᵉʳ", label: "1er A",
                        text: "La présente loi a pour objet de favoriser l’ouverture et la circulation des données.")
                ]),
            by: author)
        #expect(amendment.articles == ["1er A"])
        #expect(amendment.diff?.first?.change == "added")
        // In the amendment's text, the new article comes first, inside the first chapitre.
        let manifest = try Self.git(
            test.directory.appending("data/bills/republique-numerique.git"), "show", "refs/heads/amendments/1:bill.md")
        let lines = manifest.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix("- ") })
        #expect(lines[first] == "- 1er A: article-1er-a.md")
        #expect(lines[first + 1] == "- 1er: article-1er.md")
        #expect(lines[first - 2] == "## Chapitre Ier")
        let both = await #expect(throws: HemicycleError.self) {
            try await engine.proposeAmendment(
                to: "republique-numerique",
                AmendmentInput(
                    baseVersion: "v2", title: "Ambigu", summary: "",
                    changes: [ChangeInput(kind: "insert", after: "1er", before: "2", label: "1er bis", text: "x")]),
                by: author)
        }
        #expect(both?.message.contains("not both") == true)
    }

    @Test func theDemoBillShowsItsIntitules() async throws {
        let bill = try await engine.bill("republique-numerique", version: "v3")
        #expect(bill.structure.map(\.heading) == ["TITRE Ier", "TITRE II", "TITRE III", "TITRE IV"])
        #expect(bill.structure.last?.title == "DISPOSITIONS RELATIVES À L’OUTRE\u{2011}MER")
        #expect(bill.structure.first?.children?.first?.title == "Économie de la donnée")
    }

    /// v2 → v3 of the real bill: the committee changed every article in substance, and swapped
    /// hyphens and spaces for their non-breaking kinds throughout; the latter are typographic.
    @Test func theRealBillsTypographicChangesAreClassified() async throws {
        let comparison = try await engine.compare("republique-numerique", from: "v2", to: "v3")
        #expect(comparison.modified.count + comparison.typographyOnly.count == 46)
        let typographic = comparison.articles.flatMap(\.operations).filter { $0.typographic == true }
        #expect(typographic.count > 100)
        #expect(typographic.contains { $0.text.contains("\u{2011}") })
        let first = try await engine.articleDiff(
            "1er", of: "republique-numerique", from: "v2", to: "v3", format: .text, ignoreTypography: true)
        let text = try #require(first.rendered)
        #expect(!text.contains("[~") && !text.contains("{~"))
        #expect(first.operations.allSatisfy { $0.typographic == nil })
        let noisy = try await engine.articleDiff("1er", of: "republique-numerique", from: "v2", to: "v3", format: .text)
        #expect(noisy.rendered?.contains("{~") == true)
    }

    /// A version that only changes typography: counted apart, hidden on request, bytes kept.
    @Test func aTypographyOnlyVersionIsCountedApart() async throws {
        let folder = try Fixtures.copy(Fixtures.demoStages[2], into: test.directory, as: "typo")
        let file = folder.appendingPathComponent("articles/article-2.md")
        let original = try String(contentsOf: file, encoding: .utf8)
        let retyped = original.replacingOccurrences(of: "\u{2011}", with: "-").replacingOccurrences(
            of: "’", with: "'")
        #expect(retyped != original)
        try Data(retyped.utf8).write(to: file)
        let manifest = folder.appendingPathComponent("bill.md")
        try Data(
            try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(
                of: "date: 2016-01-21", with: "date: 2016-01-26"
            ).utf8
        ).write(to: manifest)
        _ = try await engine.publishVersion(of: "republique-numerique", from: folder, stage: "Texte retapé")
        let comparison = try await engine.compare("republique-numerique", from: "v3", to: "v4")
        #expect(comparison.typographyOnly == ["2"])
        #expect(comparison.modified.isEmpty)
        #expect(comparison.articles.first?.typographyOnly == true)
        let quiet = try await engine.compare("republique-numerique", from: "v3", to: "v4", ignoreTypography: true)
        #expect(quiet.articles.isEmpty)
        #expect(quiet.typographyOnly == ["2"])
        // The text is stored exactly as published.
        let stored = try await engine.article("2", of: "republique-numerique", version: "v4")
        #expect(
            stored.alineas.map(\.text).joined(separator: "\n\n")
                == retyped.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
                .trimmingCharacters(in: .newlines))
        let versions = try await engine.versions(of: "republique-numerique")
        #expect(ISO8601DateFormatter().string(from: versions[3].publishedAt) == "2016-01-26T12:00:00Z")
    }

    static func git(_ repository: URL, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--git-dir", repository.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
