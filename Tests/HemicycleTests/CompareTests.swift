import EngineTestSupport
import Foundation
import Hemicycle
import TestSupport
import Testing
import WordDiff

@Suite struct CompareTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test func theCommitteeAddedFiftyThreeArticles() async throws {
        let comparison = try await engine.compare("republique-numerique", from: "v2", to: "v3")
        #expect(comparison.added.count == 53)
        #expect(comparison.added.prefix(3) == ["1er bis A", "1er bis", "1er ter"])
        #expect(comparison.removed.isEmpty)
        #expect(comparison.modified.count + comparison.unchangedCount == 46)
        #expect(comparison.articles.count == comparison.added.count + comparison.modified.count)
        for article in comparison.articles where article.change == "added" {
            #expect(article.operations.allSatisfy { $0.op == .insert })
        }
    }

    @Test func eachArticleDiffRebuildsTheLaterText() async throws {
        let comparison = try await engine.compare("republique-numerique", from: "v2", to: "v3")
        for article in comparison.articles where article.change == "modified" {
            let before = try await engine.article(
                try Parse.label(article.label), of: "republique-numerique", version: "v2")
            let after = try await engine.article(
                try Parse.label(article.label), of: "republique-numerique", version: "v3")
            let rebuilt = OperationsRenderer.apply(
                article.operations, to: before.alineas.map(\.text).joined(separator: "\n\n"))
            #expect(rebuilt == after.alineas.map(\.text).joined(separator: "\n\n"), "\(article.label)")
        }
    }

    @Test func anArticleDiffInEveryFormat() async throws {
        for format in DiffFormat.allCases {
            let diff = try await engine.articleDiff(
                "9", of: "republique-numerique", from: "v2", to: "v3", format: format)
            #expect(diff.change == "modified")
            #expect((diff.rendered == nil) == (format == .json))
        }
        let inserted = try await engine.articleDiff("2 bis", of: "republique-numerique", from: "v2", to: "v3")
        #expect(inserted.change == "added")
        let missing = await #expect(throws: HemicycleError.self) {
            try await engine.articleDiff("99", of: "republique-numerique", from: "v2", to: "v3")
        }
        #expect(missing?.code == .notFound)
        let badVersion = await #expect(throws: HemicycleError.self) {
            let (from, to) = try Parse.versionPair("v2", "")
            _ = try await engine.compare("republique-numerique", from: from, to: to)
        }
        #expect(badVersion?.code == .invalidInput)
    }
}
