/// Plain text with git's word-diff markers, `[-deleted-]{+inserted+}`, and its ANSI-coloured
/// variant for terminals.
public enum TextRenderer {
    /// Plain text: deletions in `[-…-]`, insertions in `{+…+}`; alinéa separators are printed as
    /// they are so the text keeps its shape.
    public static func plain(_ diff: TextDiff) -> String {
        render(diff, delete: ("[-", "-]"), insert: ("{+", "+}"))
    }

    /// Text for a terminal: deletions red and struck through, insertions green and underlined.
    public static func ansi(_ diff: TextDiff) -> String {
        render(diff, delete: ("\u{1B}[31;9m", "\u{1B}[0m"), insert: ("\u{1B}[32;4m", "\u{1B}[0m"))
    }

    private static func render(_ diff: TextDiff, delete: (String, String), insert: (String, String)) -> String {
        var output = ""
        for alinea in diff.alineas {
            for segment in alinea.segments {
                switch segment.op {
                case .equal:
                    output += segment.text
                case .delete where isSeparator(segment.text), .insert where isSeparator(segment.text):
                    // A separator that changed only in its blank lines: keep the layout readable.
                    if segment.op == .insert { output += segment.text }
                case .delete:
                    output += delete.0 + segment.text + delete.1
                case .insert:
                    output += insert.0 + segment.text + insert.1
                }
            }
        }
        return output
    }

    private static func isSeparator(_ text: String) -> Bool {
        text.contains("\n") && text.allSatisfy(\.isWhitespace)
    }
}
