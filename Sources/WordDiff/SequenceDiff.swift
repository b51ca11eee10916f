/// One run of an edit script between two sequences: `count` elements kept, removed or added.
struct EditRun: Equatable {
    enum Operation: Equatable { case equal, delete, insert }
    var operation: Operation
    var count: Int
}

/// The bounds of a diff: how much work it may do before it settles for a coarser answer.
public struct DiffLimits: Sendable, Equatable {
    /// Element comparisons allowed for one whole diff, as a multiple of the two lengths added up.
    public var workFactor: Int
    /// Regions up to this many elements (both sides) get an exact minimal diff; larger ones are
    /// first split at rare elements common to both sides.
    public var exactRegion: Int

    /// Creates limits.
    public init(workFactor: Int = 64, exactRegion: Int = 256) {
        self.workFactor = workFactor
        self.exactRegion = exactRegion
    }

    /// The default limits: minimal edits on article-sized texts, bounded time on anything.
    public static let `default` = DiffLimits()
}

/// The diff of two integer sequences (interned tokens or alinéas): trimmed common prefix and
/// suffix, histogram-style splitting at the rarest common element for large regions, Myers' O(ND)
/// for small ones, and a work budget past which a region is reported as replaced whole.
struct SequenceDiff {
    let a: [Int]
    let b: [Int]
    private var budget: Int
    private let exactRegion: Int
    private(set) var runs: [EditRun] = []
    /// Whether a region had to be replaced whole because the budget ran out.
    private(set) var approximate = false
    /// Tables indexed by element, for the anchor searches of large regions; shared by the word
    /// diffs of one text diff (taken from and given back to their box), so they are allocated
    /// once rather than once per alinéa.
    private var tables: AnchorTables

    init(_ a: [Int], _ b: [Int], limits: DiffLimits = .default, tables box: AnchorTablesBox? = nil) {
        self.a = a
        self.b = b
        var tables = box?.take() ?? AnchorTables()
        if a.count + b.count > limits.exactRegion {
            tables.reserve(alphabet: max(a.max() ?? 0, b.max() ?? 0) + 1)
        }
        self.tables = tables
        self.budget = max(10_000, limits.workFactor * (a.count + b.count))
        self.exactRegion = limits.exactRegion
        diff(0, a.count, 0, b.count)
        if let box {
            box.tables = self.tables
            self.tables = AnchorTables()
        }
    }

    private mutating func emit(_ operation: EditRun.Operation, _ count: Int) {
        guard count > 0 else { return }
        if let last = runs.last, last.operation == operation {
            runs[runs.count - 1].count += count
        } else {
            runs.append(EditRun(operation: operation, count: count))
        }
    }

    private mutating func diff(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) {
        var aLow = aLow
        var bLow = bLow
        var aHigh = aHigh
        var bHigh = bHigh
        var prefix = 0
        while aLow < aHigh, bLow < bHigh, a[aLow] == b[bLow] {
            aLow += 1
            bLow += 1
            prefix += 1
        }
        var suffix = 0
        while aLow < aHigh, bLow < bHigh, a[aHigh - 1] == b[bHigh - 1] {
            aHigh -= 1
            bHigh -= 1
            suffix += 1
        }
        emit(.equal, prefix)
        defer { emit(.equal, suffix) }
        let n = aHigh - aLow
        let m = bHigh - bLow
        if n == 0 || m == 0 {
            emit(.delete, n)
            emit(.insert, m)
            return
        }
        budget -= n + m
        if budget < 0 {
            approximate = true
            emit(.delete, n)
            emit(.insert, m)
            return
        }
        if n + m <= exactRegion {
            myers(aLow, aHigh, bLow, bHigh)
        } else if let anchors = uniqueAnchors(aLow, aHigh, bLow, bHigh), !anchors.isEmpty {
            // Patience: split at every element found once on each side, in order, at once.
            var aNext = aLow
            var bNext = bLow
            for (aAnchor, bAnchor) in anchors where aAnchor >= aNext && bAnchor >= bNext {
                diff(aNext, aAnchor, bNext, bAnchor)
                emit(.equal, 1)
                aNext = aAnchor + 1
                bNext = bAnchor + 1
            }
            diff(aNext, aHigh, bNext, bHigh)
        } else if let (aSplit, bSplit, length) = rareAnchor(aLow, aHigh, bLow, bHigh) {
            diff(aLow, aSplit, bLow, bSplit)
            emit(.equal, length)
            diff(aSplit + length, aHigh, bSplit + length, bHigh)
        } else {
            emit(.delete, n)
            emit(.insert, m)
        }
    }

