import Foundation
import GitKit
import Legislation
import Synchronization

/// A bill stored as a git repository: one commit per published version on `main`, each tagged
/// `v<N>` with its stage; the tree is the bill folder.
///
/// Reads are cached by commit id (a commit never changes), so serving an article costs one tree
/// lookup and one blob read once its version's manifest has been parsed.
public final class BillRepository: Sendable {
    let git: GitRepository
    private let cache = Mutex(Cache())
    /// The largest article file accepted when reading back or publishing.
    public let sizeLimit: Int

    struct Cache {
        var versionsHead: ObjectID?
        var versions: [BillVersion] = []
        var manifests: [ObjectID: IndexedManifest] = [:]
        /// Manifests parsed, by the id of their blob: an amendment that changes no article's
        /// place shares its version's manifest, parsed once for all of them.
        var parsed: [ObjectID: BillManifest] = [:]
        /// The highest amendment number known to be taken, once the branches have been listed.
        var lastAmendment: Int?
    }

    /// The highest amendment number known taken (nil before the first proposal lists them).
    var lastAmendmentHint: Int? {
        get { cache.withLock { $0.lastAmendment } }
    }

    /// Records that `number` is taken.
    func noteAmendmentTaken(_ number: Int) {
        cache.withLock { $0.lastAmendment = max($0.lastAmendment ?? 0, number) }
    }

    init(git: GitRepository, sizeLimit: Int) {
        self.git = git
        self.sizeLimit = sizeLimit
    }

    /// Opens the bill repository at `path`.
    public static func open(at path: String, sizeLimit: Int) throws -> BillRepository {
        do {
            return BillRepository(git: try GitRepository.open(at: path), sizeLimit: sizeLimit)
        } catch let error as GitError where error.code == .notFound {
            throw BillArchiveError(.notFound, "no bill repository at \(path)", cause: error)
        }
    }

    /// The repository's directory.
    public var path: String { git.path }

    /// The published versions, oldest first.
    public func versions() async throws -> [BillVersion] {
        let known = cache.withLock { ($0.versionsHead, $0.versions) }
        let (head, versions) = try await git.run { (repository: Repository) throws -> (ObjectID?, [BillVersion]) in
            let head = try repository.resolveReference(GitLayout.main)
            if let head, head == known.0 { return (head, known.1) }
            return (head, try Self.readVersions(repository))
        }
        cache.withLock {
            $0.versionsHead = head
            $0.versions = versions
        }
        return versions
    }

    /// The version `number`, or the latest when nil.
    public func version(_ number: VersionNumber?) async throws -> BillVersion {
        let versions = try await versions()
        guard let latest = versions.last else {
            throw BillArchiveError(.corrupt, "the bill has no published version")
        }
        guard let number else { return latest }
        guard let version = versions.first(where: { $0.number == number }) else {
            throw BillArchiveError(
                .notFound, "the bill has no version \(number.name); it has v1 to \(latest.number.name)")
        }
        return version
    }

    /// The manifest of a version (latest when nil).
    public func manifest(at number: VersionNumber?) async throws -> (BillVersion, BillManifest) {
        let version = try await version(number)
        return (version, try await indexedManifest(commitHex: version.commit).manifest)
    }

    /// The manifest at any commit of the bill (an amendment's head, say).
    public func manifest(atCommit hex: String) async throws -> BillManifest {
        try await indexedManifest(commitHex: hex).manifest
    }

    /// The exposé des motifs of a version (latest when nil), when it has one.
    public func expose(at number: VersionNumber?) async throws -> String? {
        let version = try await version(number)
        guard let blob = try await indexedManifest(commitHex: version.commit).expose else { return nil }
        let sizeLimit = sizeLimit
        return try await git.run { (repository: Repository) throws -> String in
            try TextFile.decode(repository.readBlob(blob), name: BillDocument.exposeFile, sizeLimit: sizeLimit)
        }
    }

    /// One article's text at a version (latest when nil).
    public func article(_ label: ArticleLabel, at number: VersionNumber?) async throws -> (BillVersion, Article) {
        let (version, file, blob) = try await articleFile(label, at: number)
        let sizeLimit = sizeLimit
        let article = try await git.run { (repository: Repository) throws -> Article in
            let path = GitLayout.articlePath(file)
            let text = try TextFile.decode(repository.readBlob(blob), name: path, sizeLimit: sizeLimit)
            return try ArticleFile.parse(text, label: label, name: path)
        }
        return (version, article)
    }

    /// The version (latest when nil), and the file and blob of article `label` in it.
    func articleFile(_ label: ArticleLabel, at number: VersionNumber?) async throws -> (BillVersion, String, ObjectID) {
        let version = try await version(number)
        let indexed = try await indexedManifest(commitHex: version.commit)
        guard let file = indexed.files[label] else {
            throw BillArchiveError(
                .notFound,
                "version \(version.number.name) has no article \(label)\(indexed.manifest.nearestLabels(to: label.text))"
            )
        }
        guard let blob = indexed.blobs[file] else {
            throw BillArchiveError(.corrupt, "article file \(file) is listed but missing from \(version.number.name)")
        }
        return (version, file, blob)
    }

