import ArgumentParser
import Foundation
import Hemicycle
import Legislation

/// `hemicycle amendment …`: a bill's amendments read from the terminal.
struct AmendmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amendment",
        abstract:
            "Read a bill's amendments (their list, one with its diff); send one to, or take one from, another assembly.",
        subcommands: [AmendmentList.self, AmendmentShow.self, AmendmentBundle.self, AmendmentImportBundle.self])
}

/// `hemicycle amendment list <slug> [--sort support|date|number] [--article L] [--state S]`.
struct AmendmentList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a bill's amendments with their tallies.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Option(help: "number (the order they were proposed), date (newest first) or support (most supported first).")
    var sort = "number"

    @Option(help: "Only the amendments changing this article.")
    var article: String?

    @Option(help: "Only the amendments in this state: proposed, promoted, withdrawn, adopted, rejected, conflicted.")
    var state: String?

    func run() async throws {
        let engine = try await data.engine()
        let bill = try Parse.slug(slug)
        let order = try Parse.amendmentOrder(sort == "date" ? "newest" : sort)
        let label = try await article.asyncMap { try await engine.label($0, in: bill, field: "article") }
        let filter = try state.map(Parse.amendmentState)
        var items: [AmendmentView] = []
        var cursor: String?
        repeat {
            let page = try await engine.amendments(
                of: bill, state: filter, article: label, sort: order, limit: 100, cursor: cursor)
            items += page.items
            cursor = page.nextCursor
        } while cursor != nil
        if output.json { return try Output.json(items) }
        print("\(items.count) amendments")
        for item in items {
            let tally = "\(item.tally.for) for, \(item.tally.against) against, \(item.tally.abstain) abstaining"
            print(
                "\(String(item.number.value).padding(toLength: 5, withPad: " ", startingAt: 0)) \(item.state.padding(toLength: 10, withPad: " ", startingAt: 0)) art. \(item.articles.joined(separator: ", "))  \(tally)  \(item.title)"
            )
        }
    }
}

/// `hemicycle amendment show <slug> <n> [--format …] [--ignore-typography]`.
struct AmendmentShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an amendment: its title, exposé sommaire, tallies and diff.")

    @OptionGroup var data: DataOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Argument(help: "The amendment's number.")
    var number: String

    @OptionGroup var output: DiffFormatOption

    func run() async throws {
        let engine = try await data.engine()
        let bill = try Parse.slug(slug)
        let amendmentNumber = try Parse.amendmentNumber(number, of: bill)
        let format = output.resolved
        let amendment = try await engine.amendment(amendmentNumber, of: bill, withDiff: false)
        let diff = try await engine.amendmentDiff(
            amendmentNumber, of: bill, format: format, ignoreTypography: output.ignoreTypography)
        if format == .json {
            var whole = amendment
            whole.diff = diff?.diff
            return try Output.json(whole)
        }
        print(
            "Amendment \(amendment.number) to \(bill) \(amendment.baseVersion), by \(amendment.author): \(amendment.title)"
        )
        print(
            "\(amendment.state); \(amendment.tally.for) for, \(amendment.tally.against) against, \(amendment.tally.abstain) abstaining"
        )
        if let promotion = amendment.promotion {
            print("\(promotion.promoted ? "promoted" : "not promoted"): \(promotion.explanation)")
        }
        if let review = amendment.review {
            if let opinion = review.opinion {
                print("avis : \(opinion)\(review.comment.map { $0.isEmpty ? "" : " — \($0)" } ?? "")")
            }
            if let decision = review.decision { print("décision : \(decision)") }
        }
        if !amendment.summary.isEmpty {
            print("")
            print(amendment.summary)
        }
        guard let diff else {
            print("")
            print("(hidden pending review)")
            return
        }
        Output.articleDiffs(diff.diff)
    }
}

extension Optional {
    /// The wrapped value transformed by an async function, or nil.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
