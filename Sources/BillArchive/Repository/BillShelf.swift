import Foundation
import GitKit
import Legislation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The folder of bill repositories, `<root>/<slug>.git`: creates bills atomically and hands out
/// one `BillRepository` per bill for the life of the process.
public final class BillShelf: Sendable {
    /// The folder holding the bare repositories.
    public let root: URL
    /// The largest article file accepted.
    public let sizeLimit: Int
    private let repositories = Mutex<[BillSlug: BillRepository]>([:])

    /// Creates a shelf over `root` (created if missing).
    public init(root: URL, sizeLimit: Int) throws {
        self.root = root
        self.sizeLimit = sizeLimit
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw BillArchiveError(.io, "cannot create the bills folder \(root.path): \(error.localizedDescription)")
        }
    }

    /// The path of a bill's repository.
    public func path(of slug: BillSlug) -> URL {
        root.appendingPathComponent("\(slug.value).git")
    }

    /// The slugs of the bills on the shelf, sorted.
    public func slugs() throws -> [BillSlug] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.compactMap { name in
            guard name.hasSuffix(".git") else { return nil }
            return BillSlug(String(name.dropLast(4)))
        }.sorted()
    }

    /// The repository of a bill, opened once and shared.
    public func repository(_ slug: BillSlug) throws -> BillRepository {
        if let repository = repositories.withLock({ $0[slug] }) { return repository }
        let path = path(of: slug).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw BillArchiveError(.notFound, "there is no bill \(slug)")
        }
        let repository = try BillRepository.open(at: path, sizeLimit: sizeLimit)
        return repositories.withLock { table in
            if let existing = table[slug] { return existing }
            table[slug] = repository
            return repository
        }
    }

    /// Creates the bill `slug` with its stages as v1…vN. The repository is built in a hidden
    /// folder and renamed into place only when complete, so a failure leaves nothing behind and
    /// two imports of one slug cannot both succeed.
    public func create(_ slug: BillSlug, stages: [Stage], at time: Int64) async throws -> [BillVersion] {
        guard !stages.isEmpty else { throw BillArchiveError(.invalidFormat, "nothing to import") }
        for stage in stages { try BillRepository.validate(stage, sizeLimit: sizeLimit) }
        let final = path(of: slug)
        if FileManager.default.fileExists(atPath: final.path) {
            throw BillArchiveError(.conflict, "a bill \(slug) already exists; choose another slug")
        }
        let staging = root.appendingPathComponent(".incoming-\(slug.value)-\(UUID().uuidString).git")
        defer { try? FileManager.default.removeItem(at: staging) }
        let git = try GitRepository.createBare(at: staging.path, initialBranch: GitLayout.mainBranch)
        let versions = try await git.run { (repository: Repository) throws -> [BillVersion] in
            try stages.map { try BillRepository.publish($0, in: repository, at: time) }
        }
        try Self.moveIntoPlace(staging, final, slug: slug)
        return versions
    }

    /// Creates the bill `slug` from another assembly's repository: `fetch` is given the path of
    /// a new bare repository to fetch the upstream into (`GitLayout.upstreamRefspecs`), whose
    /// versions are then checked and taken (`takeUpstream`); the repository is moved into place
    /// only then, so a failure leaves nothing. Returns the versions taken.
    public func createFollowing(_ slug: BillSlug, fetch: (String) async throws -> Void) async throws -> [VersionNumber]
    {
        let final = path(of: slug)
        if FileManager.default.fileExists(atPath: final.path) {
            throw BillArchiveError(.conflict, "a bill \(slug) already exists; choose another slug")
        }
        let staging = root.appendingPathComponent(".incoming-\(slug.value)-\(UUID().uuidString).git")
        defer { try? FileManager.default.removeItem(at: staging) }
        _ = try GitRepository.createBare(at: staging.path, initialBranch: GitLayout.mainBranch)
        try await fetch(staging.path)
        let versions = try await BillRepository.open(at: staging.path, sizeLimit: sizeLimit).takeUpstream()
        try Self.moveIntoPlace(staging, final, slug: slug)
        return versions
    }

    private static func moveIntoPlace(_ staging: URL, _ final: URL, slug: BillSlug) throws {
        // rename(2) is atomic, and refuses to replace a non-empty directory: a bill created
        // meanwhile under the same slug makes it fail with ENOTEMPTY or EEXIST.
        guard rename(staging.path, final.path) == 0 else {
            let code = errno
            if code == EEXIST || code == ENOTEMPTY {
                throw BillArchiveError(.conflict, "a bill \(slug) already exists; choose another slug")
            }
            throw BillArchiveError(.io, "cannot move the new repository into place: \(String(cString: strerror(code)))")
        }
        let directory = Glibc.open(final.deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}
