/// Decides which alinéas of a replaced region are the same alinéa reworded (to be diffed word
/// by word) rather than one deleted and another inserted.
enum Pairing {
    /// Two alinéas pair when at least this share of their words is common (Dice coefficient).
    static let threshold = 0.4
    /// Beyond this many candidate pairs, alinéas are paired by position only.
    static let maximumComparisons = 10_000

    /// Order-preserving pairs (old offset, new offset).
    static func pairs(old: [String], new: [String]) -> [(Int, Int)] {
        if old.count == 1 && new.count == 1 { return [(0, 0)] }
        guard old.count * new.count <= maximumComparisons else {
            return (0..<min(old.count, new.count)).map { ($0, $0) }
        }
        let oldWords = old.map(wordCounts)
        let newWords = new.map(wordCounts)
        var pairs: [(Int, Int)] = []
        var newStart = 0
        for (oldOffset, words) in oldWords.enumerated() {
            var best: (score: Double, offset: Int)?
            for newOffset in newStart..<new.count {
                let score = dice(words, newWords[newOffset])
                if score >= threshold, best == nil || score > best!.score { best = (score, newOffset) }
            }
            if let best {
                pairs.append((oldOffset, best.offset))
                newStart = best.offset + 1
            }
        }
        return pairs
    }

    private static func wordCounts(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for token in Tokenizer.tokens(text) where !token.isThin { counts[token.text, default: 0] += 1 }
        return counts
    }

    private static func dice(_ a: [String: Int], _ b: [String: Int]) -> Double {
        let totalA = a.values.reduce(0, +)
        let totalB = b.values.reduce(0, +)
        guard totalA + totalB > 0 else { return 1 }
        var common = 0
        for (word, count) in a { common += min(count, b[word] ?? 0) }
        return 2 * Double(common) / Double(totalA + totalB)
    }
}
