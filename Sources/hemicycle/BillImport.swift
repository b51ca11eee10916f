import ArgumentParser
import Foundation
import Hemicycle

/// `hemicycle bill import <path>`: a new bill from a folder, a Markdown draft or numbered stages.
struct BillImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a new bill from a bill folder, a Markdown draft or a folder of numbered stages.",
        discussion: """
            A bill folder holds bill.md and articles/; a Markdown draft is one .md file with `# TITRE …`, \
            `## Chapitre …` and `### Article 1er` headings; a folder of stages holds 01-<stage name>/, \
            02-<stage name>/… each becoming a version (v1, v2…).
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill folder, Markdown draft or folder of stages.")
    var path: String

    @Option(help: "The bill's slug (lowercase letters, digits, hyphens); derived from the path when omitted.")
    var slug: String?

    @Option(help: "The stage name of the version created from a single text.")
    var stage = "Texte initial"

    @Option(help: "The stage's date, YYYY-MM-DD (e.g. 2015-12-09): the version's commit and tag carry it.")
    var date: String?

    func run() async throws {
        let engine = try await data.engine()
        let imported = try await engine.importBill(
            from: URL(fileURLWithPath: path),
            slug: try slug.map { text throws(HemicycleError) in try Parse.newSlug(text) },
            stage: stage, date: try Parse.stageDate(optional: date),
            progress: output.json ? nil : Output.progress("reading articles"))
        if output.json { return try Output.json(imported) }
        print("imported \(imported.slug): \(imported.title)")
        for version in imported.versions {
            print("  \(version.number)  \(version.articleCount) articles  \(version.stage)")
        }
    }
}

/// `hemicycle bill publish <slug> <path> --stage …`: the next version of a bill.
struct BillPublish: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Publish a new version of a bill from a bill folder or a Markdown draft.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Argument(help: "The bill folder or Markdown draft holding the new text.")
    var path: String

    @Option(help: "The stage of the procedure, e.g. \"Texte de la commission\".")
    var stage: String

    @Option(help: "The stage's date, YYYY-MM-DD: the version's commit and tag carry it.")
    var date: String?

    func run() async throws {
        let version = try await data.engine().publishVersion(
            of: try Parse.slug(slug), from: URL(fileURLWithPath: path), stage: stage,
            date: try Parse.stageDate(optional: date), progress: output.json ? nil : Output.progress("reading articles")
        )
        if output.json { return try Output.json(version) }
        print("published \(slug) \(version.number): \(version.stage) (\(version.articleCount) articles)")
    }
}
