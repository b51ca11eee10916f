import Foundation
import Legislation
import TestSupport
import Testing

@testable import BillArchive

/// Drafts written the way parliaments write them, on the real text of the République numérique
/// bill: intitulés under division headings or on their line, an exposé des motifs, labels typed
/// every way, dated stages and renumbered articles.
@Suite struct RealDraftTests {
    let directory: TemporaryDirectory
    let shelf: BillShelf
    /// The bill as tabled (v2 of the demo bill), read from its folder.
    let tabled: BillDocument

    init() throws {
        directory = try TemporaryDirectory()
        shelf = try BillShelf(root: directory.appending("bills"), sizeLimit: 1 << 20)
        tabled = try BillFolderReader(sizeLimit: 1 << 20).read(folder: Fixtures.demoStages[1])
    }

    func body(_ label: String) -> String {
        tabled.orderedArticles.first { $0.label.text == label }!.alineas.joined(separator: "\n\n")
    }

    /// A draft as staff paste it: headings and labels in every spelling the issue lists.
    func draft(relabelled: Bool = false) -> String {
        """
        title: Projet de loi pour une République numérique
        number: 3318
        date: 2015-12-09

        ## Exposé des motifs

        Mesdames, Messieurs,

        Le numérique constitue une nouvelle opportunité de développement, de croissance et de partage pour notre pays, nos entreprises et nos concitoyens.

        # TITRE Ier
        LA CIRCULATION DES DONNÉES ET DU SAVOIR

        ## Chapitre Ier : Économie de la donnée

        ### Section 1 — Ouverture de l’accès aux données publiques

        ### Article 1ᵉʳ

        \(body("1er"))

        ### Art. 2

        \(body("2"))

        **ARTICLE 2BIS**

        \(body("3"))

        ### Article 3 bis a

        \(body("4"))

        ## CHAPITRE II - Économie du savoir

        ### Article\u{00A0}\(relabelled ? "5" : "4")

        \(body("8"))

        # TITRE II

        LA PROTECTION DES DROITS DANS LA SOCIÉTÉ NUMÉRIQUE

        ## Chapitre Ier
        Environnement ouvert

        ### ART. \(relabelled ? "6" : "5")

        \(body("11"))\(relabelled ? " Le présent article entre en vigueur le 1er janvier 2017." : "")

        """
    }

