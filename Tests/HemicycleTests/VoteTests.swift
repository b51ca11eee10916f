import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import TestSupport
import Testing

@Suite struct VoteTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test func voteChangeAndWithdraw() async throws {
        let author = try await test.person("autrice")
        let voter = try await test.person("votante")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        #expect(
            try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: voter.token).tally
                == Tally(for: 1))
        #expect(
            try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: voter.token).tally
                == Tally(for: 1))
        #expect(
            try await engine.vote("against", on: amendment.number, of: "republique-numerique", token: voter.token).tally
                == Tally(against: 1))
        _ = try await engine.vote("abstain", on: amendment.number, of: "republique-numerique", token: author.token)
        #expect(
            try await engine.amendment(amendment.number, of: "republique-numerique").tally
                == Tally(against: 1, abstain: 1))
        try await engine.withdrawVote(on: amendment.number, of: "republique-numerique", token: voter.token)
        #expect(try await engine.amendment(amendment.number, of: "republique-numerique").tally == Tally(abstain: 1))
        let again = await #expect(throws: HemicycleError.self) {
            try await engine.withdrawVote(on: amendment.number, of: "republique-numerique", token: voter.token)
        }
        #expect(again?.code == .notFound)
    }

    @Test func aRevisionSeparatesSupportForEarlierTexts() async throws {
        let author = try await test.person("autrice")
        let voter = try await test.person("votant")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: voter.token)
        var revision = AmendmentTests.coronado
        revision.title = "Même texte, autre titre"
        let retitled = try await engine.reviseAmendment(
            amendment.number, of: "republique-numerique", revision, by: author)
        #expect(retitled.tally == Tally(for: 1))  // the change itself is the same: the vote still counts
        revision.changes[0].text = "Les personnes publiques mettent à disposition les données de référence."
        let rewritten = try await engine.reviseAmendment(
            amendment.number, of: "republique-numerique", revision, by: author)
        #expect(rewritten.tally == Tally())
        #expect(rewritten.earlierTally == Tally(for: 1))
    }

    @Test func refusals() async throws {
        let author = try await test.person("autrice")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        let bad = await #expect(throws: HemicycleError.self) {
            try await engine.vote(
                try Parse.voteValue("maybe"), on: amendment.number, of: "republique-numerique", token: author.token)
        }
        #expect(bad?.code == .invalidInput)
        let missing = await #expect(throws: HemicycleError.self) {
            try await engine.vote("for", on: 99, of: "republique-numerique", token: author.token)
        }
        #expect(missing?.code == .notFound)
        _ = try await engine.withdrawAmendment(amendment.number, of: "republique-numerique", by: author)
        let closed = await #expect(throws: HemicycleError.self) {
            try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: author.token)
        }
        #expect(closed?.code == .conflict)
    }

    /// A vote checks its token in its own write: an unknown, over-long or ended session is refused
    /// with the sign-in message, whatever the amendment, and nothing is stored.
    @Test func aVoteWithoutALiveSessionIsRefusedAndChangesNothing() async throws {
        let author = try await test.person("autrice")
        let voter = try await test.person("votante")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: voter.token)
        let actions = try await engine.exportPersonalData(of: voter).actions.count
        try await engine.signOut(voter)
        let tokens = [voter.token, BearerToken("forged"), BearerToken(String(repeating: "x", count: 200))]
        for token in tokens {
            for number in [amendment.number, 99] {
                let cast = await #expect(throws: HemicycleError.self) {
                    try await engine.vote("against", on: number, of: "republique-numerique", token: token)
                }
                #expect(cast?.code == .unauthenticated)
                #expect(cast?.message == "the session token is unknown or expired; sign in again")
                let withdrawn = await #expect(throws: HemicycleError.self) {
                    try await engine.withdrawVote(on: number, of: "republique-numerique", token: token)
                }
                #expect(withdrawn?.code == .unauthenticated)
            }
        }
        #expect(try await engine.amendment(amendment.number, of: "republique-numerique").tally == Tally(for: 1))
        // Of the voter's, only the sign-out was written.
        let after = try await engine.exportPersonalData(of: voter)
        #expect(after.actions.count == actions + 1)
        #expect(after.votes.map(\.value) == ["for"])
    }

    /// 100 accounts each sending 50 identical votes at once leave exactly 100 votes.
    @Test func concurrentIdenticalVotesCountOnce() async throws {
        let author = try await test.person("autrice")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        var voters: [Identity] = []
        for index in 0..<100 { voters.append(try await test.person("votant-\(index)")) }
        let engine = engine
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, voter) in voters.enumerated() {
                for _ in 0..<50 {
                    group.addTask {
                        _ = try await engine.vote(
                            index % 4 == 0 ? "against" : "for", on: amendment.number, of: "republique-numerique",
                            token: voter.token)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(
            try await engine.amendment(amendment.number, of: "republique-numerique").tally
                == Tally(for: 75, against: 25))
    }
}
