import ArgumentParser
import Foundation
import Hemicycle

/// `hemicycle rule …`: a bill's promotion rule.
struct RuleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rule",
        abstract: "Set, show and try promotion rules on a bill's tallies or on replayed vote counts.",
        subcommands: [RuleShow.self, RuleSet.self, RuleSimulate.self])
}

/// `hemicycle rule show <slug>`: the bill's promotion rule, as staff set it.
struct RuleShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a bill's promotion rule as JSON (null when it has none).")

    @OptionGroup var data: DataOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    func run() async throws {
        try Output.json(try await data.engine().promotionRule(of: try Parse.slug(slug)))
    }
}

/// `hemicycle rule set <slug> '<json>'`: sets (or, with `null`, clears) the bill's rule.
struct RuleSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set a bill's promotion rule (audited as the operator's).",
        discussion: """
            The rule is a JSON object of criteria: minimumSupports, minimumShare (of the participants), \
            requireNetSupport, topPerArticle, minimumAgeHours, evaluation (continuous or atClose); `null` \
            clears it. What the rule now promotes is queued at once; nothing already queued leaves the queue.
            Example: hemicycle rule set republique-numerique '{"minimumSupports": 100, "topPerArticle": 3}'
            """)

    @OptionGroup var data: DataOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Argument(help: "The rule, as JSON, or null.")
    var rule: String

    func run() async throws {
        let text = rule.trimmingCharacters(in: .whitespacesAndNewlines)
        let parsed = text == "null" ? nil : try Parse.rule(text)
        try Output.json(try await data.engine().setPromotionRuleAsOperator(parsed, of: try Parse.slug(slug)))
    }
}

/// `hemicycle rule simulate <slug> --rule '<json>' [--votes <csv>] [--participants N] [--json]`.
struct RuleSimulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Show which amendments a rule would promote, and how supports are distributed.",
        discussion: """
            The rule is a JSON object of criteria: minimumSupports, minimumShare (of the participants), \
            requireNetSupport, topPerArticle, minimumAgeHours, evaluation (continuous or atClose). Without \
            --votes it runs on the bill's current tallies; with --votes, on the counts of a CSV file naming \
            contribution and votes_for (and optionally votes_against, target and kind, of which only \
            `amendement` rows count), such as the 2015 consultation's.
            Example: hemicycle rule simulate republique-numerique --rule '{"minimumSupports": 100}' \
            --votes consultation-2015-vote-counts.csv
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Option(help: "The rule, as JSON: '{\"minimumSupports\": 100, \"topPerArticle\": 3}'.")
    var rule: String

    @Option(help: "A CSV of vote counts to replay instead of the current tallies.")
    var votes: String?

    @Option(help: "The number of participants a minimumShare is counted against (default: the bill's).")
    var participants: Int?

    func run() async throws {
        let rule = try Parse.rule(rule)
        let replayed = try votes.map { path -> (csv: String, name: String) in
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
            else { throw HemicycleError(.notFound, "cannot read \(path) as UTF-8 text") }
            return (text, URL(fileURLWithPath: path).lastPathComponent)
        }
        let simulation = try await data.engine().simulateRule(
            rule, on: try Parse.slug(slug), votes: replayed, participants: participants)
        if output.json { return try Output.json(simulation) }
        print("\(simulation.promotedCount) of \(simulation.evaluated) amendments promoted (\(simulation.source))")
        for promoted in simulation.promoted {
            print("  \(promoted.id)  \(promoted.supports) for, \(promoted.against) against  \(promoted.explanation)")
        }
        print("")
        print("supports   amendments")
        for bucket in simulation.distribution {
            let range =
                bucket.upper.map { $0 == bucket.lower ? "\(bucket.lower)" : "\(bucket.lower)–\($0)" }
                ?? "\(bucket.lower)+"
            let line =
                simulation.supportsLine.map { bucket.lower <= $0 && $0 <= (bucket.upper ?? Int.max) } == true
                ? "  ← the rule's line" : ""
            print(range.padding(toLength: 11, withPad: " ", startingAt: 0) + "\(bucket.count)" + line)
        }
    }
}
