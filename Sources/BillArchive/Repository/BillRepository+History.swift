import GitKit
import Legislation

extension BillRepository {
    /// The versions in which the article now (or last) labelled `label` changed, oldest first.
    ///
    /// An article is followed by its file, which never changes name, so a relabelled article keeps
    /// its history.
    public func history(of label: ArticleLabel) async throws -> [ArticleRevision] {
        let versions = try await versions()
        var file: String?
        for version in versions.reversed() {
            if let found = try await indexedManifest(commitHex: version.commit).files[label] {
                file = found
                break
            }
        }
        guard let file, let latest = versions.last else {
            throw BillArchiveError(.notFound, "no version of this bill has an article \(label)")
        }
        let byCommit = Dictionary(uniqueKeysWithValues: versions.map { ($0.commit, $0) })
        let head = try commitID(latest.commit)
        let changed = try await git.run { (repository: Repository) throws -> [String] in
            try repository.log(path: GitLayout.articlePath(file), from: head).map(\.id.hex)
        }
        var revisions: [ArticleRevision] = []
        var present = false
        for commit in changed.reversed() {
            guard let version = byCommit[commit] else { continue }
            let manifest = try await indexedManifest(commitHex: commit).manifest
            let reference = manifest.articles.first { $0.file == file }
            let change: ArticleChangeKind = reference == nil ? .removed : (present ? .modified : .added)
            present = reference != nil
            revisions.append(
                ArticleRevision(
                    version: version.number, stage: version.stage, publishedAt: version.publishedAt,
                    change: change, label: reference?.label ?? revisions.last?.label ?? label))
        }
        return revisions
    }
}
