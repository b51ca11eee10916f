import ArgumentParser
import Foundation
import Hemicycle
import Legislation

/// `hemicycle bill list`.
struct BillList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the bills and their versions.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let engine = try await data.engine()
        var bills: [BillSummary] = []
        var page = try await engine.listBills(limit: 100)
        bills += page.items
        while let next = page.nextCursor {
            page = try await engine.listBills(limit: 100, cursor: next)
            bills += page.items
        }
        if output.json { return try Output.json(bills) }
        if bills.isEmpty { print("no bill yet; import one with `hemicycle bill import <path>`") }
        for bill in bills {
            print(
                "\(bill.slug)  \(bill.latestVersion) (\(bill.versions.count) versions, \(bill.articleCount) articles)  \(bill.title)"
            )
        }
    }
}

/// `hemicycle bill show <slug> [--version vN]`.
struct BillShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a bill's versions and structure (divisions and articles).")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Option(help: "The version to show (v1, v2…); the latest when omitted.")
    var version: String?

    func run() async throws {
        let bill = try await data.engine().bill(try Parse.slug(slug), version: try Parse.version(optional: version))
        if output.json { return try Output.json(bill) }
        print(bill.title + (bill.number.map { " (n° \($0))" } ?? ""))
        if let attribution = bill.attribution { print("Source: \(attribution)") }
        print("")
        for version in bill.versions {
            let marker = version.number == bill.version.number ? "*" : " "
            print(
                "\(marker) \(version.number)  \(Output.day(version.publishedAt))  \(version.articleCount) articles  \(version.stage)"
            )
        }
        if let expose = bill.exposeDesMotifs {
            let first = expose.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            print("")
            print(
                "Exposé des motifs: \(first.count > 100 ? String(first.prefix(100)) + "…" : first) (\(expose.split(separator: " ").count) words)"
            )
        }
        print("")
        printNodes(bill.structure, depth: 0)
    }

    private func printNodes(_ nodes: [StructureNode], depth: Int) {
        let indent = String(repeating: "  ", count: depth)
        for node in nodes {
            if let heading = node.heading {
                print(indent + heading + (node.title.map { " — \($0)" } ?? ""))
                printNodes(node.children ?? [], depth: depth + 1)
            } else if let label = node.label {
                print(indent + "Article " + label)
            }
        }
    }
}

/// `hemicycle bill article <slug> <label> [--version vN]`.
struct BillArticle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article", abstract: "Print an article's text with its alinéas numbered.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var target: ArticleAtVersion

    func run() async throws {
        let engine = try await data.engine()
        let (bill, label, version) = try await target.resolved(by: engine)
        let article = try await engine.article(label, of: bill, version: version)
        if output.json { return try Output.json(article) }
        print("\(article.heading)  [\(article.bill) \(article.version)]")
        for alinea in article.alineas {
            print("")
            print("\(alinea.number). \(alinea.text)")
        }
    }
}

/// `hemicycle bill history <slug> <label>`.
struct BillHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List the versions in which an article changed.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Argument(help: "The article's label.")
    var label: String

    func run() async throws {
        let engine = try await data.engine()
        let bill = try Parse.slug(slug)
        let history = try await engine.history(of: try await engine.label(label, in: bill), in: bill)
        if output.json { return try Output.json(history) }
        for item in history.items {
            print(
                "\(item.version)  \(Output.day(item.publishedAt))  \(item.change.padding(toLength: 8, withPad: " ", startingAt: 0))  Article \(item.label)  \(item.stage)"
            )
        }
    }
}

/// A bill's slug, an article's label and a version: what `bill article` and `bill provenance` read.
struct ArticleAtVersion: ParsableArguments {
    @Argument(help: "The bill's slug.")
    var slug: String

    @Argument(help: "The article's label, e.g. 1er, \"2 bis\", \"L. 312-1\".")
    var label: String

    @Option(help: "The version to read (v1, v2…); the latest when omitted.")
    var version: String?

    /// The three, read and checked.
    func resolved(by engine: Engine) async throws -> (BillSlug, ArticleLabel, VersionNumber?) {
        let bill = try Parse.slug(slug)
        return (bill, try await engine.label(label, in: bill), try Parse.version(optional: version))
    }
}
