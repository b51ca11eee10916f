import ArgumentParser
import Foundation
import Hemicycle
import Logging

/// `hemicycle`: the open-law engine's command line. Each subcommand parses its options and calls
/// one function of the engine.
@main
struct HemicycleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hemicycle",
        abstract: "Hemicycle, the open-law engine: bills as versioned articles in git.",
        discussion: "Exit status: 0 on success, 1 when the command failed, 2 on a usage error.",
        subcommands: [
            Serve.self, BillCommand.self, AmendmentCommand.self, RuleCommand.self, QueueCommand.self,
            ExportCommand.self, Diff.self,
            AccountCommand.self, Doctor.self, RecountCommand.self,
        ])

    /// Runs the command, mapping outcomes to exit codes: 0 ok, 1 failure, 2 usage.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as HemicycleError {
            Output.error(error.message)
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue == 0 ? 0 : 1)
        }
    }
}

/// Options every command that touches the data shares.
struct DataOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "The data directory (bill repositories, database).",
            discussion: "Default: $HEMICYCLE_DATA_DIR, else ./.hemicycle."))
    var dataDirectory: String?

    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "A PostgreSQL database for participation (postgres://user@host:5432/db).",
            discussion: "Default: $HEMICYCLE_DATABASE_URL, else the SQLite file in the data directory."))
    var databaseURL: String?

    @Option(help: "The largest article accepted, in bytes.")
    var articleSizeLimit: Int = Configuration.defaultArticleSizeLimit

    func validate() throws {
        guard articleSizeLimit >= 1024, articleSizeLimit <= 64 << 20 else {
            throw ValidationError("--article-size-limit must be between 1024 and 67108864 bytes")
        }
    }

    /// The engine's configuration: the chosen data directory and participation store.
    func configuration(seedDirectory: URL? = nil, demoDirectory: URL? = nil, limits: Limits = Limits())
        -> Configuration
    {
        var configuration = Configuration(
            dataDirectory: Configuration.dataDirectory(option: dataDirectory), seedDirectory: seedDirectory,
            articleSizeLimit: articleSizeLimit, demoDirectory: demoDirectory)
        configuration.limits = limits
        configuration.databaseURL = Configuration.databaseURL(option: databaseURL)
        return configuration
    }

    /// The engine over the chosen data directory.
    func engine(logLevel: Logger.Level = .warning) async throws -> Engine {
        var logger = Logger(label: "hemicycle")
        logger.logLevel = logLevel
        return try await Engine.open(configuration: configuration(), logger: logger)
    }
}

/// `--json` for machine-readable output.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print machine-readable JSON instead of text.")
    var json = false
}
