import Foundation
import GitKit
import Legislation

/// What an amendment says, as its author wrote it.
public struct AmendmentDraft: Sendable, Equatable {
    /// A one-line title.
    public var title: String
    /// The exposé sommaire.
    public var summary: String
    /// The pseudonym its commits carry (`citizen-<pseudonym>`), never the account's id.
    public var author: Pseudonym
    /// The changes to the bill.
    public var edits: [ArticleEdit]

    /// Creates a draft.
    public init(title: String, summary: String, author: Pseudonym, edits: [ArticleEdit]) {
        self.title = title
        self.summary = summary
        self.author = author
        self.edits = edits
    }
}

extension BillRepository {
    /// The most edits one amendment may carry.
    public static let maximumEdits = 50

    /// Writes a new amendment: a commit on top of version `base` applying the draft's edits, on a
    /// new branch `refs/heads/amendments/<N>` created only if absent (so two proposals never share
    /// a number). Returns the number and the commit.
    public func proposeAmendment(on base: VersionNumber, _ draft: AmendmentDraft, at time: Int64) async throws
        -> (number: Amendment.Number, commit: String)
    {
        let version = try await version(base)
        let indexed = try await indexedManifest(commitHex: version.commit)
        let baseCommit = try commitID(version.commit)
        let sizeLimit = sizeLimit
        return try await git.run { (repository: Repository) throws -> (Amendment.Number, String) in
            // The next number follows the highest known; the branches are listed only the first
            // time, or when another process took the number we tried, so a proposal's cost does
            // not grow with the number of amendments. Proposals run one at a time on the
            // repository's queue, so the hint read here is the one the previous proposal left.
            var next = (try self.lastAmendmentHint ?? Self.highestAmendment(repository)) + 1
            // The ref is the allocator: creation fails if another process took the number, and the
            // commit, whose trailer names the number, is then written again for the next one.
            for _ in 0..<16 {
                guard let number = Amendment.Number(next) else { break }
                let commit = try Self.writeAmendment(
                    draft, base: baseCommit, baseVersion: base, parent: baseCommit, indexed: indexed, number: next,
                    repository: repository, sizeLimit: sizeLimit, at: time)
                do {
                    try repository.createReference(
                        GitLayout.amendmentRef(number), target: commit, logMessage: "amendment \(next)")
                    self.noteAmendmentTaken(next)
                    return (number, commit.hex)
                } catch let error as GitError where error.code == .exists || error.code == .locked {
                    // Taken, or being taken right now by another process (its lock file is there):
                    // the next number.
                    next = max(next, try Self.highestAmendment(repository)) + 1
                }
            }
            throw BillArchiveError(.conflict, "could not allocate an amendment number; try again")
        }
    }

    /// The highest number among the amendment branches, hidden ones included (0 when there is
    /// none): a hidden amendment keeps its number.
    static func highestAmendment(_ repository: Repository) throws -> Int {
        try GitLayout.amendmentGlobs.flatMap { try repository.referenceNames(matching: $0) }
            .compactMap { Int($0.split(separator: "/").last ?? "") }.max() ?? 0
    }

    /// Writes a revision of amendment `number`: the edits applied afresh to its base version, as
    /// a new commit on its branch, moved from `expectedHead` with compare-and-swap.
    public func reviseAmendment(
        _ number: Amendment.Number, on base: VersionNumber, from expectedHead: String, _ draft: AmendmentDraft,
        at time: Int64
    ) async throws -> String {
        let version = try await version(base)
        let indexed = try await indexedManifest(commitHex: version.commit)
        let baseCommit = try commitID(version.commit)
        let head = try commitID(expectedHead)
        let sizeLimit = sizeLimit
        return try await git.run { (repository: Repository) throws -> String in
            // Revised onto another version (a conflicted amendment onto the new text): the commit
            // starts from that version, and names the head it moved from.
            let headBase = GitLayout.trailer("Base", in: try repository.readCommit(head).message)
            let moving = headBase != nil && headBase != base.name
            let commit = try Self.writeAmendment(
                draft, base: baseCommit, baseVersion: base, parent: moving ? baseCommit : head, indexed: indexed,
                number: number.value, repository: repository, sizeLimit: sizeLimit, at: time,
                movedFrom: moving ? head : nil)
            // Same text, same title and exposé: nothing to record (the commit just written is left
            // unreferenced, as any object nothing points at).
            let (before, after) = (try repository.readCommit(head), try repository.readCommit(commit))
            if before.tree == after.tree && before.message == after.message {
                throw BillArchiveError(
                    .invalidFormat,
                    "the revision changes nothing: its text, title and exposé are those of amendment \(number)")
            }
            do {
                try repository.updateReference(
                    GitLayout.currentAmendmentRef(number, in: repository), from: head, to: commit,
                    logMessage: "revise amendment \(number)")
            } catch let error as GitError
                where error.code == .modified || error.code == .notFound || error.code == .locked
            {
                throw BillArchiveError(
                    .conflict, "amendment \(number) changed meanwhile; reload it and revise again", cause: error)
            }
            return commit.hex
        }
    }

