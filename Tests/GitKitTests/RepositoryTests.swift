import Foundation
import TestSupport
import Testing

@testable import GitKit

@Suite struct RepositoryTests {
    let directory: TemporaryDirectory
    let repository: Repository
    let signature = Signature(name: "Hemicycle", email: "hemicycle@invalid", time: 1_443_225_600)

    init() throws {
        directory = try TemporaryDirectory()
        repository = try Repository.createBare(at: directory.path("bill.git"))
    }

    private func commit(_ files: [String: String], parent: ObjectID? = nil, message: String = "version") throws
        -> ObjectID
    {
        let tree = try repository.writeTree(
            files.map { TreeFile(path: $0.key, blob: try repository.writeBlob($0.value)) })
        return try repository.writeCommit(
            tree: tree, parents: parent.map { [$0] } ?? [], author: signature, committer: signature, message: message)
    }

    @Test func blobsRoundTripByteForByte() throws {
        let text = "« Les données publiques… »\u{00A0}: l’article 1er\u{202F}!\n"
        let id = try repository.writeBlob(text)
        #expect(try repository.readBlob(id) == Array(text.utf8))
        #expect(id.hex.count == 40)
        #expect(ObjectID(hex: id.hex) == id)
        #expect(ObjectID(hex: "xyz") == nil)
    }

    @Test func nestedTreesAreWrittenAndRead() throws {
        let commitID = try commit(["bill.md": "title: T\n", "articles/article-1er.md": "Article 1er\n"])
        let info = try repository.readCommit(commitID)
        #expect(try repository.readTree(info.tree).map(\.name) == ["articles", "bill.md"])
        let entry = try #require(try repository.entry(atPath: "articles/article-1er.md", inTree: info.tree))
        #expect(entry.kind == .blob)
        #expect(try repository.entry(atPath: "articles/missing.md", inTree: info.tree) == nil)
    }

    @Test(arguments: ["../escape.md", "articles/../x.md", ".git/config", "a//b.md", ""])
    func treePathsThatEscapeAreRefused(_ path: String) throws {
        let blob = try repository.writeBlob("x")
        #expect(throws: GitError.self) { try repository.writeTree([TreeFile(path: path, blob: blob)]) }
    }

    @Test func referencesAreCreatedOnceAndMovedWithCompareAndSwap() throws {
        let first = try commit(["a.md": "1"])
        let second = try commit(["a.md": "2"], parent: first)
        try repository.createReference("refs/heads/main", target: first, logMessage: "create")
        let duplicate = #expect(throws: GitError.self) {
            try repository.createReference("refs/heads/main", target: second, logMessage: "again")
        }
        #expect(duplicate?.code == .exists)

        let stale = #expect(throws: GitError.self) {
            try repository.updateReference("refs/heads/main", from: second, to: second, logMessage: "stale")
        }
        #expect(stale?.code == .modified)
        #expect(try repository.resolveReference("refs/heads/main") == first)

        try repository.updateReference("refs/heads/main", from: first, to: second, logMessage: "move")
        #expect(try repository.resolveReference("refs/heads/main") == second)
        #expect(try repository.resolveReference("refs/heads/absent") == nil)
    }

    @Test(arguments: ["main", "refs/heads/a..b", "refs/heads/x y", "refs/heads/\u{7}"])
    func invalidReferenceNamesAreRefused(_ name: String) throws {
        let target = try commit(["a.md": "1"])
        #expect(throws: GitError.self) { try repository.createReference(name, target: target, logMessage: "x") }
    }

    @Test func annotatedTagsAreNeverMoved() throws {
        let first = try commit(["a.md": "1"])
        try repository.createAnnotatedTag(named: "v1", target: first, tagger: signature, message: "Texte initial\n")
        let tag = try #require(try repository.readTag(named: "v1"))
        #expect(tag.target == first)
        #expect(tag.message == "Texte initial\n")
        #expect(tag.tagger == signature)
        let again = #expect(throws: GitError.self) {
            try repository.createAnnotatedTag(named: "v1", target: first, tagger: signature, message: "again\n")
        }
        #expect(again?.code == .exists)
        #expect(try repository.referenceNames(matching: "refs/tags/v*") == ["refs/tags/v1"])
    }

    @Test func logOfOnePathListsOnlyTheCommitsThatChangedIt() throws {
        let v1 = try commit(["a.md": "1", "b.md": "1"])
        let v2 = try commit(["a.md": "1", "b.md": "2"], parent: v1)
        let v3 = try commit(["a.md": "3", "b.md": "2"], parent: v2)
        let v4 = try commit(["b.md": "2"], parent: v3)
        #expect(try repository.log(path: "a.md", from: v4).map(\.id) == [v4, v3, v1])
        #expect(try repository.log(path: "b.md", from: v4).map(\.id) == [v2, v1])
    }

    @Test func treeDiffListsChangedPathsAndRenames() throws {
        let old = try repository.readCommit(try commit(["a.md": "same", "b.md": "old", "c.md": "gone"])).tree
        let new = try repository.readCommit(try commit(["z.md": "same", "b.md": "new", "d.md": "added"])).tree
        let changes = try repository.changedPaths(from: old, to: new)
        #expect(changes.contains(ChangedPath(status: .renamed, oldPath: "a.md", newPath: "z.md")))
        #expect(changes.contains(ChangedPath(status: .modified, oldPath: "b.md", newPath: "b.md")))
        #expect(changes.contains(ChangedPath(status: .deleted, oldPath: "c.md", newPath: "c.md")))
        #expect(changes.contains(ChangedPath(status: .added, oldPath: "d.md", newPath: "d.md")))
        #expect(changes.count == 4)
    }

    @Test func creatingARepositoryTwiceFails() throws {
        let error = #expect(throws: GitError.self) { try Repository.createBare(at: directory.path("bill.git")) }
        #expect(error?.code == .exists)
    }

    @Test func theActorRunsWorkOnItsQueueAndReturnsValues() async throws {
        let git = try GitRepository.open(at: directory.path("bill.git"))
        let id = try await git.run { try $0.writeBlob("Article 2 bis\n") }
        let bytes = try await git.run { try $0.readBlob(id) }
        #expect(String(decoding: bytes, as: UTF8.self) == "Article 2 bis\n")
    }
}
