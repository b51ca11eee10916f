import ArgumentParser
import Foundation
import Hemicycle
import HemicycleWeb
import Logging

/// `hemicycle serve`: the JSON API, with the bills of `bills/` imported on first start.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the JSON API (stops cleanly on SIGINT or SIGTERM).",
        discussion: "On first start (no bill in the data directory) every bill under --bills-dir is imported.")

    @OptionGroup var data: DataOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port to listen on.")
    var port = 8080

    @Option(help: "Bills imported into an empty data directory on first start.")
    var billsDir = "bills"

    @Option(help: "Demo amendments proposed on those bills on first start.")
    var demoDir = "demo"

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
    }

    func run() async throws {
        MemoryTuning.applyForServing()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let seeds = URL(fileURLWithPath: billsDir)
        let demo = URL(fileURLWithPath: demoDir)
        let engine = try data.engine(
            seedDirectory: FileManager.default.fileExists(atPath: seeds.path) ? seeds : nil,
            demoDirectory: FileManager.default.fileExists(atPath: demo.path) ? demo : nil, logLevel: .info)
        let logger = Logger(label: "hemicycle")
        let report = try await engine.doctor(repair: true)
        for finding in report.findings { logger.warning("doctor found", metadata: ["finding": "\(finding)"]) }
        for repair in report.repairs { logger.warning("doctor repaired", metadata: ["repair": "\(repair)"]) }
        for bill in try await engine.seedIfEmpty() {
            logger.info("imported demo bill", metadata: ["slug": "\(bill.slug)", "versions": "\(bill.versions.count)"])
        }
        let application = buildApplication(
            engine: engine, configuration: WebConfiguration(host: host, port: port), logger: logger)
        try await application.runService()
    }
}
