/// Splits legal French into tokens without ever splitting a grapheme: combining marks, joiners
/// and variation selectors stay with the token they follow. Works on UTF-8 bytes with a fast path
/// for ASCII and the Latin letters, spaces and signs of French text; other scalars are classified
/// by their Unicode properties.
public enum Tokenizer {
    /// The tokens of `text`; their texts concatenate back to `text` exactly.
    public static func tokens(_ text: String) -> [Token] {
        var copy = text
        return copy.withUTF8 { bytes in
            scan(bytes).map {
                Token(
                    kind: $0.kind,
                    text: String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.start..<$0.end]), as: UTF8.self))
            }
        }
    }

    /// A token as a byte range of the text it came from: no string is made until one is needed.
    struct Raw {
        var kind: Token.Kind
        var start: Int
        var end: Int
    }

    /// The tokens of UTF-8 `bytes`, as byte ranges.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [Raw] {
        // Loaded once: a static table read in the loop would pay its lazy-initialisation check.
        let asciiClasses = Self.asciiClasses
        @inline(__always) func classify(_ scalar: Unicode.Scalar) -> Class {
            scalar.value < 0x80 ? asciiClasses[Int(scalar.value)] : classifySlowly(scalar)
        }
        var tokens: [Raw] = []
        tokens.reserveCapacity(bytes.count / 3)
        var index = 0
        let count = bytes.count
        func scalar(at position: Int) -> (Unicode.Scalar, Int) {
            let lead = bytes[position]
            if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<min(length, count - position) {
                value = value << 6 | UInt32(bytes[position + offset] & 0x3F)
            }
            return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
        }
        /// Moves past any scalars that extend the grapheme before them.
        func skipExtenders(_ position: inout Int) {
            while position < count {
                let (next, length) = scalar(at: position)
                guard classify(next) == .extend else { return }
                position += length
            }
        }
        while index < count {
            let start = index
            let (first, firstLength) = scalar(at: index)
            let kind = classify(first)
            index += firstLength
            switch kind {
            case .newline:
                if first == "\r", index < count, bytes[index] == 0x0A { index += 1 }
                tokens.append(Raw(kind: .lineBreak, start: start, end: index))
            case .space:
                // One ASCII space before an ASCII letter or sign: the commonest token.
                if index < count, bytes[index] < 0x80, asciiClasses[Int(bytes[index])] != .space {
                    tokens.append(Raw(kind: .space, start: start, end: index))
                    continue
                }
                skipExtenders(&index)
                while index < count {
                    let (next, length) = scalar(at: index)
                    guard classify(next) == .space else { break }
                    index += length
                    skipExtenders(&index)
                }
                tokens.append(Raw(kind: .space, start: start, end: index))
            case .letter, .digit:
                var sawLetter = kind == .letter
                var previousIsDigit = kind == .digit
                while index < count {
                    // ASCII letters and digits, the bulk of any text, without decoding.
                    let byte = bytes[index]
                    if byte < 0x80 {
                        let asciiKind = asciiClasses[Int(byte)]
                        if asciiKind == .letter || asciiKind == .digit {
                            if asciiKind == .letter { sawLetter = true }
                            previousIsDigit = asciiKind == .digit
                            index += 1
                            continue
                        }
                        // A space, a line break or a sign ends the word; only `'`, `-` and `.`
                        // (joiners) may continue it.
                        if asciiKind != .joiner { break }
                    }
                    let (next, length) = scalar(at: index)
                    let nextKind = classify(next)
                    if nextKind == .letter || nextKind == .digit || nextKind == .extend {
                        if nextKind == .letter { sawLetter = true }
                        if nextKind != .extend { previousIsDigit = nextKind == .digit }
                        index += length
                        continue
                    }
                    if nextKind == .joiner, index + length < count {
                        let (after, _) = scalar(at: index + length)
                        let afterKind = classify(after)
                        // l’article, aujourd'hui, 312-1-1, peut-être; a dot only between digits (1.5).
                        if afterKind == .letter || afterKind == .digit,
                            next != "." || (previousIsDigit && afterKind == .digit)
                        {
                            index += length
                            continue
                        }
                    }
                    if next == "°" { index += length }  // 1°, n°
                    break
                }
                tokens.append(Raw(kind: sawLetter ? .word : .number, start: start, end: index))
            case .extend, .joiner, .other:
                skipExtenders(&index)
                // Regional indicators pair into one flag.
                if (0x1F1E6...0x1F1FF).contains(first.value), index < count {
                    let (next, length) = scalar(at: index)
                    if (0x1F1E6...0x1F1FF).contains(next.value) { index += length }
                }
                tokens.append(Raw(kind: .punctuation, start: start, end: index))
            }
        }
        return mergingReferences(tokens, bytes)
    }

    enum Class: Equatable { case letter, digit, space, newline, joiner, extend, other }

    /// The classes of the 128 ASCII scalars.
    static let asciiClasses: [Class] = (0..<128).map { classifySlowly(Unicode.Scalar(UInt8($0))) }

    /// The class of a scalar: ASCII by table, Latin-1 by range, the rest by Unicode properties.
    @inline(__always)
    static func classify(_ scalar: Unicode.Scalar) -> Class {
        scalar.value < 0x80 ? asciiClasses[Int(scalar.value)] : classifySlowly(scalar)
    }

    static func classifySlowly(_ scalar: Unicode.Scalar) -> Class {
        let value = scalar.value
        switch value {
        case 0x30...0x39: return .digit
        case 0x41...0x5A, 0x61...0x7A: return .letter
        case 0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029: return .newline
        case 0x20, 0x09, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return .space
        case 0x27, 0x2D, 0x2E, 0x2019, 0x2011: return .joiner  // ' - . ’ and the non-breaking hyphen
        case 0x00...0x7F: return .other
        case 0xC0...0xFF where value != 0xD7 && value != 0xF7: return .letter
        case 0x300...0x36F, 0x200C, 0x200D, 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0020...0xE007F: return .extend
        default:
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return .extend
            case .decimalNumber: return .digit
            default: return properties.isAlphabetic ? .letter : .other
            }
        }
    }

    /// Joins `L` `.` ` ` `312-1` into `L. 312-1`, and `n°` ` ` `78-753` into `n° 78-753`, so a
    /// changed reference reads as one change.
    static func mergingReferences(_ tokens: [Raw], _ bytes: UnsafeBufferPointer<UInt8>) -> [Raw] {
        // Most alinéas hold no reference: look for a short word followed by `.` or a space first.
        guard tokens.contains(where: { $0.kind == .word && $0.end - $0.start <= 3 }) else { return tokens }
        func equals(_ token: Raw, _ text: StaticString) -> Bool {
            let length = token.end - token.start
            guard length == text.utf8CodeUnitCount else { return false }
            let pointer = text.utf8Start
            for offset in 0..<length where bytes[token.start + offset] != pointer[offset] { return false }
            return true
        }
        func isSingleScalarSpace(_ token: Raw) -> Bool {
            guard token.kind == .space else { return false }
            let lead = bytes[token.start]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            return token.end - token.start == length
        }
        /// The merged token and how many tokens it takes, when one starts at `index`.
        func merge(at index: Int) -> (Raw, Int)? {
            let token = tokens[index]
            guard token.kind == .word, token.end - token.start <= 3 else { return nil }
            if index + 3 < tokens.count, equals(tokens[index + 1], "."),
                codePrefixes.contains(where: { equals(token, $0) }),
                isSingleScalarSpace(tokens[index + 2]), tokens[index + 3].kind == .number
            {
                return (Raw(kind: .reference, start: token.start, end: tokens[index + 3].end), 4)
            }
            if index + 2 < tokens.count, bytes[token.start] == UInt8(ascii: "n"),
                equals(token, "n°") || equals(token, "no"),
                isSingleScalarSpace(tokens[index + 1]),
                tokens[index + 2].kind == .number
            {
                return (Raw(kind: .reference, start: token.start, end: tokens[index + 2].end), 3)
            }
            return nil
        }
        // Copy only from the first merge on; most alinéas have none.
        var result: [Raw]?
        var index = 0
        while index < tokens.count {
            // Only `L`, `R`, `D`, `A`, `LO`, `art`, `Art`, `n°` and `no` open a reference.
            let token = tokens[index]
            let lead = bytes[token.start]
            guard token.kind == .word, token.end - token.start <= 3,
                lead == UInt8(ascii: "L") || lead == UInt8(ascii: "R") || lead == UInt8(ascii: "D")
                    || lead == UInt8(ascii: "A") || lead == UInt8(ascii: "a") || lead == UInt8(ascii: "n"),
                let (merged, length) = merge(at: index)
            else {
                result?.append(token)
                index += 1
                continue
            }
            do {
                if result == nil {
                    result = Array(tokens[..<index])
                    result!.reserveCapacity(tokens.count)
                }
                result!.append(merged)
                index += length
            }
        }
        return result ?? tokens
    }

    /// The letters that open an article reference of a code: L. (législatif), R., D., A., LO.
    static let codePrefixes: [StaticString] = ["L", "R", "D", "A", "LO", "art", "Art"]
}
