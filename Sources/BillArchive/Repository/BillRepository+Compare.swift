import GitKit
import Legislation

/// One article's text in two versions, matched by its file (its identity), not by position
/// or label.
public struct ArticlePair: Sendable, Equatable {
    /// The article file both texts come from.
    public var file: String
    /// The article in the earlier version; nil when it was added.
    public var before: Article?
    /// The article in the later version; nil when it was removed.
    public var after: Article?
    /// The blob ids of the two texts, which name them for good (content-addressed): a diff of
    /// the same pair is the same diff, wherever it is asked for.
    public var beforeBlob: String?
    public var afterBlob: String?
}

/// What changed between two versions of a bill.
public struct VersionComparison: Sendable, Equatable {
    /// The earlier version.
    public var from: BillVersion
    /// The later version.
    public var to: BillVersion
    /// Every article whose file was added, removed or changed (text or label), in the later
    /// version's reading order, removed ones last in the earlier version's order.
    public var changed: [ArticlePair]
    /// How many articles are the same file with the same label and text in both versions.
    public var unchanged: Int
}

extension BillRepository {
    /// Compares two versions article by article, matching articles by their file.
    public func compare(_ fromNumber: VersionNumber, _ toNumber: VersionNumber) async throws -> VersionComparison {
        let from = try await version(fromNumber)
        let to = try await version(toNumber)
        let (changed, unchanged) = try await compare(commits: from.commit, to.commit)
        return VersionComparison(from: from, to: to, changed: changed, unchanged: unchanged)
    }

    /// The articles that differ between two commits of the bill, matched by file.
    func compare(commits fromCommit: String, _ toCommit: String) async throws -> (
        changed: [ArticlePair], unchanged: Int
    ) {
        let old = try await indexedManifest(commitHex: fromCommit)
        let new = try await indexedManifest(commitHex: toCommit)
        var oldLabels: [String: ArticleLabel] = [:]
        for reference in old.manifest.articles { oldLabels[reference.file] = reference.label }

        var wanted: [Wanted] = []
        var unchanged = 0
        var seen: Set<String> = []
        for reference in new.manifest.articles {
            seen.insert(reference.file)
            guard let newBlob = new.blobs[reference.file] else { continue }
            if let oldLabel = oldLabels[reference.file], let oldBlob = old.blobs[reference.file] {
                if oldBlob == newBlob && oldLabel == reference.label {
                    unchanged += 1
                } else {
                    wanted.append((reference.file, (oldBlob, oldLabel), (newBlob, reference.label)))
                }
            } else {
                wanted.append((reference.file, nil, (newBlob, reference.label)))
            }
        }
        for reference in old.manifest.articles where !seen.contains(reference.file) {
            guard let oldBlob = old.blobs[reference.file] else { continue }
            wanted.append((reference.file, (oldBlob, reference.label), nil))
        }
        return (Relabelling.pairUp(try await read(wanted)), unchanged)
    }

    /// One article in two versions, followed by its file: the file of `label` in the later
    /// version (or the earlier one when it was removed).
    public func articlePair(_ label: ArticleLabel, _ fromNumber: VersionNumber, _ toNumber: VersionNumber) async throws
        -> ArticlePair
    {
        let from = try await version(fromNumber)
        let to = try await version(toNumber)
        let old = try await indexedManifest(commitHex: from.commit)
        let new = try await indexedManifest(commitHex: to.commit)
        guard let file = new.files[label] ?? old.files[label] else {
            throw BillArchiveError(
                .notFound,
                "neither \(from.number.name) nor \(to.number.name) has an article \(label)\(new.manifest.nearestLabels(to: label.text))"
            )
        }
        if new.files[label] == nil || old.manifest.articles.first(where: { $0.file == file }) == nil {
            // Only in one version by its file: it may have been relabelled into another file.
            let (changed, _) = try await compare(commits: from.commit, to.commit)
            if let pair = changed.first(where: {
                $0.before != nil && $0.after != nil && ($0.after?.label == label || $0.before?.label == label)
            }) {
                return pair
            }
        }
        let oldLabel = old.manifest.articles.first { $0.file == file }?.label
        let newLabel = new.manifest.articles.first { $0.file == file }?.label
        let wanted = Wanted(
            file: file, before: oldLabel.flatMap { label in old.blobs[file].map { ($0, label) } },
            after: newLabel.flatMap { label in new.blobs[file].map { ($0, label) } })
        return try await read([wanted])[0]
    }

    typealias Wanted = (file: String, before: (ObjectID, ArticleLabel)?, after: (ObjectID, ArticleLabel)?)

    /// Reads the articles of each file at the blobs given, in one trip to the repository's actor.
    private func read(_ wanted: [Wanted]) async throws -> [ArticlePair] {
        let sizeLimit = sizeLimit
        return try await git.run { (repository: Repository) throws -> [ArticlePair] in
            func article(_ blob: ObjectID, _ label: ArticleLabel, _ file: String) throws -> Article {
                let path = GitLayout.articlePath(file)
                return try ArticleFile.parse(
                    TextFile.decode(repository.readBlob(blob), name: path, sizeLimit: sizeLimit), label: label,
                    name: path)
            }
            return try wanted.map { item in
                ArticlePair(
                    file: item.file,
                    before: try item.before.map { try article($0.0, $0.1, item.file) },
                    after: try item.after.map { try article($0.0, $0.1, item.file) },
                    beforeBlob: item.before?.0.hex, afterBlob: item.after?.0.hex)
            }
        }
    }
}

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
