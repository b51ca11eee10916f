/// Decides which alinéas of a replaced region are the same alinéa reworded (to be diffed word
/// by word) rather than one deleted and another inserted.
enum Pairing {
    /// Two alinéas pair when at least this share of their words is common (Dice coefficient).
    static let threshold = 0.4
    /// How far from the diagonal a candidate is looked for in a large region.
    static let window = 8

    /// Order-preserving pairs (old offset, new offset), given each alinéa's sorted word ids.
    static func pairs(old: [[Int]], new: [[Int]]) -> [(Int, Int)] {
        if old.count == 1 && new.count == 1 { return [(0, 0)] }
        let wide = old.count * new.count > 10_000
        var pairs: [(Int, Int)] = []
        var newStart = 0
        for (oldOffset, words) in old.enumerated() {
            // In a large region, look only near where this alinéa would fall proportionally.
            let expected = new.count * oldOffset / max(old.count, 1)
            let low = wide ? max(newStart, expected - window) : newStart
            let high = wide ? min(new.count, expected + window + 1) : new.count
            var best: (score: Double, offset: Int)?
            if low < high {
                for newOffset in low..<high {
                    let score = dice(words, new[newOffset])
                    if score >= threshold, best == nil || score > best!.score { best = (score, newOffset) }
                }
            }
            if let best {
                pairs.append((oldOffset, best.offset))
                newStart = best.offset + 1
            }
        }
        return pairs
    }

    /// 2 × common / total, on sorted multisets.
    static func dice(_ a: [Int], _ b: [Int]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        var common = 0
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                common += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return 2 * Double(common) / Double(a.count + b.count)
    }
}
