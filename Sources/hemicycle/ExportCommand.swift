import ArgumentParser
import Foundation
import Hemicycle

/// `hemicycle export <slug> --format csv|json|markdown|liasse|akn [--selection queue|adopted|all]
/// [--semicolon] [--out F]`: the amendments for the debate.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a bill's amendments for the debate: CSV, JSON, Markdown, a print-ready liasse, Akoma Ntoso.",
        discussion: """
            --selection queue (default) exports the amendments in the rapporteur's queue; adopted those decided \\
            adopted; all every amendment not hidden. Each carries its dispositif in the drafting style of the \\
            Assemblée nationale. CSV is UTF-8 with a byte-order mark (--semicolon for a French Excel); the liasse \\
            is HTML with one amendment per printed page; akn is a ZIP of Akoma Ntoso 3.0 amendment documents. \\
            Without --out the export is written to standard output.
            """)

    @OptionGroup var data: DataOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Option(help: "csv, json, markdown, liasse or akn.")
    var format: String = "csv"

    @Option(help: "queue, adopted or all.")
    var selection: String = "queue"

    @Flag(help: "Separate CSV fields with `;` (French Excel) instead of `,`.")
    var semicolon = false

    @Option(help: "The file to write (standard output when absent).")
    var out: String?

    func run() async throws {
        let format = try Parse.exportFormat(format)
        let selection = try Parse.exportSelection(selection)
        let engine = try await data.engine()
        let export = try await engine.export(of: try Parse.slug(slug), selection: selection)
        let (bytes, _) = try await engine.renderExport(export, as: format, semicolons: semicolon)
        if let out {
            do {
                try bytes.write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw HemicycleError(.invalidInput, "cannot write \(out): \(error.localizedDescription)")
            }
            FileHandle.standardError.write(
                Data("\(export.amendments.count) amendment(s) written to \(out)\n".utf8))
        } else {
            FileHandle.standardOutput.write(bytes)
        }
    }
}
