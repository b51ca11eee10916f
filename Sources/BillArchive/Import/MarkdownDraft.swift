import Legislation

/// A bill written as one Markdown file, the way staff draft one, split into the folder format:
///
/// ```
/// title: Projet de loi pour une République numérique      (or a first `# …` heading)
/// date: 2015-12-09                                         (optional: the stage's date)
///
/// ## Exposé des motifs                                     (optional heading)
/// Mesdames, Messieurs, …                                   (the exposé: any text before the
///                                                           first division or article)
/// # TITRE Ier
/// LA CIRCULATION DES DONNÉES ET DU SAVOIR                  (the intitulé, or on the heading
///                                                           line: `# TITRE Ier : …`)
/// ## Chapitre Ier : Économie de la donnée
/// ### Article 1er
/// Premier alinéa…
///
/// Deuxième alinéa…
/// ```
///
/// Headings naming an article (`Article 2 bis`, `Art. 3`, at any level, or a bold line
/// `**Article 2 bis**`) open an article; other headings open divisions, their level given by the
/// number of `#`; a short paragraph right after a division heading is its intitulé; paragraphs
/// of an article are its alinéas. Article files are named from labels (`article-2-bis.md`).
public enum MarkdownDraft {
    /// Splits a draft into a bill document; `name` is used in error messages.
    public static func parse(_ text: String, name: String) throws -> BillDocument {
        let lines = Paragraphs.lines(of: text)
        var index = 0
        var title: String?
        var number: String?
        var attribution: String?
        var date: StageDate?
        /// Reads a `key: value` header line (title, number, attribution, date); false when the
        /// line is not one.
        func header(_ line: NumberedLine) throws -> Bool {
            let trimmed = line.trimmed
            guard !trimmed.hasPrefix("#"), let colon = trimmed.firstIndex(of: ":") else { return false }
            let key = LegalText.trimmingASCIISpaces(trimmed[..<colon]).lowercased()
            let value = LegalText.trimmingASCIISpaces(trimmed[trimmed.index(after: colon)...])
            switch key {
            case "title": title = value
            case "number": number = value
            case "attribution": attribution = value
            case "date":
                guard let day = StageDate(value) else {
                    throw BillArchiveError(
                        .invalidFormat, "`date` reads YYYY-MM-DD, such as 2015-12-09; got `\(value.prefix(40))`",
                        file: name, line: line.number)
                }
                date = day
            default: return false
            }
            return true
        }
        // Optional header, as in the manifest.
        while index < lines.count {
            if lines[index].trimmed.isEmpty {
                index += 1
                if title != nil { break } else { continue }
            }
            guard try header(lines[index]) else { break }
            index += 1
        }

        var outline: [OutlineEntry] = []
        var articles: [String: Article] = [:]
        var labels: [String: (line: Int, label: ArticleLabel)] = [:]
        var usedFiles: Set<String> = []
        var current: (label: ArticleLabel, heading: String, line: Int, body: [NumberedLine])?
        var levels: [Int] = []  // '#' counts of the open divisions, outermost first
        var expose: [NumberedLine] = []
        var inExpose = false
        // After a division heading, until its first paragraph, article or sub-division.
        var intitule: (lines: [NumberedLine], open: Bool) = ([], false)

        func closeIntitule() throws {
            defer { intitule = ([], false) }
            guard !intitule.lines.isEmpty, case .division(var division)? = outline.last else { return }
            let paragraphs = Paragraphs.group(intitule.lines)
            guard let first = paragraphs.first else { return }
            // Parliaments follow an intitulé with notes such as `(Division et intitulé nouveaux)`.
            let notes = paragraphs.reversed().prefix {
                $0.text.hasPrefix("(") && $0.text.hasSuffix(")") && $0.text.count <= 200
            }
            .reversed()
            let named = paragraphs.dropLast(notes.count)
            guard named.count <= (division.title == nil ? 1 : 0), (named.first?.text.count ?? 0) <= Self.intituleLimit
            else {
                let line = division.title != nil || named.count == 1 ? first.line : named[named.startIndex + 1].line
                throw BillArchiveError(
                    .invalidFormat,
                    division.title != nil
                        ? "text after the division heading `\(division.heading)`, which already has its intitulé; put it under an `### Article …` heading"
                        : "text outside any article: a division's intitulé is one short paragraph (at most \(Self.intituleLimit) characters) right under its heading; put the rest under an `### Article …` heading",
                    file: name, line: line)
            }
            let parts = ([division.title] + named.map { Self.withoutEmphasis($0.text) } + notes.map(\.text)).compactMap
            { $0 }
            division.title = LegalText.collapsingSpaces(
                parts.joined(separator: " ").replacingOccurrences("\n", with: " "))
            outline[outline.count - 1] = .division(division)
        }

        func closeArticle() {
            guard let open = current else { return }
            let file = uniqueFileName(for: open.label, used: &usedFiles)
            outline.append(.article(ArticleReference(label: open.label, file: file)))
            articles[file] = Article(
                label: open.label, heading: open.heading, alineas: Paragraphs.group(open.body).map(\.text))
            current = nil
        }

        for line in lines[index...] {
            let trimmed = line.trimmed
            // Header lines may also follow a title given as the first heading.
            if title != nil, outline.isEmpty, articles.isEmpty, expose.isEmpty, !inExpose, current == nil,
                !trimmed.isEmpty, try header(line)
            {
                continue
            }
            let isHeading = trimmed.hasPrefix("#")
            let hashes = trimmed.prefix(while: { $0 == "#" }).count
            let headingText = isHeading ? LegalText.trimmingASCIISpaces(trimmed.dropFirst(hashes)) : trimmed
            let isBoldLine = trimmed.hasPrefix("**") && trimmed.hasSuffix("**") && trimmed.count > 4
            if (isHeading || isBoldLine), let label = ArticleLabel(heading: headingText) {
                try closeIntitule()
                closeArticle()
                inExpose = false
                if let first = labels[label.canonical] {
                    throw BillArchiveError(
                        .invalidFormat,
                        first.label == label
                            ? "article \(label) appears twice (first at line \(first.line))"
                            : "article \(label) looks like article \(first.label) (line \(first.line)); labels must differ by more than case or look-alike letters",
                        file: name, line: line.number)
                }
                labels[label.canonical] = (line.number, label)
                let heading = LegalText.collapsingSpaces(
                    headingText.replacingOccurrences("**", with: "").replacingOccurrences("<sup>", with: "")
                        .replacingOccurrences("</sup>", with: ""))
                current = (label, heading, line.number, [])
                continue
            }
            if isHeading {
                try closeIntitule()
                closeArticle()
                guard !headingText.isEmpty, hashes <= 6 else {
                    throw BillArchiveError(.invalidFormat, "empty or too deep heading", file: name, line: line.number)
                }
                if outline.isEmpty && articles.isEmpty && Self.isExposeHeading(headingText) {
                    inExpose = true
                    continue
                }
                if title == nil && outline.isEmpty && articles.isEmpty && expose.isEmpty && !inExpose
                    && !Division.isDivisionHeading(headingText)
                {
                    title = headingText
                    continue
                }
                if inExpose && !Division.isDivisionHeading(headingText) {
                    // A heading inside the exposé (`I. – Contexte`) is part of it.
                    expose.append(line)
                    continue
                }
                inExpose = false
                while let last = levels.last, last >= hashes { levels.removeLast() }
                levels.append(hashes)
                outline.append(.division(Division(level: levels.count, line: headingText)))
                intitule = ([], true)
                continue
            }
            if current != nil {
                current?.body.append(line)
            } else if intitule.open {
                intitule.lines.append(line)
            } else if outline.isEmpty && articles.isEmpty {
                // Before the first division or article: the exposé des motifs.
                if !trimmed.isEmpty || !expose.isEmpty { expose.append(line) }
            } else if !trimmed.isEmpty {
                throw BillArchiveError(
                    .invalidFormat,
                    "text outside any article; put it under an `### Article …` heading or make it a heading",
                    file: name, line: line.number)
            }
        }
        try closeIntitule()
        closeArticle()

        guard let title, !title.isEmpty else {
            throw BillArchiveError(
                .invalidFormat, "the draft has no title; start it with `title: …` or a first `# …` heading",
                file: name, line: 1)
        }
        guard !articles.isEmpty else {
            throw BillArchiveError(
                .invalidFormat, "the draft has no article; open each with a heading such as `### Article 1er`",
                file: name, line: lines.count)
        }
        let manifest = BillManifest(
            title: title, number: number, attribution: attribution, date: date, outline: outline)
        let exposeText = Paragraphs.group(expose).map(\.text).joined(separator: "\n\n")
        return BillDocument(manifest: manifest, articles: articles, expose: exposeText)
    }

