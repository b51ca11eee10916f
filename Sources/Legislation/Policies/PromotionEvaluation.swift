/// What the rule is applied to: one amendment's tallies and where it stands. `ID` names it: an
/// amendment's number, or a contribution's id in vote counts replayed from elsewhere.
public struct PromotionCandidate<ID: Hashable & Comparable & Sendable>: Sendable, Equatable {
    /// The amendment.
    public var number: ID
    /// Supports, oppositions of its current text.
    public var supports: Int
    public var against: Int
    /// The articles it changes (labels as the bill writes them).
    public var articles: [String]
    /// When its current text was proposed, seconds since 1970.
    public var proposedAt: Int64

    public init(number: ID, supports: Int, against: Int, articles: [String], proposedAt: Int64) {
        self.number = number
        self.supports = supports
        self.against = against
        self.articles = articles
        self.proposedAt = proposedAt
    }
}

/// One criterion applied to one amendment: its value, the threshold, whether it holds, and the
/// sentence saying so (`142 supports ≥ 100 ✓`).
public struct CriterionResult: Sendable, Equatable, Codable {
    /// The criterion's key (`minimumSupports`…).
    public var criterion: String
    /// The amendment's value (supports, share, rank, hours…).
    public var value: Double
    /// The rule's threshold.
    public var threshold: Double
    /// Whether the criterion holds.
    public var met: Bool
    /// The sentence: value, comparison, threshold and ✓ or ✗.
    public var explanation: String
}

/// The rule's decision for one amendment, with the reason criterion by criterion.
public struct PromotionDecision: Sendable, Equatable, Codable {
    /// Whether every criterion holds.
    public var promoted: Bool
    /// Each criterion of the rule, in the rule's order.
    public var criteria: [CriterionResult]

    /// The explanation on one line: `142 supports ≥ 100 ✓ · rank 4 on article 9 > top 3 ✗`.
    public var explanation: String { criteria.map(\.explanation).joined(separator: " · ") }
}

extension PromotionRule {
    /// The decision for every candidate, on these tallies: `participants` is the number of
    /// distinct people who took part in the bill, `now` the time of evaluation. Pure and
    /// deterministic: identical inputs give identical decisions.
    public func evaluate<ID>(_ candidates: [PromotionCandidate<ID>], participants: Int, now: Int64) -> [ID:
        PromotionDecision]
    {
        let ranks =
            criteria.contains { if case .topPerArticle = $0 { true } else { false } }
            ? Self.ranks(candidates) : [:]
        var decisions: [ID: PromotionDecision] = [:]
        for candidate in candidates {
            let rank = ranks[candidate.number] ?? (1, candidate.articles.first ?? "")
            let results = criteria.map { result($0, candidate, participants: participants, now: now, rank: rank) }
            decisions[candidate.number] = PromotionDecision(promoted: results.allSatisfy(\.met), criteria: results)
        }
        return decisions
    }

    /// The decision for one candidate, on facts known from elsewhere: the bill's participants
    /// and its rank (`rank(of:among:)`).
    public func decision<ID>(
        for candidate: PromotionCandidate<ID>, participants: Int, rank: (rank: Int, article: String), now: Int64
    ) -> PromotionDecision {
        let results = criteria.map { result($0, candidate, participants: participants, now: now, rank: rank) }
        return PromotionDecision(promoted: results.allSatisfy(\.met), criteria: results)
    }

    /// A candidate's worst rank over the articles it touches among `others` (itself replaced by
    /// `candidate` if it is among them), ranked as `evaluate` ranks, and that article.
    public static func rank<ID>(of candidate: PromotionCandidate<ID>, among others: [PromotionCandidate<ID>])
        -> (rank: Int, article: String)
    {
        var worst: (rank: Int, article: String) = (1, candidate.articles.sorted().first ?? "")
        for article in Set(candidate.articles).sorted() {
            let ahead = others.filter {
                $0.number != candidate.number && $0.articles.contains(article)
                    && ($0.supports != candidate.supports
                        ? $0.supports > candidate.supports
                        : $0.against != candidate.against
                            ? $0.against < candidate.against : $0.number < candidate.number)
            }.count
            if ahead + 1 > worst.rank { worst = (ahead + 1, article) }
        }
        return worst
    }

    /// Where the rule stands on one candidate, as far as what is known allows: what a vote's
    /// transaction asks. The criteria are tried cheapest first; one that needs the bill's
    /// participants or the candidate's rank (its worst rank over the articles it touches, among
    /// the candidates `evaluate` would rank, and that article) when it is not given asks for it
    /// (`.needs`), so a vote far from the line costs no count. Agrees with `evaluate` on the
    /// same inputs.
    public func promotion<ID>(
        of candidate: PromotionCandidate<ID>, now: Int64, participants: Int?, rank: (rank: Int, article: String)?
    ) -> PromotionStep {
        for criterion in criteria.sorted(by: { Self.cost($0) < Self.cost($1) }) {
            switch criterion {
            case .minimumShare where participants == nil: return .needs(.participants)
            case .topPerArticle where rank == nil: return .needs(.rank)
            default: break
            }
            // Only whether it holds: the sentences are written once every criterion holds.
            if !holds(criterion, candidate, participants: participants ?? 0, now: now, rank: rank?.rank ?? 1) {
                return .refused
            }
        }
        let results = criteria.map {
            result($0, candidate, participants: participants ?? 0, now: now, rank: rank ?? (1, ""))
        }
        return .promoted(PromotionDecision(promoted: true, criteria: results))
    }

