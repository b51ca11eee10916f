import Foundation
import TestSupport
import Testing

@testable import WordDiff

/// Applying the JSON operations to `before` yields `after` byte for byte, on every real pair.
@Suite struct RoundTripTests {
    static func check(_ before: String, _ after: String, _ name: String) {
        let diff = WordDiff.diff(before, after)
        let operations = OperationsRenderer.operations(diff)
        let rebuilt = OperationsRenderer.apply(operations, to: before)
        #expect(rebuilt.map { Array($0.utf8) } == Array(after.utf8), "\(name)")
        #expect(Array(diff.before.utf8) == Array(before.utf8), "\(name)")
    }

    @Test func allSixtyNineArticlesWithTheirAdoptedAmendments() {
        let pairs = RealPairs.amendementsAvantApres
        #expect(pairs.count == 69)
        for pair in pairs { Self.check(pair.before, pair.after, pair.name) }
    }

    @Test func allCommitteeAmendmentsOfTheRepubliqueNumeriqueBill() {
        let pairs = RealPairs.committeeAmendments
        #expect(RealPairs.committeeRecords.count == 100)
        #expect(pairs.count >= 176)
        for pair in pairs { Self.check(pair.before, pair.after, pair.name) }
    }

    @Test func randomlyEditedRealArticles() throws {
        var generator = SeededGenerator(seed: 2015)
        let articles = RealPairs.amendementsAvantApres.map(\.before).filter { !$0.isEmpty }
        for round in 0..<300 {
            let original = articles[round % articles.count]
            let edited = RandomEdits.apply(to: original, count: 1 + round % 6, using: &generator)
            Self.check(original, edited, "round \(round)")
        }
    }

    @Test func edgeCases() {
        let cases: [(String, String)] = [
            ("", ""), ("", "Texte."), ("Texte.", ""), ("\n\n", "Texte.\n"), ("A.\n\nB.\n", "A.\n\nB."),
            ("A.\r\n\r\nB.", "A.\n\nB."), ("é", "e\u{301}"), ("L.\u{00A0}312-1", "L. 312-1"), ("  ", "\t"),
            ("Un.\n\nDeux.\n\nTrois.", "Trois.\n\nUn.\n\nDeux."),
        ]
        for (before, after) in cases {
            Self.check(before, after, "\(before.debugDescription) → \(after.debugDescription)")
        }
    }
}

/// Edits a real text the way amendments and clumsy editors do.
enum RandomEdits {
    static func apply(to text: String, count: Int, using generator: inout SeededGenerator) -> String {
        var text = text
        for _ in 0..<count {
            var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard !words.isEmpty else { return text }
            let at = Int(generator.next() % UInt64(words.count))
            switch generator.next() % 7 {
            case 0: words.insert("notamment", at: at)
            case 1: words.remove(at: at)
            case 2: words[at] += ","
            case 3: words[at] = words[at].replacingOccurrences(of: ",", with: ";")
            case 4: words[at] += " "  // a doubled space
            case 5: words[at] = words[at].replacingOccurrences(of: "e", with: "é")
            default:
                var alineas = text.components(separatedBy: "\n\n")
                if alineas.count > 1 {
                    let moved = alineas.remove(at: Int(generator.next() % UInt64(alineas.count)))
                    alineas.insert(moved, at: Int(generator.next() % UInt64(alineas.count + 1)))
                }
                text = alineas.joined(separator: "\n\n")
                continue
            }
            text = words.joined(separator: " ")
        }
        return text
    }
}

/// Each side of the text and ANSI renderings is rebuilt byte for byte by dropping the other
/// side's changes and unwrapping its own.
@Suite struct RenderedRoundTripTests {
    /// The text before and after, read back from a rendering with the given markers.
    static func sides(_ rendered: String, _ markers: TextRenderer.Markers) -> (before: String, after: String)? {
        let kinds: [(open: String, close: String, before: Bool, after: Bool)] = [
            (markers.delete.open, markers.delete.close, true, false),
            (markers.insert.open, markers.insert.close, false, true),
            (markers.typographicDelete.open, markers.typographicDelete.close, true, false),
            (markers.typographicInsert.open, markers.typographicInsert.close, false, true),
        ]
        var before = ""
        var after = ""
        var rest = Substring(rendered)
        while !rest.isEmpty {
            let next = kinds.compactMap { kind in rest.range(of: kind.open).map { (kind, $0) } }
                .min { $0.1.lowerBound < $1.1.lowerBound }
            guard let (kind, openRange) = next else {
                before += rest
                after += rest
                break
            }
            before += rest[..<openRange.lowerBound]
            after += rest[..<openRange.lowerBound]
            rest = rest[openRange.upperBound...]
            guard let closeRange = rest.range(of: kind.close) else { return nil }
            let inside = rest[..<closeRange.lowerBound]
            if kind.before { before += inside }
            if kind.after { after += inside }
            rest = rest[closeRange.upperBound...]
        }
        return (before, after)
    }

    static func check(_ before: String, _ after: String, _ name: String) {
        let diff = WordDiff.diff(before, after)
        for (rendered, markers) in [
            (TextRenderer.plain(diff), TextRenderer.plainMarkers), (TextRenderer.ansi(diff), TextRenderer.ansiMarkers),
        ] {
            let rebuilt = sides(rendered, markers)
            #expect(rebuilt.map { Array($0.before.utf8) } == Array(before.utf8), "\(name): before")
            #expect(rebuilt.map { Array($0.after.utf8) } == Array(after.utf8), "\(name): after")
        }
    }

    @Test func everyPairOfTheAmendementsAvantApres() {
        let pairs = RealPairs.amendementsAvantApres
        #expect(pairs.count == 69)
        for pair in pairs { Self.check(pair.before, pair.after, pair.name) }
    }

    @Test func committeeAmendmentsAndEdgeCases() {
        for pair in RealPairs.committeeAmendments { Self.check(pair.before, pair.after, pair.name) }
        let cases: [(String, String)] = [
            ("", "Texte."), ("Texte.", ""), ("A.\n\nB.\n", "A.\n\nB."), ("A.\r\n\r\nB.", "A.\n\nB."),
            ("Un.\n\nDeux.\n\nTrois.", "Trois.\n\nUn.\n\nDeux."), ("Un.", "Un.\n\nDeux.\n\nTrois."),
            ("Un.\n\nDeux.\n\nTrois.\n\nQuatre.", "Un.\n\nQuatre."),
            ("L. 311-5 le 6 janvier", "L. 311\u{2011}5 le 6\u{00A0}janvier"),
        ]
        for (before, after) in cases {
            Self.check(before, after, "\(before.debugDescription) → \(after.debugDescription)")
        }
    }

    @Test func insertedAndDeletedRunsAreOneBlockWithTheirSeparatorsInside() {
        let before = "I. – Premier.\n\nII. – Deuxième :\n\n« En cas de doute. »\n\nIII. – Dernier."
        let after = "I. – Premier.\n\nIII. – Dernier.\n\nIV. – Nouveau.\n\nV. – Encore."
        let text = TextRenderer.plain(WordDiff.diff(before, after))
        #expect(text.components(separatedBy: "[-").count == 2, "\(text)")
        #expect(text.components(separatedBy: "{+").count == 2, "\(text)")
        #expect(text.contains("[-II. – Deuxième :\n\n« En cas de doute. »\n\n-]"), "\(text)")
        #expect(text.contains("{+\n\nIV. – Nouveau.\n\nV. – Encore.+}"), "\(text)")
    }
}
