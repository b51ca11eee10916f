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

    @Test func aClosingDateClosesParticipationWithoutAnyoneActing() async throws {
        let staff = try await test.person("greffe", .staff)
        let citizen = try await test.person("citoyenne", .citizen)
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: citizen)
        let closing = test.clock.now.addingTimeInterval(600)
        let window = try await engine.changeParticipation(
            ParticipationChange(closesAt: .at(closing)), on: "republique-numerique", by: staff)
        #expect(window.open && window.closesAt == closing)
        let before = try await engine.bill("republique-numerique")
        #expect(before.participation == "open")
        #expect(before.participationClosesAt == ParticipationWindow.format(closing))
        _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: citizen.token)

        test.clock.advance(by: 601)
        #expect(try await engine.bill("republique-numerique").participation == "closed")
        let refusals: [@Sendable () async throws -> Void] = [
            { _ = try await engine.proposeAmendment(to: "republique-numerique", AmendmentTests.coronado, by: citizen) },
            {
                _ = try await engine.vote(
                    "against", on: amendment.number, of: "republique-numerique", token: citizen.token)
            },
            {
                _ = try await engine.addComment(
                    to: "republique-numerique", amendment: amendment.number,
                    CommentInput(body: "Trop tard ?", stance: "neutral"), by: citizen)
            },
        ]
        for refusal in refusals {
            let error = await #expect(throws: HemicycleError.self) { try await refusal() }
            #expect(error?.code == .conflict)
            #expect(error?.key == "participation.ended")
            #expect(error?.parameters["closesAt"] == ParticipationWindow.format(closing))
        }
        // Dates out of order are refused and change nothing.
        let backwards = await #expect(throws: HemicycleError.self) {
            try await engine.changeParticipation(
                ParticipationChange(opensAt: .at(closing.addingTimeInterval(60))), on: "republique-numerique",
                by: staff)
        }
        #expect(backwards?.code == .invalidInput)
        // Clearing the date reopens it.
        try await engine.changeParticipation(
            ParticipationChange(closesAt: .clear), on: "republique-numerique", by: staff)
        _ = try await engine.vote("against", on: amendment.number, of: "republique-numerique", token: citizen.token)
    }
}
