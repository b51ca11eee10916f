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
            try await engine.vote("for", on: amendment.number, of: "republique-numerique", by: voter).tally
                == Tally(for: 1))
        #expect(
            try await engine.vote("for", on: amendment.number, of: "republique-numerique", by: voter).tally
                == Tally(for: 1))
        #expect(
            try await engine.vote("against", on: amendment.number, of: "republique-numerique", by: voter).tally
                == Tally(against: 1))
        _ = try await engine.vote("abstain", on: amendment.number, of: "republique-numerique", by: author)
        #expect(
            try await engine.amendment(amendment.number, of: "republique-numerique").tally
                == Tally(against: 1, abstain: 1))
        try await engine.withdrawVote(on: amendment.number, of: "republique-numerique", by: voter)
        #expect(try await engine.amendment(amendment.number, of: "republique-numerique").tally == Tally(abstain: 1))
        let again = await #expect(throws: HemicycleError.self) {
            try await engine.withdrawVote(on: amendment.number, of: "republique-numerique", by: voter)
        }
        #expect(again?.code == .notFound)
    }

    @Test func aRevisionSeparatesSupportForEarlierTexts() async throws {
        let author = try await test.person("autrice")
        let voter = try await test.person("votant")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: author)
        _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", by: voter)
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
            try await engine.vote("maybe", on: amendment.number, of: "republique-numerique", by: author)
        }
        #expect(bad?.code == .invalidInput)
        let missing = await #expect(throws: HemicycleError.self) {
            try await engine.vote("for", on: 99, of: "republique-numerique", by: author)
        }
        #expect(missing?.code == .notFound)
        _ = try await engine.withdrawAmendment(amendment.number, of: "republique-numerique", by: author)
        let closed = await #expect(throws: HemicycleError.self) {
            try await engine.vote("for", on: amendment.number, of: "republique-numerique", by: author)
        }
        #expect(closed?.code == .conflict)
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
                            by: voter)
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
