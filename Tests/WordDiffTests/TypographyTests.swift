import Foundation
import TestSupport
import Testing

@testable import WordDiff

/// Changes of typography alone are classified apart, never hidden from the text itself.
@Suite struct TypographyTests {
    @Test func foldingTreatsSpaceHyphenApostropheQuoteAndEllipsisKindsAsOne() {
        #expect(Typography.folded("L.\u{00A0}311\u{2011}5") == Typography.folded("L. 311-5"))
        #expect(Typography.folded("l’article") == Typography.folded("l'article"))
        #expect(Typography.folded("«\u{00A0}texte\u{00A0}»") == Typography.folded("«texte»"))
        #expect(Typography.folded("« texte »") == Typography.folded("«\u{202F}texte\u{202F}»"))
        #expect(Typography.folded("etc…") == Typography.folded("etc..."))
        #expect(Typography.folded("vrai\u{202F}?") == Typography.folded("vrai ?"))
        #expect(Typography.folded("I. – Texte") == Typography.folded("I. - Texte"))
        #expect(Typography.folded("d’État") == Typography.folded("d'Etat"))
        #expect(Typography.folded("été") != Typography.folded("ete"))
        #expect(Typography.folded("loi") != Typography.folded("lois"))
        #expect(Typography.folded("a b") != Typography.folded("ab"))
    }

    @Test func aNonBreakingHyphenOrSpaceIsATypographicChange() throws {
        let before = "Sous réserve des articles L. 311-5 et L. 311-6, la loi du 6 janvier 1978."
        let after = "Sous réserve des articles L. 311\u{2011}5 et L. 311\u{2011}6, la loi du 6\u{00A0}janvier 1978."
        let diff = WordDiff.diff(before, after)
        #expect(diff.isTypographyOnly)
        let operations = OperationsRenderer.operations(diff).filter { $0.op != .equal }
        #expect(!operations.isEmpty)
        #expect(operations.allSatisfy { $0.typographic == true })
        let json = String(decoding: try JSONEncoder().encode(operations), as: UTF8.self)
        #expect(json.contains("\"typographic\":true"))
        #expect(!TextRenderer.plain(diff).contains("[-"))
        #expect(TextRenderer.plain(diff).contains("[~"))
        // Ignored, the change is gone from every rendering, and the text after is intact.
        let quiet = diff.ignoringTypography()
        #expect(quiet.isEmpty)
        #expect(TextRenderer.plain(quiet) == after)
        #expect(Array(quiet.after.utf8) == Array(after.utf8))
    }

    @Test func aChangeOfSubstanceStaysOneEvenBesideTypography() {
        let diff = WordDiff.diff("Le ministre chargé de l'économie.", "Le ministre chargé du numérique.")
        #expect(!diff.isTypographyOnly)
        #expect(OperationsRenderer.operations(diff).allSatisfy { $0.typographic == nil })
        let mixed = WordDiff.diff("Le 6 janvier, le ministre.", "Le 6\u{00A0}janvier, la ministre.")
        #expect(!mixed.isTypographyOnly)
        let kept = TextRenderer.plain(mixed.ignoringTypography())
        #expect(kept.contains("[-le-]{+la+}"), "\(kept)")
        #expect(!kept.contains("~"), "\(kept)")
    }
}
