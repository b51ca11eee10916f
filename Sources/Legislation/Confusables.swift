import Foundation

/// Look-alike folding after Unicode TS #39 ("skeletons"): two strings a reader cannot tell apart
/// get the same skeleton, so uniqueness can be checked on skeletons (handles, article labels).
///
/// The table covers what matters for the names Hemicycle takes: the Cyrillic and Greek letters
/// drawn like Latin ones, compatibility forms (full-width letters, ligatures, superscripts)
/// through NFKC, case, and the spaces and hyphens of French typography.
public enum Confusables {
    /// The skeleton used for article labels: NFKC, lowercase, Cyrillic and Greek look-alikes
    /// folded to Latin, every kind of space to one space and every hyphen to `-`.
    public static func labelSkeleton(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace && !result.isEmpty { result.append(" ") }
            pendingSpace = false
            result.append(latin(scalar))
        }
        return String(result)
    }

    /// The Latin letter a Cyrillic or Greek lowercase letter is drawn like (or like the
    /// uppercase of which it is the lowercase), hyphens to `-`; any other scalar as it is.
    static func latin(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63, 0xFF0D: return "-"
        default: return lookAlikes[scalar] ?? scalar
        }
    }

    static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
        // Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "ë", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "ï", "ј": "j", "ѕ": "s", "ԁ": "d",
        "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ɡ": "g",
        // Greek
        "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m", "ν": "n",
        "ο": "o", "ρ": "p", "τ": "t", "υ": "y", "χ": "x",
        // Latin look-alikes of other letters
        "ı": "i", "ɑ": "a", "ȷ": "j",
    ]

    /// The writing system a letter belongs to, coarsely: enough to refuse a label that mixes
    /// Latin with Cyrillic or Greek letters. nil for what is not a letter.
    public static func script(of scalar: Unicode.Scalar) -> String? {
        guard scalar.properties.isAlphabetic else { return nil }
        switch scalar.value {
        case 0x0041...0x024F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0x00AA, 0x00BA: return "Latin"
        case 0x0370...0x03FF, 0x1F00...0x1FFF: return "Greek"
        case 0x0400...0x052F, 0x2DE0...0x2DFF, 0xA640...0xA69F: return "Cyrillic"
        default: return "other"
        }
    }

    /// Whether the letters of a text come from more than one writing system.
    public static func mixesScripts(_ text: String) -> Bool {
        var seen: String?
        for scalar in text.unicodeScalars {
            guard let script = script(of: scalar) else { continue }
            if let seen, seen != script { return true }
            seen = script
        }
        return false
    }
}
