import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import Testing

/// The rule applied where time alone changes its decision: at a dated close, and at a minimum age.
@Suite struct PromotionTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    static let bill: BillSlug = "republique-numerique"

    init() async throws {
        test = try await TestEngine()
    }

    func proposeAndSupport(_ supporters: Int) async throws -> Amendment.Number {
        let author = try await test.person("autrice-\(UUID().uuidString.prefix(6).lowercased())")
        let amendment = try await engine.proposeAmendment(
            to: Self.bill,
            AmendmentInput(
                baseVersion: "v2", title: "Supprimer l’article 12", summary: "",
                changes: [ChangeInput(kind: "delete", article: "12")]), by: author)
        for index in 0..<supporters {
            let voter = try await test.person("soutien-\(amendment.number)-\(index)")
            _ = try await engine.vote(.for, on: amendment.number, of: Self.bill, token: voter.token)
        }
        return amendment.number
    }

    @Test func anAtCloseRuleQueuesOnceWhenTheDatedWindowCloses() async throws {
        test.clock.freeze()
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(
            try PromotionRule([.minimumSupports(2)], evaluation: .atClose), of: Self.bill, by: staff)
        try await engine.changeParticipation(
            ParticipationChange(closesAt: .at(test.clock.now.addingTimeInterval(3600))), on: Self.bill, by: staff)
        let number = try await proposeAndSupport(2)
        #expect(try await engine.applyPromotionRules() == 0)
        #expect(try await engine.queue(of: Self.bill).count == 0)
        test.clock.advance(by: 3601)
        #expect(try await engine.applyPromotionRules() == 1)
        #expect(try await engine.applyPromotionRules() == 0)
        let queue = try await engine.queue(of: Self.bill)
        #expect(queue.articles.first?.amendments.map(\.number) == [number])
        #expect(queue.articles.first?.article == "12")
    }

    @Test func aMinimumAgeIsReachedWithoutAVote() async throws {
        test.clock.freeze()
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(
            try PromotionRule([.minimumSupports(1), .minimumAgeHours(24)]), of: Self.bill, by: staff)
        let number = try await proposeAndSupport(1)
        #expect(try await engine.queue(of: Self.bill).count == 0)
        let young = try await engine.amendment(number, of: Self.bill)
        #expect(young.promotion?.explanation == "1 supports ≥ 1 ✓ · proposed 0 h ago < 24 h ✗")
        // A list explains each item unless asked for tallies only (the article page).
        let listed = try await engine.amendments(of: Self.bill).items
        #expect(listed.map(\.promotion?.explanation) == [young.promotion?.explanation])
        let tallies = try await engine.amendments(of: Self.bill, explained: false).items
        #expect(tallies.map(\.number) == [number] && tallies.allSatisfy { $0.promotion == nil })
        #expect(tallies.map(\.tally) == listed.map(\.tally))
        test.clock.advance(by: 25 * 3600)
        #expect(try await engine.applyPromotionRules() == 1)
        #expect(try await engine.amendment(number, of: Self.bill).promotion?.promoted == true)
    }

    /// A rival withdrawn lets the next amendment of its article into a top-1 queue on the next
    /// pass, without a vote on it.
    @Test func theMinutePassSeesARivalLeave() async throws {
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(
            try PromotionRule([.minimumSupports(1), .topPerArticle(1)]), of: Self.bill, by: staff)
        let first = try await proposeAndSupport(2)
        let second = try await proposeAndSupport(1)
        #expect(try await engine.queue(of: Self.bill).articles.flatMap(\.amendments).map(\.number) == [first])
        #expect(try await engine.applyPromotionRules() == 0)
        _ = try await engine.decide(.rejected, on: first, of: Self.bill, by: staff)
        #expect(try await engine.applyPromotionRules() == 1)
        #expect(
            Set(try await engine.queue(of: Self.bill).articles.flatMap(\.amendments).map(\.number)) == [first, second])
    }

    @Test func closingByHandAppliesTheRuleAtOnce() async throws {
        let staff = try await test.person("greffe", .staff)
        _ = try await engine.setPromotionRule(
            try PromotionRule([.minimumSupports(1)], evaluation: .atClose), of: Self.bill, by: staff)
        let number = try await proposeAndSupport(1)
        try await engine.setParticipation(open: false, on: Self.bill, by: staff)
        #expect(try await engine.queue(of: Self.bill).articles.flatMap(\.amendments).map(\.number) == [number])
    }
}
