import Legislation

/// How the audit log is chained, the same in every store: each row's hash is the digest of the
/// previous row's hash and the row's fields as stored (the date as `Timestamp` text), so the
/// chain verifies from what is stored, and a row cannot be changed, removed or slipped in unseen.
///
/// Scheme 2 (every row written now) encodes each field as its length in bytes, a colon and its
/// bytes, so two different rows never encode alike. Scheme 1, the first, joined fields with a
/// separator doubled inside them, which `["a\u{1F}", "b"]` and `["a", "\u{1F}b"]` share; rows
/// written under it still verify under it, and a row of scheme 2 is never followed by one of 1.
public enum AuditChain {
    /// The hash before the first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// The scheme rows are written with.
    public static let currentScheme = 2

    /// The hash of a row after `previous`, under `scheme`.
    public static func hash(
        previous: String, at: String, actor: String, action: String, target: String, detail: String,
        scheme: Int = currentScheme, digest: ([UInt8]) -> [UInt8]
    ) -> String {
        let fields = [previous, at, actor, action, target, detail]
        var text: [UInt8] = []
        text.reserveCapacity(180 + target.utf8.count + detail.utf8.count)
        if scheme == 1 {
            for (index, field) in fields.enumerated() {
                if index > 0 { text.append(0x1F) }
                for byte in field.utf8 {
                    if byte == 0x1F { text.append(0x1F) }
                    text.append(byte)
                }
            }
        } else {
            for field in fields {
                text.append(contentsOf: String(field.utf8.count).utf8)
                text.append(UInt8(ascii: ":"))
                text.append(contentsOf: field.utf8)
            }
        }
        return Hexadecimal.encode(digest(text))
    }

    /// Whether a row of `scheme` may follow one of `previous` (schemes never go back).
    public static func mayFollow(_ scheme: Int, after previous: Int) -> Bool {
        (1...currentScheme).contains(scheme) && scheme >= previous
    }
}
