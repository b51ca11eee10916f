import Foundation
import Hemicycle

#if canImport(Glibc)
    import Glibc
#endif

/// `hemicycle-bench git`: `git clone` over HTTP of a bill with N (10,000) amendment branches,
/// from a server child, against `git clone --no-local` of the same bare repository in the same
/// run (git's own transfer, without HTTP or our server), alternating, `runs` times each: the
/// median of each and their ratio.
enum GitSuite {
    static func run(bills: URL, amendments: Int, runs: Int, keep: URL?) async throws {
        let work =
            keep
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "hemicycle-bench-git-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: work) } }
        if !FileManager.default.fileExists(atPath: work.appendingPathComponent("hemicycle.sqlite").path) {
            let side = try await ProposalLatency.Side(bills: bills, in: work)
            try await side.fill(to: amendments)
            await side.bench.engine.close()
        }
        let slug = BenchEngine.slug.value
        let repository = work.appendingPathComponent("bills/\(slug).git").path
        let port = try VotesOverHTTP.freePort()
        let server = try ChildProcess.spawn(
            CommandLine.arguments[0], ["serve-child", work.path, String(port)], quiet: true)
        defer {
            kill(server.pid, SIGTERM)
            _ = server.wait()
        }
        try VotesOverHTTP.waitForHealth(port: port, seconds: 120)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("hemicycle-bench-clones")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var overHTTP: [Double] = []
        var local: [Double] = []
        var branches = 0
        for index in 0..<runs {
            for (name, source) in [
                ("http", "http://127.0.0.1:\(port)/git/\(slug).git"), ("local", repository),
            ] {
                let target = scratch.appendingPathComponent("\(name)-\(index)").path
                let started = ContinuousClock.now
                try AdoptSuite.git(
                    ["clone", "--quiet", "--bare"] + (name == "local" ? ["--no-local"] : []) + [source, target])
                let seconds = (ContinuousClock.now - started).milliseconds / 1000
                if name == "http" {
                    overHTTP.append(seconds)
                    branches = try countBranches(target)
                } else {
                    local.append(seconds)
                }
                try? FileManager.default.removeItem(atPath: target)
            }
        }
        let http = Statistics.percentile(overHTTP.sorted(), 0.5)
        let plain = Statistics.percentile(local.sorted(), 0.5)
        Report.line("git.clone_branches", Double(branches), "branches")
        Report.line("git.clone_http_median", http, "s")
        Report.line("git.clone_no_local_median", plain, "s")
        Report.line("git.clone_ratio", http / plain, "x")
    }

    /// The amendment branches a bare clone holds.
    static func countBranches(_ clone: String) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", clone, "for-each-ref", "--format=x", "refs/heads/amendments/"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return output.filter { $0 == UInt8(ascii: "\n") }.count
    }
}
