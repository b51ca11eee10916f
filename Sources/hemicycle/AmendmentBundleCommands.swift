import ArgumentParser
import Foundation
import Hemicycle
import Legislation

/// `hemicycle amendment bundle <slug> <n> --institution … --out <file>`: an amendment of a followed
/// bill, sent back to the assembly it is followed from.
struct AmendmentBundle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract:
            "Write an amendment as a git bundle (its text, exposé and tallies) for the assembly a bill is followed from.",
        discussion: "The other assembly's staff import it with `hemicycle amendment import-bundle`.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Argument(help: "The amendment's number.")
    var number: Int

    @Option(help: "This assembly's name, as the other one will read it (\"Assemblée de Corse\").")
    var institution: String

    @Option(help: "The bundle file to write.")
    var out: String

    func run() async throws {
        guard let amendment = Amendment.Number(number) else {
            throw ValidationError("an amendment number is 1 or more")
        }
        let engine = try await data.engine()
        let bundle = try await engine.exportAmendmentBundle(
            amendment, of: try Parse.slug(slug), institution: institution, to: URL(fileURLWithPath: out))
        if output.json { return try Output.json(bundle) }
        print(
            "amendment \(bundle.number) on \(bundle.base) (\(bundle.supports) for, \(bundle.against) against, "
                + "\(bundle.abstentions) abstain) written to \(bundle.file)")
    }
}

/// `hemicycle amendment import-bundle <slug> <file> --as <handle>`: an amendment another assembly
/// sent, proposed here by the account staff made for it.
struct AmendmentImportBundle: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-bundle",
        abstract: "Propose an amendment another assembly sent as a git bundle, as that institution's account.",
        discussion: """
            Create the institution's account once (`hemicycle account create assemblee-de-corse`); the bundle must \
            amend one of this bill's published versions. Its exposé says where it comes from and its tallies there.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill's slug.")
    var slug: String

    @Argument(help: "The bundle file.")
    var file: String

    @Option(name: .customLong("as"), help: "The handle of the institution's account, which proposes it.")
    var handle: String

    func run() async throws {
        guard let handle = Handle(handle) else { throw ValidationError("\(self.handle) is not a handle") }
        let engine = try await data.engine()
        let amendment = try await engine.importAmendmentBundle(
            into: try Parse.slug(slug), from: URL(fileURLWithPath: file), as: handle)
        if output.json { return try Output.json(amendment) }
        print("proposed amendment \(amendment.number) on \(amendment.baseVersion): \(amendment.title)")
    }
}
