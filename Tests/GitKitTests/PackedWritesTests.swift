import Foundation
import TestSupport
import Testing

@testable import GitKit

@Suite struct PackedWritesTests {
    @Test func blobsWrittenOnSeveralLanesAreReadableAndTreeable() throws {
        let directory = try TemporaryDirectory()
        let repository = try Repository.createBare(at: directory.path("bill.git"))
        let texts = (0..<1000).map { "Article \($0)\n\nTexte de l’article n° \($0).\n" }
        let ids = try repository.writeBlobsPacked(count: texts.count, lanes: 2) { texts[$0] }
        #expect(ids.count == texts.count)

        for (index, id) in ids.enumerated().prefix(10) {
            #expect(try repository.readBlob(id) == Array(texts[index].utf8))
        }
        let tree = try repository.withPackedWrites { scratch in
            try scratch.writeTree(
                ids.enumerated().map { TreeFile(path: "articles/a\($0.offset).md", blob: $0.element) })
        }
        #expect(try repository.readTree(tree).map(\.name) == ["articles"])
        let packs = try FileManager.default.contentsOfDirectory(atPath: directory.path("bill.git/objects/pack"))
        #expect(packs.filter { $0.hasSuffix(".pack") }.count == 3)
    }

    /// One pack written without delta search: every blob reads back byte for byte (empty, one
    /// byte, sizes around the header's 4- and 11-bit boundaries, a large one), its id is git's,
    /// and stock git's fsck finds the repository sound.
    @Test func blobsInOnePackReadBackAndPassFsck() throws {
        let directory = try TemporaryDirectory()
        let repository = try Repository.createBare(at: directory.path("ledger.git"))
        var texts = [
            "", "a", String(repeating: "é", count: 8), String(repeating: "x", count: 15),
            "y" + String(repeating: "x", count: 15),
        ]
        texts += [
            String(repeating: "z", count: 2047), String(repeating: "z", count: 2048),
            String(repeating: "receipt\tfor\n", count: 300_000),
        ]
        texts += (0..<500).map { "\($0)\tfor\n\($0 * 7)\tagainst\n" }
        let ids = try repository.writeBlobsInOnePack(texts, lanes: 2)
        #expect(ids.count == texts.count)
        for (text, id) in zip(texts, ids) {
            #expect(try repository.readBlob(id) == Array(text.utf8))
            #expect(try repository.blobID(of: text) == id)
        }
        let packs = try FileManager.default.contentsOfDirectory(atPath: directory.path("ledger.git/objects/pack"))
        #expect(packs.filter { $0.hasSuffix(".pack") }.count == 1)
        if ExternalTool.missing("git") { return print("skipped: git fsck of the pack needs git") }
        let tree = try repository.withPackedWrites { scratch in
            try scratch.writeTree(ids.enumerated().map { TreeFile(path: "f\($0.offset)", blob: $0.element) })
        }
        #expect(try repository.readTree(tree).count == texts.count)
        let fsck = try ExternalTool.run(
            "git", ["--git-dir", directory.path("ledger.git"), "fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.output)")
        let verify = try ExternalTool.run(
            "git",
            [
                "--git-dir", directory.path("ledger.git"), "verify-pack",
                directory.path("ledger.git/objects/pack") + "/" + packs.first { $0.hasSuffix(".pack") }!,
            ])
        #expect(verify.status == 0, "\(verify.output)")
    }
}
