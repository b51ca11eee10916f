import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import Testing

@Suite struct CommentTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test func commentReplyEditAndDelete() async throws {
        let author = try await test.person("autrice")
        let other = try await test.person("contradicteur")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        let first = try await engine.addComment(
            to: "republique-numerique", amendment: amendment.number,
            CommentInput(
                body: "Les personnes privées chargées d’une mission de service public doivent y figurer.", stance: "pro"
            ),
            by: author)
        let reply = try await engine.addComment(
            to: "republique-numerique", amendment: amendment.number,
            CommentInput(body: "Le coût pour elles n’est pas évalué.", stance: "con", parent: first.id), by: other)
        #expect(reply.parent == first.id)
        let onArticle = try await engine.addComment(
            to: "republique-numerique", article: "2 bis", CommentInput(body: "Utile."), by: other)
        #expect(onArticle.stance == "neutral")

        try await engine.changeComment(first.id, of: "republique-numerique", body: "Texte corrigé.", by: author)
        try await engine.changeComment(reply.id, of: "republique-numerique", body: nil, by: other)
        let thread = try await engine.comments(of: "republique-numerique", amendment: amendment.number)
        #expect(thread.items.map(\.body) == ["Texte corrigé.", ""])
        #expect(thread.items.map(\.deleted) == [false, true])
        #expect(thread.items.map(\.author) == ["autrice", "contradicteur"])
        #expect(try await engine.comments(of: "republique-numerique", article: "2 bis").items.count == 1)
    }

    @Test func refusals() async throws {
        let author = try await test.person("autrice")
        let other = try await test.person("autre")
        let staff = try await test.person("greffe", .staff)
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        let comment = try await engine.addComment(
            to: "republique-numerique", amendment: amendment.number, CommentInput(body: "Pour."), by: author)
        let cases: [(HemicycleError.Code, @Sendable () async throws -> Void)] = [
            (
                .forbidden,
                { try await engine.changeComment(comment.id, of: "republique-numerique", body: "Contre.", by: other) }
            ),
            (.notFound, { try await engine.changeComment(999, of: "republique-numerique", body: "x", by: author) }),
            (
                .invalidInput,
                {
                    _ = try await engine.addComment(
                        to: "republique-numerique", amendment: amendment.number, CommentInput(body: "  "), by: author)
                }
            ),
            (
                .invalidInput,
                {
                    _ = try await engine.addComment(
                        to: "republique-numerique", amendment: amendment.number,
                        CommentInput(body: "x", stance: "maybe"), by: author)
                }
            ),
            (
                .limitExceeded,
                {
                    _ = try await engine.addComment(
                        to: "republique-numerique", amendment: amendment.number,
                        CommentInput(body: String(repeating: "a", count: 10_001)), by: author)
                }
            ),
            (
                .notFound,
                {
                    _ = try await engine.addComment(
                        to: "republique-numerique", amendment: amendment.number, CommentInput(body: "x", parent: 999),
                        by: author)
                }
            ),
            (
                .notFound,
                {
                    _ = try await engine.addComment(
                        to: "republique-numerique", amendment: 42, CommentInput(body: "x"), by: author)
                }
            ),
            (
                .notFound,
                {
                    _ = try await engine.addComment(
                        to: "republique-numerique", article: "99", CommentInput(body: "x"), by: author)
                }
            ),
        ]
        for (code, call) in cases {
            let error = await #expect(throws: HemicycleError.self) { try await call() }
            #expect(error?.code == code, "\(error?.message ?? "")")
        }
        try await engine.setParticipation(open: false, on: "republique-numerique", by: staff)
        let closed = await #expect(throws: HemicycleError.self) {
            _ = try await engine.addComment(
                to: "republique-numerique", amendment: amendment.number, CommentInput(body: "x"), by: author)
        }
        #expect(closed?.code == .conflict)
        #expect(
            try await engine.comments(of: "republique-numerique", amendment: amendment.number).items.map(\.body) == [
                "Pour."
            ])
    }
}
