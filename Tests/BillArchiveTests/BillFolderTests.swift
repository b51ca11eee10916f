import Foundation
import Legislation
import TestSupport
import Testing

@testable import BillArchive

@Suite struct BillFolderTests {
    let reader = BillFolderReader(sizeLimit: 1 << 20)

    @Test func theDemoStagesHoldTheRealArticleCounts() throws {
        let counts = try Fixtures.demoStages.map { try reader.read(folder: $0).manifest.articles.count }
        #expect(counts == [29, 46, 99])
    }

    /// Git stores the canonical form; the shipped folders are canonical, so a clone equals them.
    @Test(arguments: Fixtures.demoStages)
    func theDemoFilesAreInCanonicalForm(_ stage: URL) throws {
        let document = try reader.read(folder: stage)
        for file in document.files() {
            let onDisk = try String(contentsOf: stage.appendingPathComponent(file.path), encoding: .utf8)
            #expect(onDisk == file.text, "\(file.path)")
        }
    }

    @Test func articleTextMatchesTheRealFixture() throws {
        let document = try reader.read(folder: Fixtures.demoStages[1])
        let article = try #require(document.articles["article-1er.md"])
        let fixture = try String(
            contentsOf: Fixtures.fixtureVersion("v2-projet-de-loi-apres-conseil-d-etat").appendingPathComponent(
                "001_article-001.md"),
            encoding: .utf8)
        let paragraphs = fixture.components(separatedBy: "\n\n").dropFirst().map {
            $0.trimmingCharacters(in: .newlines)
        }.filter { !$0.isEmpty }
        #expect(article.alineas == Array(paragraphs))
        #expect(article.alineas[0].hasPrefix("Sous réserve des dispositions des articles L. 311-5 et L. 311-6"))
    }

    @Test func nonBreakingSpacesSurviveTheRoundTrip() throws {
        let text =
            "Article 2 bis\n\n«\u{00A0}Art. L. 312-1-1.\u{202F}–\u{00A0}Les données\u{00A0}: ouvertes.\u{00A0}»\n"
        let article = try ArticleFile.parse(text, label: ArticleLabel("2 bis")!, name: "a.md")
        #expect(
            article.alineas == ["«\u{00A0}Art. L. 312-1-1.\u{202F}–\u{00A0}Les données\u{00A0}: ouvertes.\u{00A0}»"])
        #expect(ArticleFile.render(article) == text)
    }

    @Test func wrappedLinesAndCRLFAreNormalised() throws {
        let bytes = Array("Article 3\r\n\r\nPremier alinéa\r\n  sur deux lignes.  \r\n\r\n\r\nSecond.".utf8)
        let text = try TextFile.decode(bytes, name: "a.md", sizeLimit: 1000)
        let article = try ArticleFile.parse(text, label: ArticleLabel("3")!, name: "a.md")
        #expect(article.alineas == ["Premier alinéa sur deux lignes.", "Second."])
    }

    @Test func aMarkdownDraftOfTheRealBillSplitsIntoItsArticles() throws {
        let folder = Fixtures.fixtureVersion("v2-projet-de-loi-apres-conseil-d-etat")
        let draft = try DraftFixture.markdown(from: folder)
        let document = try MarkdownDraft.parse(draft, name: "draft.md")
        #expect(document.manifest.title == "Projet de loi pour une République numérique")
        #expect(document.manifest.articles.count == 46)
        #expect(document.manifest.articles.first?.file == "article-1er.md")
        #expect(document.manifest.articles.map(\.label.text).prefix(3) == ["1er", "2", "3"])
        let divisions = document.manifest.outline.compactMap { if case .division(let d) = $0 { d } else { nil } }
        #expect(divisions.first == Division(level: 1, heading: "Titre I"))
        #expect(divisions.dropFirst().first?.level == 2)
        let demo = try reader.read(folder: Fixtures.demoStages[1])
        #expect(document.articles["article-1er.md"]?.alineas == demo.articles["article-1er.md"]?.alineas)
    }

    @Test func draftErrorsNameTheLine() throws {
        let missingTitle = #expect(throws: BillArchiveError.self) {
            try MarkdownDraft.parse("# Titre I\n\n### Article 1er\n\nTexte.\n", name: "d.md")
        }
        #expect(missingTitle?.line == 1)
        let stray = #expect(throws: BillArchiveError.self) {
            try MarkdownDraft.parse(
                "title: T\n\n# Titre I\n\nIntitulé.\n\nTexte perdu.\n\n### Article 1er\n\nTexte.\n", name: "d.md")
        }
        #expect(stray?.line == 7)
        let duplicate = #expect(throws: BillArchiveError.self) {
            try MarkdownDraft.parse("title: T\n\n### Article 1er\n\nA.\n\n### Article 1\n\nB.\n", name: "d.md")
        }
        #expect(duplicate?.line == 7)
    }
}

