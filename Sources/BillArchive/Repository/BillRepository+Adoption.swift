import Foundation
import GitKit
import Legislation

/// An amendment to adopt: its branch's head, the version it was written on, and what its merge
/// records of it.
public struct AdoptionInput: Sendable, Equatable {
    public var number: Amendment.Number
    public var head: String
    public var base: VersionNumber
    public var title: String
    /// Its supports when it is adopted, recorded in the merge for provenance.
    public var supports: Int

    public init(number: Amendment.Number, head: String, base: VersionNumber, title: String, supports: Int) {
        self.number = number
        self.head = head
        self.base = base
        self.title = title
        self.supports = supports
    }
}

/// An adoption stopped before anything moved: amendment `number` changes the same lines of a
/// file as amendment `other`, adopted before it in the same adoption (nil: as the text published
/// since the version it was written on).
public struct AdoptionConflict: Error, Sendable, Equatable {
    public var number: Amendment.Number
    public var other: Amendment.Number?
    /// The article at stake, by its label in the version `number` was written on; nil for the
    /// bill's outline (two articles inserted at the same place).
    public var article: ArticleLabel?
    /// The file at stake.
    public var file: String
}

/// What became of an amendment carried onto a new version.
public enum CarryOutcome: Sendable, Equatable {
    /// Its branch now holds its change on the new version, at this commit.
    case carried(head: String)
    /// Its change no longer applies: to these articles (labels of its version, or of its own
    /// text for an article it inserts), in reading order; empty when only the outline (where
    /// articles are inserted) conflicts.
    case conflicted(articles: [ArticleLabel])
    /// Its branch moved meanwhile (a revision): nothing was done.
    case moved
}

/// An amendment to carry onto a new version.
public struct CarryInput: Sendable, Equatable {
    public var number: Amendment.Number
    public var head: String
    public var base: VersionNumber

    public init(number: Amendment.Number, head: String, base: VersionNumber) {
        self.number = number
        self.head = head
        self.base = base
    }
}

extension BillRepository {
    /// Adopts amendments as the next version: each one merged onto `main`, in the order given,
    /// as a merge commit carrying `Amendment:`, `Adopted-In:` and `Supports:` trailers; then a
    /// version commit with the stage, tagged `v<N+1>`. Every object is written first; `main`
    /// then moves once, from the latest version's commit to the version commit, with
    /// compare-and-swap, and the tag follows. A conflict between two amendments (or with the
    /// text since an amendment's version) throws `AdoptionConflict` before anything moves.
    public func adopt(_ amendments: [AdoptionInput], stage: String, at time: Int64) async throws -> BillVersion {
        guard !amendments.isEmpty else { throw BillArchiveError(.invalidFormat, "no amendment to adopt") }
        let stageName = LegalText.collapsingSpaces(stage)
        guard !stageName.isEmpty, stageName.count <= 200, LegalText.firstControlCharacter(in: stageName) == nil else {
            throw BillArchiveError(
                .invalidFormat,
                "the stage name must be one line of 1 to 200 characters, such as \"Texte de la commission\"")
        }
        let heads = try amendments.map { try commitID($0.head) }
        return try await git.run { (repository: Repository) throws -> BillVersion in
            let versions = try Self.readVersions(repository)
            guard let latest = versions.last, let head = try repository.resolveReference(GitLayout.main),
                head.hex == latest.commit
            else {
                throw BillArchiveError(
                    .corrupt,
                    "main does not point at the latest version; run `hemicycle doctor` before adopting")
            }
            let number = latest.number.next
            let signature = GitLayout.publisher(at: time)
            let commits = Dictionary(uniqueKeysWithValues: versions.map { ($0.number, $0.commit) })
            let (version, articles) = try repository.withPackedWrites { scratch -> (ObjectID, Int) in
                var current = head
                var tree = try scratch.readCommit(head).tree
                var merged: [(number: Amendment.Number, base: ObjectID, tree: ObjectID)] = []
                for (amendment, amendmentHead) in zip(amendments, heads) {
                    guard let baseHex = commits[amendment.base], let baseCommit = ObjectID(hex: baseHex) else {
                        throw BillArchiveError(
                            .notFound, "amendment \(amendment.number) amends \(amendment.base.name), not a version")
                    }
                    let base = try scratch.readCommit(baseCommit).tree
                    let theirs = try scratch.readCommit(amendmentHead).tree
                    switch try scratch.mergeTrees(ancestor: base, ours: tree, theirs: theirs) {
                    case .conflicted(let paths):
                        throw try Self.conflict(
                            amendment.number, base: base, theirs: theirs, paths: paths, merged: merged, in: scratch)
                    case .merged(let result):
                        merged.append((amendment.number, base, theirs))
                        current = try scratch.writeCommit(
                            tree: result, parents: [current, amendmentHead], author: signature,
                            committer: signature,
                            message: GitLayout.adoptionMessage(
                                number: amendment.number, title: amendment.title, version: number,
                                supports: amendment.supports))
                        tree = result
                    }
                }
                // The merged text must still be a bill: one file per article, labels unique.
                let manifest: BillManifest
                do {
                    manifest = try Self.readManifest(scratch, commit: current).manifest
                } catch {
                    throw BillArchiveError(
                        .conflict,
                        "the adopted amendments together make the bill's outline unreadable: \(error)",
                        cause: error as? BillArchiveError)
                }
                let commit = try scratch.writeCommit(
                    tree: tree, parents: [current], author: signature, committer: signature,
                    message: GitLayout.adoptionVersionMessage(
                        stage: stageName, version: number, articles: manifest.articles.count,
                        adopted: amendments.map(\.number)))
                return (commit, manifest.articles.count)
            }
            do {
                try repository.updateReference(
                    GitLayout.main, from: head, to: version, logMessage: "adopt \(number.name)")
            } catch let error as GitError where error.code == .modified || error.code == .locked {
                throw BillArchiveError(
                    .conflict, "the bill changed while the adoption was prepared; adopt again", cause: error)
            }
            try Self.tag(version, number: number, stage: stageName, in: repository, at: time)
            return BillVersion(
                number: number, stage: stageName, publishedAt: time, commit: version.hex, articleCount: articles)
        }
    }

