/// Plain text with git's word-diff markers, `[-deleted-]{+inserted+}`, and its ANSI-coloured
/// variant for terminals.
///
/// Both round-trip: dropping every insertion with its markers and unwrapping the deletions gives
/// the text before byte for byte, and the reverse gives the text after. So the blank lines that
/// separate inserted or deleted alinéas are inside their markers, and a run of inserted (or
/// deleted) alinéas is one block. Typographic changes (see `Typography`) are marked apart,
/// `[~…~]{~…~}` in plain text and dimmed in a terminal, or left out with `ignoringTypography`.
public enum TextRenderer {
    /// The markers around each kind of change.
    public struct Markers: Sendable {
        public var delete: (open: String, close: String)
        public var insert: (open: String, close: String)
        public var typographicDelete: (open: String, close: String)
        public var typographicInsert: (open: String, close: String)
    }

    /// `[-…-]`, `{+…+}`, and `[~…~]`, `{~…~}` for typographic changes.
    public static let plainMarkers = Markers(
        delete: ("[-", "-]"), insert: ("{+", "+}"), typographicDelete: ("[~", "~]"), typographicInsert: ("{~", "~}"))

    /// Red struck through, green underlined; typographic changes dim.
    public static let ansiMarkers = Markers(
        delete: ("\u{1B}[31;9m", "\u{1B}[0m"), insert: ("\u{1B}[32;4m", "\u{1B}[0m"),
        typographicDelete: ("\u{1B}[2;9m", "\u{1B}[0m"), typographicInsert: ("\u{1B}[2;4m", "\u{1B}[0m"))

    /// Plain text: deletions in `[-…-]`, insertions in `{+…+}`.
    public static func plain(_ diff: TextDiff) -> String {
        render(diff, plainMarkers)
    }

    /// Text for a terminal: deletions red and struck through, insertions green and underlined.
    public static func ansi(_ diff: TextDiff) -> String {
        render(diff, ansiMarkers)
    }

    /// Renders with the given markers: consecutive changes of one kind, across alinéas, are one
    /// block.
    public static func render(_ diff: TextDiff, _ markers: Markers) -> String {
        var output = ""
        var open: (op: Segment.Operation, typographic: Bool)?
        func close() {
            guard let current = open else { return }
            output += marks(current.op, current.typographic, markers).close
            open = nil
        }
        for alinea in diff.alineas {
            for segment in alinea.segments where !segment.text.isEmpty {
                if segment.op == .equal {
                    close()
                    output += segment.text
                    continue
                }
                if let current = open, current.op == segment.op, current.typographic == segment.typographic {
                    output += segment.text
                    continue
                }
                close()
                output += marks(segment.op, segment.typographic, markers).open
                output += segment.text
                open = (segment.op, segment.typographic)
            }
        }
        close()
        return output
    }

    private static func marks(_ op: Segment.Operation, _ typographic: Bool, _ markers: Markers) -> (
        open: String, close: String
    ) {
        switch (op, typographic) {
        case (.delete, false): markers.delete
        case (.delete, true): markers.typographicDelete
        case (.insert, false): markers.insert
        case (.insert, true): markers.typographicInsert
        case (.equal, _): ("", "")
        }
    }
}
