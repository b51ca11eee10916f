import ArgumentParser
import Foundation
import Hemicycle

/// `hemicycle bill follow <url> [--slug S]`: a bill published by another assembly, followed here.
struct BillFollow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Follow a bill published by another assembly: clone it over HTTP, keeping its versions and history.",
        discussion: """
            The address is another Hemicycle's (http://host/git/<slug>.git) or any git host's holding a bill \
            folder repository (main and version tags v1, v2…). Its new versions are fetched by `hemicycle bill \
            sync` and when the server starts. Citizens here amend and vote on it as on any bill.
            """)

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The bill's address, http(s)://…")
    var url: String

    @Option(help: "The bill's slug here (lowercase letters, digits, hyphens); the address's last part when omitted.")
    var slug: String?

    func run() async throws {
        let engine = try await data.engine()
        let followed = try await engine.followBill(
            from: url, slug: try slug.map { text throws(HemicycleError) in try Parse.newSlug(text) })
        if output.json { return try Output.json(followed) }
        print("following \(followed.slug) from \(followed.upstream): \(followed.taken.joined(separator: ", "))")
    }
}

/// `hemicycle bill sync`: the new versions of every followed bill.
struct BillSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch the new versions of every bill followed from another assembly.",
        discussion: "Exit status 1 when a followed bill could not be synced (its upstream unreachable, or rewritten).")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let engine = try await data.engine()
        let (synced, failed) = await engine.syncFollowedBills()
        if output.json {
            try Output.json(synced)
        } else {
            if synced.isEmpty && failed.isEmpty { print("no bill is followed from another assembly") }
            for bill in synced {
                print(
                    "\(bill.slug): "
                        + (bill.taken.isEmpty ? "up to date" : "new versions \(bill.taken.joined(separator: ", "))")
                        + " (from \(bill.upstream))")
            }
        }
        for failure in failed { Output.error("\(failure.slug): \(failure.reason)") }
        if !failed.isEmpty { throw ExitCode.failure }
    }
}