/// Builds the Markdown draft a staff member would write from the fixture's one-file-per-article split.
enum DraftFixture {
    struct Index: Decodable {
        struct Entry: Decodable {
            var file: String
            var chapter_file: String
        }
        var articles: [Entry]
    }

    static func markdown(from folder: URL) throws -> String {
        let index = try JSONDecoder().decode(
            Index.self, from: Data(contentsOf: folder.appendingPathComponent("index.json")))
        var text = "# Projet de loi pour une République numérique\n"
        var titre = ""
        var chapitre = ""
        for entry in index.articles {
            let parts = entry.chapter_file.split(separator: "/").map(String.init)
            if parts[0] != titre {
                titre = parts[0]
                chapitre = ""
                text += "\n## \(titre)\n"
            }
            let name = String(parts[1].dropLast(3))
            if name != chapitre {
                chapitre = name
                text += "\n### \(chapitre)\n"
            }
            let article = try String(contentsOf: folder.appendingPathComponent(entry.file), encoding: .utf8)
            text +=
                "\n#### "
                + article.replacingOccurrences(of: "<sup>", with: "").replacingOccurrences(of: "</sup>", with: "")
        }
        return text
    }
}

/// No alinéa of the demo bill is a division heading carried in by the split of its source
/// (`1. Section 2`, `Chapitre II`, `TITRE III`): headings belong to the manifest.
@Suite struct DemoTextTests {
    @Test func noAlineaIsADivisionHeading() throws {
        let heading = try Regex(#"^(\d+\.\s+)?(Section|Sous-section|Chapitre|TITRE|Titre)\s+[0-9IVXLC]+(er|e)?\s*$"#)
        var found: [String] = []
        for stage in Fixtures.demoStages {
            let folder = stage.appendingPathComponent("articles")
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                for paragraph in text.components(separatedBy: "\n\n").dropFirst()
                where paragraph.trimmingCharacters(in: .whitespacesAndNewlines).wholeMatch(of: heading) != nil {
                    found.append("\(stage.lastPathComponent)/\(name): \(paragraph)")
                }
            }
        }
        #expect(found.isEmpty, "\(found)")
    }
}

/// A manifest declares the bill's promotion rule either way a person would write it.
@Suite struct ManifestRuleTests {
    static let outline = "\n# TITRE Ier\n\n- 1er: article-1er.md\n"

    @Test func theRuleReadsAsOneLineOfJSONOrAsABlock() throws {
        let inline = try ManifestFile.parse(
            "title: Loi\nrule: {\"minimumSupports\": 100, \"topPerArticle\": 3}\n" + Self.outline)
        let block = try ManifestFile.parse(
            "title: Loi\nrule:\n  minimumSupports: 100\n  topPerArticle: 3\n  evaluation: continuous\ndate: 2016-01-21\n"
                + Self.outline)
        #expect(inline.rule == block.rule)
        #expect(block.rule == (try PromotionRule([.minimumSupports(100), .topPerArticle(3)])))
        #expect(block.date == StageDate("2016-01-21"))
        // The rule survives a round trip through the canonical text.
        #expect(try ManifestFile.parse(ManifestFile.render(block)) == block)
    }

    @Test func aBadRuleNamesItsLine() throws {
        for text in [
            "title: Loi\nrule: {\"minimumSupports\": 0}\n", "title: Loi\nrule:\n  minimumSupport: 3\n",
            "title: Loi\nrule:\n  minimumSupports 3\n",
        ] {
            let error = #expect(throws: BillArchiveError.self) { try ManifestFile.parse(text + Self.outline) }
            #expect(error?.line == 2 || error?.line == 3, "\(String(describing: error))")
            #expect(error?.description.contains("rule") == true || error?.description.contains("criterion") == true)
        }
    }
}
