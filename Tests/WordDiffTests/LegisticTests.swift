import Foundation
import TestSupport
import Testing

@testable import WordDiff

/// The dispositif worded from the diff, as the Assemblée nationale's drafting office words it,
/// checked on hand-made cases and against the real amendments of the fixture.
@Suite struct LegisticTests {
    static func wording(_ before: String, _ after: String) -> String {
        LegisticRenderer.render(LegisticRenderer.changes(WordDiff.diff(before, after)))
    }

    @Test func eachKindOfChangeIsWordedAsParliamentsWordIt() {
        let text = "Les personnes publiques chargées d’une mission.\n\nLe deuxième alinéa.\n\nLe troisième alinéa."
        #expect(
            Self.wording(text, text.replacingOccurrences(of: "publiques", with: "privées"))
                == "À l'alinéa 1, substituer au mot : « publiques » le mot : « privées ».")
        #expect(
            Self.wording(text, text.replacingOccurrences(of: "publiques", with: "publiques et privées"))
                == "À l'alinéa 1, après le mot : « publiques », insérer les mots : « et privées ».")
        #expect(
            Self.wording(text, text.replacingOccurrences(of: "publiques ", with: ""))
                == "À l'alinéa 1, supprimer le mot : « publiques ».")
        #expect(
            Self.wording(text, text.replacingOccurrences(of: "d’une mission", with: "d’une mission d’intérêt général"))
                == "À l'alinéa 1, après le mot : « mission », insérer les mots : « d’intérêt général ».")
        #expect(
            Self.wording(text, "Les personnes publiques chargées d’une mission.\n\nLe troisième alinéa.")
                == "Supprimer l'alinéa 2.")
        #expect(
            Self.wording(text, text + "\n\nUn quatrième.\n\nUn cinquième.")
                == "Après l'alinéa 3, insérer les deux alinéas suivants :\n\n« Un quatrième. »\n\n« Un cinquième. »")
        #expect(Self.wording(text, "") == "Supprimer cet article.")
        #expect(
            Self.wording(
                text, text.replacingOccurrences(of: "Le deuxième alinéa.", with: "Tout autre chose, vraiment.")
            )
            .hasPrefix("Rédiger ainsi l'alinéa 2 :"))
        #expect(
            Self.wording(text, "Un texte entièrement nouveau.\n\nEt rien de l'ancien.")
                .hasPrefix("Rédiger ainsi cet article :"))
        // Several changes in one alinéa are one instruction, numbered; an elided word counts as
        // two (« d’une » is « les mots »); changes a word or two apart are one passage.
        let long = "Les personnes publiques chargées à titre principal d’une mission de service public."
        #expect(
            Self.wording(
                long, "Les personnes privées chargées à titre principal d’une seule mission de service public.")
                == "À l'alinéa 1 : 1° substituer au mot : « publiques » le mot : « privées » ; 2° après les mots : « d’une », insérer le mot : « seule »."
        )
        #expect(
            Self.wording(long, "Les personnes privées chargées au titre principal d’une mission de service public.")
                == "À l'alinéa 1, substituer aux mots : « publiques chargées à » les mots : « privées chargées au ».")
    }

    /// One instruction of a real dispositif, read from the amendment's text (Sénat or
    /// Assemblée style), reduced to what a generated one must name: the alinéa and the words.
    struct Instruction: Equatable {
        var kind: String
        var alinea: Int?
        var old: String
        var new: String
    }

    static func clean(_ text: String) -> String {
        var text = text.replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
        for mark in ["«", "»", "\"", "_"] { text = text.replacingOccurrences(of: mark, with: " ") }
        text = text.replacingOccurrences(of: "’", with: "'")
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func first(_ pattern: String, _ text: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        return (1..<match.numberOfRanges).map {
            Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? ""
        }
    }

    static func instruction(_ raw: String) -> Instruction? {
        let text = clean(raw)
        // One instruction only: parts numbered I., II. or 1°, 2° are left out.
        if text.range(of: #"(^|\s)(I|II)\.\s?[–-]"#, options: .regularExpression) != nil || text.contains("2°") {
            return nil
        }
        if text.range(of: #"^Supprimer cet article"#, options: .regularExpression) != nil {
            return Instruction(kind: "deleteArticle", alinea: nil, old: "", new: "")
        }
        let alinea = first(#"(?:alinéa|alinéas)\s+(\d+)"#, text).flatMap { Int($0[0]) }
        func words(_ text: String) -> String {
            text.trimmingCharacters(in: CharacterSet(charactersIn: " .,;:")).trimmingCharacters(in: .whitespaces)
        }
        if let parts = first(
            #"(?:Remplacer|substituer)\s+(?:au|aux|le|les)\s+mots?\s*:\s*(.+?)\s+(?:par\s+)?(?:le|les)\s+mots?\s*:\s*(.+?)\.?$"#,
            text)
        {
            return Instruction(kind: "substitute", alinea: alinea, old: words(parts[0]), new: words(parts[1]))
        }
        if let parts = first(
            #"Après\s+(?:le|les)\s+mots?\s*:\s*(.+?),?\s+insérer\s+(?:le|les)\s+mots?\s*:\s*(.+?)\.?$"#, text)
        {
            return Instruction(kind: "insert", alinea: alinea, old: words(parts[0]), new: words(parts[1]))
        }
        if let parts = first(#"Supprimer\s+(?:le|les)\s+mots?\s*:\s*(.+?)\.?$"#, text) {
            return Instruction(kind: "delete", alinea: alinea, old: words(parts[0]), new: "")
        }
        if let parts = first(#"Supprimer\s+les\s+alinéas\s+(\d+)\s+(?:à|et)\s+(\d+)"#, text)
            ?? first(#"Alinéas\s+(\d+)\s+(?:à|et)\s+(\d+)\s+Supprimer ces alinéas"#, text)
        {
            return Instruction(kind: "deleteAlineas", alinea: Int(parts[0]), old: parts[1], new: "")
        }
        if text.range(of: "Supprimer cet alinéa", options: .caseInsensitive) != nil
            || first(#"Supprimer\s+l'alinéa\s+(\d+)"#, text) != nil
        {
            return Instruction(kind: "deleteAlineas", alinea: alinea, old: alinea.map(String.init) ?? "", new: "")
        }
        return nil
    }

    /// Whether a generated change names the same alinéa and words as the real instruction (an
    /// anchor or a quoted passage may have been made longer to be unique).
    static func matches(_ change: LegisticRenderer.Change, _ real: Instruction) -> Bool {
        func same(_ ours: String, _ theirs: String) -> Bool {
            let ours = clean(ours).lowercased()
            let theirs = clean(theirs).lowercased()
            return !theirs.isEmpty && (ours == theirs || ours.hasSuffix(" " + theirs))
        }
        switch (change, real.kind) {
        case (.substitute(let alinea, let old, let new), "substitute"):
            return (real.alinea == nil || real.alinea == alinea) && same(old, real.old) && same(new, real.new)
        case (.insert(let alinea, let anchor, let words), "insert"):
            return (real.alinea == nil || real.alinea == alinea) && same(anchor ?? "", real.old)
                && clean(words).lowercased() == clean(real.new).lowercased()
        case (.delete(let alinea, let words), "delete"):
            return (real.alinea == nil || real.alinea == alinea) && same(words, real.old)
        case (.deleteAlineas(let first, let last), "deleteAlineas"):
            return real.alinea == first && (Int(real.old) ?? first) == last
        case (.deleteArticle, "deleteArticle"):
            return true
        default:
            return false
        }
    }

    /// The dossiers with one amendment whose dispositif is one instruction of the kinds worded
    /// precisely: the generated wording from the article before and after must name the same
    /// alinéa and the same words.
    @Test func realDispositifsAreNamedAlike() throws {
        let dossiers = Fixtures.shared.appendingPathComponent("amendements-avant-apres/dossiers")
        var compared: [(name: String, real: String, ours: String, match: Bool)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dossiers.path).sorted() {
            let folder = dossiers.appendingPathComponent(name)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            let amendments = files.filter { $0.hasPrefix("amendement_") }
            guard amendments.count == 1 else { continue }
            let real = try String(contentsOf: folder.appendingPathComponent(amendments[0]), encoding: .utf8)
            guard let instruction = Self.instruction(real) else { continue }
            let before = try String(contentsOf: folder.appendingPathComponent("article_avant"), encoding: .utf8)
            let after = try String(contentsOf: folder.appendingPathComponent("article_apres"), encoding: .utf8)
            let changes = LegisticRenderer.changes(WordDiff.diff(before, after))
            let match = changes.contains { Self.matches($0, instruction) }
            compared.append((name, Self.clean(real), LegisticRenderer.render(changes), match))
        }
        let matched = compared.filter(\.match).count
        print("legistic: \(matched) of \(compared.count) real dispositifs named alike")
        for item in compared {
            print(
                "--- \(item.name) [\(item.match ? "same" : "differs")]\nreal: \(item.real)\nours: \(item.ours.prefix(400))"
            )
        }
        #expect(compared.count >= 10)
        #expect(matched * 10 >= compared.count * 7, "\(matched) of \(compared.count)")
    }
}
