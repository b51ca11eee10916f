import Legislation

/// A block of text separated from the next by a blank line, with the line it starts on.
struct Paragraph {
    var text: String
    var line: Int
}

/// One line of a file, with its 1-based number.
struct NumberedLine {
    var text: Substring
    var number: Int

    /// The line without ASCII spaces or tabs at either end (never a non-breaking space).
    var trimmed: String { String(trimmedSlice) }

    /// The same, without copying.
    var trimmedSlice: Substring {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while end > start {
            let before = utf8.index(before: end)
            guard utf8[before] == 0x20 || utf8[before] == 0x09 else { break }
            end = before
        }
        return text[start..<end]
    }
}

enum Paragraphs {
    /// Splits text into its lines (at `\n` bytes), numbered from 1.
    static func lines(of text: String) -> [NumberedLine] {
        var result: [NumberedLine] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var number = 1
        var index = start
        while index < utf8.endIndex {
            if utf8[index] == 0x0A {
                result.append(NumberedLine(text: text[start..<index], number: number))
                number += 1
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        result.append(NumberedLine(text: text[start..<utf8.endIndex], number: number))
        return result
    }

    /// Groups lines into paragraphs separated by blank lines; lines of one paragraph are joined
    /// by a single space, as Markdown reads them.
    static func group(_ lines: some Sequence<NumberedLine>) -> [Paragraph] {
        var result: [Paragraph] = []
        var current = ""
        var open = false
        var start = 0
        for line in lines {
            let trimmed = line.trimmedSlice
            if trimmed.isEmpty {
                if open { result.append(Paragraph(text: current, line: start)) }
                current = ""
                open = false
            } else {
                if open {
                    current += " "
                } else {
                    start = line.number
                    open = true
                }
                current += trimmed
            }
        }
        if open { result.append(Paragraph(text: current, line: start)) }
        return result
    }
}
