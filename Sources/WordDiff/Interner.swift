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
    private var pieces: [[UInt8]] = []

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
    }

    /// The id of a string's bytes.
    mutating func id(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { id($0) }
    }

    /// The id of some bytes.
    mutating func id(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while slots[slot] != 0 {
            let id = Int(slots[slot]) - 1
            if hashes[id] == hash, pieces[id].count == bytes.count,
                pieces[id].withUnsafeBufferPointer({ own in
                    own.count == 0 || memcmp(own.baseAddress!, bytes.baseAddress!, own.count) == 0
                })
            {
                return id
            }
            slot = (slot + 1) & mask
        }
        let id = pieces.count
        slots[slot] = Int32(id + 1)
        hashes.append(hash)
        pieces.append(Array(bytes))
        if pieces.count * 2 > slots.count { grow() }
        return id
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id + 1)
        }
    }
}

/// An alinéa's text, its tokens as byte ranges and their ids: tokenized once, used for pairing
/// and for the word diff.
struct TokenizedText {
    let bytes: [UInt8]
    let tokens: [Tokenizer.Raw]
    let ids: [Int]

    init(_ text: String, interner: inout Interner) {
        bytes = Array(text.utf8)
        var tokens: [Tokenizer.Raw] = []
        var ids: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            tokens = Tokenizer.scan(buffer)
            ids.reserveCapacity(tokens.count)
            for token in tokens {
                ids.append(interner.id(UnsafeBufferPointer(rebasing: buffer[token.start..<token.end])))
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

    /// The ids of its words (not spaces or punctuation), sorted, for similarity.
    var wordIDs: [Int] {
        zip(tokens, ids).compactMap { $0.kind == .space || $0.kind == .lineBreak || $0.kind == .punctuation ? nil : $1 }
            .sorted()
    }
}
