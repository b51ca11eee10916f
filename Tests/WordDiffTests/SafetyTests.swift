import Foundation
import TestSupport
import Testing

@testable import WordDiff

@Suite struct SafetyTests {
    static let hostile = [
        "<script>alert('x')</script> & \"quotes\" 'single' <img src=x onerror=alert(1)>",
        "Texte </del><script>document.cookie</script><ins> & &amp; &lt;",
        "<!-- comment --> <![CDATA[ x ]]> <p onclick=\"x\">",
    ]

    /// Every segment, equal, deleted and inserted alike, is escaped: only our own tags remain.
    @Test(arguments: 0..<3)
    func htmlIsInertInEverySegment(_ index: Int) {
        let before = Self.hostile[index] + "\n\nAlinéa commun <b>gras</b>.\n\n" + Self.hostile[(index + 1) % 3]
        let after = "Nouveau <u>texte</u> & " + Self.hostile[(index + 2) % 3] + "\n\nAlinéa commun <b>gras</b>."
        let diff = WordDiff.diff(before, after)
        for html in [HTMLRenderer.inline(diff), HTMLRenderer.sideBySide(diff)] {
            var stripped = html
            for tag in [
                "<del>", "</del>", "<ins>", "</ins>", "</p>", "<tbody>", "</tbody>", "<thead>", "</thead>", "<tr>",
                "</tr>",
                "<th>", "</th>", "<td>", "</td>", "</table>", "</div>",
            ] {
                stripped = stripped.replacingOccurrences(of: tag, with: "")
            }
            stripped = stripped.replacingOccurrences(
                of: #"<(p|tr|div|table) class="[a-z -]+">"#, with: "", options: .regularExpression)
            #expect(!stripped.contains("<"), "\(stripped)")
            #expect(!stripped.contains(">"), "\(stripped)")
            #expect(!html.lowercased().contains("<script"))
        }
    }

    /// A combining mark after a quote or a bracket makes one Swift `Character` of the two, but
    /// the browser reads the quote: escaping works on bytes, and nothing it leaves can close an
    /// attribute or open a tag.
    @Test func aCombiningMarkCannotShieldACharacterFromEscaping() {
        let hostile = "\"\u{301} onmouseover=alert(1) x='\u{301} <\u{338}script> &\u{301}amp; é"
        let escaped = HTMLRenderer.escape(hostile)
        #expect(!escaped.utf8.contains { [0x22, 0x27, 0x3C, 0x3E].contains($0) }, "\(escaped)")
        #expect(escaped.unicodeScalars.filter { $0 == "&" }.count == 5)
        #expect(
            escaped
                == "&quot;\u{301} onmouseover=alert(1) x=&#39;\u{301} &lt;\u{338}script&gt; &amp;\u{301}amp; é")
        #expect(HTMLRenderer.escape("Alinéa « simple »") == "Alinéa « simple »")
        let diff = WordDiff.diff("Texte.", "Texte " + hostile)
        for html in [HTMLRenderer.inline(diff), HTMLRenderer.sideBySide(diff)] {
            let bytes = Array(html.utf8)
            let shielded = zip(bytes, bytes.dropFirst()).contains { [0x22, 0x27, 0x3C].contains($0) && $1 == 0xCC }
            #expect(!shielded, "\(html)")
        }
    }

    /// Worst cases finish, stay exact, and say when they are approximate.
    @Test func pathologicalInputsAreBounded() {
        var generator = SeededGenerator(seed: 7)
        let words = ["article", "loi", "code", "données", "public", "administration", "décret", "alinéa", "le", "la"]
        func prose(_ count: Int) -> String {
            (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ")
        }
        func noise(_ bytes: Int) -> String {
            String((0..<bytes).map { _ in Character(Unicode.Scalar(UInt8(33 + generator.next() % 90))) })
        }
        let cases = [
            (prose(20_000), prose(20_000)),  // a complete rewrite
            (prose(20_000), prose(10_000) + " amendé " + prose(10_000)),
            (noise(65_536), noise(65_536)),
        ]
        for (before, after) in cases {
            let diff = WordDiff.diff(before, after)
            #expect(
                OperationsRenderer.apply(OperationsRenderer.operations(diff), to: before).map { Array($0.utf8) }
                    == Array(after.utf8))
        }
        let tight = WordDiff.diff(cases[0].0, cases[0].1, limits: DiffLimits(workFactor: 1, exactRegion: 100))
        #expect(tight.approximate)
        #expect(tight.after == cases[0].1)
    }
}
