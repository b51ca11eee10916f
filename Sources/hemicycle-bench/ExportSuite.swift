import Foundation
import Hemicycle

/// `hemicycle-bench export`: the liasse, CSV and Akoma Ntoso exports of a bill with N (10,000)
/// amendments, each made by a child process that opens the data directory as the command line
/// does (engine, export, rendering, the file written), measured for its wall time and peak memory
/// (the child's own high-water mark).
enum ExportSuite {
    static func run(bills: URL, amendments: Int, keep: URL?) async throws {
        let work =
            keep
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "hemicycle-bench-export-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: work) } }
        // With --keep, a data directory filled by an earlier run is exported again as it is.
        if !FileManager.default.fileExists(atPath: work.appendingPathComponent("hemicycle.sqlite").path) {
            let side = try await ProposalLatency.Side(bills: bills, in: work)
            let clock = ContinuousClock()
            let fill = try await clock.measure { try await side.fill(to: amendments) }.milliseconds / 1000
            Report.line("export.fill_rate", Double(amendments) / fill, "amendments/s")
            await side.bench.engine.close()
        }
        for format in [ExportFormat.liasse, .csv, .akn] {
            let out = work.appendingPathComponent("export.\(format.fileExtension)")
            let child = try ChildProcess.spawn(
                CommandLine.arguments[0], ["export-child", work.path, format.rawValue, out.path]
            ).wait()
            guard child.status == 0 else { throw BenchError("the \(format) export failed (status \(child.status))") }
            let size = (try FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int) ?? 0
            // The child reports its own peak memory: the kernel's count for a spawned child
            // starts from its parent's peak (the fill above, when it ran).
            Report.line("export.\(format.rawValue)_time", child.seconds, "s")
            Report.line("export.\(format.rawValue)_size", Double(size) / 1_048_576, "MiB")
        }
    }

    /// The child: every amendment of the bench bill exported in `format` to `out`, as
    /// `hemicycle export --selection all` does; prints the count and the export's own time.
    static func child(dataDirectory: URL, format: String, out: URL) async throws {
        let engine = try await Engine.open(configuration: Configuration(dataDirectory: dataDirectory))
        let clock = ContinuousClock()
        var count = 0
        let elapsed = try await clock.measure {
            let export = try await engine.export(of: BenchEngine.slug, selection: .all)
            count = export.amendments.count
            let (data, _) = try await engine.renderExport(export, as: try Parse.exportFormat(format))
            try data.write(to: out)
        }
        await engine.close()
        Report.line("export.\(format)_amendments", Double(count), "amendments")
        Report.line("export.\(format)_in_process_time", elapsed.milliseconds / 1000, "s")
        Report.line("export.\(format)_peak_rss", ChildProcess.ownPeakRSSMiB(), "MiB")
    }
}
