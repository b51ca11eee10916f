import EngineTestSupport
import Foundation
import Legislation
import TestSupport
import Testing

@testable import Hemicycle

/// The exports for the debate, on the demo bill's real committee amendments, checked by real
/// clients: Python's `csv` module, `xmllint --schema` against the OASIS Akoma Ntoso schema, and
/// headless Chromium printing the liasse to PDF.
@Suite struct ExportTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    static let bill: BillSlug = "republique-numerique"

    init() async throws {
        test = try await TestEngine()
    }

    /// The five real committee amendments of the demo, an inserted article and a deleted one,
    /// each supported once under a rule of one support: seven queued amendments.
    func queueSeven() async throws -> [AmendmentView] {
        var inputs = try JSONDecoder().decode(
            [AmendmentInput].self,
            from: Data(
                contentsOf: Fixtures.repositoryRoot.appendingPathComponent("demo/republique-numerique.amendments.json"))
        )
        inputs.append(
            AmendmentInput(
                baseVersion: "v2", title: "Données d’intérêt général des délégataires",
                summary:
                    "Un article nouveau, « après » l’article 9 & avant l’article 10.\n\n## Amendement n° 999 — <b>faux</b>",
                changes: [
                    ChangeInput(
                        kind: "insert", after: "9", label: "9 bis",
                        text:
                            "Les délégataires de service public publient leurs données.\n\nUn décret précise les modalités."
                    )
                ]))
        inputs.append(
            AmendmentInput(
                baseVersion: "v2", title: "=SUPPRIMER(12)", summary: "Supprimer l’article 12.",
                changes: [ChangeInput(kind: "delete", article: "12")]))
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(try PromotionRule([.minimumSupports(1)]), of: Self.bill, by: staff)
        let voter = try await test.person("soutien")
        var proposed: [AmendmentView] = []
        for (index, input) in inputs.enumerated() {
            let author = try await test.person("auteur-\(index)")
            let amendment = try await engine.proposeAmendment(to: Self.bill, input, by: author)
            _ = try await engine.vote(.for, on: amendment.number, of: Self.bill, token: voter.token)
            proposed.append(amendment)
        }
        _ = try await engine.giveOpinion(
            .favorable, comment: "Précision utile ; « bienvenue ».", on: proposed[0].number, of: Self.bill, by: staff)
        return proposed
    }

    @Test func theDispositifIsWordedAsTheDraftingOfficeWordsIt() async throws {
        let proposed = try await queueSeven()
        let export = try await engine.export(of: Self.bill)
        #expect(export.amendments.count == 7)
        // In the bill's order: articles 7, 9 bis, 10, 12 (two), 36, 39.
        #expect(export.amendments.map { $0.articles.first ?? "" } == ["7", "9 bis", "10", "12", "12", "36", "39"])
        let inserted = try #require(export.amendments.first { $0.articles == ["9 bis"] })
        #expect(inserted.dispositif.parts.first?.heading == "APRÈS L'ARTICLE 9")
        #expect(
            inserted.dispositif.text
                == "Après l'article 9, insérer l'article suivant :\n\n« Article 9 bis »\n\n« Les délégataires de service public publient leurs données. »\n\n« Un décret précise les modalités. »"
        )
        // Each was worded when it was proposed and stored with its record, which the export read.
        let stored = try await engine.participation.dispositifs(bill: Self.bill)
        #expect(Set(stored.keys) == Set(proposed.map(\.number)))
        for amendment in export.amendments {
            #expect(stored[Amendment.Number(amendment.number)!]?.dispositif == amendment.dispositif)
        }
        let deleted = try #require(export.amendments.first { $0.title == "=SUPPRIMER(12)" })
        #expect(deleted.dispositif.text == "Supprimer cet article.")
        let first = try #require(export.amendments.first { $0.number == proposed[0].number.value })
        #expect(first.opinion == "favorable" && first.supports == 1 && first.author.hasPrefix("citizen-"))
        #expect(!first.alineas.isEmpty && first.dispositif.text.contains("alinéa"))
        // A person's text cannot forge a section of the Markdown document, nor its HTML.
        let markdown = String(decoding: try await engine.renderExport(export, as: .markdown).data, as: UTF8.self)
        #expect(
            !markdown.contains("\n## Amendement n° 999") && markdown.contains("> ## Amendement n° 999 — &lt;b>faux"))
        // Selections: nothing adopted yet; all includes the same seven.
        #expect(try await engine.export(of: Self.bill, selection: .adopted).amendments.isEmpty)
        #expect(try await engine.export(of: Self.bill, selection: .all).amendments.count == 7)
    }

    @Test(.disabled(if: ExternalTool.missing("python3"), "python3 is not installed (make test installs it)"))
    func theCSVOpensInPythonsCSVModuleWithItsAccents() async throws {
        _ = try await queueSeven()
        let export = try await engine.export(of: Self.bill)
        for (semicolons, delimiter) in [(false, ","), (true, ";")] {
            let (data, name) = try await engine.renderExport(export, as: .csv, semicolons: semicolons)
            #expect(name == "republique-numerique-amendements-queue.csv")
            #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]), "UTF-8 with a byte-order mark")
            let script = """
                import csv, io, sys
                rows = list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8-sig', newline=''), delimiter='\(delimiter)'))
                print(len(rows), set(len(r) for r in rows), rows[0][0], rows[1][11][:40], [r[3] for r in rows if r[1] == '12'])
                """
            let (status, output) = try ExternalTool.run("python3", ["-c", script], input: data)
            #expect(status == 0, "\(output)")
            #expect(output.hasPrefix("8 {13} numero "), "\(output)")
            // A title that reads like a formula is shown, not run.
            #expect(output.contains("\"'=SUPPRIMER(12)\""), "\(output)")
        }
    }

    @Test(.disabled(if: ExternalTool.missing("xmllint"), "xmllint is not installed (make test installs libxml2-utils)"))
    func everyAkomaNtosoDocumentValidatesAgainstTheOASISSchema() async throws {
        _ = try await queueSeven()
        let export = try await engine.export(of: Self.bill, selection: .all)
        let (archive, _) = try await engine.renderExport(export, as: .akn)
        let directory = try TemporaryDirectory()
        let zip = directory.appending("akn.zip")
        try archive.write(to: zip)
        let (unzipped, listing) = try ExternalTool.run(
            "python3",
            [
                "-c",
                "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); z.extractall(sys.argv[2]); print(len(z.namelist()))",
                zip.path, directory.appending("akn").path,
            ])
        #expect(unzipped == 0 && listing.hasPrefix("7"), "\(listing)")
        let schema = Fixtures.shared.appendingPathComponent("akn/schema-oasis-akn3.0-CC-BY-4.0/akomantoso30.xsd").path
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.appending("akn").path).sorted()
        #expect(files.count == 7)
        let (status, output) = try ExternalTool.run(
            "xmllint", ["--noout", "--schema", schema] + files.map { directory.appending("akn/\($0)").path })
        #expect(status == 0, "\(output)")
        #expect(output.components(separatedBy: " validates").count - 1 == 7, "\(output)")
        let one = try String(contentsOf: directory.appending("akn/\(files[0])"), encoding: .utf8)
        #expect(one.contains("<amendmentJustification") && one.contains("<docProponent refersTo=\"#auteur\">citizen-"))
    }

    @Test(.disabled(if: ExternalTool.missing("chromium"), "chromium is not installed (make test installs it)"))
    func theLiassePrintsOneAmendmentPerPage() async throws {
        _ = try await queueSeven()
        let export = try await engine.export(of: Self.bill)
        let (html, _) = try await engine.renderExport(export, as: .liasse)
        let text = String(decoding: html, as: UTF8.self)
        #expect(text.contains("AMENDEMENT N° 1<") && text.contains("Précision utile ; « bienvenue »."))
        #expect(text.contains("Un article nouveau, « après » l’article 9 &amp; avant l’article 10."))
        #expect(text.contains("&lt;b&gt;faux&lt;/b&gt;"))
        #expect(!text.contains("<script"))
        let directory = try TemporaryDirectory()
        let page = directory.appending("liasse.html")
        try html.write(to: page)
        let pdf = directory.appending("liasse.pdf")
        let (status, output) = try ExternalTool.run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                "--user-data-dir=\(directory.appending("profile").path)", "--print-to-pdf=\(pdf.path)",
                page.absoluteString,
            ])
        #expect(status == 0, "\(output)")
        #expect(try Self.pageCount(Data(contentsOf: pdf)) == export.amendments.count)
    }

    /// The pages of a PDF: its page objects (`/Type /Page`, not `/Pages`).
    static func pageCount(_ pdf: Data) throws -> Int {
        let text = String(decoding: pdf, as: UTF8.self)
        let pattern = try Regex(#"/Type\s*/Page(?![a-zA-Z])"#)
        return text.matches(of: pattern).count
    }
}
