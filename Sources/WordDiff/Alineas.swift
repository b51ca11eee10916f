/// A text cut into alinéas: each one's content and the blank-line separator that follows it, as
/// byte ranges of the text, so that the pieces concatenate back to the text exactly and nothing
/// is copied until a string is needed.
struct AlineaSplit {
    struct Piece {
        var content: Range<Int>
        var separator: Range<Int>
    }

    /// The whole text's UTF-8 bytes.
    let bytes: [UInt8]
    /// Whitespace before the first alinéa.
    let leading: Range<Int>
    let pieces: [Piece]

    /// Cuts at blank lines: a line break, optional spaces or tabs, another line break, and any
    /// whitespace after. Scans bytes; the separators are ASCII, so no grapheme is split.
    init(_ text: String) {
        let bytes = Array(text.utf8)
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        func isLineBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
        var pieces: [Piece] = []
        let count = bytes.count
        var index = 0
        while index < count, isBlank(bytes[index]) { index += 1 }
        leading = 0..<index
        var contentStart = index
        while index < count {
            guard isLineBreak(bytes[index]) else {
                index += 1
                continue
            }
            // A blank line follows when, after this break (\n or \r\n) and spaces, another break comes.
            var probe = index + 1
            if bytes[index] == 0x0D, probe < count, bytes[probe] == 0x0A { probe += 1 }
            while probe < count, bytes[probe] == 0x20 || bytes[probe] == 0x09 { probe += 1 }
            guard probe < count, isLineBreak(bytes[probe]) else {
                index += 1
                continue
            }
            var separatorEnd = probe
            while separatorEnd < count, isBlank(bytes[separatorEnd]) { separatorEnd += 1 }
            // Trailing spaces of the content belong to the separator.
            var contentEnd = index
            while contentEnd > contentStart, bytes[contentEnd - 1] == 0x20 || bytes[contentEnd - 1] == 0x09 {
                contentEnd -= 1
            }
            pieces.append(Piece(content: contentStart..<contentEnd, separator: contentEnd..<separatorEnd))
            index = separatorEnd
            contentStart = index
        }
        if contentStart < count {
            var contentEnd = count
            while contentEnd > contentStart, isBlank(bytes[contentEnd - 1]) { contentEnd -= 1 }
            pieces.append(Piece(content: contentStart..<contentEnd, separator: contentEnd..<count))
        }
        self.bytes = bytes
        self.pieces = pieces
    }

    /// The text of a byte range.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Whether two ranges (of this text and another) hold the same bytes.
    func same(_ range: Range<Int>, as other: AlineaSplit, _ otherRange: Range<Int>) -> Bool {
        bytes[range].elementsEqual(other.bytes[otherRange])
    }
}
