import ArgumentParser
import Foundation
import Hemicycle

/// `hemicycle doctor [--repair]`: reconcile git and SQLite, check both.
struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Find records without branches and branches without records, check git and SQLite; --repair fixes what it can.",
        discussion: "Exit status 1 when problems remain. `hemicycle serve` runs it with --repair at start-up.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Rebuild records from commit trailers, move records to their branch head, remove unexplained branches.")
    var repair = false

    func run() async throws {
        let report = try await data.engine().doctor(repair: repair)
        if output.json {
            try Output.json(report)
        } else {
            if report.findings.isEmpty { print("all sound: git and the database agree") }
            for finding in report.findings { print("found: \(finding)") }
            for repair in report.repairs { print("repaired: \(repair)") }
        }
        if !report.healthy { throw ExitCode.failure }
    }
}
