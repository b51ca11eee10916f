import Testing

@testable import Legislation

@Suite struct ArticleLabelTests {
    @Test(arguments: [
        ("1er", "1er"), ("1", "1er"), ("premier", "1er"), ("1 bis A", "1er bis A"), ("2", "2"),
        ("2  bis", "2 bis"), ("33 bis B", "33 bis B"), ("40 AA", "40 AA"), ("L. 312-1-1", "L. 312-1-1"),
        ("L.\t312-1", "L. 312-1"), ("R. 2234-66", "R. 2234-66"), ("liminaire", "liminaire"),
    ])
    func labelsAreNormalisedAsParliamentsWriteThem(_ raw: String, _ expected: String) throws {
        #expect(try #require(ArticleLabel(raw)).text == expected)
    }

    /// Every spelling people type reads as the label official texts print.
    @Test(arguments: [
        ("Article 2bis", "2 bis"), ("2bis", "2 bis"), ("2 BIS", "2 bis"), ("2 Bis", "2 bis"),
        ("1er bis a", "1er bis A"),
        ("1ᵉʳ", "1er"), ("1ER", "1er"), ("1 er", "1er"), ("1erbis", "1er bis"), ("Art. 3", "3"), ("ART. 3", "3"),
        ("Art 3", "3"), ("art.3", "3"), ("2\u{00A0}bis", "2 bis"), ("2\u{202F}bis", "2 bis"), ("12TER", "12 ter"),
        ("33 bis b", "33 bis B"), ("40 aa", "40 AA"), ("Article 1<sup>er</sup> bis A", "1er bis A"),
        ("Article 17 a (nouveau)", "17 A"), ("L. 312-1", "L. 312-1"), ("Article unique", "unique"),
    ])
    func labelsAreReadAsPeopleTypeThem(_ raw: String, _ expected: String) throws {
        let label = try #require(ArticleLabel(heading: raw) ?? ArticleLabel(raw))
        #expect(label.text == expected)
    }

    @Test func anUnreadableLabelSaysWhichPartIsWrong() {
        guard case .failure(let problem) = ArticleLabel.read("2/bis") else {
            Issue.record("2/bis was read")
            return
        }
        #expect(problem.part == "/")
        #expect(problem.message.contains("`/`"))
        guard case .failure(let mixed) = ArticleLabel.read("2 b\u{0456}s") else {
            Issue.record("a Cyrillic look-alike was read")
            return
        }
        #expect(mixed.part == "b\u{0456}s")
    }

    @Test func theNearestLabelsAreThoseThatLookAlike() throws {
        let labels = try ["1er", "2", "2 bis", "2 ter", "3", "9", "9 bis", "L. 312-1"].map {
            try #require(ArticleLabel($0))
        }
        #expect(ArticleLabel.nearest(to: "2 bsi", in: labels).first?.text == "2 bis")
        #expect(ArticleLabel.nearest(to: "9 quater", in: labels).map(\.text).contains("9 bis"))
        #expect(ArticleLabel.nearest(to: "L. 312-2", in: labels).first?.text == "L. 312-1")
        #expect(ArticleLabel.nearest(to: "quinze", in: labels).isEmpty)
    }

    @Test(arguments: [
        "", " ", "../2", "2/bis", "2:bis", "2\u{0}", "2\nbis", "« 2 »", "<script>", String(repeating: "9", count: 61),
        "-", "..",
    ])
    func labelsWithForeignCharactersAreRefused(_ raw: String) {
        #expect(ArticleLabel(raw) == nil)
    }

    @Test(arguments: [
        ("Article 1er", "1er"), ("**Article 2 bis**", "2 bis"), ("Article 1<sup>er</sup> bis A (nouveau)", "1er bis A"),
        ("ARTICLE L. 312-1", "L. 312-1"), ("Article 12 – Portabilité des données", "12"),
        ("Article 45 ter (nouveau)", "45 ter"), ("Article\u{00A0}3", "3"), ("Article 1", "1er"),
    ])
    func headingsNameTheirLabel(_ heading: String, _ expected: String) throws {
        #expect(try #require(ArticleLabel(heading: heading)).text == expected)
    }

    @Test(arguments: ["Chapitre Ier", "Le présent article…", "Articles 1 à 3:", ""])
    func otherLinesAreNotHeadings(_ line: String) {
        #expect(ArticleLabel(heading: line) == nil)
    }

    @Test(arguments: [("1er", "1er"), ("2 bis", "2-bis"), ("L. 312-1-1", "l-312-1-1"), ("33 bis B", "33-bis-b")])
    func slugsAreSafeFileNameStems(_ raw: String, _ slug: String) throws {
        #expect(try #require(ArticleLabel(raw)).slug == slug)
    }
}

@Suite struct IdentifierTests {
    @Test func billSlugsAreSafePathComponents() {
        #expect(BillSlug("republique-numerique") != nil)
        for bad in ["", "-x", "x-", "Bill", "a/b", "..", ".git", "a b", "é", String(repeating: "a", count: 65)] {
            #expect(BillSlug(bad) == nil, "\(bad)")
        }
        #expect(BillSlug.derived(from: "République numérique (2015)")?.value == "republique-numerique-2015")
        #expect(BillSlug.derived(from: "«»") == nil)
    }

    @Test func versionNumbersParseOnlyTheirOwnForm() {
        #expect(VersionNumber(parsing: "v3")?.value == 3)
        #expect(VersionNumber(parsing: "3")?.name == "v3")
        for bad in ["v0", "v-1", "vv1", "v1.0", "", "v", "v1234567", "v³"] {
            #expect(VersionNumber(parsing: bad) == nil, "\(bad)")
        }
    }
}

@Suite struct LegalTextTests {
    @Test func textIsComposedToNFC() {
        let decomposed = "re\u{0301}publique nume\u{0301}rique"
        #expect(LegalText.nfc(decomposed) == "république numérique")
        #expect(Array(LegalText.nfc(decomposed).unicodeScalars).count == 20)
        #expect(LegalText.nfc("\u{2000}") == "\u{2002}")  // EN QUAD has a canonical decomposition
    }

    @Test func frenchSpacesAreNeverTrimmedOrCollapsed() {
        let text = "  «\u{00A0}données\u{202F}»\u{00A0}:  texte\t"
        #expect(LegalText.trimmingASCIISpaces(text) == "«\u{00A0}données\u{202F}»\u{00A0}:  texte")
        #expect(LegalText.collapsingSpaces(text) == "«\u{00A0}données\u{202F}»\u{00A0}: texte")
    }

    @Test func controlCharactersAreFoundWithTheirLine() throws {
        #expect(LegalText.firstControlCharacter(in: "a\tb\nc « d »") == nil)
        let found = try #require(LegalText.firstControlCharacter(in: "a\nb\nc\u{1B}[31m"))
        #expect(found.line == 3)
        #expect(found.scalar == "\u{1B}")
        #expect(LegalText.firstControlCharacter(in: "x\u{0085}")?.line == 1)
        #expect(LegalText.firstControlCharacter(in: "x\n\u{2028}")?.line == 2)
    }
}
