import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import TestSupport
import Testing

@Suite struct LifecycleTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test func afterClosingNothingMoves() async throws {
        let staff = try await test.person("greffe", .staff)
        let citizen = try await test.person("citoyenne", .citizen)
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: citizen)
        _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: citizen.token)

        let notStaff = await #expect(throws: HemicycleError.self) {
            try await engine.setParticipation(open: false, on: "republique-numerique", by: citizen)
        }
        #expect(notStaff?.code == .forbidden)

        try await engine.setParticipation(open: false, on: "republique-numerique", by: staff)
        #expect(try await engine.bill("republique-numerique").participation == "closed")
        let refusals: [@Sendable () async throws -> Void] = [
            { _ = try await engine.proposeAmendment(to: "republique-numerique", AmendmentTests.coronado, by: citizen) },
            {
                _ = try await engine.reviseAmendment(
                    amendment.number, of: "republique-numerique", AmendmentTests.coronado, by: citizen)
            },
            {
                _ = try await engine.vote(
                    "against", on: amendment.number, of: "republique-numerique", token: citizen.token)
            },
            { try await engine.withdrawVote(on: amendment.number, of: "republique-numerique", token: citizen.token) },
        ]
        for refusal in refusals {
            let error = await #expect(throws: HemicycleError.self) { try await refusal() }
            #expect(error?.code == .conflict)
            #expect(error?.message.contains("closed") == true)
        }
        let after = try await engine.amendment(amendment.number, of: "republique-numerique")
        #expect(after.tally == Tally(for: 1))
        #expect(try await engine.amendments(of: "republique-numerique").total == 1)

        try await engine.setParticipation(open: true, on: "republique-numerique", by: staff)
        _ = try await engine.vote("against", on: amendment.number, of: "republique-numerique", token: citizen.token)
    }
}
