/// The rule a bill's staff declare to promote the best-supported amendments into the rapporteur's
/// queue: a list of criteria, every one of which must hold. It is data (JSON), so that staff set
/// it per bill and new kinds of criterion can be added later without a migration:
///
/// ```
/// {"minimumSupports": 100, "minimumShare": 0.05, "requireNetSupport": true,
///  "topPerArticle": 3, "minimumAgeHours": 72, "evaluation": "continuous"}
/// ```
public struct PromotionRule: Sendable, Equatable, Codable {
    /// One condition an amendment must meet to be promoted.
    public enum Criterion: Sendable, Equatable {
        /// At least this many supports.
        case minimumSupports(Int)
        /// Supports from at least this share (0 < share ≤ 1) of the bill's distinct participants.
        case minimumShare(Double)
        /// More supports than oppositions.
        case requireNetSupport
        /// Among the N most supported amendments of every article it touches.
        case topPerArticle(Int)
        /// Proposed (or last revised) at least this many hours ago.
        case minimumAgeHours(Int)

        /// The criterion's name in JSON and in explanations.
        public var key: String {
            switch self {
            case .minimumSupports: "minimumSupports"
            case .minimumShare: "minimumShare"
            case .requireNetSupport: "requireNetSupport"
            case .topPerArticle: "topPerArticle"
            case .minimumAgeHours: "minimumAgeHours"
            }
        }
    }

    /// When the rule is applied.
    public enum Evaluation: String, Sendable, Codable, CaseIterable {
        /// At every vote: an amendment is promoted by the vote that makes it meet the rule.
        case continuous
        /// Once, when participation closes.
        case atClose
    }

    /// The criteria, in a fixed order (the order of `Criterion`'s cases).
    public private(set) var criteria: [Criterion]
    /// When the rule is applied.
    public var evaluation: Evaluation

    /// A rule of these criteria (at least one; each kind at most once, the last one given wins).
    public init(_ criteria: [Criterion], evaluation: Evaluation = .continuous) throws(PolicyRefusal) {
        guard !criteria.isEmpty else { throw Self.refusal("a promotion rule needs at least one criterion") }
        var byKey: [String: Criterion] = [:]
        for criterion in criteria {
            try Self.check(criterion)
            byKey[criterion.key] = criterion
        }
        self.criteria = Self.keys.compactMap { byKey[$0] }
        self.evaluation = evaluation
    }

    /// The criteria's keys in their fixed order.
    public static let keys = [
        "minimumSupports", "minimumShare", "requireNetSupport", "topPerArticle", "minimumAgeHours",
    ]

    private static func check(_ criterion: Criterion) throws(PolicyRefusal) {
        switch criterion {
        case .minimumSupports(let count) where count < 1:
            throw refusal("minimumSupports is a whole number of supports, 1 or more")
        case .minimumShare(let share) where !(share > 0 && share <= 1):
            throw refusal("minimumShare is a share of the participants, above 0 and at most 1 (0.05 for 5 %)")
        case .topPerArticle(let count) where count < 1:
            throw refusal("topPerArticle is a whole number of amendments per article, 1 or more")
        case .minimumAgeHours(let hours) where hours < 0 || hours > 24 * 366:
            throw refusal("minimumAgeHours is a whole number of hours, from 0 to 8784")
        default: return
        }
    }

    static func refusal(_ message: String) -> PolicyRefusal {
        PolicyRefusal(.invalidInput, key: "rule.invalid", parameters: [:], message: message)
    }

    // MARK: JSON: a flat object, one member per criterion.

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let known = Set(Self.keys + ["evaluation"])
        if let unknown = container.allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorruptedError(
                forKey: unknown, in: container,
                debugDescription:
                    "`\(unknown.stringValue)` is not a criterion; a rule takes \(Self.keys.joined(separator: ", ")) and evaluation"
            )
        }
        var criteria: [Criterion] = []
        if let count = try container.decodeIfPresent(Int.self, forKey: Key("minimumSupports")) {
            criteria.append(.minimumSupports(count))
        }
        if let share = try container.decodeIfPresent(Double.self, forKey: Key("minimumShare")) {
            criteria.append(.minimumShare(share))
        }
        if try container.decodeIfPresent(Bool.self, forKey: Key("requireNetSupport")) == true {
            criteria.append(.requireNetSupport)
        }
        if let count = try container.decodeIfPresent(Int.self, forKey: Key("topPerArticle")) {
            criteria.append(.topPerArticle(count))
        }
        if let hours = try container.decodeIfPresent(Int.self, forKey: Key("minimumAgeHours")) {
            criteria.append(.minimumAgeHours(hours))
        }
        let evaluation = try container.decodeIfPresent(Evaluation.self, forKey: Key("evaluation")) ?? .continuous
        do {
            try self.init(criteria, evaluation: evaluation)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for criterion in criteria {
            switch criterion {
            case .minimumSupports(let count): try container.encode(count, forKey: Key(criterion.key))
            case .minimumShare(let share): try container.encode(share, forKey: Key(criterion.key))
            case .requireNetSupport: try container.encode(true, forKey: Key(criterion.key))
            case .topPerArticle(let count): try container.encode(count, forKey: Key(criterion.key))
            case .minimumAgeHours(let hours): try container.encode(hours, forKey: Key(criterion.key))
            }
        }
        try container.encode(evaluation, forKey: Key("evaluation"))
    }
}
