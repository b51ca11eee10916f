/// What a password must be. Passwords are pre-hashed before bcrypt, so every character counts
/// (bcrypt alone reads 72 bytes and stops at a NUL); the rule keeps out what would make a
/// password trivially guessed or silently different from what the person typed.
public enum PasswordPolicy {
    /// The fewest characters.
    public static let minimumCharacters = 10
    /// The most bytes of UTF-8: long enough for any passphrase, short enough to bound the work.
    public static let maximumBytes = 1024

    /// Whether a password could be anyone's, new rule or old: not empty, no control character,
    /// not over the size. Sign-in checks only this, so passwords made under an older rule still work.
    public static func isPlausible(_ password: String) -> Bool {
        !password.isEmpty && password.utf8.count <= maximumBytes
            && !password.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
    }

    /// Why the password is refused for this handle; nil when it is acceptable.
    public static func problem(_ password: String, handle: String) -> String? {
        if password.utf8.count > maximumBytes {
            return "a password is at most \(maximumBytes) bytes"
        }
        if password.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }) {
            return "a password cannot hold control characters (NUL, tab, line breaks…)"
        }
        if password.count < minimumCharacters {
            return "a password has at least \(minimumCharacters) characters"
        }
        if let first = password.first, password.allSatisfy({ $0 == first }) {
            return "a password cannot be one character repeated"
        }
        let lowered = password.lowercased()
        if !handle.isEmpty, lowered == handle.lowercased() || lowered.contains(handle.lowercased()) {
            return "a password cannot contain the handle"
        }
        return nil
    }
}
