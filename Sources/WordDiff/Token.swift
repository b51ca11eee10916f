/// A piece of legal text as the diff sees it: a word (with its accents and elision), a number or
/// legal reference kept whole, one punctuation mark, or a run of spaces.
public struct Token: Hashable, Sendable, CustomStringConvertible {
    /// What kind of piece this is; spaces and punctuation are "thin" for the clean-up.
    public enum Kind: UInt8, Sendable {
        /// Letters (and digits mixed in), with elisions and inner hyphens: `l’article`, `peut-être`.
        case word
        /// Digits, with inner hyphens, dots and a degree sign: `78-753`, `1°`.
        case number
        /// A legal reference kept whole: `L. 312-1-1`, `n° 78-753`, `art. 7`.
        case reference
        /// One punctuation mark or symbol: `,`, `«`, `–`.
        case punctuation
        /// A run of spaces of one line (normal, non-breaking, narrow non-breaking, tabs).
        case space
        /// A line break.
        case lineBreak
    }

    /// The kind of token.
    public let kind: Kind
    /// Its exact text; the tokens of a string concatenate back to it.
    public let text: String

    /// Creates a token.
    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }

    /// Spaces, line breaks and punctuation: too thin to stand alone between two changes.
    public var isThin: Bool { kind == .space || kind == .lineBreak || kind == .punctuation }

    public var description: String { text }
}