    /// `**DISPOSITIONS GÉNÉRALES**` or `_Économie de la donnée_` as plain text.
    static func withoutEmphasis(_ text: String) -> String {
        var text = text
        for mark in ["**", "__", "*", "_"]
        where text.hasPrefix(mark) && text.hasSuffix(mark) && text.count > 2 * mark.count {
            text = String(text.dropFirst(mark.count).dropLast(mark.count))
        }
        return text
    }

    /// The longest intitulé read under a division heading; a longer paragraph is text out of place.
    static let intituleLimit = 500

    /// `Exposé des motifs`, `EXPOSÉ DES MOTIFS`, `Exposé sommaire`.
    private static func isExposeHeading(_ heading: String) -> Bool {
        let folded = heading.lowercased().replacingOccurrences("é", with: "e").replacingOccurrences("É", with: "e")
        return folded.hasPrefix("expose des motifs") || folded.hasPrefix("expose general")
    }

    private static func uniqueFileName(for label: ArticleLabel, used: inout Set<String>) -> String {
        let stem = "article-\(label.slug)"
        var candidate = "\(stem).md"
        var counter = 2
        while used.contains(candidate) {
            candidate = "\(stem)-\(counter).md"
            counter += 1
        }
        used.insert(candidate)
        return candidate
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
