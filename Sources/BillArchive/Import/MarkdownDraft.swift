import Legislation

/// A bill written as one Markdown file, the way staff draft one, split into the folder format:
///
/// ```
/// title: Projet de loi pour une République numérique      (or a first `# …` heading)
///
/// # TITRE Ier : LA CIRCULATION DES DONNÉES ET DU SAVOIR
/// ## Chapitre Ier : Économie de la donnée
/// ### Article 1er
/// Premier alinéa…
///
/// Deuxième alinéa…
/// ```
///
/// Headings naming an article (`Article 2 bis`, at any level, or a bold line `**Article 2 bis**`)
/// open an article; other headings open divisions, their level given by the number of `#`;
/// paragraphs are alinéas. Article files are named from labels (`article-2-bis.md`).
public enum MarkdownDraft {
    /// Splits a draft into a bill document; `name` is used in error messages.
    public static func parse(_ text: String, name: String) throws -> BillDocument {
        let lines = Paragraphs.lines(of: text)
        var index = 0
        var title: String?
        var number: String?
        var attribution: String?
        // Optional header, as in the manifest.
        while index < lines.count {
            let trimmed = lines[index].trimmed
            if trimmed.isEmpty {
                index += 1
                if title != nil { break } else { continue }
            }
            guard !trimmed.hasPrefix("#"), let colon = trimmed.firstIndex(of: ":") else { break }
            let key = LegalText.trimmingASCIISpaces(trimmed[..<colon]).lowercased()
            let value = LegalText.trimmingASCIISpaces(trimmed[trimmed.index(after: colon)...])
            switch key {
            case "title": title = value
            case "number": number = value
            case "attribution": attribution = value
            default: break
            }
            guard ["title", "number", "attribution"].contains(key) else { break }
            index += 1
        }

        var outline: [OutlineEntry] = []
        var articles: [String: Article] = [:]
        var labels: [String: (line: Int, label: ArticleLabel)] = [:]
        var usedFiles: Set<String> = []
        var current: (label: ArticleLabel, heading: String, line: Int, body: [NumberedLine])?
        var levels: [Int] = []  // '#' counts of the open divisions, outermost first

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
            let isHeading = trimmed.hasPrefix("#")
            let hashes = trimmed.prefix(while: { $0 == "#" }).count
            let headingText = isHeading ? LegalText.trimmingASCIISpaces(trimmed.dropFirst(hashes)) : trimmed
            let isBoldLine = trimmed.hasPrefix("**") && trimmed.hasSuffix("**") && trimmed.count > 4
            if (isHeading || isBoldLine), let label = ArticleLabel(heading: headingText) {
                closeArticle()
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
                closeArticle()
                guard !headingText.isEmpty, hashes <= 6 else {
                    throw BillArchiveError(.invalidFormat, "empty or too deep heading", file: name, line: line.number)
                }
                if title == nil && outline.isEmpty && articles.isEmpty && !looksLikeDivision(headingText) {
                    title = headingText
                    continue
                }
                while let last = levels.last, last >= hashes { levels.removeLast() }
                levels.append(hashes)
                outline.append(.division(Division(level: levels.count, heading: headingText)))
                continue
            }
            if current != nil {
                current?.body.append(line)
            } else if !trimmed.isEmpty {
                throw BillArchiveError(
                    .invalidFormat,
                    "text outside any article; put it under an `### Article …` heading or make it a heading",
                    file: name, line: line.number)
            }
        }
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
        let manifest = BillManifest(title: title, number: number, attribution: attribution, outline: outline)
        return BillDocument(manifest: manifest, articles: articles)
    }

    private static func looksLikeDivision(_ heading: String) -> Bool {
        let word = heading.split(separator: " ").first.map { $0.lowercased() } ?? ""
        return ["titre", "chapitre", "section", "sous-section", "paragraphe", "livre", "partie", "sous-paragraphe"]
            .contains(word)
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
