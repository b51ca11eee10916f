/// Splits legal French into tokens without ever splitting a grapheme: iteration is over
/// `Character`s, so `é` written as `e` + combining accent stays one piece.
public enum Tokenizer {
    /// The tokens of `text`; their texts concatenate back to `text` exactly.
    public static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(text.utf8.count / 4)
        var index = text.startIndex
        let end = text.endIndex
        while index < end {
            let character = text[index]
            let start = index
            if character == "\n" || character == "\r\n" || character == "\r" {
                index = text.index(after: index)
                tokens.append(Token(kind: .lineBreak, text: String(text[start..<index])))
            } else if isSpace(character) {
                while index < end, isSpace(text[index]) { index = text.index(after: index) }
                tokens.append(Token(kind: .space, text: String(text[start..<index])))
            } else if isWordCharacter(character) {
                var sawLetter = false
                while index < end {
                    let current = text[index]
                    if isWordCharacter(current) {
                        if current.isLetter { sawLetter = true }
                        index = text.index(after: index)
                        continue
                    }
                    let next = text.index(after: index)
                    let following: Character? = next < end ? text[next] : nil
                    if isJoiner(current), let following, isWordCharacter(following) {
                        // l’article, aujourd'hui, 312-1-1, peut-être, 1.5
                        if current == "." && !(text[text.index(before: index)].isNumber && following.isNumber) { break }
                        index = next
                        continue
                    }
                    if current == "°" {  // 1°, n°
                        index = next
                    }
                    break
                }
                let piece = String(text[start..<index])
                tokens.append(Token(kind: sawLetter ? .word : .number, text: piece))
            } else {
                index = text.index(after: index)
                tokens.append(Token(kind: .punctuation, text: String(character)))
            }
        }
        return mergingReferences(tokens)
    }

    /// Joins `L` `.` ` ` `312-1` into `L. 312-1`, and `n°` ` ` `78-753` into `n° 78-753`, so a
    /// changed reference reads as one change.
    static func mergingReferences(_ tokens: [Token]) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(tokens.count)
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            if token.kind == .word, codePrefixes.contains(token.text), index + 3 < tokens.count,
                tokens[index + 1].text == ".", tokens[index + 2].kind == .space, tokens[index + 2].text.count == 1,
                tokens[index + 3].kind == .number
            {
                result.append(Token(kind: .reference, text: tokens[index...(index + 3)].map(\.text).joined()))
                index += 4
                continue
            }
            if token.kind == .word, token.text == "n°" || token.text == "no", index + 2 < tokens.count,
                tokens[index + 1].kind == .space, tokens[index + 1].text.count == 1, tokens[index + 2].kind == .number
            {
                result.append(Token(kind: .reference, text: tokens[index...(index + 2)].map(\.text).joined()))
                index += 3
                continue
            }
            result.append(token)
            index += 1
        }
        return result
    }

    /// The letters that open an article reference of a code: L. (législatif), R., D., A., LO.
    static let codePrefixes: Set<String> = ["L", "R", "D", "A", "LO", "art", "Art"]

    static func isSpace(_ character: Character) -> Bool {
        character.isWhitespace && !character.isNewline
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// Characters that join two word characters into one token.
    static func isJoiner(_ character: Character) -> Bool {
        switch character {
        case "’", "'", "-", "\u{2011}", ".": true
        default: false
        }
    }
}
