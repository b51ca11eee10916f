import ArgumentParser
import Foundation
import Hemicycle

/// `hemicycle recount <clone-or-url>`: recount a bill's public participation ledger from a clone
/// (or fetched from its address with stock git), trusting nothing but the published files.
struct RecountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recount",
        abstract: "Recount every tally and re-derive every promotion of a bill's public participation ledger.",
        discussion: """
            Takes a clone of the bill's repository (or any git repository with its `participation` branch) or its \
            address (http://host/git/<slug>.git), fetched with stock git. Prints "N epochs, M amendments, K \
            promotions: all match", or each discrepancy and exit status 1. tools/recount.py does the same with \
            nothing but Python.
            """)

    @Argument(help: "A clone of the bill's repository, or its address.")
    var source: String

    func run() throws {
        var isDirectory: ObjCBool = false
        let report: Recount.Report
        if FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue {
            report = try Recount.check(repositoryAt: source)
        } else if source.hasPrefix("http://") || source.hasPrefix("https://") {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "hemicycle-recount-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try fetch(source, into: folder.path)
            report = try Recount.check(repositoryAt: folder.path)
        } else {
            throw ValidationError("\(source) is neither a folder holding a clone nor an http(s) address")
        }
        for line in report.discrepancies { print(line) }
        print(report.summary)
        if !report.discrepancies.isEmpty { throw ExitCode.failure }
    }

    /// Fetches the `participation` branch alone from `address` into a new bare repository.
    private func fetch(_ address: String, into folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "git", "clone", "--quiet", "--bare", "--no-tags", "--single-branch", "--branch", "participation", "--",
            address, folder,
        ]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("git could not fetch the participation branch of \(address)")
        }
    }
}
