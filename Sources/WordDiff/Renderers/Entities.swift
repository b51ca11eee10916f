/// Characters replaced by entities byte by byte, in UTF-8: an ASCII byte is never part of
/// another character's encoding, and a combining mark after `"` or `<` (one `Character` in
/// Swift, `"` + U+0301) cannot shield it from escaping, as a loop over characters would let it.
public enum Entities {
    /// `text` with each ASCII byte `entity` names replaced; `text` itself when none is there.
    public static func replacing(_ text: String, _ entity: (UInt8) -> String?) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 < 0x80 && entity($0) != nil }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 16)
        bytes.append(contentsOf: utf8[..<first])
        for byte in utf8[first...] {
            if byte < 0x80, let replacement = entity(byte) {
                bytes.append(contentsOf: replacement.utf8)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
