import Foundation
import Legislation

/// The manifest file `bill.md`: a header of `key: value` lines, a blank line, then the outline —
/// `#` headings for divisions (one `#` per level), each optionally followed by its intitulé on
/// the next line, and `- <label>: <file>` lines for articles.
///
/// ```
/// title: Projet de loi pour une République numérique
/// number: 3318
/// date: 2015-12-09
///
/// # TITRE Ier
/// LA CIRCULATION DES DONNÉES ET DU SAVOIR
///
/// ## Chapitre Ier
/// Économie de la donnée
///
/// - 1er: article-1er.md
/// - 1er bis A: article-1er-bis-a.md
/// ```
///
/// A heading may also carry its intitulé on its own line: `# TITRE Ier : DISPOSITIONS GÉNÉRALES`
/// (or ` — `, ` - `).
public enum ManifestFile {
    /// The manifest's path inside a bill folder.
    public static let name = "bill.md"
    /// The largest manifest accepted: a whole code of 150,000 articles fits in 8 MiB.
    public static let sizeLimit = 64 << 20

    /// Reads a manifest, checking labels and file names, with errors naming the line.
    public static func parse(_ text: String) throws -> BillManifest {
        let lines = Paragraphs.lines(of: text)
        var header: [String: (value: String, line: Int)] = [:]
        var index = 0
        // Header: key: value lines up to the first blank line (or the first outline line).
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmed
            if trimmed.isEmpty {
                if header.isEmpty {
                    index += 1
                    continue
                }
                break
            }
            if trimmed.hasPrefix("#") || trimmed.hasPrefix("- ") { break }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw error("expected `key: value` (title, number, attribution, date)", line: line.number)
            }
            let key = LegalText.trimmingASCIISpaces(trimmed[..<colon]).lowercased()
            var value = LegalText.trimmingASCIISpaces(trimmed[trimmed.index(after: colon)...])
            guard ["title", "number", "attribution", "date", "rule"].contains(key) else {
                throw error(
                    "unknown key `\(key)`; the manifest knows title, number, attribution, date and rule",
                    line: line.number)
            }
            if key == "rule" && value.isEmpty {
                // The rule as a block of indented `criterion: value` lines.
                var members: [String] = []
                while index + 1 < lines.count, let first = lines[index + 1].text.first, first == " " || first == "\t",
                    !lines[index + 1].trimmed.isEmpty
                {
                    index += 1
                    members.append(try ruleMember(lines[index]))
                }
                value = "{" + members.joined(separator: ", ") + "}"
            }
            if key == "rule" {
                header[key] = (value, line.number)
                _ = try rule(value, line: line.number)
                index += 1
                continue
            }
            if key == "date", StageDate(value) == nil {
                throw error("`date` reads YYYY-MM-DD, such as 2015-12-09; got `\(value.prefix(40))`", line: line.number)
            }
            if let first = header[key] {
                throw error("`\(key)` is given twice (first at line \(first.line))", line: line.number)
            }
            header[key] = (value, line.number)
            index += 1
        }
        guard let title = header["title"], !title.value.isEmpty else {
            throw error("the manifest has no title; start it with a line `title: …`", line: 1)
        }
        let outline = try parseOutline(lines[index...])
        guard outline.contains(where: { if case .article = $0 { true } else { false } }) else {
            throw error("the manifest lists no article; add lines such as `- 1er: article-1er.md`", line: lines.count)
        }
        return BillManifest(
            title: title.value,
            number: header["number"]?.value.nonEmpty,
            attribution: header["attribution"]?.value.nonEmpty,
            date: header["date"].flatMap { StageDate($0.value) },
            rule: try header["rule"].map { try rule($0.value, line: $0.line) },
            outline: outline)
    }

    /// One `criterion: value` line of a rule block, as a JSON member: numbers, `true`, `false`
    /// and names (`continuous`, `atClose`) as they are.
    private static func ruleMember(_ line: NumberedLine) throws -> String {
        let trimmed = line.trimmed
        guard let colon = trimmed.firstIndex(of: ":") else {
            throw error("a rule's line reads `criterion: value`, such as `minimumSupports: 100`", line: line.number)
        }
        let key = LegalText.trimmingASCIISpaces(trimmed[..<colon])
        let value = LegalText.trimmingASCIISpaces(trimmed[trimmed.index(after: colon)...])
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw error("`\(key.prefix(40))` is not a criterion's name", line: line.number)
        }
        let json =
            value == "true" || value == "false" || Double(value) != nil
            ? value : "\"" + value.filter { $0 != "\"" && $0 != "\\" } + "\""
        return "\"\(key)\": \(json)"
    }

    /// The rule a manifest declares, as JSON, with the rule's own refusal naming the line.
    private static func rule(_ json: String, line: Int) throws -> PromotionRule {
        do {
            return try JSONDecoder().decode(PromotionRule.self, from: Data(json.utf8))
        } catch let DecodingError.dataCorrupted(context) {
            throw error("the rule is not valid: \(context.debugDescription)", line: line)
        } catch {
            throw Self.error(
                "the rule is a JSON object of criteria, `rule: {\"minimumSupports\": 100}`, or a block of "
                    + "indented `criterion: value` lines", line: line)
        }
    }

    private static func parseOutline(_ lines: ArraySlice<NumberedLine>) throws -> [OutlineEntry] {
        var outline: [OutlineEntry] = []
        var labels: [String: (line: Int, label: ArticleLabel)] = [:]
        var files: [String: Int] = [:]
        var currentLevel = 0
        // The line right after a division heading may be its intitulé.
        var intituleExpected = false
        for line in lines {
            let trimmed = line.trimmed
            if trimmed.isEmpty { continue }
            if intituleExpected, !trimmed.hasPrefix("#"), !trimmed.hasPrefix("- "),
                case .division(var division)? = outline.last, division.title == nil
            {
                division.title = LegalText.trimmingASCIISpaces(trimmed)
                outline[outline.count - 1] = .division(division)
                intituleExpected = false
                continue
            }
            intituleExpected = false
            if trimmed.hasPrefix("#") {
                let level = trimmed.prefix(while: { $0 == "#" }).count
                let heading = LegalText.trimmingASCIISpaces(trimmed.dropFirst(level))
                guard level <= Division.maximumLevel, !heading.isEmpty else {
                    throw error("a division heading is 1 to 6 `#` followed by its title", line: line.number)
                }
                guard level <= currentLevel + 1 else {
                    throw error(
                        "division level \(level) follows level \(currentLevel); add the missing level or use \(String(repeating: "#", count: currentLevel + 1))",
                        line: line.number)
                }
                currentLevel = level
                outline.append(.division(Division(level: level, line: heading)))
                intituleExpected = true
            } else if trimmed.hasPrefix("- ") {
                let entry = trimmed.dropFirst(2)
                guard let colon = entry.firstIndex(of: ":") else {
                    throw error(
                        "an article line reads `- <label>: <file>`, e.g. `- 2 bis: article-2-bis.md`", line: line.number
                    )
                }
                let rawLabel = LegalText.trimmingASCIISpaces(entry[..<colon])
                let file = LegalText.trimmingASCIISpaces(entry[entry.index(after: colon)...])
                guard let label = ArticleLabel(rawLabel) else {
                    throw error(
                        "`\(rawLabel)` is not an article label (such as 1er, 2 bis, L. 312-1)", line: line.number)
                }
                try FileName.validate(file, line: line.number)
                if let first = labels[label.canonical] {
                    throw error(
                        first.label == label
                            ? "article \(label) is listed twice (first at line \(first.line))"
                            : "article \(label) looks like article \(first.label) (line \(first.line)); labels must differ by more than case or look-alike letters",
                        line: line.number)
                }
                if let first = files[file] {
                    throw error("file \(file) is listed twice (first at line \(first))", line: line.number)
                }
                labels[label.canonical] = (line.number, label)
                files[file] = line.number
                outline.append(.article(ArticleReference(label: label, file: file)))
            } else {
                throw error(
                    "expected a division heading (`# …`, its intitulé on the next line) or an article line (`- <label>: <file>`)",
                    line: line.number)
            }
        }
        return outline
    }

    /// The canonical text of a manifest.
    public static func render(_ manifest: BillManifest) -> String {
        var text = "title: \(manifest.title)\n"
        if let number = manifest.number { text += "number: \(number)\n" }
        if let attribution = manifest.attribution { text += "attribution: \(attribution)\n" }
        if let date = manifest.date { text += "date: \(date)\n" }
        if let rule = manifest.rule {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            if let json = try? encoder.encode(rule) { text += "rule: \(String(decoding: json, as: UTF8.self))\n" }
        }
        var previousWasDivision = false
        for entry in manifest.outline {
            switch entry {
            case .division(let division):
                text += "\n" + String(repeating: "#", count: division.level) + " " + division.heading + "\n"
                if let title = division.title { text += title + "\n" }
                previousWasDivision = true
            case .article(let reference):
                if previousWasDivision { text += "\n" }
                text += "- \(reference.label): \(reference.file)\n"
                previousWasDivision = false
            }
        }
        return text
    }

    private static func error(_ message: String, line: Int) -> BillArchiveError {
        BillArchiveError(.invalidFormat, message, file: name, line: line)
    }
}

/// The rule for article file names: they become paths, so only a safe, portable set is allowed.
public enum FileName {
    /// Longest file name accepted.
    public static let maximumLength = 100

    /// Whether `name` is a safe article file name: ASCII letters, digits, `-`, `_` and `.`, ending
    /// in `.md`, no `..`, not hidden.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count > 3, bytes.count <= maximumLength, name.hasSuffix(".md"), !name.contains(".."),
            let first = bytes.first, first != UInt8(ascii: "."), first != UInt8(ascii: "-"),
            name.lowercased() != ".git"
        else { return false }
        return bytes.allSatisfy {
            ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95
                || $0 == 46
        }
    }

    static func validate(_ name: String, line: Int) throws {
        guard isValid(name) else {
            throw BillArchiveError(
                .invalidFormat,
                "`\(name.escapingControls)` is not an allowed article file name: use letters, digits, `-`, `_` and end in `.md` (no `/`, `..` or hidden names)",
                file: ManifestFile.name, line: line)
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }

    /// The string with control characters shown as `\u{…}`, safe to print in a message.
    var escapingControls: String {
        var result = ""
        for scalar in unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
