import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import TestSupport
import Testing

/// Listing amendments by support, by date, by article and by state, a page at a time, from
/// the records alone.
@Suite struct AmendmentListTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    let slug: BillSlug = "republique-numerique"

    init() async throws {
        test = try await TestEngine()
    }

    private func rewrite(_ article: String, _ variant: Int) -> AmendmentInput {
        AmendmentInput(
            baseVersion: "v2", title: "Réécriture \(variant) de l’article \(article)", summary: "",
            changes: [ChangeInput(kind: "modify", article: article, text: "Rédaction nouvelle, variante \(variant).")])
    }

    @Test func bySupportByDateByArticleAndByState() async throws {
        let author = try await test.person("autrice")
        var voters: [Identity] = []
        for index in 0..<3 { voters.append(try await test.person("votant-\(index)")) }
        // 1 on article 9, 2 on article 12, 3 on articles 9 and 12, 4 on article 9.
        _ = try await engine.proposeAmendment(to: slug, rewrite("9", 1), by: author)
        _ = try await engine.proposeAmendment(to: slug, rewrite("12", 2), by: author)
        var both = rewrite("9", 3)
        both.changes.append(ChangeInput(kind: "delete", article: "12"))
        _ = try await engine.proposeAmendment(to: slug, both, by: author)
        _ = try await engine.proposeAmendment(to: slug, rewrite("9", 4), by: author)
        // Supports: 3 has three, 2 has two, 4 has one against, 1 has none.
        for voter in voters { _ = try await engine.vote("for", on: 3, of: slug, token: voter.token) }
        for voter in voters.prefix(2) { _ = try await engine.vote("for", on: 2, of: slug, token: voter.token) }
        _ = try await engine.vote("against", on: 4, of: slug, token: voters[0].token)

        let bySupport = try await engine.amendments(of: slug, sort: .support)
        #expect(bySupport.items.map(\.number) == [3, 2, 1, 4])
        #expect(bySupport.items.map(\.tally.for) == [3, 2, 0, 0])
        #expect(try await engine.amendments(of: slug, sort: .newest).items.map(\.number) == [4, 3, 2, 1])
        #expect(try await engine.amendments(of: slug).items.map(\.number) == [1, 2, 3, 4])

        let onNine = try await engine.amendments(of: slug, article: "9")
        #expect(onNine.items.map(\.number) == [1, 3, 4])
        #expect(onNine.total == 3)
        #expect(onNine.items.first { $0.number == 3 }.map { Set($0.articles) } == ["9", "12"])
        #expect(try await engine.amendments(of: slug, article: "Article 12").items.map(\.number) == [2, 3])
        #expect(try await engine.amendments(of: slug, article: "48").total == 0)

        _ = try await engine.withdrawAmendment(2, of: slug, by: author)
        #expect(try await engine.amendments(of: slug, state: .withdrawn).items.map(\.number) == [2])
        #expect(
            try await engine.amendments(of: slug, state: .proposed, sort: .support).items.map(\.number) == [3, 1, 4])

        // Paging by support: cursors carry the supports and the number.
        let first = try await engine.amendments(of: slug, sort: .support, limit: 2)
        #expect(first.items.map(\.number) == [3, 2])
        #expect(first.nextCursor == "2.2")
        let second = try await engine.amendments(of: slug, sort: .support, limit: 2, cursor: first.nextCursor)
        #expect(second.items.map(\.number) == [1, 4])
        let newest = try await engine.amendments(of: slug, sort: .newest, limit: 3)
        #expect(
            try await engine.amendments(of: slug, sort: .newest, cursor: newest.nextCursor).items.map(\.number) == [1])
    }

    @Test func aRevisionMovesSupportsToTheNewText() async throws {
        let author = try await test.person("autrice")
        let voter = try await test.person("votant")
        _ = try await engine.proposeAmendment(to: slug, rewrite("9", 1), by: author)
        _ = try await engine.proposeAmendment(to: slug, rewrite("12", 2), by: author)
        _ = try await engine.vote("for", on: 2, of: slug, token: voter.token)
        #expect(try await engine.amendments(of: slug, sort: .support).items.map(\.number) == [2, 1])
        // A changed vote moves the count in the same row, and the order follows.
        _ = try await engine.vote("against", on: 2, of: slug, token: voter.token)
        _ = try await engine.vote("for", on: 1, of: slug, token: voter.token)
        #expect(try await engine.amendments(of: slug, sort: .support).items.map(\.number) == [1, 2])
        #expect(try await engine.amendment(2, of: slug).tally == Tally(against: 1))
        // A new text on another article: the earlier support no longer counts, the article changes.
        _ = try await engine.reviseAmendment(1, of: slug, rewrite("14", 5), by: author)
        let listed = try await engine.amendments(of: slug, sort: .support)
        #expect(listed.items.map(\.tally.for) == [0, 0])
        #expect(listed.items.first?.articles == ["14"])
        #expect(try await engine.amendments(of: slug, article: "9").total == 0)
        #expect(try await engine.amendments(of: slug, article: "14").items.map(\.number) == [1])
    }

    @Test func badParametersAreRefused() async throws {
        for (sort, article, cursor) in [
            ("popularity", nil, nil), (nil, "9/../12", nil), ("support", nil, "7"), (nil, nil, "2.5"),
            ("newest", nil, "-1"),
        ] as [(String?, String?, String?)] {
            await #expect(
                throws: HemicycleError.self,
                "\(String(describing: sort)) \(String(describing: article)) \(String(describing: cursor))"
            ) {
                _ = try await engine.amendments(
                    of: slug, article: try article.map { try Parse.label($0) },
                    sort: try sort.map(Parse.amendmentOrder) ?? .number, cursor: cursor)
            }
        }
    }
}
