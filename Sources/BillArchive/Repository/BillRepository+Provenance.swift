import Foundation
import GitKit
import Legislation

/// Where an alinéa's current wording comes from.
public struct AlineaProvenance: Sendable, Equatable {
    /// Its number in the article (1-based) and its text.
    public var number: Int
    public var text: String
    /// The version that introduced this wording.
    public var version: VersionNumber?
    /// The adopted amendment that wrote it, when one did.
    public var amendment: AdoptedAmendment?
}

/// An amendment as its adoption's merge records it.
public struct AdoptedAmendment: Sendable, Equatable {
    public var number: Amendment.Number
    public var title: String
    /// The pseudonym its commits carry, never a name.
    public var author: Pseudonym?
    /// Its supports when it was adopted.
    public var supports: Int?
    /// The version it was adopted into.
    public var version: VersionNumber?
}

extension BillRepository {
    /// For each alinéa of article `label` at version `number` (latest when nil), the version that
    /// introduced its wording and the adopted amendment that wrote it: a blame of the article's
    /// file along the first-parent history of `main`, where a line brought by an adoption's
    /// merge is that amendment's (read from the merge's trailers and its amendment's commit).
    public func provenance(of label: ArticleLabel, at number: VersionNumber?) async throws -> (
        BillVersion, [AlineaProvenance]
    ) {
        let (version, file, blob) = try await articleFile(label, at: number)
        let commit = try commitID(version.commit)
        let sizeLimit = sizeLimit
        let alineas = try await git.run { (repository: Repository) throws -> [AlineaProvenance] in
            let path = GitLayout.articlePath(file)
            let text = try TextFile.decode(repository.readBlob(blob), name: path, sizeLimit: sizeLimit)
            let lines = Paragraphs.lines(of: text)
            guard let heading = lines.firstIndex(where: { !$0.trimmed.isEmpty }) else { return [] }
            let paragraphs = Paragraphs.group(lines[(heading + 1)...])
            let hunks = try repository.blame(path: path, at: commit)
            // The commit of each line, then for each alinéa the latest of its lines' commits.
            var lineCommit: [Int: ObjectID] = [:]
            for hunk in hunks {
                for line in hunk.firstLine..<(hunk.firstLine + hunk.lineCount) { lineCommit[line] = hunk.commit }
            }
            var attributions: [ObjectID: (VersionNumber?, AdoptedAmendment?, Int64)] = [:]
            func attribution(_ id: ObjectID) throws -> (VersionNumber?, AdoptedAmendment?, Int64) {
                if let known = attributions[id] { return known }
                let found = try Self.attribution(of: id, in: repository)
                attributions[id] = found
                return found
            }
            var result: [AlineaProvenance] = []
            for (index, paragraph) in paragraphs.enumerated() {
                let end = index + 1 < paragraphs.count ? paragraphs[index + 1].line : lines.count + 1
                var best: (VersionNumber?, AdoptedAmendment?, Int64)?
                for line in paragraph.line..<end {
                    guard let id = lineCommit[line], !lines[line - 1].trimmed.isEmpty else { continue }
                    let candidate = try attribution(id)
                    if best == nil || candidate.2 > best!.2 { best = candidate }
                }
                result.append(
                    AlineaProvenance(number: index + 1, text: paragraph.text, version: best?.0, amendment: best?.1))
            }
            return result
        }
        return (version, alineas)
    }

    /// What a commit of `main`'s first-parent history stands for: a version commit its version,
    /// an adoption's merge its amendment (and the version it was adopted into); with its time,
    /// to pick the latest of several.
    static func attribution(of id: ObjectID, in repository: Repository) throws -> (
        VersionNumber?, AdoptedAmendment?, Int64
    ) {
        let commit = try repository.readCommit(id)
        let time = commit.committer.time
        if commit.parents.count == 2,
            let number = GitLayout.trailer("Amendment", in: commit.message).flatMap(Int.init).flatMap(
                Amendment.Number.init)
        {
            let adoptedIn = GitLayout.trailer("Adopted-In", in: commit.message).flatMap(VersionNumber.init(parsing:))
            let amendmentCommit = try repository.readCommit(commit.parents[1])
            let title = amendmentCommit.message.components(separatedBy: "\n").first ?? ""
            return (
                adoptedIn,
                AdoptedAmendment(
                    number: number, title: title,
                    author: GitLayout.trailer("Author-Id", in: amendmentCommit.message).map(Pseudonym.init(rawValue:)),
                    supports: GitLayout.trailer("Supports", in: commit.message).flatMap(Int.init), version: adoptedIn),
                time
            )
        }
        return (GitLayout.trailer("Version", in: commit.message).flatMap(VersionNumber.init(parsing:)), nil, time)
    }

    /// The amendments adopted between two versions (`from` excluded, `to` included), with the
    /// article files each one's merge changed: read from the merges on `main`'s first-parent
    /// history between the two versions' commits.
    public func adoptions(from: VersionNumber, to: VersionNumber) async throws -> [(
        amendment: AdoptedAmendment, files: [String]
    )] {
        let start = try commitID(try await version(from).commit)
        let end = try commitID(try await version(to).commit)
        let prefix = BillDocument.articlesFolder + "/"
        return try await git.run { (repository: Repository) throws -> [(AdoptedAmendment, [String])] in
            var found: [(AdoptedAmendment, [String])] = []
            var cursor: ObjectID? = end
            var steps = 0
            while let id = cursor, id != start, steps < 100_000 {
                steps += 1
                let commit = try repository.readCommit(id)
                if commit.parents.count == 2, let first = commit.parents.first,
                    case (_, let amendment?, _) = try Self.attribution(of: id, in: repository)
                {
                    let files = try repository.changedPaths(from: repository.readCommit(first).tree, to: commit.tree)
                        .flatMap { [$0.oldPath, $0.newPath] }.filter { $0.hasPrefix(prefix) }
                        .map { String($0.dropFirst(prefix.count)) }
                    found.append((amendment, Array(Set(files)).sorted()))
                }
                cursor = commit.parents.first
            }
            return found.reversed()
        }
    }
}
