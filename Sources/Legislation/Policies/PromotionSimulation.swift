/// What a rule would do on a set of tallies, for staff choosing one: the amendments it would
/// promote, each decision, and how supports are spread across the amendments (counts per
/// bucket, for a chart with the rule's line on it).
public struct PromotionSimulation<ID: Hashable & Comparable & Sendable>: Sendable {
    /// The rule simulated.
    public var rule: PromotionRule
    /// The amendments it promotes, most supported first.
    public var promoted: [PromotionCandidate<ID>]
    /// Every amendment's decision.
    public var decisions: [ID: PromotionDecision]
    /// How many amendments fall in each range of supports.
    public var distribution: [SupportBucket]
    /// How many amendments were evaluated.
    public var evaluated: Int
}

/// A range of supports, `lower...upper` (no upper bound for the last), and how many amendments
/// have that many.
public struct SupportBucket: Sendable, Equatable, Codable {
    public var lower: Int
    public var upper: Int?
    public var count: Int
}

extension PromotionRule {
    /// Simulates the rule on `candidates`, as `evaluate` decides.
    public func simulate<ID>(_ candidates: [PromotionCandidate<ID>], participants: Int, now: Int64)
        -> PromotionSimulation<ID>
    {
        let decisions = evaluate(candidates, participants: participants, now: now)
        let promoted = candidates.filter { decisions[$0.number]?.promoted == true }.sorted {
            $0.supports != $1.supports ? $0.supports > $1.supports : $0.number < $1.number
        }
        return PromotionSimulation(
            rule: self, promoted: promoted, decisions: decisions,
            distribution: Self.distribution(candidates.map(\.supports)), evaluated: candidates.count)
    }

    /// The bounds of the buckets, 0, 1, 5, 10, 25, 50, 100, 250… up to the largest count: the
    /// heavy tail of real participation (a few amendments with thousands of supports, most with
    /// a handful) stays readable.
    static func distribution(_ supports: [Int]) -> [SupportBucket] {
        let largest = supports.max() ?? 0
        var bounds = [0, 1]
        var step = 1
        while bounds.last! <= largest {
            for factor in [5, 10] where bounds.last! <= largest { bounds.append(step * factor) }
            step *= 10
            if bounds.last! <= largest { bounds.append(step * 25 / 10) }
        }
        var buckets = zip(bounds, bounds.dropFirst()).map { SupportBucket(lower: $0, upper: $1 - 1, count: 0) }
        for count in supports {
            if let index = buckets.lastIndex(where: { $0.lower <= count }) { buckets[index].count += 1 }
        }
        return buckets
    }
}
