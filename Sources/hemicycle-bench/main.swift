import Foundation
import Logging

/// `hemicycle-bench <suite>`: release-built benchmarks printing one line per figure.
let usage = """
    usage: hemicycle-bench <suite> [options]
      import [--corpus <codes-fr-2015.tar.xz>] [--samples N] [--keep-bill <folder>]
          the 147,826-article corpus as one bill vs git fast-import; random article reads
      diff [--fixtures <../shared/fixtures>]
          the word diff vs git diff --no-index --word-diff on real and worst-case pairs
      votes [--votes N] [--amendments N] [--samples N] [--seconds S] [--bills <bills>] [--only PART]
            [--store sqlite|postgres|both] [--database-url postgres://…]
          durable votes per second at the store layer (sequential and 64 tasks; PostgreSQL in a
          new database of the cluster the URL or HEMICYCLE_DATABASE_URL names, dropped after), proposal
          latency at 100 and at N (100,000) amendments, and votes through HTTP with 64 clients
          against the same server's /healthz, on each store named (PostgreSQL figures are
          votes.postgres_…); PART is database, proposals or http; S (30) is
          the time of each HTTP part, health and votes alternating in rounds of S/3 each
      export [--amendments N] [--bills <bills>] [--keep <data directory>]
          the liasse, CSV and Akoma Ntoso exports of a bill with N (10,000) amendments, each by a
          child process opening the data directory as the command line does: time and peak memory
      adopt [--adopted N] [--open M] [--sample K] [--bills <bills>]
          adopt N (100) amendments and carry M (10,000) open ones onto the new version: time, and
          time per carried amendment against stock git's rebase of K (200) of the same branches
      pages [--amendments N] [--votes V] [--seconds S] [--bills <bills>] [--keep <data directory>]
            [--only PART]
          the amendment and article pages of a bill with N (10,000) amendments and V (1,000,000)
          votes, each page with 24 comments, against /healthz in the same run: rendered for each request (a server keeping no
          rendered page), read without a copy (plain GET), and read with one (ETag, answered 304)
          (requests/s, p99, ratio); S (30) is the time of each of the three; PART is a page
          (amendment, article), a way (rendered, uncached, cached) or both (article_cached)
      git [--amendments N] [--votes V] [--runs R] [--bills <bills>] [--keep <data directory>]
          a ledger epoch of the bill's V (1,000,000) votes, the next epoch after one more vote, and
          recounts of the ledger by hemicycle and tools/recount.py; then git clone over HTTP of the
          bill with N (10,000) amendment branches against git clone --no-local of the same bare
          repository, alternating R (3) times: medians, ratio
      abuse [--seconds S] [--amendments N] [--bills <bills>] [--only flood|reads|packing]
          /healthz latency and votes during a 16-client sign-in flood and during 8 clients
          reading the largest amendment accepted (S seconds each, 30); disk used by N (10,000)
          amendments before and after git housekeeping packs them
    """

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// The PostgreSQL cluster the benchmarks may use: `--database-url`, else `HEMICYCLE_DATABASE_URL`.
func databaseURLOption() -> String? {
    option("--database-url")
        ?? ProcessInfo.processInfo.environment["HEMICYCLE_DATABASE_URL"].flatMap {
            $0.isEmpty ? nil : $0
        }
}

/// The stores `--store` names: both when a cluster is named and no store is, else SQLite.
func storesOption() -> [String] {
    switch option("--store") {
    case "both": ["sqlite", "postgres"]
    case let store?: [store]
    case nil: databaseURLOption() == nil ? ["sqlite"] : ["sqlite", "postgres"]
    }
}

// Figures on standard output; only warnings and errors on standard error, from the engines
// the suites and their server child run.
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}

