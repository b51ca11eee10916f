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

/// A small deterministic generator, so each run edits the same way.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
