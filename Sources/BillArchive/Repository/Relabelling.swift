/// Articles renumbered between two versions written as drafts: the draft names files after
/// labels, so `Article 4` that became `Article 5` is a file removed, or worse the file of the
/// old article 5 given another text. An article of the later version whose text is the same as
/// one of the earlier version's, or nearly (nine words in ten shared), is that article
/// relabelled — when its file does not already hold a close text.
enum Relabelling {
    /// The largest number of earlier × later articles compared word by word; beyond it only
    /// identical texts are paired.
    static let nearComparisonLimit = 40_000
    /// The share of words two texts must have in common to be one article relabelled.
    static let threshold = 0.9
    /// Below this share, two texts in one file are not one article, so either may pair elsewhere.
    static let sameFileThreshold = 0.5

    static func pairUp(_ pairs: [ArticlePair]) -> [ArticlePair] {
        // The sides free to pair: removed and added articles, and both sides of a file whose two
        // texts have little in common.
        var words: [Int: (old: WordCounts?, new: WordCounts?)] = [:]
        var looseOld: [Int] = []
        var looseNew: [Int] = []
        for (index, pair) in pairs.enumerated() {
            switch (pair.before, pair.after) {
            case (_?, nil): looseOld.append(index)
            case (nil, _?): looseNew.append(index)
            case (let before?, let after?):
                guard !looseOld.isEmpty || !looseNew.isEmpty || pairs.count > 1 else { continue }
                let old = WordCounts(before.body)
                let new = WordCounts(after.body)
                if old.similarity(to: new) < sameFileThreshold {
                    words[index] = (old, new)
                    looseOld.append(index)
                    looseNew.append(index)
                }
            case (nil, nil): continue
            }
        }
        guard !looseOld.isEmpty, !looseNew.isEmpty, looseOld != looseNew || looseOld.count > 1 else { return pairs }
        var oldTaken: [Int: Int] = [:]  // old side's pair → new side's pair
        var newTaken: [Int: Int] = [:]
        func join(_ old: Int, _ new: Int) {
            oldTaken[old] = new
            newTaken[new] = old
        }
        // Identical texts first.
        var byBody: [String: [Int]] = [:]
        for index in looseOld { byBody[pairs[index].before!.body, default: []].append(index) }
        for index in looseNew {
            let body = pairs[index].after!.body
            guard var candidates = byBody[body], let old = candidates.first(where: { $0 != index }) else { continue }
            candidates.removeAll { $0 == old }
            byBody[body] = candidates
            join(old, index)
        }
        // Then nearly identical ones, best first, each side used once.
        let oldLeft = looseOld.filter { oldTaken[$0] == nil }
        let newLeft = looseNew.filter { newTaken[$0] == nil }
        if !oldLeft.isEmpty, !newLeft.isEmpty, oldLeft.count * newLeft.count <= nearComparisonLimit {
            let oldWords = oldLeft.map { words[$0]?.old ?? WordCounts(pairs[$0].before!.body) }
            let newWords = newLeft.map { words[$0]?.new ?? WordCounts(pairs[$0].after!.body) }
            var scored: [(score: Double, old: Int, new: Int)] = []
            for (o, old) in oldLeft.enumerated() {
                for (n, new) in newLeft.enumerated() where old != new {
                    let score = oldWords[o].similarity(to: newWords[n])
                    if score >= threshold { scored.append((score, old, new)) }
                }
            }
            for candidate in scored.sorted(by: { $0.score > $1.score })
            where oldTaken[candidate.old] == nil && newTaken[candidate.new] == nil {
                join(candidate.old, candidate.new)
            }
        }
        guard !oldTaken.isEmpty else { return pairs }
        // Rebuild in the later version's order, what the earlier version lost last.
        var result: [ArticlePair] = []
        var removed: [ArticlePair] = []
        for (index, pair) in pairs.enumerated() {
            let oldMoved = oldTaken[index] != nil
            if pair.after != nil {
                var rebuilt = pair
                if let old = newTaken[index] {
                    rebuilt.before = pairs[old].before
                    rebuilt.beforeBlob = pairs[old].beforeBlob
                } else if oldMoved {
                    rebuilt.before = nil
                    rebuilt.beforeBlob = nil
                }
                result.append(rebuilt)
            }
            if pair.before != nil, !oldMoved, newTaken[index] != nil || pair.after == nil {
                var lost = pair
                lost.after = nil
                lost.afterBlob = nil
                removed.append(lost)
            }
        }
        return result + removed
    }

    /// The words of a text with their counts.
    struct WordCounts {
        var counts: [Substring: Int] = [:]
        var total = 0

        init(_ text: String) {
            for word in text.split(whereSeparator: { $0.isWhitespace }) {
                counts[word, default: 0] += 1
                total += 1
            }
        }

        /// Twice the words shared over the words of both (1 when identical).
        func similarity(to other: WordCounts) -> Double {
            guard total + other.total > 0 else { return 1 }
            let smaller = counts.count <= other.counts.count ? self : other
            let larger = counts.count <= other.counts.count ? other : self
            var shared = 0
            for (word, count) in smaller.counts { shared += min(count, larger.counts[word] ?? 0) }
            return Double(2 * shared) / Double(total + other.total)
        }
    }
}
