import ArgumentParser
import CAllocator
import Foundation
import Hemicycle
import HemicycleWeb
import Legislation
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

    @Option(help: "Amendments one account may propose per hour (0: no quota).")
    var proposalsPerHour = 30

    @Option(help: "Revisions one account may make per hour (0: no quota).")
    var revisionsPerHour = 120

    @Option(help: "Comments one account may write per hour (0: no quota).")
    var commentsPerHour = 60

    @Option(help: "Accounts that may be made from one network address per hour (0: no quota).")
    var signUpsPerHour = 10

    @Option(help: "Alinéas one article of an amendment may have.")
    var alineasPerArticle = Limits().alineasPerArticle

    @Option(help: "Words one alinéa of an amendment may have.")
    var wordsPerAlinea = Limits().wordsPerAlinea

    @Option(help: "Articles one amendment may modify, insert or delete (50 at most).")
    var changesPerAmendment = Limits().changesPerAmendment

    @Option(help: "Hours an account must exist before its reports count toward hiding an item.")
    var reporterMinimumAgeHours = Limits().moderation.minimumReporterAge / 3600

    @Option(help: "Seconds a connection may stay idle, a slow request head included.")
    var idleTimeout: Int64 = 15

    @Option(help: "Mebibytes of rendered pages kept in memory for their next readers (0 keeps none).")
    var pageMemoryMib = 32

    @Option(help: "git processes serving clones and fetches at once (more are answered 503).")
    var gitProcesses = 4

    @Option(help: "Seconds one git process may serve one clone or fetch.")
    var gitTimeLimit = 600

    @Option(help: "Minutes between two epochs of the bills' public participation ledgers.")
    var ledgerMinutes = 10

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "The address of a reverse proxy in front (repeatable): its X-Forwarded-For names the client.",
            discussion: "Without it, every request behind a proxy shares the proxy's address for throttling."))
    var trustedProxies: [String] = []

    /// The limits the options set, over the defaults.
    var limits: Limits {
        var limits = Limits()
        func quota(_ count: Int) -> Quota? { count > 0 ? Quota(limit: count, window: 3600) : nil }
        limits.proposalsPerAccount = quota(proposalsPerHour)
        limits.revisionsPerAccount = quota(revisionsPerHour)
        limits.commentsPerAccount = quota(commentsPerHour)
        limits.signUpsPerAddress = quota(signUpsPerHour)
        limits.alineasPerArticle = alineasPerArticle
        limits.wordsPerAlinea = wordsPerAlinea
        limits.changesPerAmendment = changesPerAmendment
        limits.moderation.minimumReporterAge = reporterMinimumAgeHours * 3600
        return limits
    }

    func validate() throws {
        for (name, value) in [
            ("--proposals-per-hour", proposalsPerHour), ("--revisions-per-hour", revisionsPerHour),
            ("--comments-per-hour", commentsPerHour), ("--sign-ups-per-hour", signUpsPerHour),
        ] where value < 0 {
            throw ValidationError("\(name) is 0 (no quota) or more")
        }
        for (name, value) in [
            ("--alineas-per-article", alineasPerArticle), ("--words-per-alinea", wordsPerAlinea),
        ] where value < 1 {
            throw ValidationError("\(name) is at least 1")
        }
        guard (1...50).contains(changesPerAmendment) else {
            throw ValidationError("--changes-per-amendment must be between 1 and 50")
        }
        guard reporterMinimumAgeHours >= 0 else { throw ValidationError("--reporter-minimum-age-hours is 0 or more") }
        guard (1...3600).contains(idleTimeout) else {
            throw ValidationError("--idle-timeout must be between 1 and 3600 seconds")
        }
        for proxy in trustedProxies where !WebConfiguration.isIPAddress(proxy) {
            throw ValidationError("--trusted-proxy takes an IP address, as the socket reports it (not \(proxy))")
        }
        guard (1...256).contains(gitProcesses) else {
            throw ValidationError("--git-processes must be between 1 and 256")
        }
        guard (1...1440).contains(ledgerMinutes) else {
            throw ValidationError("--ledger-minutes must be between 1 and 1440")
        }
        guard (1...86_400).contains(gitTimeLimit) else {
            throw ValidationError("--git-time-limit must be between 1 and 86400 seconds")
        }
        guard (0...4096).contains(pageMemoryMib) else {
            throw ValidationError("--page-memory-mib must be between 0 and 4096")
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
    }

    func run() async throws {
        _ = hemicycle_allocator_tune_for_serving()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let seeds = URL(fileURLWithPath: billsDir)
        let demo = URL(fileURLWithPath: demoDir)
        let application = try await buildApplication(
            configuration: ServerConfiguration(
                engine: data.configuration(
                    seedDirectory: FileManager.default.fileExists(atPath: seeds.path) ? seeds : nil,
                    demoDirectory: FileManager.default.fileExists(atPath: demo.path) ? demo : nil, limits: limits),
                web: WebConfiguration(
                    host: host, port: port, idleTimeout: idleTimeout, trustedProxies: Set(trustedProxies),
                    pageMemory: pageMemoryMib << 20, gitProcesses: gitProcesses, gitTimeLimit: gitTimeLimit,
                    ledgerInterval: ledgerMinutes * 60)),
            logger: Logger(label: "hemicycle"))
        try await application.runService()
    }
}
