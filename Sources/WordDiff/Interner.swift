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
    /// Open addressing: each slot holds the upper half of its piece's hash and its id + 1 (0 when
    /// empty), so a probe rarely leaves the table.
    private var slots: [UInt64]
    private var idCount = 0
    /// Every distinct piece's bytes, one after the other; `bounds[id]` is where piece `id` ends.
    private var arena: [UInt8] = []
    private var bounds: [Int] = [0]
    /// Ids of the one-byte pieces (spaces, commas, periods: half the tokens of a text), + 1.
    private var singleBytes = [Int32](repeating: 0, count: 128)

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        arena.reserveCapacity(capacity * 8)
        bounds.reserveCapacity(capacity + 1)
    }

    /// How many distinct pieces have an id; ids are below this.
    var count: Int { idCount }

    /// The id of a string's bytes.
    mutating func id(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { id($0) }
    }

    /// The id of some bytes.
    @inline(__always)
    mutating func id(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if bytes.count == 1, bytes[0] < 0x80 {
            let known = singleBytes[Int(bytes[0])]
            if known != 0 { return Int(known) - 1 }
            let id = lookUp(bytes)
            singleBytes[Int(bytes[0])] = Int32(id + 1)
            return id
        }
        return lookUp(bytes)
    }

    private mutating func lookUp(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(bytes)
        let tag = hash >> 32
        let found: Int? = slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                bounds.withUnsafeBufferPointer { bounds in
                    let mask = slots.count - 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return nil }
                        if entry >> 32 == tag {
                            let id = Int(entry & 0xFFFF_FFFF) - 1
                            let start = bounds[id]
                            if bounds[id + 1] - start == bytes.count
                                && Self.equal(arena.baseAddress! + start, bytes.baseAddress, bytes.count)
                            {
                                return id
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if let found { return found }
        let id = idCount
        idCount += 1
        arena.append(contentsOf: bytes)
        bounds.append(arena.count)
        insert(tag: tag, hash: hash, id: id)
        if idCount * 2 > slots.count { grow() }
        return id
    }

    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard count > 0, let b else { return true }
        if count <= 16 {
            for offset in 0..<count where a[offset] != b[offset] { return false }
            return true
        }
        return memcmp(a, b, count) == 0
    }

    private mutating func insert(tag: UInt64, hash: UInt64, id: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = tag << 32 | UInt64(id + 1)
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
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for entry in old where entry != 0 {
            let id = Int(entry & 0xFFFF_FFFF) - 1
            // The slot is found again from the piece's full hash.
            let hash = arena.withUnsafeBufferPointer {
                Self.hash(UnsafeBufferPointer(rebasing: $0[bounds[id]..<bounds[id + 1]]))
            }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
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
