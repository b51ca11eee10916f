import Legislation

/// The article file format: first line the heading, then the alinéas as paragraphs separated by
/// one blank line.
public enum ArticleFile {
    /// Reads an article file for the article labelled `label` in the manifest; the heading must
    /// name that label.
    public static func parse(_ text: String, label: ArticleLabel, name: String) throws -> Article {
        let lines = Paragraphs.lines(of: text)
        guard let headingIndex = lines.firstIndex(where: { !$0.trimmed.isEmpty }) else {
            throw BillArchiveError(
                .invalidFormat, "the file is empty; its first line must be the heading `\(label.defaultHeading)`",
                file: name, line: 1)
        }
        let headingLine = lines[headingIndex]
        let heading = LegalText.collapsingSpaces(headingLine.trimmed)
        guard let found = ArticleLabel(heading: heading) else {
            throw BillArchiveError(
                .invalidFormat, "the first line must be the article's heading, such as `\(label.defaultHeading)`",
                file: name, line: headingLine.number)
        }
        guard found == label else {
            throw BillArchiveError(
                .invalidFormat,
                "the heading names article \(found) but the manifest lists this file as article \(label)",
                file: name, line: headingLine.number)
        }
        let alineas = Paragraphs.group(lines[(headingIndex + 1)...]).map(\.text)
        return Article(label: label, heading: heading, alineas: alineas)
    }

    /// The canonical text of an article file: heading, blank line, alinéas separated by blank
    /// lines, one line each, and a final newline.
    public static func render(_ article: Article) -> String {
        var text = article.heading + "\n"
        for alinea in article.alineas {
            text += "\n" + alinea + "\n"
        }
        return text
    }
}
