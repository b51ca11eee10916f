/// Text rules shared by every piece of a bill: Unicode NFC, `\n` line ends, and the spaces of
/// French typography kept as they are.
///
/// Only ASCII spaces and tabs are ever trimmed: the non-breaking space (U+00A0) before `:` or
/// inside `« … »` and the narrow one (U+202F) are part of the text.
public enum LegalText {
    /// The text in Unicode normalisation form C (composed), as stored and compared everywhere.
    public static func nfc(_ text: String) -> String {
        isStableUnderNFC(text) ? text : text.precomposedNFC
    }

    /// A quick check that needs no normalisation: every scalar is below U+0300 (Latin letters,
    /// accented or not, which have no decomposition that NFC would change) or one of the
    /// punctuation, space and currency signs of French text (U+2002–U+206F, U+20A0–U+20CF).
    /// Combining marks, Hangul and the rest take the full path.
    static func isStableUnderNFC(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                } else if lead < 0xCC {  // two-byte sequences up to U+02FF
                    index += 2
                } else if lead == 0xE2, index + 2 < count {
                    let second = bytes[index + 1]
                    let third = bytes[index + 2]
                    // U+2002–U+207F (E2 80 82 … E2 81 BF) and U+2080–U+20CF (E2 82 xx, E2 83 80–8F)
                    let stable =
                        (second == 0x80 && third >= 0x82) || second == 0x81 || second == 0x82
                        || (second == 0x83 && third <= 0x8F)
                    guard stable else { return false }
                    index += 3
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// Trims ASCII spaces and tabs (never non-breaking spaces) from both ends.
    public static func trimmingASCIISpaces<S: StringProtocol>(_ text: S) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Replaces runs of ASCII spaces and tabs by one space and trims the ends; non-breaking
    /// spaces are kept.
    public static func collapsingSpaces(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\t" {
                pendingSpace = true
            } else {
                if pendingSpace && !result.isEmpty { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The first control character in the text other than `\n`, with its line number (1-based);
    /// nil when there is none. Tabs are allowed.
    public static func firstControlCharacter(in text: String) -> (line: Int, scalar: Unicode.Scalar)? {
        // Fast path on bytes: C0 controls and DEL are single bytes; C1 controls start with C2 80–9F;
        // U+2028/2029 are E2 80 A8/A9; U+FEFF is EF BB BF.
        var copy = text
        let suspicious = copy.withUTF8 { bytes -> Bool in
            for (index, byte) in bytes.enumerated() {
                if byte < 0x20 && byte != 0x0A && byte != 0x09 { return true }
                if byte == 0x7F || byte == 0xEF { return true }
                if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] < 0xA0 { return true }
                if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                    bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
                {
                    return true
                }
            }
            return false
        }
        guard suspicious else { return nil }
        var line = 1
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                line += 1
                continue
            }
            if scalar == "\t" { continue }
            let value = scalar.value
            if value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value) || value == 0x2028 || value == 0x2029
                || value == 0xFEFF
            {
                return (line, scalar)
            }
        }
        return nil
    }

    /// The ASCII letter or digit a character folds to (`é` → `e`, `Œ` → nil), for file names.
    static func asciiFolded(_ character: Character) -> Character? {
        if character.isASCII { return character }
        let base = String(character).decomposedNFD.unicodeScalars.first
        guard let base, base.isASCII else { return nil }
        return Character(base)
    }
}
