import Foundation
import Hemicycle
import Hummingbird
import Legislation

/// The promotion rule's form on a bill's staff page: each criterion a field, a simulation on the
/// bill's current tallies (or on vote counts uploaded as CSV) before saving, and a chart drawn
/// here as SVG of how supports are spread across amendments and where the rule's line falls.
struct RulePages {
    let engine: Engine
    let site: Site
    let staffPages: StaffPages

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.post("/staff/bills/:slug/rule", use: rule)
    }

    /// The rule's fields as typed, and the simulation once asked for.
    struct RuleForm: Sendable {
        var minimumSupports = ""
        var minimumShare = ""
        var requireNetSupport = false
        var topPerArticle = ""
        var minimumAgeHours = ""
        var participants = ""
        var evaluations: [ProposalPages.Choice] = []
        var simulation: Simulation?
    }

    struct Simulation: Sendable {
        let evaluated: String
        let promoted: String
        let source: String
        let chart: Chart
        let firstPromoted: [PromotedLine]
        let hasPromoted: Bool
    }

    struct PromotedLine: Sendable {
        let id: String
        let supports: String
        let against: String
        let articles: String
    }

    /// A bar chart: one bar per band of supports, and the rule's line.
    struct Chart: Sendable {
        let width: Int
        let height: Int
        let bars: [Bar]
        let line: Line?
        let title: String
        let description: String
        let baseline: Int
    }

    struct Bar: Sendable {
        let x: Int
        let y: Int
        let width: Int
        let height: Int
        let label: String
        let labelX: Int
        let labelY: Int
        let count: String
        let countY: Int
        let above: Bool
    }

    struct Line: Sendable {
        let x: Int
        let top: Int
        let bottom: Int
        let label: String
        let labelX: Int
    }

    @Sendable func rule(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try StaffPages.staff(context)
        let slug = try context.slug()
        let strings = site.strings(context.visitor.language)
        let fields = context.fields
        var form = RuleForm(fields: fields, strings: strings)
        let result = await Pages.attempt { () throws(HemicycleError) -> RuleSimulationView? in
            let rule = try Parse.rule(form.json)
            if fields["action"] == "save" {
                _ = try await engine.setPromotionRule(rule, of: slug, by: identity)
                return nil
            }
            let votes = fields.files["votes"].flatMap {
                $0.isEmpty ? nil : (String(decoding: $0, as: UTF8.self), "votes.csv")
            }
            let participants = try fields["participants"].flatMap { text throws(HemicycleError) -> Int? in
                guard !text.isEmpty else { return nil }
                guard let count = Int(text), count >= 1 else {
                    throw HemicycleError(
                        .invalidInput, "participants is a whole number, 1 or more", key: "rule.participants",
                        field: "participants")
                }
                return count
            }
            return try await engine.simulateRule(rule, on: slug, votes: votes, participants: participants)
        }
        switch result {
        case .success(nil): return Pages.redirect(to: "/staff/bills/\(slug.value)?done=1#regle")
        case .success(let simulation?):
            form.simulation = Self.simulation(simulation, strings: strings)
            return try await staffPages.billPage(context, error: nil, notice: nil, rule: form)
        case .failure(let error) where error.code != .internal:
            return try await staffPages.billPage(context, error: error, notice: nil, rule: form)
        case .failure(let error): throw error
        }
    }

    static func simulation(_ view: RuleSimulationView, strings: Strings) -> Simulation {
        Simulation(
            evaluated: strings.number(view.evaluated), promoted: strings.number(view.promotedCount),
            source: view.source == "current tallies" ? strings["rule.currentTallies"] : view.source,
            chart: chart(view.distribution, line: view.supportsLine, strings: strings),
            firstPromoted: view.promoted.prefix(20).map {
                PromotedLine(
                    id: $0.id, supports: strings.number($0.supports), against: strings.number($0.against),
                    articles: $0.articles.joined(separator: ", "))
            }, hasPromoted: !view.promoted.isEmpty)
    }

    /// The bars of the distribution, on a square-root scale so a band of three amendments still
    /// shows beside one of three thousand; the rule's line at the band its threshold falls in.
    static func chart(_ buckets: [SupportBucket], line threshold: Int?, strings: Strings) -> Chart {
        let width = 720
        let height = 260
        let left = 40
        let baseline = 200
        let top = 30
        let slot = buckets.isEmpty ? 0 : (width - left - 10) / buckets.count
        let largest = max(1, buckets.map(\.count).max() ?? 1)
        let scale = { (count: Int) in Int((Double(count) / Double(largest)).squareRoot() * Double(baseline - top)) }
        func range(_ bucket: SupportBucket) -> String {
            guard let upper = bucket.upper else { return "≥ " + strings.number(bucket.lower) }
            return bucket.lower == upper ? strings.number(bucket.lower) : "\(bucket.lower)–\(upper)"
        }
        let bars = buckets.enumerated().map { index, bucket in
            let barHeight = scale(bucket.count)
            let x = left + index * slot + 2
            return Bar(
                x: x, y: baseline - barHeight, width: max(1, slot - 4), height: barHeight, label: range(bucket),
                labelX: x + max(1, slot - 4) / 2, labelY: baseline + 16, count: strings.number(bucket.count),
                countY: baseline - barHeight - 4, above: threshold.map { bucket.lower >= $0 } ?? false)
        }
        var line: Line?
        if let threshold, let index = buckets.firstIndex(where: { $0.upper.map { threshold <= $0 } ?? true }) {
            let bucket = buckets[index]
            let span = Double((bucket.upper ?? bucket.lower) - bucket.lower + 1)
            let within = min(1, max(0, Double(threshold - bucket.lower) / span))
            let x = left + index * slot + Int(within * Double(slot))
            line = Line(
                x: x, top: top - 12, bottom: baseline,
                label: strings.format("rule.chartLine", ["threshold": strings.number(threshold)]),
                labelX: min(x + 4, width - 160))
        }
        let total = buckets.reduce(0) { $0 + $1.count }
        return Chart(
            width: width, height: height, bars: bars, line: line, title: strings["rule.chartTitle"],
            description: strings.format("rule.chartDescription", ["count": strings.number(total)]),
            baseline: baseline)
    }
}

