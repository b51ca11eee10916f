import GitKit
import Legislation

/// A bill followed from another assembly: stock git fetches the upstream's `main` and version
/// tags under `refs/upstream/` (never served), and they are taken from there only once checked.
extension GitLayout {
    /// Where a fetch from the upstream puts its `main`.
    public static let upstreamMain = "refs/upstream/main"
    /// Where a fetch from the upstream puts its version tags (`refs/upstream/tags/v<N>`).
    public static let upstreamTagPrefix = "refs/upstream/tags/"
    /// The refspecs of that fetch, forced: the checks below decide what is taken.
    public static let upstreamRefspecs = ["+refs/heads/main:refs/upstream/main", "+refs/tags/v*:refs/upstream/tags/v*"]
}

extension BillRepository {
    /// Takes the upstream's new versions, as fetched under `refs/upstream/`: each new tag must be
    /// an annotated tag `v<N>` of a commit whose bill folder reads, a tag already here must be the
    /// same, and the upstream's `main` must carry ours forward (its history is kept, never
    /// rewritten). Then the tags are created and `main` moved; when a check fails nothing moves.
    /// Returns the versions taken, oldest first.
    public func takeUpstream() async throws -> [VersionNumber] {
        let sizeLimit = sizeLimit
        return try await git.run { (repository: Repository) throws -> [VersionNumber] in
            guard let upstream = try repository.resolveReference(GitLayout.upstreamMain) else {
                throw BillArchiveError(.invalidFormat, "the upstream has no main branch: it is not a bill")
            }
            var taken: [(VersionNumber, ObjectID)] = []
            for reference in try repository.referenceNames(matching: GitLayout.upstreamTagPrefix + "v*") {
                let name = String(reference.dropFirst(GitLayout.upstreamTagPrefix.count))
                guard let number = VersionNumber(parsing: name), number.name == name else { continue }
                let tag: TagInfo?
                do {
                    tag = try repository.readTag(reference: reference, name: name)
                } catch {
                    throw BillArchiveError(
                        .invalidFormat, "the upstream's \(name) is not an annotated tag", cause: error)
                }
                guard let tag else { continue }
                if let mine = try repository.resolveReference("refs/tags/\(name)") {
                    guard mine == tag.id else {
                        throw BillArchiveError(
                            .conflict,
                            "the upstream's \(name) is not the \(name) followed here: it rewrote a published version")
                    }
                    continue
                }
                guard try repository.descends(upstream, from: tag.target) else {
                    throw BillArchiveError(.invalidFormat, "the upstream's \(name) is not in the history of its main")
                }
                let indexed = try Self.readManifest(repository, commit: tag.target)
                for article in indexed.manifest.articles {
                    guard let blob = indexed.blobs[article.file] else {
                        throw BillArchiveError(
                            .invalidFormat, "the upstream's \(name) lists \(article.file) but has no such file")
                    }
                    guard try repository.readBlob(blob).count <= sizeLimit else {
                        throw BillArchiveError(
                            .tooLarge, "the upstream's \(name): \(article.file) is over the size limit")
                    }
                }
                taken.append((number, tag.id))
            }
            let current = try repository.resolveReference(GitLayout.main)
            if let current, !(try repository.descends(upstream, from: current)) {
                throw BillArchiveError(
                    .conflict, "the upstream's main does not carry this bill's main forward: not taken")
            }
            guard current != nil || !taken.isEmpty else {
                throw BillArchiveError(.invalidFormat, "the upstream has no version tag v1, v2…: it is not a bill")
            }
            taken.sort { $0.0 < $1.0 }
            for (number, tag) in taken {
                try repository.createReference("refs/tags/\(number.name)", target: tag, logMessage: "from upstream")
            }
            if let current {
                if current != upstream {
                    try repository.updateReference(
                        GitLayout.main, from: current, to: upstream, logMessage: "from upstream")
                }
            } else {
                try repository.createReference(GitLayout.main, target: upstream, logMessage: "from upstream")
            }
            return taken.map(\.0)
        }
    }
}
