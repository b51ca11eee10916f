import Foundation
import Hemicycle
import Legislation
import TestSupport
import Testing

@Suite struct LifecycleTests {
    let directory: TemporaryDirectory
    let engine: Engine

    init() async throws {
        directory = try TemporaryDirectory()
        var configuration = Configuration(
            dataDirectory: directory.appending("data"),
            seedDirectory: Fixtures.repositoryRoot.appendingPathComponent("bills"))
        configuration.passwordCost = 4
        engine = try Engine(configuration: configuration)
        try await engine.seedIfEmpty()
    }

    private func person(_ handle: String, _ role: Role) async throws -> Identity {
        _ = try await engine.createAccount(handle: handle, password: "un mot de passe", role: role)
        return try await engine.authenticate(
            token: try await engine.signIn(handle: handle, password: "un mot de passe").token)
    }

    @Test func afterClosingNothingMoves() async throws {
        let staff = try await person("greffe", .staff)
        let citizen = try await person("citoyenne", .citizen)
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique", AmendmentTests.coronado, by: citizen)
        _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", by: citizen)

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
            { _ = try await engine.vote("against", on: amendment.number, of: "republique-numerique", by: citizen) },
            { try await engine.withdrawVote(on: amendment.number, of: "republique-numerique", by: citizen) },
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
        _ = try await engine.vote("against", on: amendment.number, of: "republique-numerique", by: citizen)
    }
}
