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
    /// that no article label uses (control characters, `/`, `:`, quotes, brackets…). Labels are
    /// read as people type them: `2bis`, `2 BIS` and `2\u{00A0}bis` are `2 bis`, `1er bis a` is
    /// `1er bis A`, `1ᵉʳ`, `1ER`, `1` and `premier` are `1er`.
    public init?(_ raw: String) {
        guard case .success(let label) = Self.read(raw) else { return nil }
        self = label
    }

    private init(canonical text: String) { self.text = text }

    /// Reads a label, or says which part of it cannot be read.
    public static func read(_ raw: String) -> Result<ArticleLabel, LabelProblem> {
        var scalars = String.UnicodeScalarView()
        for scalar in LegalText.nfc(raw).unicodeScalars {
            switch scalar {
            case "\u{00A0}", "\u{202F}", "\u{2007}", "\u{2009}", "\u{200A}", "\u{2002}"..."\u{2006}", "\u{2008}":
                scalars.append(" ")
            case "\u{1D49}": scalars.append("e")  // ᵉ
            case "\u{02B3}": scalars.append("r")  // ʳ
            default: scalars.append(scalar)
            }
        }
        let collapsed = LegalText.collapsingSpaces(String(scalars))
        guard !collapsed.isEmpty else { return .failure(LabelProblem("the label is empty")) }
        guard collapsed.count <= maximumLength else {
            return .failure(LabelProblem("the label is longer than \(maximumLength) characters"))
        }
        for scalar in collapsed.unicodeScalars where !isAllowed(scalar) {
            let shown =
                scalar.value < 0x20 || scalar.value == 0x7F
                ? "U+\(String(scalar.value, radix: 16, uppercase: true))" : "`\(scalar)`"
            return .failure(
                LabelProblem(
                    "\(shown) cannot be part of an article label (letters, digits, spaces, `.` and `-` only)",
                    part: String(scalar)))
        }
        guard collapsed.unicodeScalars.contains(where: { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
        else {
            return .failure(LabelProblem("the label has no letter or digit"))
        }
        // `2 bіs` with a Cyrillic `і` would pass for `2 bis`: one writing system per label.
        guard !Confusables.mixesScripts(collapsed) else {
            let odd = collapsed.split(separator: " ").first { Confusables.mixesScripts(String($0)) }.map(String.init)
            return .failure(
                LabelProblem(
                    "\(odd.map { "`\($0)`" } ?? "the label") mixes writing systems (a look-alike letter?)", part: odd))
        }
        return .success(ArticleLabel(canonical: premier(Self.canonicalWords(collapsed))))
    }

    /// The Latin adverbs that number inserted articles, lowercase in every official text.
    static let adverbs: Set<String> = [
        "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "novies", "decies",
        "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies", "septdecies",
        "octodecies", "novodecies", "vicies",
    ]

    /// `2bis` → `2 bis`, `2 BIS` → `2 bis`, `1ER` → `1er`, `1er bis a` → `1er bis A`: the
    /// adverbs lowercase, the capital letters that follow a number or an adverb uppercase, the
    /// rest as typed.
    private static func canonicalWords(_ label: String) -> String {
        var words: [String] = []
        for word in label.split(separator: " ") {
            let lower = word.lowercased()
            let digits = word.prefix(while: { $0.isASCII && $0.isNumber })
            let rest = String(lower.dropFirst(digits.count))
            if !digits.isEmpty, digits.count < word.count,
                word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
            {
                // Glued: `2bis`, `1er`, `1ERbis`, `12ter`.
                if rest == "er" {
                    words.append(digits + "er")
                    continue
                }
                if adverbs.contains(rest) {
                    words += [String(digits), rest]
                    continue
                }
                if rest.hasPrefix("er"), adverbs.contains(String(rest.dropFirst(2))) {
                    words += [digits + "er", String(rest.dropFirst(2))]
                    continue
                }
            }
            if adverbs.contains(lower) {
                words.append(lower)
                continue
            }
            if lower == "er", let last = words.last, last == "1" {
                words[words.count - 1] = "1er"  // `1 er`, from `1<sup> er</sup>`
                continue
            }
            let previous = words.last ?? ""
            let followsNumber =
                previous.allSatisfy { $0.isASCII && $0.isNumber }
                || previous.hasSuffix("er") && previous.first?.isNumber == true
                || adverbs.contains(previous) || previous.allSatisfy { $0.isUppercase && $0.isASCII }
            if !previous.isEmpty, followsNumber, word.count <= 3, word.allSatisfy({ $0.isASCII && $0.isLetter }),
                Set(lower).count == 1, lower != "er"
            {
                words.append(word.uppercased())
                continue
            }
            words.append(String(word))
        }
        return words.joined(separator: " ")
    }

    /// Reads the label out of an article heading such as `Article 1er`, `**Article 2 bis**`,
    /// `Article 1<sup>er</sup> bis A (nouveau)` or `ARTICLE L. 312-1`; nil when the line is not
    /// an article heading.
    public init?(heading: String) {
        guard let line = Self.labelPart(ofHeading: heading) else { return nil }
        self.init(line)
    }

    /// The label part of an article heading (`Article 2 bis – Titre` → `2 bis`, also `Art. 3`,
    /// `ART. 3`), or nil when the line does not start like an article heading.
    public static func labelPart(ofHeading heading: String) -> String? {
        var line = LegalText.collapsingSpaces(
            LegalText.nfc(heading)
                .replacingAll("<sup>", with: "")
                .replacingAll("</sup>", with: "")
                .replacingAll("*", with: "")
                .replacingAll("\u{00A0}", with: " ")
                .replacingAll("\u{202F}", with: " "))
        let lowered = line.lowercased()
        guard let prefix = ["article ", "art. ", "art.", "art "].first(where: { lowered.hasPrefix($0) }) else {
            return nil
        }
        line = LegalText.trimmingASCIISpaces(line.dropFirst(prefix.count))
        guard line.first.map({ $0.isNumber || $0.isLetter }) == true else { return nil }
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
        return line
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

/// Why a label cannot be read: the message, and the part at fault when there is one.
public struct LabelProblem: Error, Sendable, Equatable {
    /// What is wrong, in a sentence.
    public var message: String
    /// The part of the label at fault.
    public var part: String?

    public init(_ message: String, part: String? = nil) {
        self.message = message
        self.part = part
    }
}

extension ArticleLabel {
    /// The labels of `labels` nearest to `wanted` (by edit distance between canonical forms,
    /// then same number first), at most `count`, for a message saying what exists.
    public static func nearest(to wanted: String, in labels: [ArticleLabel], count: Int = 3) -> [ArticleLabel] {
        let target = Array(Confusables.labelSkeleton(LegalText.collapsingSpaces(wanted)))
        let number = target.prefix(while: { $0.isNumber })
        let scored = labels.map { label -> (label: ArticleLabel, distance: Int, sameNumber: Bool) in
            let candidate = Array(label.canonical)
            let sameNumber = !number.isEmpty && candidate.prefix(while: { $0.isNumber }).elementsEqual(number)
            var distance = editDistance(target, candidate)
            if !sameNumber { distance += 2 }
            return (label, distance, sameNumber)
        }
        let limit = max(3, target.count / 2)
        return scored.filter { $0.sameNumber || $0.distance <= limit }
            .sorted { ($0.sameNumber ? 0 : 1, $0.distance) < ($1.sameNumber ? 0 : 1, $1.distance) }
            .prefix(count).map(\.label)
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