    /// The elements that occur exactly once in each side of the region, as (a, b) positions
    /// forming the longest chain increasing on both sides (patience diff's anchors).
    private mutating func uniqueAnchors(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) -> [(Int, Int)]? {
        // Per element: its position on each side, or -1 when repeated; stamped so the tables are
        // never cleared between regions.
        tables.generation += 1
        let generation = tables.generation
        for index in aLow..<aHigh {
            let element = a[index]
            if tables.stampA[element] == generation {
                tables.positionA[element] = -1
            } else {
                tables.stampA[element] = generation
                tables.positionA[element] = index
            }
        }
        for index in bLow..<bHigh {
            let element = b[index]
            if tables.stampB[element] == generation {
                tables.positionB[element] = -1
            } else {
                tables.stampB[element] = generation
                tables.positionB[element] = index
            }
        }
        budget -= 2 * (aHigh - aLow + bHigh - bLow)
        var candidates: [(Int, Int)] = []
        for index in bLow..<bHigh {
            let element = b[index]
            guard tables.positionB[element] == index, tables.stampA[element] == generation,
                tables.positionA[element] >= 0
            else { continue }
            candidates.append((tables.positionA[element], index))
        }
        guard !candidates.isEmpty else { return nil }
        // Longest increasing subsequence of the a positions (candidates are in b order).
        var tails: [Int] = []  // index into candidates of the smallest tail of each length
        var previous = [Int](repeating: -1, count: candidates.count)
        for (index, candidate) in candidates.enumerated() {
            var low = 0
            var high = tails.count
            while low < high {
                let middle = (low + high) / 2
                if candidates[tails[middle]].0 < candidate.0 { low = middle + 1 } else { high = middle }
            }
            if low > 0 { previous[index] = tails[low - 1] }
            if low == tails.count { tails.append(index) } else { tails[low] = index }
        }
        var chain: [(Int, Int)] = []
        var cursor = tails.last ?? -1
        while cursor >= 0 {
            chain.append(candidates[cursor])
            cursor = previous[cursor]
        }
        return chain.reversed()
    }

    /// The common element that occurs least often in the region (as git's histogram diff picks),
    /// extended to the longest run of matches around it.
    private mutating func rareAnchor(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) -> (Int, Int, Int)? {
        // Counts per element on each side (stamped tables, as above), and its first position in a.
        tables.generation += 1
        let generation = tables.generation
        for index in aLow..<aHigh {
            let element = a[index]
            if tables.stampA[element] == generation {
                tables.countA[element] += 1
            } else {
                tables.stampA[element] = generation
                tables.countA[element] = 1
                tables.positionA[element] = index
            }
        }
        for index in bLow..<bHigh {
            let element = b[index]
            if tables.stampB[element] == generation {
                tables.countB[element] += 1
            } else {
                tables.stampB[element] = generation
                tables.countB[element] = 1
            }
        }
        var best: (count: Int, aIndex: Int, bIndex: Int)?
        for index in bLow..<bHigh {
            let element = b[index]
            guard tables.stampA[element] == generation else { continue }
            let weight = tables.countA[element] + tables.countB[element]
            if best == nil || weight < best!.count {
                best = (weight, tables.positionA[element], index)
                if weight == 2 { break }
            }
        }
        budget -= 2 * (aHigh - aLow + bHigh - bLow)
        guard var (_, aStart, bStart) = best else { return nil }
        while aStart > aLow, bStart > bLow, a[aStart - 1] == b[bStart - 1] {
            aStart -= 1
            bStart -= 1
        }
        var length = 0
        while aStart + length < aHigh, bStart + length < bHigh, a[aStart + length] == b[bStart + length] {
            length += 1
        }
        return (aStart, bStart, length)
    }

