/// Lowercase hexadecimal text for digests (token hashes, patch identities, the audit chain).
public enum Hexadecimal {
    @usableFromInline static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Two lowercase digits per byte. Inlinable, so it is specialised for the caller's collection:
    /// it runs in every write (the audit chain) and every signed-in request (the token's hash).
    @inlinable
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            var index = 0
            for byte in bytes {
                text[index] = digits[Int(byte >> 4)]
                text[index + 1] = digits[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }
}
