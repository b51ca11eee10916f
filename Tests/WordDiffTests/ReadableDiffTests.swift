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
