import Legislation

extension Engine {
    /// A person's text, checked once for every field the same way: NFC; within `limit`
    /// (scalars and bytes, as the database counts them, and combining runs), too big being
    /// `limitExceeded` and malformed `invalidInput`; no control character; and bidirectional
    /// controls refused on one line (titles, labels, reasons given as one line) or kept only as
    /// balanced isolates in longer text. Returns the text in NFC.
    static func checkedText(_ raw: String, field: String, limit: TextLimit, multiline: Bool) throws -> String {
        // A first bound before normalising, so a huge input costs no more than the limit.
        if raw.utf8.count > limit.maximumBytes * 2 {
            throw HemicycleError(
                .limitExceeded, TextLimit.Violation.tooManyBytes(limit: limit.maximumBytes).message(for: field))
        }
        let text = LegalText.nfc(raw)
        if let violation = limit.violation(in: text) {
            throw HemicycleError(violation.isSize ? .limitExceeded : .invalidInput, violation.message(for: field))
        }
        if let control = LegalText.firstControlCharacter(in: text), !(multiline && control.scalar == "\n") {
            throw HemicycleError(.invalidInput, "\(field) cannot hold control characters")
        }
        if !multiline, text.contains("\n") {
            throw HemicycleError(.invalidInput, "\(field) is one line")
        }
        if multiline {
            if let problem = BidiControls.problem(in: text) {
                throw HemicycleError(.invalidInput, "\(field): \(problem)")
            }
        } else if BidiControls.containsAny(text) {
            throw HemicycleError(
                .invalidInput, "\(field) cannot hold bidirectional controls (U+202A–U+202E, U+2066–U+2069)")
        }
        return text
    }
}