    /// The head commit of every amendment branch, public and hidden.
    public func amendmentHeads() async throws -> [Amendment.Number: String] {
        try await git.run { (repository: Repository) throws -> [Amendment.Number: String] in
            var heads: [Amendment.Number: String] = [:]
            for name in try GitLayout.amendmentGlobs.flatMap({ try repository.referenceNames(matching: $0) }) {
                guard let number = Int(name.split(separator: "/").last ?? "").flatMap(Amendment.Number.init),
                    let head = try repository.resolveReference(name)
                else { continue }
                heads[number] = head.hex
            }
            return heads
        }
    }

    /// The articles an amendment changes: its base version against its head, matched by file.
    public func amendmentChanges(base: VersionNumber, head: String) async throws -> [ArticlePair] {
        let version = try await version(base)
        return try await compare(commits: version.commit, head).changed
    }

    static func writeAmendment(
        _ draft: AmendmentDraft, base: ObjectID, baseVersion: VersionNumber, parent: ObjectID, indexed: IndexedManifest,
        number: Int, repository: Repository, sizeLimit: Int, at time: Int64, movedFrom: ObjectID? = nil
    ) throws -> ObjectID {
        var manifest = indexed.manifest
        var blobs = indexed.blobs
        try AmendmentEdits.validate(draft)
        for edit in draft.edits {
            switch edit {
            case .modify(let label, let alineas):
                guard let file = indexed.files[label], let blob = blobs[file] else {
                    throw BillArchiveError(
                        .invalidFormat,
                        "version \(baseVersion.name) has no article \(label) to modify\(manifest.nearestLabels(to: label.text))"
                    )
                }
                let path = GitLayout.articlePath(file)
                let current = try ArticleFile.parse(
                    TextFile.decode(repository.readBlob(blob), name: path, sizeLimit: sizeLimit), label: label,
                    name: path)
                let text = ArticleFile.render(Article(label: label, heading: current.heading, alineas: alineas))
                try AmendmentEdits.checkSize(text, label: label, sizeLimit: sizeLimit)
                blobs[file] = try repository.writeBlob(text)
            case .insert(let placement, let label, let alineas):
                if let existing = manifest.articles.first(where: { $0.label.canonical == label.canonical }) {
                    throw BillArchiveError(
                        .invalidFormat,
                        existing.label == label
                            ? "version \(baseVersion.name) already has an article \(label)"
                            : "article \(label) looks like article \(existing.label) of version \(baseVersion.name); choose a label that differs by more than case or look-alike letters"
                    )
                }
                let neighbour = placement.neighbour
                guard
                    let found = manifest.outline.firstIndex(where: {
                        if case .article(let reference) = $0 { reference.label == neighbour } else { false }
                    })
                else {
                    let side = if case .after = placement { "after" } else { "before" }
                    throw BillArchiveError(
                        .invalidFormat,
                        "version \(baseVersion.name) has no article \(neighbour) to insert \(side)\(manifest.nearestLabels(to: neighbour.text))"
                    )
                }
                let position = if case .after = placement { found + 1 } else { found }
                var file = "article-\(label.slug).md"
                var counter = 2
                while blobs[file] != nil {
                    file = "article-\(label.slug)-\(counter).md"
                    counter += 1
                }
                let text = ArticleFile.render(Article(label: label, heading: label.defaultHeading, alineas: alineas))
                try AmendmentEdits.checkSize(text, label: label, sizeLimit: sizeLimit)
                blobs[file] = try repository.writeBlob(text)
                manifest.outline.insert(.article(ArticleReference(label: label, file: file)), at: position)
            case .delete(let label):
                guard let file = manifest.article(labelled: label)?.file else {
                    throw BillArchiveError(
                        .invalidFormat,
                        "version \(baseVersion.name) has no article \(label) to delete\(manifest.nearestLabels(to: label.text))"
                    )
                }
                manifest.outline.removeAll {
                    if case .article(let reference) = $0 { reference.label == label } else { false }
                }
                blobs[file] = nil
            }
        }
        guard !manifest.articles.isEmpty else {
            throw BillArchiveError(.invalidFormat, "an amendment cannot delete every article of the bill")
        }
        // An unchanged outline keeps the version's manifest as published, byte for byte.
        let unchanged =
            manifest == indexed.manifest
            ? try repository.entry(atPath: ManifestFile.name, inTree: repository.readCommit(base).tree)?.id : nil
        let manifestBlob = try unchanged ?? repository.writeBlob(ManifestFile.render(manifest))
        var files = [TreeFile(path: ManifestFile.name, blob: manifestBlob)]
        if let expose = indexed.expose { files.append(TreeFile(path: BillDocument.exposeFile, blob: expose)) }
        for reference in manifest.articles {
            guard let blob = blobs[reference.file] else { continue }
            files.append(TreeFile(path: GitLayout.articlePath(reference.file), blob: blob))
        }
        let tree = try repository.writeTree(files)
        if tree == (try repository.readCommit(base).tree) {
            throw BillArchiveError(.invalidFormat, "the amendment changes nothing in version \(baseVersion.name)")
        }
        let author = GitLayout.citizen(draft.author.rawValue, at: time)
        let message = """
            \(draft.title)

            \(draft.summary)

            Amendment: \(number)
            Author-Id: \(draft.author.rawValue)
            Base: \(baseVersion.name)
            \(movedFrom.map { "Rebased-From: \($0.hex)\n" } ?? "")
            """
        return try repository.writeCommit(
            tree: tree, parents: [parent], author: author, committer: author, message: message)
    }
}

