import Foundation
import GitKit
import Legislation

/// What an amendment branch's head commit says about itself, read from its trailers: enough to
/// rebuild the amendment's record from git alone.
public struct AmendmentBranch: Sendable, Equatable {
    /// The number in the ref name.
    public var number: Amendment.Number
    /// The head commit.
    public var head: String
    /// The commits of the branch since its base, newest first.
    public var commits: [String]
    /// The title (first line of the message).
    public var title: String
    /// The summary (the message body before the trailers).
    public var summary: String
    /// `Author-Id:`.
    public var author: Pseudonym?
    /// `Base:`.
    public var base: VersionNumber?
    /// `Rebased-From:`: the head it was carried from onto an adoption's version, if it was.
    public var rebasedFrom: String?
    /// When the first commit was made, and the head.
    public var createdAt: Date
    public var updatedAt: Date
    /// Whether the branch is in the hidden namespace (its amendment hidden by moderation).
    public var hidden: Bool = false
}

extension BillRepository {
    /// Every amendment branch as its commits describe it, public and hidden.
    public func amendmentBranches() async throws -> [AmendmentBranch] {
        let versionCommits = Set(try await versions().map(\.commit))
        return try await git.run { (repository: Repository) throws -> [AmendmentBranch] in
            var branches: [AmendmentBranch] = []
            for name in try GitLayout.amendmentGlobs.flatMap({ try repository.referenceNames(matching: $0) }) {
                guard let number = Int(name.split(separator: "/").last ?? "").flatMap(Amendment.Number.init),
                    let head = try repository.resolveReference(name)
                else { continue }
                var commits: [CommitInfo] = []
                var cursor: ObjectID? = head
                while let id = cursor, !versionCommits.contains(id.hex), commits.count < 10_000 {
                    let commit = try repository.readCommit(id)
                    commits.append(commit)
                    cursor = commit.parents.first
                }
                guard let newest = commits.first, let oldest = commits.last else { continue }
                let message = newest.message
                let paragraphs = message.components(separatedBy: "\n\n")
                branches.append(
                    AmendmentBranch(
                        number: number, head: head.hex, commits: commits.map(\.id.hex),
                        title: paragraphs.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "",
                        summary: paragraphs.count > 2
                            ? paragraphs[1..<(paragraphs.count - 1)].joined(separator: "\n\n") : "",
                        author: GitLayout.trailer("Author-Id", in: message).map(Pseudonym.init(rawValue:)),
                        base: GitLayout.trailer("Base", in: message).flatMap(VersionNumber.init(parsing:)),
                        rebasedFrom: GitLayout.trailer("Rebased-From", in: message),
                        createdAt: Date(timeIntervalSince1970: TimeInterval(oldest.committer.time)),
                        updatedAt: Date(timeIntervalSince1970: TimeInterval(newest.committer.time)),
                        hidden: name.hasPrefix(GitLayout.hiddenNamespace + "/")))
            }
            return branches.sorted { $0.number < $1.number }
        }
    }

    /// Removes an amendment branch that no record explains, if it still points at `head`.
    public func removeAmendmentBranch(_ number: Amendment.Number, head: String) async throws {
        let id = try commitID(head)
        try await git.run { (repository: Repository) throws in
            try repository.deleteReference(GitLayout.currentAmendmentRef(number, in: repository), expected: id)
        }
    }

    /// Moves amendment `number`'s branch into the hidden namespace (`hidden`) or back into the
    /// public one, where stock git serves it; false when it is there already. A move cut short
    /// (the branch in both places, at the same commit) is finished.
    @discardableResult
    public func moveAmendmentBranch(_ number: Amendment.Number, hidden: Bool) async throws -> Bool {
        try await git.run { (repository: Repository) throws -> Bool in
            let public_ = GitLayout.amendmentRef(number)
            let secret = GitLayout.hiddenAmendmentRef(number)
            let (from, to) = hidden ? (public_, secret) : (secret, public_)
            guard let head = try repository.resolveReference(from) else { return false }
            if let there = try repository.resolveReference(to) {
                guard there == head else {
                    throw BillArchiveError(
                        .conflict, "amendment \(number) has a public and a hidden branch at different commits")
                }
            } else {
                try repository.createReference(
                    to, target: head, logMessage: hidden ? "hide amendment \(number)" : "restore amendment \(number)")
            }
            try repository.deleteReference(from, expected: head)
            return true
        }
    }
}
