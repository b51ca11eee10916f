import Foundation
import Legislation

/// What a promotion rule would do, as shown to staff choosing one.
public struct RuleSimulationView: Codable, Sendable {
    /// The rule simulated.
    public var rule: PromotionRule
    /// `current tallies`, or the file the vote counts were replayed from.
    public var source: String
    /// How many amendments were evaluated, and how many the rule promotes.
    public var evaluated: Int
    public var promotedCount: Int
    /// The participants a share is counted against.
    public var participants: Int?
    /// The amendments promoted, most supported first.
    public var promoted: [Promoted]
    /// How many amendments have how many supports, for a chart.
    public var distribution: [SupportBucket]
    /// Where the rule's line of supports falls on that chart (its `minimumSupports`), if it has one.
    public var supportsLine: Int?

    /// One promoted amendment.
    public struct Promoted: Codable, Sendable, Equatable {
        /// Its number, or its id in the file replayed.
        public var id: String
        public var supports: Int
        public var against: Int
        /// The articles (or targets) it changes.
        public var articles: [String]
        /// Why, criterion by criterion.
        public var explanation: String
    }
}

extension Engine {
    /// Simulates `rule` on the bill's current tallies (the open amendments' current texts, as
    /// read for every reader at most `PromotionBoard.lifetime` ago: a flood of simulations
    /// reads the bill once every 2 s, whatever its size), or
    /// on vote counts replayed from a CSV (`VoteCounts`). A share criterion is counted against
    /// `participants`, by default the bill's participants (or, for a file, a number to give).
    public func simulateRule(
        _ rule: PromotionRule, on slug: BillSlug, votes: (csv: String, name: String)? = nil, participants: Int? = nil
    ) async throws(HemicycleError) -> RuleSimulationView {
        try await translatingErrors {
            _ = try shelf.repository(slug)
            let needsParticipants = rule.criteria.contains { if case .minimumShare = $0 { true } else { false } }
            if let votes {
                guard participants != nil || !needsParticipants else {
                    throw HemicycleError(
                        .invalidInput,
                        "a rule with minimumShare needs the number of participants the vote counts come from",
                        key: "rule.participantsMissing", field: "participants")
                }
                let candidates = try VoteCounts.candidates(csv: votes.csv, name: votes.name)
                return Self.view(
                    rule.simulate(candidates, participants: participants ?? 0, now: Int64(now().timeIntervalSince1970)),
                    source: votes.name, participants: participants
                ) { $0 }
            }
            // The bill's open amendments as the rule sees them, read once and shared a moment.
            let inputs = try await promotionBoard.evaluation(of: slug, at: now(), store: participation).inputs
            let candidates = inputs.candidates
            let counted = participants ?? inputs.participants
            return Self.view(
                rule.simulate(candidates, participants: counted, now: Int64(now().timeIntervalSince1970)),
                source: "current tallies", participants: counted
            ) { String($0.value) }
        }
    }

    static func view<ID>(
        _ simulation: PromotionSimulation<ID>, source: String, participants: Int?, id: (ID) -> String
    ) -> RuleSimulationView {
        RuleSimulationView(
            rule: simulation.rule, source: source, evaluated: simulation.evaluated,
            promotedCount: simulation.promoted.count, participants: participants,
            promoted: simulation.promoted.map {
                RuleSimulationView.Promoted(
                    id: id($0.number), supports: $0.supports, against: $0.against, articles: $0.articles,
                    explanation: simulation.decisions[$0.number]?.explanation ?? "")
            },
            distribution: simulation.distribution,
            supportsLine: simulation.rule.criteria.lazy.compactMap {
                if case .minimumSupports(let count) = $0 { count } else { nil }
            }.first)
    }
}
