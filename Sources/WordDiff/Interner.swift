#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Gives each distinct byte string a small integer, so sequences compare as integers. Pieces are
/// told apart by their bytes, not by Unicode equivalence: `é` composed and decomposed differ, so
/// the text after is rebuilt byte for byte. An open-addressing table with FNV-1a hashing: tokens
/// are short and numerous, and this is the diff's hottest loop.
struct Interner {
    private var slots: [Int32]  // id + 1, 0 when empty
    private var hashes: [UInt64] = []
    /// Every distinct piece's bytes, one after the other; `bounds[id]` is where piece `id` ends.
    private var arena: [UInt8] = []
    private var bounds: [Int] = [0]

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
    }

    /// How many distinct pieces have an id; ids are below this.
    var count: Int { hashes.count }

    /// The id of a string's bytes.
    mutating func id(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { id($0) }
    }

    /// The id of some bytes.
    mutating func id(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let id = Int(slots[slot]) - 1
            if hashes[id] == hash, bounds[id + 1] - bounds[id] == bytes.count,
                bytes.count == 0
                    || arena.withUnsafeBufferPointer({
                        memcmp($0.baseAddress! + bounds[id], bytes.baseAddress!, bytes.count) == 0
                    })
            {
                return id
            }
            slot = (slot + 1) & mask
        }
        let id = hashes.count
        slots[slot] = Int32(id + 1)
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        bounds.append(arena.count)
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    /// A fast 64-bit hash of short byte strings: eight bytes at a time, multiply and fold.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 29)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id + 1)
        }
    }
}

/// An alinéa's text, its tokens as byte ranges and their ids: tokenized once, used for pairing
/// and for the word diff. Ranges are offsets into the whole text's bytes, which are shared.
struct TokenizedText {
    let bytes: [UInt8]
    let tokens: [Tokenizer.Raw]
    let ids: [Int]

    init(_ split: AlineaSplit, _ range: Range<Int>, interner: inout Interner) {
        bytes = split.bytes
        var tokens: [Tokenizer.Raw] = []
        var ids: [Int] = []
        bytes.withUnsafeBufferPointer { whole in
            let buffer = UnsafeBufferPointer(rebasing: whole[range])
            tokens = Tokenizer.scan(buffer)
            ids.reserveCapacity(tokens.count)
            for index in tokens.indices {
                ids.append(interner.id(UnsafeBufferPointer(rebasing: buffer[tokens[index].start..<tokens[index].end])))
                tokens[index].start += range.lowerBound
                tokens[index].end += range.lowerBound
            }
        }
        self.tokens = tokens
        self.ids = ids
    }

    /// The text of tokens `range`.
    func text(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        return String(decoding: bytes[tokens[range.lowerBound].start..<tokens[range.upperBound - 1].end], as: UTF8.self)
    }

    /// Whether tokens `range` are all spaces and punctuation.
    func isThin(_ range: Range<Int>) -> Bool {
        tokens[range].allSatisfy { $0.kind == .space || $0.kind == .lineBreak || $0.kind == .punctuation }
    }

    /// The ids of its words (not spaces or punctuation), for similarity.
    var wordIDs: [Int] {
        var words: [Int] = []
        words.reserveCapacity(ids.count / 2)
        for (token, id) in zip(tokens, ids)
        where token.kind == .word || token.kind == .number || token.kind == .reference {
            words.append(id)
        }
        return words
    }
}