    /// Myers' greedy O(ND) algorithm with the trace kept for backtracking; regions are small
    /// (at most `exactRegion` elements), so the trace stays small too.
    private mutating func myers(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) {
        let n = aHigh - aLow
        let m = bHigh - bLow
        let maximum = n + m
        let offset = maximum + 1
        var frontier = [Int32](repeating: 0, count: 2 * maximum + 3)
        // The frontier before each step, flattened in one buffer, with where each step starts.
        var trace: [Int32] = []
        var starts: [Int] = []
        var finalD = maximum
        search: for d in 0...maximum {
            starts.append(trace.count)
            trace.append(contentsOf: frontier[(offset - d - 1)...(offset + d + 1)])
            budget -= d + 1
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]) {
                    x = Int(frontier[offset + k + 1])
                } else {
                    x = Int(frontier[offset + k - 1]) + 1
                }
                var y = x - k
                while x < n, y < m, a[aLow + x] == b[bLow + y] {
                    x += 1
                    y += 1
                }
                frontier[offset + k] = Int32(x)
                if x >= n && y >= m {
                    finalD = d
                    break search
                }
            }
        }
        // Walk back from (n, m) through the saved frontiers.
        var steps: [EditRun.Operation] = []
        var x = n
        var y = m
        var d = finalD
        while d > 0 {
            let base = starts[d]  // the frontier as it was before step d, diagonals -d-1 … d+1
            let k = x - y
            func value(_ diagonal: Int) -> Int { Int(trace[base + diagonal + d + 1]) }
            let down = k == -d || (k != d && value(k - 1) < value(k + 1))
            let previousK = down ? k + 1 : k - 1
            let previousX = value(previousK)
            let previousY = previousX - previousK
            while x > (down ? previousX : previousX + 1) && y > (down ? previousY + 1 : previousY) {
                steps.append(.equal)
                x -= 1
                y -= 1
            }
            steps.append(down ? .insert : .delete)
            x = previousX
            y = previousY
            d -= 1
        }
        while x > 0 && y > 0 {
            steps.append(.equal)
            x -= 1
            y -= 1
        }
        for step in steps.reversed() { emit(step, 1) }
    }
}

/// The element-indexed tables of the anchor searches, stamped by generation so that they are
/// never cleared between regions or between the alinéas of one diff.
struct AnchorTables {
    var generation: Int32 = 0
    var stampA: [Int32] = []
    var stampB: [Int32] = []
    var positionA: [Int] = []
    var positionB: [Int] = []
    var countA: [Int] = []
    var countB: [Int] = []

    /// Makes the tables cover elements below `alphabet`.
    mutating func reserve(alphabet: Int) {
        guard alphabet > stampA.count else { return }
        let size = max(alphabet, stampA.count * 2)
        let added = size - stampA.count
        stampA += [Int32](repeating: 0, count: added)
        stampB += [Int32](repeating: 0, count: added)
        positionA += [Int](repeating: 0, count: added)
        positionB += [Int](repeating: 0, count: added)
        countA += [Int](repeating: 0, count: added)
        countB += [Int](repeating: 0, count: added)
    }
}

/// Holds the anchor tables between the word diffs of one text diff.
final class AnchorTablesBox {
    var tables = AnchorTables()

    /// The tables, left empty here until given back, so that they are never shared and never
    /// copied.
    func take() -> AnchorTables {
        let taken = tables
        tables = AnchorTables()
        return taken
    }
}