/// The rules every amendment's text follows before anything is written.
enum AmendmentEdits {
    static func validate(_ draft: AmendmentDraft) throws {
        guard !draft.edits.isEmpty else {
            throw BillArchiveError(.invalidFormat, "an amendment needs at least one change")
        }
        guard draft.edits.count <= BillRepository.maximumEdits else {
            throw BillArchiveError(.tooLarge, "an amendment changes at most \(BillRepository.maximumEdits) articles")
        }
        var seen: Set<ArticleLabel> = []
        for edit in draft.edits {
            guard seen.insert(edit.label).inserted else {
                throw BillArchiveError(.invalidFormat, "article \(edit.label) is changed twice; merge the two changes")
            }
            switch edit {
            case .modify(_, let alineas), .insert(_, _, let alineas):
                guard !alineas.isEmpty else {
                    throw BillArchiveError(
                        .invalidFormat, "article \(edit.label) needs at least one alinéa; to remove it, delete it")
                }
                for alinea in alineas {
                    guard !alinea.isEmpty, !alinea.contains("\n"), LegalText.firstControlCharacter(in: alinea) == nil
                    else {
                        throw BillArchiveError(
                            .invalidFormat, "an alinéa of article \(edit.label) is empty or holds a control character")
                    }
                }
            case .delete:
                break
            }
        }
    }

    static func checkSize(_ text: String, label: ArticleLabel, sizeLimit: Int) throws {
        guard text.utf8.count <= sizeLimit else {
            throw BillArchiveError(
                .tooLarge, "article \(label) would be \(text.utf8.count) bytes, over the limit of \(sizeLimit)")
        }
    }
}