    /// The manifests parsed so far, by the id of their blob.
    var parsedManifests: [ObjectID: BillManifest] { cache.withLock { $0.parsed } }

    /// Parses (once per commit) the manifest of a version and indexes it by label.
    func indexedManifest(commitHex: String) async throws -> IndexedManifest {
        let commit = try commitID(commitHex)
        if let cached = cache.withLock({ $0.manifests[commit] }) { return cached }
        let parsed = cache.withLock { $0.parsed }
        let indexed = try await git.run { (repository: Repository) throws -> IndexedManifest in
            try Self.readManifest(repository, commit: commit) { parsed[$0] }
        }
        cache.withLock {
            if $0.manifests.count >= 8 { $0.manifests.removeAll() }
            $0.manifests[commit] = indexed
            if $0.parsed[indexed.manifestBlob] == nil {
                if $0.parsed.count >= 16 { $0.parsed.removeAll() }
                $0.parsed[indexed.manifestBlob] = indexed.manifest
            }
        }
        return indexed
    }

    func commitID(_ hex: String) throws -> ObjectID {
        guard let id = ObjectID(hex: hex) else { throw BillArchiveError(.corrupt, "invalid commit id \(hex)") }
        return id
    }

    /// The manifest of a commit, indexed; `parsed` gives a manifest already parsed from the
    /// same blob, if any.
    static func readManifest(
        _ repository: Repository, commit: ObjectID, parsed: (ObjectID) -> BillManifest? = { _ in nil }
    ) throws -> IndexedManifest {
        let tree = try repository.readCommit(commit).tree
        guard let entry = try repository.entry(atPath: ManifestFile.name, inTree: tree) else {
            throw BillArchiveError(.corrupt, "commit \(commit) has no \(ManifestFile.name)")
        }
        let manifest: BillManifest
        if let known = parsed(entry.id) {
            manifest = known
        } else {
            // The manifest of a very large bill is itself large; it was checked on the way in.
            manifest = try ManifestFile.parse(
                TextFile.decode(repository.readBlob(entry.id), name: ManifestFile.name, sizeLimit: .max))
        }
        // One listing of articles/ per version, so that reading an article is one blob read even
        // when the folder holds a hundred thousand files.
        var blobs: [String: ObjectID] = [:]
        if let folder = try repository.entry(atPath: BillDocument.articlesFolder, inTree: tree), folder.kind == .tree {
            for entry in try repository.readTree(folder.id) where entry.kind == .blob {
                blobs[entry.name] = entry.id
            }
        }
        let expose = try repository.entry(atPath: BillDocument.exposeFile, inTree: tree).flatMap {
            $0.kind == .blob ? $0.id : nil
        }
        return IndexedManifest(manifest, blobs: blobs, expose: expose, manifestBlob: entry.id)
    }

    static func readVersions(_ repository: Repository) throws -> [BillVersion] {
        var versions: [BillVersion] = []
        for name in try repository.referenceNames(matching: GitLayout.versionTagGlob) {
            let short = String(name.dropFirst("refs/tags/".count))
            guard let number = VersionNumber(parsing: short), number.name == short,
                let tag = try repository.readTag(named: short)
            else { continue }
            let message = try repository.readCommit(tag.target).message
            let articleCount: Int
            if let count = GitLayout.trailer("Articles", in: message).flatMap({ Int($0) }) {
                articleCount = count
            } else {
                articleCount = try readManifest(repository, commit: tag.target).manifest.articles.count
            }
            versions.append(
                BillVersion(
                    number: number,
                    stage: tag.message.trimmingCharacters(in: .newlines),
                    publishedAt: tag.tagger?.time ?? 0,
                    commit: tag.target.hex,
                    articleCount: articleCount))
        }
        return versions.sorted { $0.number < $1.number }
    }
}

/// A manifest with its label → file and file → blob indexes, built once per version.
struct IndexedManifest: Sendable {
    var manifest: BillManifest
    var files: [ArticleLabel: String]
    var blobs: [String: ObjectID]
    /// The exposé des motifs' blob, when the version has one.
    var expose: ObjectID?
    /// The manifest's own blob.
    var manifestBlob: ObjectID

    init(_ manifest: BillManifest, blobs: [String: ObjectID], expose: ObjectID? = nil, manifestBlob: ObjectID) {
        self.manifest = manifest
        self.blobs = blobs
        self.expose = expose
        self.manifestBlob = manifestBlob
        var files: [ArticleLabel: String] = [:]
        for reference in manifest.articles { files[reference.label] = reference.file }
        self.files = files
    }
}
