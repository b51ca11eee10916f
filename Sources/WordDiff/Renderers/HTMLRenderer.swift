/// HTML renderings: inline (`<del>`/`<ins>` within each alinéa) and side by side (the "tableau
/// comparatif": before | after, one row per alinéa). Every piece of text is escaped, whatever
/// its operation, so no input can inject markup.
public enum HTMLRenderer {
    /// One `<p>` per alinéa, changes marked with `<del>` and `<ins>`.
    public static func inline(_ diff: TextDiff) -> String {
        var html = "<div class=\"diff\(diff.approximate ? " approximate" : "")\">\n"
        for alinea in diff.alineas {
            html += "<p class=\"alinea \(alinea.kind.rawValue)\">"
            for segment in alinea.segments {
                let text = escape(trimmingSeparator(segment.text))
                guard !text.isEmpty else { continue }
                switch segment.op {
                case .equal: html += text
                case .delete: html += "<del\(typographic(segment))>\(text)</del>"
                case .insert: html += "<ins\(typographic(segment))>\(text)</ins>"
                }
            }
            html += "</p>\n"
        }
        return html + "</div>\n"
    }

    /// A two-column table: the text before with its deletions, the text after with its
    /// insertions, one row per alinéa (an inserted alinéa leaves the left cell empty).
    public static func sideBySide(
        _ diff: TextDiff, beforeTitle: String = "Texte actuel", afterTitle: String = "Texte modifié"
    )
        -> String
    {
        var html = "<table class=\"tableau-comparatif\(diff.approximate ? " approximate" : "")\">\n"
        html += "<thead><tr><th>\(escape(beforeTitle))</th><th>\(escape(afterTitle))</th></tr></thead>\n<tbody>\n"
        for alinea in diff.alineas {
            var left = ""
            var right = ""
            for segment in alinea.segments {
                let text = escape(trimmingSeparator(segment.text))
                guard !text.isEmpty else { continue }
                switch segment.op {
                case .equal:
                    left += text
                    right += text
                case .delete: left += "<del\(typographic(segment))>\(text)</del>"
                case .insert: right += "<ins\(typographic(segment))>\(text)</ins>"
                }
            }
            html += "<tr class=\"\(alinea.kind.rawValue)\"><td>\(left)</td><td>\(right)</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// Escapes the five characters that matter in HTML text and attribute values.
    public static func escape(_ text: String) -> String {
        Entities.replacing(text) {
            switch $0 {
            case 0x26: "&amp;"
            case 0x3C: "&lt;"
            case 0x3E: "&gt;"
            case 0x22: "&quot;"
            case 0x27: "&#39;"
            default: nil
            }
        }
    }

    /// Typographic changes carry a class, so a stylesheet shows them quietly.
    private static func typographic(_ segment: Segment) -> String {
        segment.typographic ? " class=\"typographic\"" : ""
    }

    /// Alinéa separators are carried by the `<p>`/`<tr>` structure, not repeated as text.
    private static func trimmingSeparator(_ text: String) -> String {
        text.contains("\n") && text.allSatisfy(\.isWhitespace) ? "" : text
    }
}
