import Foundation
import GitKit
import Legislation

extension BillRepository {
    /// Publishes `stage` as the next version: writes its objects as one pack, moves `main` from
    /// the latest version's commit with compare-and-swap, then creates tag `v<N+1>`.
    ///
    /// A concurrent publication loses the compare-and-swap and gets a conflict; a text identical
    /// to the latest version is refused. Either way nothing is changed.
    public func publish(_ stage: Stage, at time: Int64) async throws -> BillVersion {
        try Self.validate(stage, sizeLimit: sizeLimit)
        let version = try await git.run { (repository: Repository) throws -> BillVersion in
            try Self.publish(stage, in: repository, at: time)
        }
        // The cached versions list is keyed by main's commit, so it is refreshed on next read.
        return version
    }

    static func validate(_ stage: Stage, sizeLimit: Int) throws {
        let trimmed = LegalText.collapsingSpaces(stage.name)
        guard !trimmed.isEmpty, trimmed.count <= 200, LegalText.firstControlCharacter(in: trimmed) == nil,
            !trimmed.contains("\n")
        else {
            throw BillArchiveError(
                .invalidFormat,
                "the stage name must be one line of 1 to 200 characters, such as \"Texte de la commission\"")
        }
        for (file, article) in stage.document.articles {
            let size = ArticleFile.render(article).utf8.count
            guard size <= sizeLimit else {
                throw BillArchiveError(
                    .tooLarge, "article \(article.label) is \(size) bytes, over the limit of \(sizeLimit) bytes",
                    file: GitLayout.articlePath(file))
            }
        }
    }

    /// Publishes one stage inside the actor; used for new repositories too.
    static func publish(_ stage: Stage, in repository: Repository, at time: Int64) throws -> BillVersion {
        let head = try repository.resolveReference(GitLayout.main)
        let existing = try readVersions(repository)
        if let latest = existing.last, latest.commit != head?.hex {
            throw BillArchiveError(
                .corrupt,
                "main does not point at the latest version \(latest.number.name); run `hemicycle doctor` before publishing"
            )
        }
        let number = existing.last?.number.next ?? VersionNumber(1)!
        let stageName = LegalText.collapsingSpaces(stage.name)
        // A dated stage (`date:` in its manifest) is committed and tagged on its day.
        let time = stage.document.manifest.date?.noonUTC ?? time
        if let date = stage.document.manifest.date, let latest = existing.last, time < latest.publishedAt {
            throw BillArchiveError(
                .invalidFormat,
                "the stage is dated \(date), before \(latest.number.name) (\(StageDate.day(of: latest.publishedAt))); versions follow the procedure's order"
            )
        }
        let signature = GitLayout.publisher(at: time)

        let document = stage.document
        let references = document.manifest.articles
        // Blobs first, on every core, then the trees and the commit that name them.
        let expose = document.expose.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }
        let blobs = try repository.writeBlobsPacked(
            count: references.count + (expose == nil ? 1 : 2), lanes: ProcessInfo.processInfo.activeProcessorCount
        ) { index in
            index == 0
                ? ManifestFile.render(document.manifest)
                : index > references.count
                    ? expose ?? "" : document.articles[references[index - 1].file].map(ArticleFile.render) ?? ""
        }
        let commit = try repository.withPackedWrites { scratch -> ObjectID in
            var files = [TreeFile(path: ManifestFile.name, blob: blobs[0])]
            if expose != nil {
                files.append(TreeFile(path: BillDocument.exposeFile, blob: blobs[references.count + 1]))
            }
            for (index, reference) in references.enumerated() {
                files.append(TreeFile(path: GitLayout.articlePath(reference.file), blob: blobs[index + 1]))
            }
            let tree = try scratch.writeTree(files)
            if let head, try scratch.readCommit(head).tree == tree {
                throw BillArchiveError(
                    .conflict,
                    "the text is identical to \(existing.last?.number.name ?? "the latest version"); nothing to publish"
                )
            }
            return try scratch.writeCommit(
                tree: tree, parents: head.map { [$0] } ?? [], author: signature, committer: signature,
                message: GitLayout.versionMessage(stage: stageName, version: number, articles: references.count))
        }
        do {
            if let head {
                try repository.updateReference(
                    GitLayout.main, from: head, to: commit, logMessage: "publish \(number.name)")
            } else {
                try repository.createReference(GitLayout.main, target: commit, logMessage: "publish \(number.name)")
            }
            try repository.createAnnotatedTag(
                named: number.name, target: commit, tagger: signature, message: stageName + "\n")
        } catch let error as GitError where error.code == .modified || error.code == .exists {
            throw BillArchiveError(
                .conflict, "another publication of this bill happened at the same time; reload and publish again",
                cause: error)
        }
        return BillVersion(
            number: number, stage: stageName, publishedAt: time, commit: commit.hex,
            articleCount: stage.document.manifest.articles.count)
    }
}
