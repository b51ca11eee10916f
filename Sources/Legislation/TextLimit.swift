/// A bound on a piece of text that counts what storage counts: Unicode scalars (SQLite's
/// `length()`, PostgreSQL's `char_length`) and bytes of UTF-8 (what is stored and sent), both
/// capped, plus the longest run of combining marks, so that "e" followed by 100,000 combining
/// marks is not one character but 100,001.
public struct TextLimit: Sendable, Equatable {
    /// The most Unicode scalars.
    public var maximumScalars: Int
    /// The most bytes of UTF-8.
    public var maximumBytes: Int
    /// The most combining marks in a row (Unicode's stream-safe format allows 30; no language
    /// written by hand needs more than a few).
    public var maximumCombiningRun: Int

    /// The longest combining run accepted by default.
    public static let defaultCombiningRun = 16

    /// Creates a limit; bytes default to four per scalar, the most UTF-8 takes.
    public init(scalars: Int, bytes: Int? = nil, combiningRun: Int = Self.defaultCombiningRun) {
        maximumScalars = scalars
        maximumBytes = bytes ?? scalars * 4
        maximumCombiningRun = combiningRun
    }

    /// What is wrong with a text, first found first.
    public enum Violation: Sendable, Equatable {
        /// More scalars than allowed (the count, up to where counting stopped).
        case tooManyScalars(limit: Int)
        /// More bytes than allowed.
        case tooManyBytes(limit: Int)
        /// A run of combining marks longer than allowed.
        case combiningRun(limit: Int)

        /// Whether the text is too big (413) rather than malformed (422).
        public var isSize: Bool {
            switch self {
            case .tooManyScalars, .tooManyBytes: true
            case .combiningRun: false
            }
        }

        /// What is wrong, for a person, about the named field.
        public func message(for field: String) -> String {
            switch self {
            case .tooManyScalars(let limit): "\(field) is at most \(Self.grouped(limit)) characters"
            case .tooManyBytes(let limit): "\(field) is at most \(Self.grouped(limit)) bytes of UTF-8"
            case .combiningRun(let limit):
                "\(field) stacks more than \(limit) combining marks on one letter; remove the extra accents"
            }
        }

        static func grouped(_ number: Int) -> String {
            var digits = String(number)
            var result = ""
            while digits.count > 3 {
                result = "," + digits.suffix(3) + result
                digits.removeLast(3)
            }
            return digits + result
        }
    }

    /// The first way the text breaks this limit; nil when it keeps it. Stops reading as soon as a
    /// bound is passed, so a huge text costs no more than the limit.
    public func violation(in text: String) -> Violation? {
        if text.utf8.count > maximumBytes { return .tooManyBytes(limit: maximumBytes) }
        var scalars = 0
        var run = 0
        for scalar in text.unicodeScalars {
            scalars += 1
            if scalars > maximumScalars { return .tooManyScalars(limit: maximumScalars) }
            if Self.isCombining(scalar) {
                run += 1
                if run > maximumCombiningRun { return .combiningRun(limit: maximumCombiningRun) }
            } else {
                run = 0
            }
        }
        return nil
    }

    /// Whether a scalar attaches to the one before it (a non-starter: accents, variation
    /// selectors, enclosing marks).
    static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x300 { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return scalar.properties.canonicalCombiningClass.rawValue != 0
        }
    }
}

/// Bidirectional formatting controls, which can make text read in an order other than the one
/// stored (the "Trojan Source" trick).
public enum BidiControls {
    /// The embeddings and overrides (LRE, RLE, PDF, LRO, RLO).
    static let embeddings: ClosedRange<UInt32> = 0x202A...0x202E
    /// The isolates (LRI, RLI, FSI, PDI).
    static let isolates: ClosedRange<UInt32> = 0x2066...0x2069

    /// Whether the text holds any bidirectional control: refused in handles, titles and labels.
    public static func containsAny(_ text: String) -> Bool {
        text.unicodeScalars.contains { embeddings.contains($0.value) || isolates.contains($0.value) }
    }

    /// What is wrong with the bidirectional controls of a long text (an alinéa, a comment): only
    /// isolates are kept, each opened one closed (PDI) on the same line and none closed that was
    /// not opened; nil when the text is fine.
    public static func problem(in text: String) -> String? {
        var open = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if embeddings.contains(value) {
                return
                    "bidirectional embedding and override controls (U+202A–U+202E) are not accepted; use isolates (U+2066–U+2069)"
            }
            switch value {
            case 0x2066, 0x2067, 0x2068: open += 1
            case 0x2069:
                guard open > 0 else { return "a bidirectional isolate is closed (U+2069) that was never opened" }
                open -= 1
            case 0x0A:
                guard open == 0 else { return "a bidirectional isolate is left open at the end of a line" }
            default: break
            }
        }
        return open == 0 ? nil : "a bidirectional isolate is left open at the end of the text"
    }
}
