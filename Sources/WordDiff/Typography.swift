/// Changes a reader does not see: a non-breaking space for a space, `‑` (U+2011) for `-`, `’` for
/// `'`, `…` for `...`, a space inside « » added or dropped. Legal texts are full of them (the
/// République numérique bill's v3 swapped hyphens and spaces in nearly every article), and a
/// rapporteur must not mistake them for changes of substance. The texts themselves are never
/// altered: only the diff's classification uses the folded form.
public enum Typography {
    /// The text with typographic variants folded: every kind of space (no-break, narrow, thin,
    /// tab) and runs of them become one space; hyphens and dashes become `-`; apostrophes and
    /// single quotes become `'`; `“ ”` become `"`; `…` becomes `...`; accented capitals lose their
    /// accent (`État`, `Etat`); spaces after `«` and before `»`, `;`, `:`, `!`, `?` are dropped.
    public static func folded(_ text: some StringProtocol) -> String {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                if let last = scalars.last, last == " " || last == "«" { continue }
                scalars.append(" ")
                continue
            }
            switch scalar {
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{FE63}",
                "\u{FF0D}":
                scalars.append("-")
            case "\u{2019}", "\u{2018}", "\u{02BC}", "\u{2032}", "\u{FF07}":
                scalars.append("'")
            case "\u{201C}", "\u{201D}", "\u{201E}":
                scalars.append("\"")
            case "\u{2026}":
                scalars += [".", ".", "."]
            // French typography accents capitals (`État`, `À`); texts that do not are not
            // saying anything else.
            case "À", "Â", "Ä", "Á": scalars.append("A")
            case "Ç": scalars.append("C")
            case "É", "È", "Ê", "Ë": scalars.append("E")
            case "Î", "Ï", "Í": scalars.append("I")
            case "Ô", "Ö", "Ó": scalars.append("O")
            case "Ù", "Û", "Ü", "Ú": scalars.append("U")
            case "Ÿ": scalars.append("Y")
            case "»", ";", ":", "!", "?":
                if scalars.last == " " { scalars.removeLast() }
                scalars.append(scalar)
            default:
                scalars.append(scalar)
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// Whether two texts differ only typographically (and differ).
    public static func differOnlyTypographically(_ before: some StringProtocol, _ after: some StringProtocol) -> Bool {
        !before.utf8.elementsEqual(after.utf8) && sameLettersAndDigits(before, after)
            && folded(before) == folded(after)
    }

    /// Whether two texts have the same letters and digits in the same order, accented capitals
    /// read without their accent: typography never changes them, so most changes are told apart
    /// here without folding anything.
    static func sameLettersAndDigits(_ before: some StringProtocol, _ after: some StringProtocol) -> Bool {
        @inline(__always) func key(_ scalar: Unicode.Scalar) -> UInt32? {
            let value = scalar.value
            if value < 0x80 {
                return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
                    || (value >= 0x61 && value <= 0x7A) ? value : nil
            }
            guard value >= 0xC0 && value <= 0x24F else { return nil }
            switch scalar {
            case "À", "Â", "Ä", "Á": return 0x41
            case "Ç": return 0x43
            case "É", "È", "Ê", "Ë": return 0x45
            case "Î", "Ï", "Í": return 0x49
            case "Ô", "Ö", "Ó": return 0x4F
            case "Ù", "Û", "Ü", "Ú": return 0x55
            case "Ÿ": return 0x59
            case "×", "÷": return nil
            default: return value
            }
        }
        var left = before.unicodeScalars.makeIterator()
        var right = after.unicodeScalars.makeIterator()
        while true {
            var a: UInt32?
            while let scalar = left.next() {
                a = key(scalar)
                if a != nil { break }
            }
            var b: UInt32?
            while let scalar = right.next() {
                b = key(scalar)
                if b != nil { break }
            }
            guard a == b else { return false }
            if a == nil { return true }
        }
    }

    /// Spaces of every kind within a line; line breaks are the alinéas' structure, not typography.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\u{00A0}", "\u{202F}", "\u{2007}", "\u{2009}", "\u{200A}", "\u{2002}", "\u{2003}",
            "\u{2004}", "\u{2005}", "\u{2006}", "\u{2008}", "\u{205F}", "\u{3000}":
            true
        default: false
        }
    }

    /// Marks the changes of one alinéa's segments that are typographic: a deletion and the
    /// insertion beside it that fold to the same text, or a space alone added or dropped where
    /// French typography puts or omits one (after `«`, before `»` `;` `:` `!` `?`, beside another
    /// space).
    static func classify(_ segments: inout [Segment]) {
        var index = 0
        while index < segments.count {
            let segment = segments[index]
            guard segment.op != .equal else {
                index += 1
                continue
            }
            if index + 1 < segments.count, segments[index + 1].op != .equal, segments[index + 1].op != segment.op {
                if differOnlyTypographically(segment.text, segments[index + 1].text) {
                    segments[index].typographic = true
                    segments[index + 1].typographic = true
                }
                index += 2
                continue
            }
            if segment.text.unicodeScalars.allSatisfy(isSpace) {
                let previous = index > 0 && segments[index - 1].op == .equal ? segments[index - 1].text : ""
                let next =
                    index + 1 < segments.count && segments[index + 1].op == .equal ? segments[index + 1].text : ""
                let before = previous.unicodeScalars.last
                let after = next.unicodeScalars.first
                let quiet =
                    before.map { $0 == "«" || isSpace($0) } == true
                    || after.map { ["»", ";", ":", "!", "?"].contains($0) || isSpace($0) } == true
                if quiet { segments[index].typographic = true }
            }
            index += 1
        }
    }
}
