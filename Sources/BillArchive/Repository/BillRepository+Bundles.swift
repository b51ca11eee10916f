import Foundation
import GitKit
import Legislation

/// An amendment sent from one assembly to another as a git bundle: one commit whose parent is
/// the published version it amends (which both assemblies have: one follows the other) and whose
/// tree is the amended text, its message the amendment's title, exposé and tallies.
extension GitLayout {
    /// Where an amendment's exported commit waits while stock git bundles it, and where an
    /// imported one waits while it is read: names made here, never user text.
    static func transitRef() -> String { "refs/transit/\(UUID().uuidString.lowercased())" }
}

/// An amendment read out of another assembly's bundle.
public struct ReceivedAmendment: Sendable {
    /// The version it amends.
    public var base: VersionNumber
    /// Its commit's message (title, exposé, trailers).
    public var message: String
    /// What it changes, as `compare` gives it.
    public var changes: [ArticlePair]
    /// The articles of its text in reading order (to place an inserted article).
    public var order: [ArticleLabel]
}

extension BillRepository {
    /// Writes the commit an amendment travels as — `head`'s text on `base`'s commit, with
    /// `message` — under a transit ref; returns that ref and the base commit (the bundle's
    /// prerequisite). Remove the ref with `removeTransit` once bundled.
    public func prepareExport(head: String, base: VersionNumber, message: String, institution: String, at time: Int64)
        async throws -> (ref: String, base: String)
    {
        let version = try await version(base)
        let headID = try commitID(head)
        let baseID = try commitID(version.commit)
        let signature = Signature(name: institution, email: "institution@hemicycle.invalid", time: time)
        return try await git.run { (repository: Repository) throws -> (ref: String, base: String) in
            let tree = try repository.readCommit(headID).tree
            let commit = try repository.writeCommit(
                tree: tree, parents: [baseID], author: signature, committer: signature, message: message)
            let ref = GitLayout.transitRef()
            try repository.createReference(ref, target: commit, logMessage: "amendment bundle")
            return (ref, baseID.hex)
        }
    }

    /// A ref for stock git to fetch a bundle's commit into.
    public static func transitRef() -> String { GitLayout.transitRef() }

    /// Removes a transit ref.
    public func removeTransit(_ ref: String) async throws {
        guard ref.hasPrefix("refs/transit/") else { return }
        try await git.run { (repository: Repository) throws in
            if let id = try repository.resolveReference(ref) { try repository.deleteReference(ref, expected: id) }
        }
    }

    /// Reads the amendment a bundle brought under `ref`: one commit whose only parent is one of
    /// this bill's published versions; what it changes against that version.
    public func receivedAmendment(at ref: String) async throws -> ReceivedAmendment {
        let versions = try await versions()
        let (commit, parent) = try await git.run { (repository: Repository) throws -> (CommitInfo, ObjectID?) in
            guard let id = try repository.resolveReference(ref) else {
                throw BillArchiveError(.invalidFormat, "the bundle brought no commit")
            }
            let commit = try repository.readCommit(id)
            return (commit, commit.parents.count == 1 ? commit.parents[0] : nil)
        }
        guard let parent, let version = versions.first(where: { $0.commit == parent.hex }) else {
            throw BillArchiveError(
                .invalidFormat, "the bundle's amendment is not written on a published version of this bill")
        }
        let (changes, _) = try await compare(commits: version.commit, commit.id.hex)
        guard !changes.isEmpty else { throw BillArchiveError(.invalidFormat, "the bundle's amendment changes nothing") }
        let order = try await indexedManifest(commitHex: commit.id.hex).manifest.articles.map(\.label)
        return ReceivedAmendment(base: version.number, message: commit.message, changes: changes, order: order)
    }
}
