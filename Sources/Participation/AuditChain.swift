import Legislation

/// How the audit log is chained, the same in every store: each row's hash is the digest of the
/// previous row's hash and the row's fields as stored (the date as `Timestamp` text), so the
/// chain verifies from what is stored, and a row cannot be changed, removed or slipped in unseen.
public enum AuditChain {
    /// The hash before the first row.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of a row after `previous`.
    public static func hash(
        previous: String, at: String, actor: String, action: String, target: String, detail: String,
        digest: ([UInt8]) -> [UInt8]
    ) -> String {
        // Fields are joined with a separator that cannot occur in them unescaped (doubled).
        var text: [UInt8] = []
        text.reserveCapacity(160 + target.utf8.count + detail.utf8.count)
        for (index, field) in [previous, at, actor, action, target, detail].enumerated() {
            if index > 0 { text.append(0x1F) }
            for byte in field.utf8 {
                if byte == 0x1F { text.append(0x1F) }
                text.append(byte)
            }
        }
        return Hexadecimal.encode(digest(text))
    }
}
