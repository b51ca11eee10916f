import Foundation
import Hemicycle
import Legislation

#if canImport(Glibc)
    import Glibc
#endif

/// `hemicycle-bench git`: a ledger epoch of the bill's V (1,000,000) votes, the next after one
/// more vote, and the recounts of its ledger; then `git clone` over HTTP of the bill with N (10,000) amendment branches,
/// from a server child, against `git clone --no-local` of the same bare repository in the same
/// run (git's own transfer, without HTTP or our server), alternating, `runs` times each: the
/// median of each and their ratio.
enum GitSuite {
    static func run(bills: URL, amendments: Int, votes: Int, runs: Int, keep: URL?) async throws {
        let work =
            keep
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "hemicycle-bench-git-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: work) } }
        if !FileManager.default.fileExists(atPath: work.appendingPathComponent("hemicycle.sqlite").path) {
            try await PagesSuite.fill(bills: bills, in: work, amendments: amendments, votes: votes)
        }
        let slug = BenchEngine.slug.value
        let repository = work.appendingPathComponent("bills/\(slug).git").path
        try await ledger(bills: bills, work: work, repository: repository)
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

    /// The bill's ledger: its first epoch (every vote), the next after one more vote (files
    /// already stored are not written again), and a recount of the repository by `Recount` and by
    /// `tools/recount.py`.
    static func ledger(bills: URL, work: URL, repository: String) async throws {
        // A ledger left by an earlier run (`--keep`) is started again (its files are stored already).
        _ = try AdoptSuite.gitStatus(["--git-dir", repository, "update-ref", "-d", "refs/heads/participation"])
        let engine = try await Engine.open(configuration: Configuration(dataDirectory: work, seedDirectory: bills))
        let clock = ContinuousClock()
        var first: Engine.LedgerEpochReport?
        let writing = try await clock.measure { first = try await engine.writeLedgerEpoch(of: BenchEngine.slug) }
        guard let first else { throw BenchError("no ledger epoch was written") }
        Report.line("git.ledger_epoch_votes", Double(first.votes), "votes")
        Report.line("git.ledger_epoch_amendments", Double(first.amendments), "amendments")
        Report.line("git.ledger_epoch_seconds", writing.milliseconds / 1000, "s")
        Report.line("git.ledger_epoch_read_seconds", first.readSeconds, "s")
        Report.line("git.ledger_epoch_receipts_seconds", first.receiptSeconds, "s")
        Report.line("git.ledger_epoch_write_seconds", first.writeSeconds, "s")
        let handle = "ledger-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await engine.signUp(handle: handle, password: "mot de passe du banc")
        let session = try await engine.signIn(handle: handle, password: "mot de passe du banc")
        _ = try await engine.vote(
            .for, on: Amendment.Number(1)!, of: BenchEngine.slug, token: BearerToken(session.token))
        var next: Engine.LedgerEpochReport?
        let following = try await clock.measure { next = try await engine.writeLedgerEpoch(of: BenchEngine.slug) }
        guard next?.number == first.number + 1 else { throw BenchError("the next ledger epoch was not written") }
        Report.line("git.ledger_next_epoch_seconds", following.milliseconds / 1000, "s")
        await engine.close()
        var report: Recount.Report?
        let recounting = try clock.measure { report = try Recount.check(repositoryAt: repository) }
        Report.line("git.recount_seconds", recounting.milliseconds / 1000, "s")
        Report.line("git.recount_discrepancies", Double(report?.discrepancies.count ?? -1), "discrepancies")
        // The script as the repository holds it (the suites run from its root, as `--bills bills` does).
        let script = "tools/recount.py"
        guard FileManager.default.fileExists(atPath: script) else { return }
        let python = try clock.measure {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, repository]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw BenchError("tools/recount.py found discrepancies") }
        }
        Report.line("git.recount_python_seconds", python.milliseconds / 1000, "s")
    }
}
