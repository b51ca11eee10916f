import Foundation
import TestSupport
import Testing

@testable import WordDiff

/// Hand-picked real cases, written as the redline a person expects.
@Suite struct ReadableDiffTests {
    private func marked(_ before: String, _ after: String) -> String {
        TextRenderer.plain(WordDiff.diff(before, after))
    }

    @Test func theCoronadoAmendmentOnArticleNine() throws {
        let record = try #require(
            RealPairs.committeeRecords.first { record in
                record.subject.contains("Coronado") && record.article_changes.contains { $0.article == "Article 9" }
            })
        let change = try #require(record.article_changes.first { $0.article == "Article 9" })
        let text = marked(change.before ?? "", change.after ?? "")
        #expect(text.contains("personnes publiques [-et-]{+ou+} privées"), "\(text)")
    }

    @Test func aReplacedWordInsideALegalSentence() {
        #expect(
            marked(
                "Les administrations encouragent l’utilisation des logiciels libres et des formats ouverts.",
                "Les administrations imposent l’utilisation des logiciels libres et des formats ouverts.")
                == "Les administrations [-encouragent-]{+imposent+} l’utilisation des logiciels libres et des formats ouverts."
        )
    }

    @Test func referencesChangeAsAWhole() {
        #expect(
            marked("prévues à l’article L. 312-1-1 du code", "prévues à l’article L. 312-2 du code")
                == "prévues à l’article [-L. 312-1-1-]{+L. 312-2+} du code")
        #expect(
            marked("la loi n° 78-753 du 17 juillet 1978", "la loi n° 78-17 du 6 janvier 1978")
                == "la loi [-n° 78-753-]{+n° 78-17+} du [-17 juillet-]{+6 janvier+} 1978")
    }

    @Test func changesSeparatedOnlyBySpacesOrCommasReadAsOne() {
        #expect(
            marked("les données publiques, ouvertes", "les informations privées; fermées")
                == "les [-données publiques, ouvertes-]{+informations privées; fermées+}")
    }

    @Test func anInsertedAlineaIsOneBlock() {
        let diff = WordDiff.diff(
            "Premier alinéa.\n\nTroisième alinéa.\n",
            "Premier alinéa.\n\nDeuxième alinéa, nouveau.\n\nTroisième alinéa.\n")
        #expect(diff.alineas.map(\.kind) == [.equal, .inserted, .equal])
        #expect(diff.alineas[1].after == 2)
        // The separator that comes with the inserted alinéa is inside its markers.
        #expect(TextRenderer.plain(diff) == "Premier alinéa.\n\n{+Deuxième alinéa, nouveau.\n\n+}Troisième alinéa.\n")
    }

    @Test func aDeletedAlineaIsOneBlock() {
        let diff = WordDiff.diff("Un.\n\nDeux, supprimé.\n\nTrois.", "Un.\n\nTrois.")
        #expect(diff.alineas.map(\.kind) == [.equal, .deleted, .equal])
        #expect(diff.alineas[1].before == 2)
    }

    @Test func frenchSpacesAreTokensOfTheirOwn() {
        let tokens = Tokenizer.tokens("«\u{00A0}l’article\u{202F}1er\u{00A0}: L.\u{00A0}321\u{2011}1, 2°\u{00A0}»")
        #expect(
            tokens.map(\.text) == [
                "«", "\u{00A0}", "l’article", "\u{202F}", "1er", "\u{00A0}", ":", " ", "L.\u{00A0}321\u{2011}1", ",",
                " ", "2°",
                "\u{00A0}", "»",
            ])
        #expect(tokens[8].kind == .reference)
        #expect(Tokenizer.tokens("re\u{301}publique").count == 1)
        #expect(Tokenizer.tokens("d'une n° 78-753").map(\.text) == ["d'une", " ", "n° 78-753"])
    }
}

/// Long alinéas are diffed on the middle that differs: the result must read exactly as a whole
/// diff would, references and runs of spaces kept whole across the cut.
@Suite struct TrimmedDiffTests {
    static let filler = String(repeating: "les administrations mentionnées sont tenues de communiquer ", count: 12)

    static func marked(_ before: String, _ after: String) -> String {
        TextRenderer.plain(WordDiff.diff(before, after))
    }

    @Test func aReferenceAtTheCutChangesAsAWhole() {
        let text = Self.marked(
            Self.filler + "l’article L. 311-5 du code " + Self.filler,
            Self.filler + "l’article L. 311-6 du code " + Self.filler)
        #expect(text.contains("l’article [-L. 311-5-]{+L. 311-6+} du code"), "\(text)")
        let number = Self.marked(
            Self.filler + "la loi n° 78-17 du 6 janvier 1978 " + Self.filler,
            Self.filler + "la loi n° 78-18 du 6 janvier 1978 " + Self.filler)
        #expect(number.contains("la loi [-n° 78-17-]{+n° 78-18+} du"), "\(number)")
        let plainNumber = Self.marked(
            Self.filler + "la loi no 78-17 du 6 janvier " + Self.filler,
            Self.filler + "la loi no 78-18 du 6 janvier " + Self.filler)
        #expect(plainNumber.contains("[-no 78-17-]{+no 78-18+}"), "\(plainNumber)")
    }

    @Test func spacesAndAccentsAtTheCutStayWhole() {
        let before = Self.filler + "le 6\u{00A0} janvier à l’État " + Self.filler
        let after = Self.filler + "le 7\u{00A0} janvier à l’État " + Self.filler
        let diff = WordDiff.diff(before, after)
        #expect(diff.after == after && diff.before == before)
        #expect(TextRenderer.plain(diff).contains("le [-6-]{+7+}\u{00A0} janvier"))
        let accent = Self.marked(Self.filler + "été " + Self.filler, Self.filler + "étés " + Self.filler)
        #expect(accent.contains("[-été-]{+étés+}"), "\(accent)")
    }

    /// Alinéas in the same place that share few words are still paired by similarity, not by
    /// position: one deleted, one inserted.
    @Test func dissimilarAlineasInPlaceAreNotForcedTogether() {
        let before =
            "Premier alinéa inchangé.\n\nUn texte sans rapport aucun avec la suite.\n\nLes données publiques sont ouvertes à tous les usagers du service.\n\nDernier alinéa."
        let after =
            "Premier alinéa inchangé.\n\nLes données publiques sont ouvertes à tous les usagers du service public.\n\nTout autre chose ici, vraiment différente.\n\nDernier alinéa."
        let diff = WordDiff.diff(before, after)
        #expect(diff.alineas.map(\.kind) == [.equal, .deleted, .modified, .inserted, .equal])
    }
}
