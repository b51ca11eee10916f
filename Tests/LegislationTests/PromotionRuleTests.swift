import Foundation
import Legislation
import Testing

/// The promotion rule is a pure function of the tallies: property tests over random tallies.
@Suite struct PromotionRuleTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    static let now: Int64 = 1_800_000_000
    static let articles = ["1er", "2", "2 bis", "9", "12"]

    static func candidates(_ count: Int, _ generator: inout Generator) -> [PromotionCandidate<Amendment.Number>] {
        (1...count).map { number in
            let touched = (0..<(1 + generator.next(2))).map { _ in articles[generator.next(articles.count)] }
            return PromotionCandidate(
                number: Amendment.Number(number)!, supports: generator.next(300), against: generator.next(100),
                articles: Array(Set(touched)).sorted(), proposedAt: now - Int64(generator.next(200)) * 3600)
        }
    }

    static func rules() throws -> [PromotionRule] {
        [
            try PromotionRule([.minimumSupports(100)]),
            try PromotionRule([.minimumShare(0.05)]),
            try PromotionRule([.requireNetSupport, .minimumSupports(20)]),
            try PromotionRule([.topPerArticle(3)]),
            try PromotionRule([.minimumSupports(50), .topPerArticle(2), .minimumAgeHours(72)], evaluation: .atClose),
            try PromotionRule([
                .minimumSupports(10), .minimumShare(0.01), .requireNetSupport, .topPerArticle(5), .minimumAgeHours(24),
            ]),
        ]
    }

    @Test func moreSupportsNeverUnpromote() throws {
        let rules = try Self.rules()
        var generator = Generator(state: 2015)
        for round in 0..<200 {
            let rule = rules[round % rules.count]
            var candidates = Self.candidates(12, &generator)
            let before = rule.evaluate(candidates, participants: 2_000, now: Self.now)
            let index = generator.next(candidates.count)
            candidates[index].supports += 1 + generator.next(50)
            let after = rule.evaluate(candidates, participants: 2_000, now: Self.now)
            let number = candidates[index].number
            if before[number]?.promoted == true { #expect(after[number]?.promoted == true, "round \(round)") }
        }
    }

    /// What a vote's transaction asks of one candidate (facts fetched only when asked) agrees
    /// with the evaluation of the whole bill, and asks for no fact the rule does not use.
    @Test func oneCandidateAtATimeAgreesWithTheWholeBill() throws {
        var generator = Generator(state: 2018)
        for rule in try Self.rules() {
            for round in 0..<40 {
                let candidates = Self.candidates(15, &generator)
                let decisions = rule.evaluate(candidates, participants: 3_000, now: Self.now)
                for candidate in candidates {
                    let whole = try #require(decisions[candidate.number])
                    let rank = whole.criteria.first { $0.criterion == "topPerArticle" }.map { result in
                        let after = result.explanation.components(separatedBy: " on article ")[1]
                        return (
                            Int(result.value),
                            after.components(separatedBy: [" ≤ top", " > top"].first { after.contains($0) }!)[0]
                        )
                    }
                    var participants: Int?
                    var ranked: (rank: Int, article: String)?
                    var asked = 0
                    var step = rule.promotion(of: candidate, now: Self.now, participants: nil, rank: nil)
                    while case .needs(let fact) = step {
                        asked += 1
                        switch fact {
                        case .participants: participants = 3_000
                        case .rank: ranked = try #require(rank)
                        }
                        step = rule.promotion(of: candidate, now: Self.now, participants: participants, rank: ranked)
                    }
                    #expect(asked <= 2)
                    let alone = rule.decision(
                        for: candidate, participants: 3_000,
                        rank: PromotionRule.rank(of: candidate, among: candidates), now: Self.now)
                    #expect(alone == whole, "round \(round)")
                    switch step {
                    case .promoted(let decision):
                        #expect(whole.promoted, "round \(round)")
                        #expect(decision.explanation == whole.explanation)
                    default: #expect(!whole.promoted, "round \(round)")
                    }
                }
            }
        }
    }

    @Test func topNNeverPromotesMoreThanNPerArticle() throws {
        var generator = Generator(state: 2016)
        for round in 0..<200 {
            let top = 1 + generator.next(4)
            let rule = try PromotionRule([.topPerArticle(top)])
            let candidates = Self.candidates(20, &generator)
            let decisions = rule.evaluate(candidates, participants: 5_000, now: Self.now)
            for article in Self.articles {
                let promoted = candidates.filter {
                    $0.articles.contains(article) && decisions[$0.number]?.promoted == true
                }
                #expect(promoted.count <= top, "round \(round), article \(article)")
            }
        }
    }

    @Test func identicalInputsGiveIdenticalDecisionsAndEveryCriterionIsExplained() throws {
        var generator = Generator(state: 2017)
        for rule in try Self.rules() {
            let candidates = Self.candidates(15, &generator)
            let first = rule.evaluate(candidates, participants: 21_330, now: Self.now)
            #expect(rule.evaluate(candidates.reversed(), participants: 21_330, now: Self.now) == first)
            for decision in first.values {
                #expect(decision.criteria.map(\.criterion) == rule.criteria.map(\.key))
                #expect(decision.promoted == decision.criteria.allSatisfy(\.met))
                for result in decision.criteria { #expect(result.explanation.hasSuffix(result.met ? "✓" : "✗")) }
            }
        }
    }

    @Test func theExplanationReadsAsTheIssueShowsIt() throws {
        let rule = try PromotionRule([.minimumSupports(100), .topPerArticle(3)])
        let candidates = (1...4).map {
            PromotionCandidate(
                number: Amendment.Number($0)!, supports: 150 - $0 * 2, against: 3, articles: ["9"], proposedAt: Self.now
            )
        }
        let decision = try #require(
            rule.evaluate(candidates, participants: 21_330, now: Self.now)[Amendment.Number(4)!])
        #expect(decision.explanation == "142 supports ≥ 100 ✓ · rank 4 on article 9 > top 3 ✗")
        #expect(!decision.promoted)
        let share = try PromotionRule([.minimumShare(0.05)]).evaluate(candidates, participants: 21_330, now: Self.now)
        #expect(share[Amendment.Number(4)!]?.explanation == "142 supports = 0.67 % of 21330 participants < 5 % ✗")
    }

    @Test func theRuleIsJSONWithEveryCriterionAndRefusesNonsense() throws {
        let json =
            #"{"minimumSupports": 100, "minimumShare": 0.05, "requireNetSupport": true, "topPerArticle": 3, "minimumAgeHours": 72, "evaluation": "atClose"}"#
        let rule = try JSONDecoder().decode(PromotionRule.self, from: Data(json.utf8))
        #expect(
            rule.criteria == [
                .minimumSupports(100), .minimumShare(0.05), .requireNetSupport, .topPerArticle(3), .minimumAgeHours(72),
            ])
        #expect(rule.evaluation == .atClose)
        let again = try JSONDecoder().decode(PromotionRule.self, from: JSONEncoder().encode(rule))
        #expect(again == rule)
        for bad in [
            #"{}"#, #"{"minimumSupports": 0}"#, #"{"minimumShare": 1.5}"#, #"{"topPerArticle": -1}"#,
            #"{"minimumSupport": 100}"#, #"{"minimumSupports": 10, "evaluation": "sometimes"}"#,
        ] {
            #expect(throws: DecodingError.self, "\(bad)") {
                try JSONDecoder().decode(PromotionRule.self, from: Data(bad.utf8))
            }
        }
    }
}