    @Test func intitulesExposeLabelsAndDateAreRead() throws {
        let document = try MarkdownDraft.parse(draft(), name: "draft.md")
        let divisions = document.manifest.outline.compactMap { if case .division(let d) = $0 { d } else { nil } }
        #expect(
            divisions.map(\.displayName) == [
                "TITRE Ier — LA CIRCULATION DES DONNÉES ET DU SAVOIR", "Chapitre Ier — Économie de la donnée",
                "Section 1 — Ouverture de l’accès aux données publiques", "CHAPITRE II — Économie du savoir",
                "TITRE II — LA PROTECTION DES DROITS DANS LA SOCIÉTÉ NUMÉRIQUE", "Chapitre Ier — Environnement ouvert",
            ])
        #expect(divisions.map(\.level) == [1, 2, 3, 2, 1, 2])
        #expect(document.manifest.articles.map(\.label.text) == ["1er", "2", "2 bis", "3 bis A", "4", "5"])
        #expect(document.manifest.date == StageDate("2015-12-09"))
        #expect(document.manifest.number == "3318")
        let expose = try #require(document.expose)
        #expect(expose.hasPrefix("Mesdames, Messieurs,\n\nLe numérique constitue"))
        #expect(document.articles["article-1er.md"]?.alineas == tabled.articles["article-1er.md"]?.alineas)
        // The manifest keeps the intitulés and the date through its canonical form.
        let rendered = ManifestFile.render(document.manifest)
        #expect(rendered.contains("# TITRE Ier\nLA CIRCULATION DES DONNÉES ET DU SAVOIR\n"))
        #expect(try ManifestFile.parse(rendered) == document.manifest)
    }

    @Test(arguments: [
        "# TITRE Ier : DISPOSITIONS GÉNÉRALES", "# TITRE Ier — DISPOSITIONS GÉNÉRALES",
        "# TITRE Ier - DISPOSITIONS GÉNÉRALES",
        "# TITRE Ier\nDISPOSITIONS GÉNÉRALES", "# TITRE Ier\n\nDISPOSITIONS GÉNÉRALES",
    ])
    func anIntituleReadsTheSameOnItsLineOrTheNext(_ heading: String) throws {
        let document = try MarkdownDraft.parse(
            "title: T\n\n\(heading)\n\n### Article 1er\n\n\(body("1er"))\n", name: "d.md")
        guard case .division(let division) = document.manifest.outline.first else {
            Issue.record("no division")
            return
        }
        #expect(division.heading == "TITRE Ier")
        #expect(division.title == "DISPOSITIONS GÉNÉRALES")
    }

    @Test func headerLinesMayFollowATitleHeading() throws {
        let document = try MarkdownDraft.parse(
            "# Projet de loi relatif à la protection des données personnelles\n\ndate: 2017-12-13\nnumber: 490\n\n## EXPOSÉ DES MOTIFS\n\nMesdames, Messieurs,\n\n# TITRE Ier\n\nDISPOSITIONS COMMUNES\n\n### Article 1er\n\nTexte.\n",
            name: "d.md")
        #expect(document.manifest.title == "Projet de loi relatif à la protection des données personnelles")
        #expect(document.manifest.date == StageDate("2017-12-13"))
        #expect(document.manifest.number == "490")
        #expect(document.expose == "Mesdames, Messieurs,")
    }

    @Test func notesAndEmphasisAroundAnIntituleAreRead() throws {
        let document = try MarkdownDraft.parse(
            "title: T\n\n## Chapitre Ier bis\n\n**Dispositions relatives à l’outre-mer**\n\n(Division et intitulé nouveaux)\n\n### Article 1er\n\nTexte.\n\n## Chapitre II : Accès au numérique\n\n(Supprimé)\n\n### Article 2\n\nTexte.\n",
            name: "d.md")
        let titles = document.manifest.outline.compactMap { if case .division(let d) = $0 { d.title } else { nil } }
        #expect(
            titles == [
                "Dispositions relatives à l’outre-mer (Division et intitulé nouveaux)", "Accès au numérique (Supprimé)",
            ])
    }

    @Test func textThatIsNotAnIntituleIsStillRefused() {
        let error = #expect(throws: BillArchiveError.self) {
            try MarkdownDraft.parse(
                "title: T\n\n# TITRE Ier\n\nDISPOSITIONS GÉNÉRALES\n\nUn second paragraphe égaré.\n\n### Article 1er\n\nTexte.\n",
                name: "d.md")
        }
        #expect(error?.line == 7)
        #expect(error?.description.contains("intitulé") == true)
    }

    @Test func aFolderWithItsExposeIsReadAndPublishedWithIt() async throws {
        let document = try MarkdownDraft.parse(draft(), name: "draft.md")
        let versions = try await shelf.create(
            BillSlug("numerique")!, stages: [Stage(name: "Projet de loi", document: document)], at: 1_800_000_000)
        // The stage's date, not the time of import, at noon UTC.
        #expect(versions.first?.publishedAt == StageDate("2015-12-09")!.noonUTC)
        let repository = try shelf.repository(BillSlug("numerique")!)
        #expect(try await repository.expose(at: nil) == document.expose.map { $0 + "\n" })
        // An earlier date than the latest version is refused.
        var earlier = document
        earlier.manifest.date = StageDate("2015-09-25")
        earlier.articles["article-1er.md"]?.alineas.append("Alinéa ajouté.")
        let refused = await #expect(throws: BillArchiveError.self) {
            _ = try await repository.publish(Stage(name: "Avant", document: earlier), at: 1_800_000_000)
        }
        #expect(refused?.description.contains("before v1") == true)
    }

    @Test func articlesRenumberedBetweenTwoDraftsAreRelabelled() async throws {
        let first = try MarkdownDraft.parse(draft(), name: "draft.md")
        let second = try MarkdownDraft.parse(draft(relabelled: true), name: "draft.md")
        let slug = BillSlug("renumerote")!
        _ = try await shelf.create(slug, stages: [Stage(name: "Texte initial", document: first)], at: 1_800_000_000)
        let repository = try shelf.repository(slug)
        var undated = second
        undated.manifest.date = nil
        _ = try await repository.publish(Stage(name: "Texte de la commission", document: undated), at: 1_800_000_000)
        let comparison = try await repository.compare(VersionNumber(1)!, VersionNumber(2)!)
        let moves = comparison.changed.map { ($0.before?.label.text, $0.after?.label.text) }
        // 4 became 5 with the same text; 5 became 6 with one sentence added: both relabelled,
        // nothing added or removed.
        #expect(moves.count == 2)
        #expect(moves.contains { $0 == ("4", "5") })
        #expect(moves.contains { $0 == ("5", "6") })
        let diff = try await repository.articlePair(ArticleLabel("6")!, VersionNumber(1)!, VersionNumber(2)!)
        #expect(diff.before?.label.text == "5")
    }
}