extension RulePages.RuleForm {
    /// The form of a rule in force (or empty).
    init(_ rule: PromotionRule?, strings: Strings) {
        var evaluation = "continuous"
        for criterion in rule?.criteria ?? [] {
            switch criterion {
            case .minimumSupports(let count): minimumSupports = String(count)
            case .minimumShare(let share): minimumShare = String(share * 100)
            case .requireNetSupport: requireNetSupport = true
            case .topPerArticle(let top): topPerArticle = String(top)
            case .minimumAgeHours(let hours): minimumAgeHours = String(hours)
            }
        }
        if let rule { evaluation = rule.evaluation.rawValue }
        evaluations = Self.evaluations(evaluation, strings)
    }

    /// The form as posted.
    init(fields: FormFields, strings: Strings) {
        minimumSupports = fields["minimumSupports"] ?? ""
        minimumShare = fields["minimumShare"] ?? ""
        requireNetSupport = fields["requireNetSupport"] == "true"
        topPerArticle = fields["topPerArticle"] ?? ""
        minimumAgeHours = fields["minimumAgeHours"] ?? ""
        participants = fields["participants"] ?? ""
        evaluations = Self.evaluations(fields["evaluation"] ?? "continuous", strings)
    }

    static func evaluations(_ selected: String, _ strings: Strings) -> [ProposalPages.Choice] {
        PromotionRule.Evaluation.allCases.map {
            ProposalPages.Choice(
                value: $0.rawValue, text: strings["rule.evaluation." + $0.rawValue], selected: $0.rawValue == selected)
        }
    }

    /// The rule as the engine reads it: a JSON object of the criteria filled in. Numbers are
    /// passed as typed, so the engine's own checks say what is wrong with them.
    var json: String {
        var parts: [String] = []
        func number(_ text: String) -> String {
            let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            return Double(trimmed) != nil ? trimmed : "\"" + trimmed.filter { $0.isNumber || $0 == "." } + "\""
        }
        if !minimumSupports.isEmpty { parts.append("\"minimumSupports\": \(number(minimumSupports))") }
        if !minimumShare.isEmpty {
            let percent = Double(minimumShare.replacingOccurrences(of: ",", with: ".")) ?? -1
            parts.append("\"minimumShare\": \(percent / 100)")
        }
        if requireNetSupport { parts.append("\"requireNetSupport\": true") }
        if !topPerArticle.isEmpty { parts.append("\"topPerArticle\": \(number(topPerArticle))") }
        if !minimumAgeHours.isEmpty { parts.append("\"minimumAgeHours\": \(number(minimumAgeHours))") }
        let evaluation = evaluations.first { $0.selected }?.value ?? "continuous"
        parts.append("\"evaluation\": \"\(evaluation)\"")
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
