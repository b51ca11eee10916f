import ArgumentParser
import Foundation
import Hemicycle

extension DiffFormat: ExpressibleByArgument {}

/// Options shared by the diff commands.
struct DiffFormatOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "text, ansi, html, side-by-side, json or legistic (the dispositif, as the Assemblée nationale words it).",
            discussion: "Default: ansi on a terminal, text otherwise."))
    var format: DiffFormat?

    @Flag(help: "Hide changes of typography alone (kinds of space, hyphen, apostrophe, « » spacing, ellipsis).")
    var ignoreTypography = false

    /// The format asked for, else colours on a terminal and plain markers when piped.
    var resolved: DiffFormat {
        format ?? (isatty(STDOUT_FILENO) == 1 ? .ansi : .text)
    }
}

/// `hemicycle diff <fileA> <fileB>`: the word diff of two texts.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the word-by-word diff of two text files (alinéas aligned first).")

    @Argument(help: "The text before.")
    var before: String

    @Argument(help: "The text after.")
    var after: String

    @OptionGroup var output: DiffFormatOption

    func run() throws {
        let texts = try [before, after].map { path -> String in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw HemicycleError(.notFound, "cannot read \(path)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw HemicycleError(.invalidInput, "\(path) is not UTF-8 text")
            }
            return text
        }
        let rendered = Engine.diff(
            texts[0], texts[1], format: output.resolved, ignoreTypography: output.ignoreTypography)
        print(rendered, terminator: rendered.hasSuffix("\n") ? "" : "\n")
    }
}

/// `hemicycle bill compare <slug> <vA> <vB>`.
struct BillCompare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two versions of a bill: articles added, removed, modified and relabelled, with their diffs.")

    @OptionGroup var data: DataOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Argument(help: "The earlier version, e.g. v2.")
    var from: String

    @Argument(help: "The later version, e.g. v3.")
    var to: String

    @OptionGroup var output: DiffFormatOption

    func run() async throws {
        let format = output.resolved
        let (from, to) = try Parse.versionPair(from, to)
        let comparison = try await data.engine().compare(
            try Parse.slug(slug), from: from, to: to, format: format, ignoreTypography: output.ignoreTypography)
        if format == .json { return try Output.json(comparison) }
        print("\(comparison.bill) \(comparison.from) → \(comparison.to)")
        print(
            "\(comparison.added.count) added, \(comparison.removed.count) removed, \(comparison.modified.count) modified, "
                + "\(comparison.typographyOnly.count) typography only, "
                + "\(comparison.renamed.count) relabelled, \(comparison.unchangedCount) unchanged")
        if !comparison.added.isEmpty { print("added: \(comparison.added.joined(separator: ", "))") }
        if !comparison.removed.isEmpty { print("removed: \(comparison.removed.joined(separator: ", "))") }
        if !comparison.modified.isEmpty { print("modified: \(comparison.modified.joined(separator: ", "))") }
        if !comparison.typographyOnly.isEmpty {
            print("typography only: \(comparison.typographyOnly.joined(separator: ", "))")
        }
        for renamed in comparison.renamed { print("relabelled: \(renamed.from) → \(renamed.to)") }
        for adopted in comparison.adopted ?? [] {
            print(
                "adopted: amendment \(adopted.number) « \(adopted.title) » "
                    + "(\(adopted.supportsAtAdoption.map { "\($0) supports, " } ?? "")articles \(adopted.articles.joined(separator: ", ")))"
            )
        }
        Output.articleDiffs(comparison.articles)
    }
}
