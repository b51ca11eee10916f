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
        let (wanted, unchanged) = Self.wanted(old, new)
        return (Relabelling.pairUp(try await read(wanted)), unchanged)
    }

    /// The changes of many amendments written on one version, by head, each as
    /// `amendmentChanges(base:head:)` gives it, in one trip to the repository's actor: what an
    /// export of thousands of amendments reads.
    public func amendmentChanges(base: VersionNumber, heads: [String]) async throws -> [[ArticlePair]] {
        let old = try await indexedManifest(commitHex: try await version(base).commit)
        let parsed = parsedManifests
        let ids = try heads.map { try commitID($0) }
        let sizeLimit = sizeLimit
        return try await git.run { (repository: Repository) throws -> [[ArticlePair]] in
            try ids.map { head in
                let new = try Self.readManifest(repository, commit: head) { parsed[$0] }
                return Relabelling.pairUp(
                    try Self.readArticles(repository, Self.wanted(old, new).wanted, sizeLimit: sizeLimit))
            }
        }
    }

    /// The article files whose text or label differ between two manifests, and how many do not.
    static func wanted(_ old: IndexedManifest, _ new: IndexedManifest) -> (wanted: [Wanted], unchanged: Int) {
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
        return (wanted, unchanged)
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
        if let pair = try await relabelled(label, file: file, old: old, new: new, commits: (from.commit, to.commit)) {
            return pair
        }
        let oldLabel = old.manifest.articles.first { $0.file == file }?.label
        let newLabel = new.manifest.articles.first { $0.file == file }?.label
        let wanted = Wanted(
            file: file, before: oldLabel.flatMap { label in old.blobs[file].map { ($0, label) } },
            after: newLabel.flatMap { label in new.blobs[file].map { ($0, label) } })
        return try await read([wanted])[0]
    }

    /// The most changed articles an article found in one version only is compared with, to
    /// find it relabelled in the other; past it, it reads as added or removed.
    static let relabelCandidates = 500

    /// The pair of an article whose file is in one version only, when the comparison of the two
    /// versions finds it relabelled (see `Relabelling`); nil when it is not, or when too many
    /// articles changed to look.
    private func relabelled(
        _ label: ArticleLabel, file: String, old: IndexedManifest, new: IndexedManifest, commits: (String, String)
    ) async throws -> ArticlePair? {
        let inOld = old.manifest.articles.contains { $0.file == file }
        guard new.files[label] == nil || !inOld else { return nil }
        let changed =
            new.manifest.articles.count { old.blobs[$0.file] != new.blobs[$0.file] }
            + old.manifest.articles.count { new.blobs[$0.file] == nil }
        guard changed <= Self.relabelCandidates else { return nil }
        return try await compare(commits: commits.0, commits.1).changed.first {
            $0.before != nil && $0.after != nil && ($0.after?.label == label || $0.before?.label == label)
        }
    }

    typealias Wanted = (file: String, before: (ObjectID, ArticleLabel)?, after: (ObjectID, ArticleLabel)?)

    /// Reads the articles of each file at the blobs given, in one trip to the repository's actor.
    private func read(_ wanted: [Wanted]) async throws -> [ArticlePair] {
        let sizeLimit = sizeLimit
        return try await git.run { (repository: Repository) throws -> [ArticlePair] in
            try Self.readArticles(repository, wanted, sizeLimit: sizeLimit)
        }
    }

    /// The articles of each file at the blobs given, on the repository's executor.
    static func readArticles(_ repository: Repository, _ wanted: [Wanted], sizeLimit: Int) throws -> [ArticlePair] {
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
