/// A text cut into alinéas: each one's content and the blank-line separator that follows it, so
/// that the pieces concatenate back to the text exactly.
struct AlineaSplit {
    struct Piece {
        var content: String
        var separator: String
    }

    /// Whitespace before the first alinéa.
    var leading: String
    var pieces: [Piece]

    /// Cuts at blank lines (a line break, optional spaces, another line break, and any more).
    init(_ text: String) {
        var pieces: [Piece] = []
        let characters = Array(text)
        var index = 0
        var leadingEnd = 0
        while leadingEnd < characters.count, characters[leadingEnd].isWhitespace { leadingEnd += 1 }
        leading = String(characters[0..<leadingEnd])
        index = leadingEnd
        var contentStart = index
        while index < characters.count {
            if characters[index].isNewline {
                // Look for a blank line: newline, spaces, newline.
                var probe = index + 1
                while probe < characters.count, characters[probe].isWhitespace, !characters[probe].isNewline {
                    probe += 1
                }
                if probe < characters.count, characters[probe].isNewline {
                    var separatorEnd = probe
                    while separatorEnd < characters.count, characters[separatorEnd].isWhitespace { separatorEnd += 1 }
                    pieces.append(
                        Piece(
                            content: String(characters[contentStart..<index]),
                            separator: String(characters[index..<separatorEnd])))
                    index = separatorEnd
                    contentStart = index
                    continue
                }
            }
            index += 1
        }
        if contentStart < characters.count {
            // Trailing whitespace of the last alinéa is its separator.
            var contentEnd = characters.count
            while contentEnd > contentStart, characters[contentEnd - 1].isWhitespace { contentEnd -= 1 }
            pieces.append(
                Piece(
                    content: String(characters[contentStart..<contentEnd]),
                    separator: String(characters[contentEnd..<characters.count])))
        }
        self.pieces = pieces
    }
}