do {
    switch arguments.first {
    case "import":
        let corpus = option("--corpus") ?? "../shared/corpus/codes-fr-2015.tar.xz"
        try await ImportSuite.run(
            corpusArchive: URL(fileURLWithPath: corpus), readSamples: Int(option("--samples") ?? "") ?? 2000,
            keep: option("--keep-bill").map { URL(fileURLWithPath: $0) })
    case "diff":
        try DiffSuite.run(fixtures: URL(fileURLWithPath: option("--fixtures") ?? "../shared/fixtures"))
    case "votes":
        try await VotesSuite.run(
            votes: Int(option("--votes") ?? "") ?? 20_000, amendments: Int(option("--amendments") ?? "") ?? 100_000,
            samples: Int(option("--samples") ?? "") ?? 200, seconds: Double(option("--seconds") ?? "") ?? 30,
            bills: URL(fileURLWithPath: option("--bills") ?? "bills"), only: option("--only"),
            stores: storesOption(), databaseURL: databaseURLOption())
    case "adopt":
        try await AdoptSuite.run(
            bills: URL(fileURLWithPath: option("--bills") ?? "bills"), adopted: Int(option("--adopted") ?? "") ?? 100,
            open: Int(option("--open") ?? "") ?? 10_000, sample: Int(option("--sample") ?? "") ?? 200)
    case "abuse":
        try await AbuseSuite.run(
            bills: URL(fileURLWithPath: option("--bills") ?? "bills"), seconds: Double(option("--seconds") ?? "") ?? 30,
            amendments: Int(option("--amendments") ?? "") ?? 10_000, only: option("--only"))
    case "diff-profile":
        try DiffSuite.profileLong(
            fixtures: URL(fileURLWithPath: option("--fixtures") ?? "../shared/fixtures"),
            singleLine: arguments.contains("--single-line"))
    case "serve-child" where arguments.count >= 3:
        // serve-child <data> <port> [--database-url <url>] [--page-memory-mib N] [trusted proxy…]
        var rest = Array(arguments.dropFirst(3))
        func take(_ name: String) -> String? {
            guard let index = rest.firstIndex(of: name), index + 1 < rest.count else { return nil }
            defer { rest.removeSubrange(index...(index + 1)) }
            return rest[index + 1]
        }
        let databaseURL = take("--database-url")
        let pageMemory = take("--page-memory-mib").flatMap { Int($0) }.map { $0 << 20 }
        try await VotesOverHTTP.serve(
            data: URL(fileURLWithPath: arguments[1]), port: Int(arguments[2]) ?? 0, databaseURL: databaseURL,
            pageMemory: pageMemory, trustedProxies: Set(rest))
    case "export":
        try await ExportSuite.run(
            bills: URL(fileURLWithPath: option("--bills") ?? "bills"),
            amendments: Int(option("--amendments") ?? "") ?? 10_000,
            keep: option("--keep").map { URL(fileURLWithPath: $0) })
    case "pages":
        try await PagesSuite.run(
            bills: URL(fileURLWithPath: option("--bills") ?? "bills"),
            amendments: Int(option("--amendments") ?? "") ?? 10_000, votes: Int(option("--votes") ?? "") ?? 1_000_000,
            seconds: Double(option("--seconds") ?? "") ?? 30, keep: option("--keep").map { URL(fileURLWithPath: $0) },
            only: option("--only"))
    case "git":
        try await GitSuite.run(
            bills: URL(fileURLWithPath: option("--bills") ?? "bills"),
            amendments: Int(option("--amendments") ?? "") ?? 10_000, votes: Int(option("--votes") ?? "") ?? 1_000_000,
            runs: Int(option("--runs") ?? "") ?? 3, keep: option("--keep").map { URL(fileURLWithPath: $0) })
    case "export-child" where arguments.count == 4:
        try await ExportSuite.child(
            dataDirectory: URL(fileURLWithPath: arguments[1]), format: arguments[2],
            out: URL(fileURLWithPath: arguments[3]))
    case "import-child" where arguments.count == 3:
        try await ImportSuite.child(
            folder: URL(fileURLWithPath: arguments[1]), dataDirectory: URL(fileURLWithPath: arguments[2]))
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("hemicycle-bench: \(error)\n".utf8))
    exit(1)
}