    /// Tags a version commit (idempotent: the tag already there for this commit is kept).
    static func tag(_ commit: ObjectID, number: VersionNumber, stage: String, in repository: Repository, at time: Int64)
        throws
    {
        if let existing = try repository.readTag(named: number.name) {
            guard existing.target == commit else {
                throw BillArchiveError(.corrupt, "tag \(number.name) already names another commit")
            }
            return
        }
        try repository.createAnnotatedTag(
            named: number.name, target: commit, tagger: GitLayout.publisher(at: time), message: stage + "\n")
    }

    /// The conflict an adoption stops on: the earlier adopted amendment that changed one of the
    /// same files, and the article that file holds.
    static func conflict(
        _ number: Amendment.Number, base: ObjectID, theirs: ObjectID, paths: [String],
        merged: [(number: Amendment.Number, base: ObjectID, tree: ObjectID)], in repository: Repository
    ) throws -> AdoptionConflict {
        // An article's file before the outline, the first path both sides changed.
        let ordered = paths.filter { $0 != ManifestFile.name } + paths.filter { $0 == ManifestFile.name }
        let path = ordered.first ?? ManifestFile.name
        // The earlier adopted amendment whose own change does not combine with this one's (nil:
        // none does, so the conflict is with the text published since this one's version).
        var other: Amendment.Number?
        for earlier in merged.reversed() {
            if case .conflicted = try repository.mergeTrees(ancestor: base, ours: earlier.tree, theirs: theirs) {
                other = earlier.number
                break
            }
        }
        let article = try Self.labels(of: [path], in: [base, theirs], repository: repository).first
        return AdoptionConflict(number: number, other: other, article: article, file: path)
    }

