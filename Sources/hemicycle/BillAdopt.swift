import ArgumentParser
import Foundation
import Hemicycle

/// `hemicycle bill adopt <slug> --stage "…" [--amendments 12,7,31]`.
struct BillAdopt: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Adopt the amendments decided adopted as the bill's next version (as the operator).",
        discussion: """
            Each amendment is merged onto the bill in the order given (by default the bill's article \
            order, then number), then the result is published as the next version under the stage \
            name; every other open amendment is then carried onto the new text, or marked conflicted \
            with the article and alinéas at stake. Participation must be closed. Two adopted amendments \
            that change the same alinéa stop the adoption before anything changes.
            Example: hemicycle bill adopt republique-numerique --stage "Texte de la commission"
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Option(help: "The stage name of the new version, e.g. \"Texte de la commission\".")
    var stage: String

    @Option(help: "The amendments to adopt, in order, e.g. 12,7,31 (default: every one decided adopted).")
    var amendments: String?

    /// The numbers `--amendments` lists; nil when one is not a number.
    var numbers: [Int]? {
        amendments.map { list in
            list.split(separator: ",", omittingEmptySubsequences: false).map {
                Int($0.trimmingCharacters(in: .whitespaces)).flatMap { $0 > 0 ? $0 : nil } ?? 0
            }
        }
    }

    func validate() throws {
        if let numbers, numbers.isEmpty || numbers.contains(0) {
            throw ValidationError("--amendments is a list of amendment numbers, such as 12,7,31")
        }
    }

    func run() async throws {
        let adoption = try await data.engine().adopt(try Parse.slug(slug), stage: stage, amendments: numbers, by: nil)
        if output.json { return try Output.json(adoption) }
        print("\(adoption.bill) \(adoption.version) « \(adoption.stage) »")
        print("adopted: \(adoption.adopted.map(String.init).joined(separator: ", "))")
        print("carried onto \(adoption.version): \(adoption.carried)")
        for conflict in adoption.conflicted {
            print(
                "conflicted: amendment \(conflict.number) (\(conflict.stake), written against \(conflict.writtenAgainst))"
            )
        }
        if !adoption.moved.isEmpty {
            print(
                "revised meanwhile, left on their version (run hemicycle doctor --repair): "
                    + adoption.moved.map(String.init).joined(separator: ", "))
        }
    }
}

/// `hemicycle bill provenance <slug> <label> [--version vN]`.
struct BillProvenance: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provenance",
        abstract: "Show, for each alinéa of an article, the version and the adopted amendment that wrote it.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var target: ArticleAtVersion

    func run() async throws {
        let engine = try await data.engine()
        let (bill, label, version) = try await target.resolved(by: engine)
        let provenance = try await engine.provenance(of: label, in: bill, at: version)
        if output.json { return try Output.json(provenance) }
        print("\(provenance.bill) article \(provenance.label), \(provenance.version)")
        for alinea in provenance.alineas {
            let source =
                alinea.amendment.map {
                    "amendment \($0.number) (\($0.author ?? "?"), \($0.supportsAtAdoption.map(String.init) ?? "?") supports) « \($0.title) »"
                } ?? "as published"
            print("\(alinea.number). \(alinea.version ?? "?")  \(source)")
            print("   \(alinea.text)")
        }
    }
}