    /// Whether a criterion holds: `result(…).met`, without its sentence.
    private func holds<ID>(
        _ criterion: Criterion, _ candidate: PromotionCandidate<ID>, participants: Int, now: Int64, rank: Int
    ) -> Bool {
        switch criterion {
        case .minimumSupports(let minimum): candidate.supports >= minimum
        case .minimumShare(let share):
            participants > 0 && Double(candidate.supports) / Double(participants) >= share
        case .requireNetSupport: candidate.supports > candidate.against
        case .topPerArticle(let top): rank <= top
        case .minimumAgeHours(let hours): now - candidate.proposedAt >= Int64(hours) * 3600
        }
    }

    /// The order in which `promotion(of:…)` tries the criteria: those read from the candidate
    /// first, then the count of participants, then the rank (a query over the article).
    private static func cost(_ criterion: Criterion) -> Int {
        switch criterion {
        case .minimumSupports: 0
        case .requireNetSupport: 1
        case .minimumAgeHours: 2
        case .minimumShare: 3
        case .topPerArticle: 4
        }
    }

    /// Each candidate's worst rank over the articles it touches (1 = the most supported), the
    /// article where it is worst, ordered by supports, then fewer oppositions, then number.
    static func ranks<ID>(_ candidates: [PromotionCandidate<ID>]) -> [ID: (rank: Int, article: String)] {
        var byArticle: [String: [PromotionCandidate<ID>]] = [:]
        for candidate in candidates {
            for article in Set(candidate.articles) { byArticle[article, default: []].append(candidate) }
        }
        var worst: [ID: (rank: Int, article: String)] = [:]
        for (article, list) in byArticle.sorted(by: { $0.key < $1.key }) {
            let ordered = list.sorted {
                if $0.supports != $1.supports { return $0.supports > $1.supports }
                if $0.against != $1.against { return $0.against < $1.against }
                return $0.number < $1.number
            }
            for (index, candidate) in ordered.enumerated() {
                let rank = index + 1
                if let current = worst[candidate.number], current.rank >= rank { continue }
                worst[candidate.number] = (rank, article)
            }
        }
        return worst
    }

    private func result<ID>(
        _ criterion: Criterion, _ candidate: PromotionCandidate<ID>, participants: Int, now: Int64,
        rank: (rank: Int, article: String)
    ) -> CriterionResult {
        func mark(_ met: Bool) -> String { met ? "✓" : "✗" }
        switch criterion {
        case .minimumSupports(let minimum):
            let met = candidate.supports >= minimum
            return CriterionResult(
                criterion: criterion.key, value: Double(candidate.supports), threshold: Double(minimum), met: met,
                explanation: "\(candidate.supports) supports \(met ? "≥" : "<") \(minimum) \(mark(met))")
        case .minimumShare(let share):
            let value = participants == 0 ? 0 : Double(candidate.supports) / Double(participants)
            let met = participants > 0 && value >= share
            return CriterionResult(
                criterion: criterion.key, value: value, threshold: share, met: met,
                explanation:
                    "\(candidate.supports) supports = \(Self.percent(value)) of \(participants) participants \(met ? "≥" : "<") \(Self.percent(share)) \(mark(met))"
            )
        case .requireNetSupport:
            let met = candidate.supports > candidate.against
            return CriterionResult(
                criterion: criterion.key, value: Double(candidate.supports - candidate.against), threshold: 1,
                met: met,
                explanation:
                    "\(candidate.supports) supports \(met ? ">" : "≤") \(candidate.against) against \(mark(met))")
        case .topPerArticle(let top):
            let (rank, article) = rank
            let met = rank <= top
            return CriterionResult(
                criterion: criterion.key, value: Double(rank), threshold: Double(top), met: met,
                explanation: "rank \(rank) on article \(article) \(met ? "≤" : ">") top \(top) \(mark(met))")
        case .minimumAgeHours(let hours):
            let age = max(0, now - candidate.proposedAt) / 3600
            let met = now - candidate.proposedAt >= Int64(hours) * 3600
            return CriterionResult(
                criterion: criterion.key, value: Double(age), threshold: Double(hours), met: met,
                explanation: "proposed \(age) h ago \(met ? "≥" : "<") \(hours) h \(mark(met))")
        }
    }

    /// `5 %`, `0.7 %`, `12.35 %`: a share as people read it.
    static func percent(_ share: Double) -> String {
        let value = share * 100
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return "\(Int(rounded)) %" }
        var text = String(rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text + " %"
    }
}

/// Where the rule stands on one candidate (`PromotionRule.promotion(of:…)`).
public enum PromotionStep: Sendable, Equatable {
    /// A criterion fails: not promoted.
    case refused
    /// Every criterion holds: promoted, with the decision to stamp.
    case promoted(PromotionDecision)
    /// A criterion needs this before it can be decided.
    case needs(PromotionFact)
}

/// What a criterion may need beyond the candidate itself.
public enum PromotionFact: Sendable, Equatable {
    /// The bill's participants.
    case participants
    /// The candidate's worst rank over its articles, and that article.
    case rank
}
