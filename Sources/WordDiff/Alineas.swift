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

    /// Cuts at blank lines: a line break, optional spaces or tabs, another line break, and any
    /// whitespace after. Scans bytes; the separators are ASCII, so no grapheme is split.
    init(_ text: String) {
        var copy = text
        var leading = ""
        var pieces: [Piece] = []
        copy.withUTF8 { bytes in
            func string(_ start: Int, _ end: Int) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
            func isLineBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }
            let count = bytes.count
            var index = 0
            while index < count, isBlank(bytes[index]) { index += 1 }
            leading = string(0, index)
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
                pieces.append(
                    Piece(content: string(contentStart, contentEnd), separator: string(contentEnd, separatorEnd)))
                index = separatorEnd
                contentStart = index
            }
            if contentStart < count {
                var contentEnd = count
                while contentEnd > contentStart, isBlank(bytes[contentEnd - 1]) { contentEnd -= 1 }
                pieces.append(Piece(content: string(contentStart, contentEnd), separator: string(contentEnd, count)))
            }
        }
        self.leading = leading
        self.pieces = pieces
    }
}
