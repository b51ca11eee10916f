/// An article's label as parliaments write it: `1er`, `2`, `2 bis`, `33 bis B`, `L. 312-1-1`.
///
/// The label is what people cite; it is not a file name and carries no order (the bill's manifest
/// orders its articles). Labels compare after normalising spaces, so `2  bis` and `2 bis` are one.
public struct ArticleLabel: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The normalised label text.
    public let text: String

    /// The longest label accepted.
    public static let maximumLength = 60

    /// Validates and normalises a label; nil when it is empty, too long, or holds a character
    /// that no article label uses (control characters, `/`, `:`, quotes, brackets…).
    public init?(_ raw: String) {
        let collapsed = LegalText.collapsingSpaces(LegalText.nfc(raw))
        guard !collapsed.isEmpty, collapsed.count <= Self.maximumLength else { return nil }
        for scalar in collapsed.unicodeScalars {
            guard Self.isAllowed(scalar) else { return nil }
        }
        guard collapsed.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
        else { return nil }
        // `2 bіs` with a Cyrillic `і` would pass for `2 bis`: one writing system per label.
        guard !Confusables.mixesScripts(collapsed) else { return nil }
        self.text = Self.premier(collapsed)
    }

    /// Reads the label out of an article heading such as `Article 1er`, `**Article 2 bis**`,
    /// `Article 1<sup>er</sup> bis A (nouveau)` or `ARTICLE L. 312-1`; nil when the line is not
    /// an article heading.
    public init?(heading: String) {
        var line = LegalText.collapsingSpaces(
            LegalText.nfc(heading)
                .replacingAll("<sup>", with: "")
                .replacingAll("</sup>", with: "")
                .replacingAll("*", with: "")
                .replacingAll("\u{00A0}", with: " "))
        let prefix = "article "
        guard line.lowercased().hasPrefix(prefix) else { return nil }
        line = String(line.dropFirst(prefix.count))
        for suffix in [" (nouveau)", " (supprimé)", " (Supprimé)", " (nouveau)."] where line.hasSuffix(suffix) {
            line = String(line.dropLast(suffix.count))
        }
        // A heading may run on into a title ("Article 12 – Portabilité"): keep the label only.
        for separator in [". – ", ". - ", ". — ", " – ", " - ", " — ", " : "] {
            if let range = line.range(of: separator) {
                line = String(line[..<range.lowerBound])
            }
        }
        if line.hasSuffix(".") { line.removeLast() }
        self.init(line)
    }

    public init?(description: String) { self.init(description) }

    /// What the label looks like, for uniqueness within a bill: `1ER` is `1er`, `2 BIS` and a
    /// Cyrillic `2 bіs` are `2 bis` (case, compatibility forms, look-alike letters, spaces and
    /// hyphens folded).
    public var canonical: String { Confusables.labelSkeleton(text) }

    public var description: String { text }

    /// The heading an article with this label gets when none is given: `Article 2 bis`.
    public var defaultHeading: String { "Article \(text)" }

    /// An ASCII, lowercase, hyphenated form (`2 bis` → `2-bis`, `L. 312-1` → `l-312-1`), used to
    /// name a new article's file; never parsed back.
    public var slug: String {
        var result = ""
        var pendingHyphen = false
        for character in text.lowercased() {
            if let ascii = LegalText.asciiFolded(character), ascii.isLetter || ascii.isNumber {
                if pendingHyphen && !result.isEmpty { result.append("-") }
                result.append(ascii)
                pendingHyphen = false
            } else {
                pendingHyphen = true
            }
        }
        return result.isEmpty ? "article" : result
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let label = ArticleLabel(raw) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid article label \(raw)"))
        }
        self = label
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// French usage numbers the first article `1er`, never `1`: `1`, `1 bis` and `premier` are
    /// read as `1er`, `1er bis`, `1er`.
    private static func premier(_ label: String) -> String {
        let words = label.split(separator: " ", maxSplits: 1)
        guard let first = words.first, first == "1" || first.lowercased() == "premier" else { return label }
        return words.count == 1 ? "1er" : "1er \(words[1])"
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) { return true }
        switch scalar {
        case " ", ".", "-", "°", "\u{2011}": return true
        default: return false
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
