import EngineTestSupport
import Foundation
import Hemicycle
import Legislation
import TestSupport
import Testing

/// Staff set a bill's promotion rule; everyone reads it.
@Suite struct PromotionRuleStorageTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test func staffSetTheRuleAndEveryoneReadsIt() async throws {
        #expect(try await engine.promotionRule(of: "republique-numerique").rule == nil)
        let staff = try await test.person("greffe", .staff)
        let rule = try Parse.rule(#"{"minimumSupports": 100, "topPerArticle": 3, "evaluation": "atClose"}"#)
        let set = try await engine.setPromotionRule(rule, of: "republique-numerique", by: staff)
        #expect(set.rule == rule)
        #expect(try await engine.promotionRule(of: "republique-numerique").rule == rule)
        let citizen = try await test.person("citoyenne")
        let refused = await #expect(throws: HemicycleError.self) {
            try await engine.setPromotionRule(nil, of: "republique-numerique", by: citizen)
        }
        #expect(refused?.code == .forbidden)
        #expect(try await engine.promotionRule(of: "republique-numerique").rule == rule)
        _ = try await engine.setPromotionRule(nil, of: "republique-numerique", by: staff)
        #expect(try await engine.promotionRule(of: "republique-numerique").rule == nil)
        let unknown = await #expect(throws: HemicycleError.self) {
            try await engine.promotionRule(of: "inconnu")
        }
        #expect(unknown?.code == .notFound)
    }
}