    /// The labels of the article files among `paths`, as the first of `trees` whose manifest
    /// lists each names it, in that manifest's reading order.
    static func labels(of paths: [String], in trees: [ObjectID], repository: Repository) throws -> [ArticleLabel] {
        let prefix = BillDocument.articlesFolder + "/"
        var files = Set(paths.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) })
        var labels: [ArticleLabel] = []
        for tree in trees where !files.isEmpty {
            guard let entry = try repository.entry(atPath: ManifestFile.name, inTree: tree) else { continue }
            let manifest = try ManifestFile.parse(
                TextFile.decode(repository.readBlob(entry.id), name: ManifestFile.name, sizeLimit: .max))
            for reference in manifest.articles where files.contains(reference.file) {
                labels.append(reference.label)
                files.remove(reference.file)
            }
        }
        return labels
    }

    /// Carries amendments onto version `onto`: for each, its change (from its version to its
    /// head) merged onto the new text as a new commit on its branch, whose parent is the
    /// version's commit and whose message says `Base: <onto>` and `Rebased-From: <head>`. The
    /// objects are written first (one pack), then each branch moves with compare-and-swap from
    /// the head given. One whose change no longer applies is left where it is.
    public func carry(_ amendments: [CarryInput], onto target: VersionNumber, at time: Int64) async throws
        -> [CarryOutcome]
    {
        let ids = try amendments.map { try commitID($0.head) }
        return try await git.run { (repository: Repository) throws -> [CarryOutcome] in
            let versions = try Self.readVersions(repository)
            let commits = Dictionary(uniqueKeysWithValues: versions.map { ($0.number, $0.commit) })
            guard let ontoHex = commits[target], let onto = ObjectID(hex: ontoHex) else {
                throw BillArchiveError(.notFound, "the bill has no version \(target.name)")
            }
            let committer = GitLayout.publisher(at: time)
            // Hidden amendments are carried where their branch is, listed once for all of them.
            let hidden = Set(try repository.referenceNames(matching: GitLayout.hiddenAmendmentGlob))
            let branch = { (number: Amendment.Number) in
                hidden.contains(GitLayout.hiddenAmendmentRef(number))
                    ? GitLayout.hiddenAmendmentRef(number) : GitLayout.amendmentRef(number)
            }
            let planned = try repository.withPackedWrites { scratch -> [(CarryOutcome, ObjectID?)] in
                let ours = try scratch.readCommit(onto).tree
                var trees: [VersionNumber: ObjectID] = [:]
                return try zip(amendments, ids).map { amendment, head in
                    // Carried already by an earlier pass that stopped before its record was
                    // written: the branch is where that pass left it.
                    if let current = try scratch.resolveReference(branch(amendment.number)),
                        current != head
                    {
                        let message = try scratch.readCommit(current).message
                        if GitLayout.trailer("Rebased-From", in: message) == head.hex,
                            GitLayout.trailer("Base", in: message) == target.name
                        {
                            return (.carried(head: current.hex), nil)
                        }
                        return (.moved, nil)
                    }
                    guard let baseHex = commits[amendment.base], let baseCommit = ObjectID(hex: baseHex) else {
                        throw BillArchiveError(
                            .notFound, "amendment \(amendment.number) amends \(amendment.base.name), not a version")
                    }
                    let base = try trees[amendment.base] ?? scratch.readCommit(baseCommit).tree
                    trees[amendment.base] = base
                    let commit = try scratch.readCommit(head)
                    switch try scratch.mergeTrees(ancestor: base, ours: ours, theirs: commit.tree) {
                    case .conflicted(let paths):
                        return (
                            .conflicted(
                                articles: try Self.labels(of: paths, in: [base, commit.tree], repository: scratch)),
                            nil
                        )
                    case .merged(let tree):
                        let carried = try scratch.writeCommit(
                            tree: tree, parents: [onto], author: commit.author, committer: committer,
                            message: GitLayout.carriedMessage(commit.message, onto: target, from: head))
                        return (.carried(head: carried.hex), carried)
                    }
                }
            }
            var outcomes: [CarryOutcome] = []
            for ((outcome, carried), (amendment, head)) in zip(planned, zip(amendments, ids)) {
                guard let carried else {
                    outcomes.append(outcome)
                    continue
                }
                do {
                    try repository.updateReference(
                        branch(amendment.number), from: head, to: carried,
                        logMessage: "carry amendment \(amendment.number) onto \(target.name)")
                    outcomes.append(outcome)
                } catch let error as GitError
                    where error.code == .modified || error.code == .notFound || error.code == .locked
                {
                    outcomes.append(.moved)
                }
            }
            return outcomes
        }
    }

    /// A version committed on `main` but not tagged (an adoption or publication cut short
    /// between its two steps): its number, or nil. With `repair`, the tag is created.
    public func untaggedVersion(repair: Bool) async throws -> VersionNumber? {
        try await git.run { (repository: Repository) throws -> VersionNumber? in
            guard let head = try repository.resolveReference(GitLayout.main) else { return nil }
            let commit = try repository.readCommit(head)
            guard let number = GitLayout.trailer("Version", in: commit.message).flatMap(VersionNumber.init(parsing:)),
                try repository.readTag(named: number.name) == nil
            else { return nil }
            if repair {
                try Self.tag(
                    head, number: number, stage: GitLayout.trailer("Stage", in: commit.message) ?? number.name,
                    in: repository, at: commit.committer.time)
            }
            return number
        }
    }

    /// The amendments an adoption version names (`Adopted:`), in the order they were merged;
    /// empty for a version published otherwise.
    public func adopted(in number: VersionNumber) async throws -> [Amendment.Number] {
        let version = try await version(number)
        let id = try commitID(version.commit)
        let message = try await git.run { (repository: Repository) throws -> String in
            try repository.readCommit(id).message
        }
        guard let list = GitLayout.trailer("Adopted", in: message) else { return [] }
        return list.split(separator: ",").compactMap {
            Int($0.trimmingCharacters(in: .whitespaces)).flatMap(Amendment.Number.init)
        }
    }
}
