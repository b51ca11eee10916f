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
}
