/// Decides which alinéas of a replaced region are the same alinéa reworded (to be diffed word
/// by word) rather than one deleted and another inserted.
enum Pairing {
    /// Two alinéas pair when at least this share of their words is common (Dice coefficient).
    static let threshold = 0.4
    /// How far from where an alinéa would fall proportionally a partner is looked for.
    static let window = 8

    /// Order-preserving pairs (old offset, new offset), given each alinéa's word ids; `idCount`
    /// bounds the ids.
    static func pairs(old: [[Int]], new: [[Int]], idCount: Int) -> [(Int, Int)] {
        if old.count == 1 && new.count == 1 { return [(0, 0)] }
        var counts = [Int32](repeating: 0, count: idCount)
        var taken = [Int32](repeating: 0, count: idCount)
        var stamps = [Int32](repeating: 0, count: idCount)
        var generation: Int32 = 0
        var pairs: [(Int, Int)] = []
        var newStart = 0
        for (oldOffset, words) in old.enumerated() {
            for id in words { counts[id] += 1 }
            defer { for id in words { counts[id] = 0 } }
            let expected = new.count * oldOffset / max(old.count, 1)
            let low = max(newStart, expected - window)
            let high = min(new.count, expected + window + 1)
            var best: (score: Double, offset: Int)?
            if low < high {
                for newOffset in low..<high {
                    // Common words as multisets: each word of the new alinéa takes one occurrence.
                    generation += 1
                    var common = 0
                    for id in new[newOffset] {
                        let used = stamps[id] == generation ? taken[id] : 0
                        if used < counts[id] {
                            common += 1
                            taken[id] = used + 1
                            stamps[id] = generation
                        }
                    }
                    let total = words.count + new[newOffset].count
                    let score = total == 0 ? 1 : 2 * Double(common) / Double(total)
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
}

/// Counts the words two lists share, as multisets, with tables indexed by word id that are
/// stamped rather than cleared, so one counter serves every alinéa of a diff.
struct SharedWords {
    private var counts: [Int32] = []
    private var stamps: [Int32] = []
    private var generation: Int32 = 0

    mutating func common(_ old: [Int], _ new: [Int], idCount: Int) -> Int {
        guard !old.isEmpty, !new.isEmpty else { return 0 }
        if counts.count < idCount {
            let size = max(idCount, counts.count * 2)
            counts += [Int32](repeating: 0, count: size - counts.count)
            stamps += [Int32](repeating: 0, count: size - stamps.count)
        }
        generation += 1
        let generation = generation
        var shared = 0
        counts.withUnsafeMutableBufferPointer { counts in
            stamps.withUnsafeMutableBufferPointer { stamps in
                for id in old {
                    if stamps[id] != generation {
                        stamps[id] = generation
                        counts[id] = 0
                    }
                    counts[id] += 1
                }
                for id in new where stamps[id] == generation && counts[id] > 0 {
                    counts[id] -= 1
                    shared += 1
                }
            }
        }
        return shared
    }
}
