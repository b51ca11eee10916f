import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import TestSupport
import Testing

/// A promotion rule tried on the real 2015 consultation counts and on the bill's own tallies.
@Suite struct RuleSimulationTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    static func counts() throws -> (csv: String, name: String) {
        let url = Fixtures.shared.appendingPathComponent("republique-numerique/consultation-2015-vote-counts.csv")
        return (try String(contentsOf: url, encoding: .utf8), url.lastPathComponent)
    }

    /// The `amendement` rows of the file, read with no code of ours.
    static func rows() throws -> [(id: String, target: String, supports: Int)] {
        try counts().csv.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields[1] == "amendement" else { return nil }
            return (fields[0], fields[2], try #require(Int(fields[3])))
        }
    }

    @Test func anAbsoluteRulePromotesExactlyTheRowsWithEnoughSupports() async throws {
        let rule = try Parse.rule(#"{"minimumSupports": 100}"#)
        let simulation = try await engine.simulateRule(rule, on: "republique-numerique", votes: try Self.counts())
        let expected = try Self.rows().filter { $0.supports >= 100 }.map(\.id)
        #expect(Set(simulation.promoted.map(\.id)) == Set(expected))
        #expect(simulation.promotedCount == 48)
        #expect(simulation.evaluated == 1_390)
        #expect(simulation.distribution.reduce(0) { $0 + $1.count } == 1_390)
        #expect(simulation.supportsLine == 100)
        #expect(simulation.promoted.first?.explanation == "1946 supports ≥ 100 ✓")
    }

    @Test func aTopNRulePromotesAtMostNPerTarget() async throws {
        let rows = try Self.rows()
        for top in [1, 3] {
            let rule = try Parse.rule(#"{"topPerArticle": \#(top)}"#)
            let simulation = try await engine.simulateRule(rule, on: "republique-numerique", votes: try Self.counts())
            let perTarget = Dictionary(grouping: simulation.promoted, by: { $0.articles.first ?? "" })
            #expect(perTarget.values.allSatisfy { $0.count <= top })
            #expect(perTarget.count == Set(rows.map(\.target)).count)
        }
    }

    @Test func aShareNeedsItsParticipantsAndTheBillsOwnTalliesCount() async throws {
        let share = try Parse.rule(#"{"minimumShare": 0.01}"#)
        let missing = await #expect(throws: HemicycleError.self) {
            try await engine.simulateRule(share, on: "republique-numerique", votes: try Self.counts())
        }
        #expect(missing?.field == "participants")
        let counted = try await engine.simulateRule(
            share, on: "republique-numerique", votes: try Self.counts(), participants: 21_330)
        #expect(counted.promoted.allSatisfy { $0.supports * 100 >= 21_330 })
        // On the bill itself: one amendment with two supports out of two participants.
        let author = try await test.person("autrice")
        let amendment = try await engine.proposeAmendment(
            to: "republique-numerique",
            AmendmentInput(
                baseVersion: "v2", title: "Suppression", summary: "",
                changes: [ChangeInput(kind: "delete", article: "12")]), by: author)
        for handle in ["votante", "votant"] {
            let voter = try await test.person(handle)
            _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: voter.token)
        }
        // The bill's amendments are read once for every reader for 2 s (`PromotionBoard`).
        test.clock.advance(by: 3)
        let current = try await engine.simulateRule(
            try Parse.rule(#"{"minimumShare": 0.5, "requireNetSupport": true}"#), on: "republique-numerique")
        #expect(current.source == "current tallies")
        #expect(current.participants == 2)
        #expect(current.promoted.map(\.id) == [String(amendment.number.value)])
        #expect(
            current.promoted.first?.explanation
                == "2 supports = 100 % of 2 participants ≥ 50 % ✓ · 2 supports > 0 against ✓")
    }

    @Test func badRulesAndFilesAreRefused() async throws {
        for bad in [#"{}"#, #"{"minimumSupport": 1}"#, "not json", #"{"minimumShare": 2}"#] {
            let error = #expect(throws: HemicycleError.self) { try Parse.rule(bad) }
            #expect(error?.field == "rule")
        }
        let error = await #expect(throws: HemicycleError.self) {
            try await engine.simulateRule(
                try Parse.rule(#"{"minimumSupports": 1}"#), on: "republique-numerique",
                votes: ("contribution,votes_for\nv1,beaucoup\n", "bad.csv"))
        }
        #expect(error?.message.contains("bad.csv:2") == true)
    }
}
