import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import Testing

@Suite struct PersonalDataTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test func exportHoldsEverythingAboutTheCaller() async throws {
        let person = try await test.person("marianne")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: person)
        _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: person.token)
        _ = try await engine.addComment(
            to: "republique-numerique", amendment: amendment.number, CommentInput(body: "Pour."), by: person)
        let data = try await engine.exportPersonalData(of: person)
        #expect(data.account.handle == "marianne")
        #expect(data.openSessions == 1)
        #expect(data.amendments.map(\.number) == [amendment.number.value])
        #expect(data.votes.map(\.value) == ["for"])
        #expect(data.comments.map(\.body) == ["Pour."])
        // Votes are listed from the votes themselves: their audit rows name no one.
        #expect(data.actions.map(\.action) == ["account.create", "session.create", "amendment.propose", "comment.add"])
    }

    @Test func erasureKeepsTheWorkAndTheCountsButNotThePerson() async throws {
        let person = try await test.person("marianne")
        let other = try await test.person("autre")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: person)
        _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: person.token)
        _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: other.token)
        _ = try await engine.addComment(
            to: "republique-numerique", amendment: amendment.number, CommentInput(body: "Pour."), by: person)

        try await engine.eraseAccount(of: person)

        let after = try await engine.amendment(amendment.number, of: "republique-numerique")
        #expect(after.author == "deleted account")
        #expect(after.tally == Tally(for: 2))
        let comments = try await engine.comments(of: "republique-numerique", amendment: amendment.number)
        #expect(comments.items.map(\.author) == ["deleted account"])
        let signIn = await #expect(throws: HemicycleError.self) {
            try await engine.signIn(handle: "marianne", password: "un mot de passe")
        }
        #expect(signIn?.code == .unauthenticated)
        let token = await #expect(throws: HemicycleError.self) { try await engine.exportPersonalData(of: person) }
        #expect(token?.code == .notFound)
        // The handle stays reserved for the cooling-off period, then is free again, and the new
        // account sees none of the old one's data.
        let reserved = await #expect(throws: HemicycleError.self) {
            try await engine.signUp(handle: "marianne", password: "un mot de passe")
        }
        #expect(reserved?.code == .conflict)
        test.clock.advance(by: 31 * 24 * 3600)
        let again = try await test.person("marianne")
        #expect(try await engine.exportPersonalData(of: again).votes.isEmpty)
    }
}
