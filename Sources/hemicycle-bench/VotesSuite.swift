import Crypto
import Foundation
import Legislation
import Participation
import ParticipationPostgres
import ParticipationSQLite

/// `hemicycle-bench votes`: durable votes per second at the database layer (each acknowledged
/// only once its transaction is on disk), one at a time and from 64 concurrent tasks.
enum VotesSuite {
    /// The bill the database part votes on (no repository: the store alone).
    static let bill = BillSlug("bench")!
    static func run(
        votes: Int, amendments: Int, samples: Int, seconds: Double, bills: URL, only: String?, stores: [String],
        databaseURL: String?
    ) async throws {
        if only == nil || only == "database" {
            for store in stores {
                switch store {
                case "sqlite": try await sqliteLayer(votes: votes)
                case "postgres":
                    guard let databaseURL else {
                        throw BenchError("--store postgres needs --database-url or HEMICYCLE_DATABASE_URL")
                    }
                    try await postgresLayer(votes: votes, cluster: databaseURL)
                default: throw BenchError("--store is sqlite, postgres or both")
                }
            }
        }
        if only == nil || only == "proposals" {
            try await ProposalLatency.run(bills: bills, target: amendments, samples: samples)
        }
        if only == nil || only == "http" {
            try await VotesOverHTTP.run(bills: bills, seconds: seconds, stores: stores, databaseURL: databaseURL)
        }
    }

    static let digest: @Sendable ([UInt8]) -> [UInt8] = { Array(SHA256.hash(data: $0)) }

    /// The SQLite store in a temporary directory (figures `votes.database_…`).
    static func sqliteLayer(votes: Int) async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hemicycle-bench-votes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let database = try ParticipationDatabase.open(
            path: work.appendingPathComponent("hemicycle.sqlite").path, digest: digest)
        Report.line("votes.synchronous_full", try database.synchronousMode() == 2 ? 1 : 0, "bool")
        try await storeLayer(database, prefix: "votes.database", votes: votes)
    }

    /// The PostgreSQL store in a new database of the cluster `cluster` names, dropped afterwards
    /// (figures `votes.postgres_…`).
    static func postgresLayer(votes: Int, cluster: String) async throws {
        let url = try await BenchDatabase.create(in: cluster)
        let store = try await PostgresParticipationStore.connect(url: url, digest: digest)
        do {
            Report.line(
                "votes.postgres_synchronous_commit_on", try await store.setting("synchronous_commit") == "on" ? 1 : 0,
                "bool")
            try await storeLayer(store, prefix: "votes.postgres", votes: votes)
        } catch {
            store.shutdown()
            try? await BenchDatabase.drop(url, in: cluster)
            throw error
        }
        store.shutdown()
        try await BenchDatabase.drop(url, in: cluster)
    }

    /// Durable votes per second through a store: one client, then 64 concurrent ones.
    static func storeLayer(_ database: any ParticipationStore, prefix: String, votes: Int) async throws {
        let now = Date()
        // Each voter signs in: a vote is cast with a session, which its own transaction checks.
        var accounts: [Account.ID] = []
        var sessions: [String] = []
        for index in 0..<votes {
            let id = Account.ID(rawValue: "bench-\(index)")
            _ = try await database.createAccount(
                id: id, handle: Handle("votant-\(index)")!, passwordHash: "!", role: .citizen, at: now,
                reservation: "r-\(id)", byItself: false)
            accounts.append(id)
            let session = "bench-session-\(index)"
            try await database.createSession(
                tokenHash: session, for: id, at: now, expiresAt: now.addingTimeInterval(3600))
            sessions.append(session)
        }
        let amendments = (1...2).map { Amendment.Number($0)! }
        for number in amendments {
            try await database.recordAmendment(
                Amendment(
                    number: number, title: "Bench", summary: "", state: .proposed, author: accounts[0],
                    baseVersion: VersionNumber(1)!, head: String(repeating: "0", count: 40), createdAt: now,
                    updatedAt: now),
                revision: "r1", articles: ["1er"], bill: Self.bill)
        }

        // One client, one vote after the other.
        let clock = ContinuousClock()
        var latencies: [Double] = []
        latencies.reserveCapacity(votes)
        let sequential = try await clock.measure {
            for session in sessions {
                let elapsed = try await clock.measure {
                    _ = try await database.castVote(
                        .for, bill: Self.bill, number: amendments[0], session: session, at: now)
                }
                latencies.append(elapsed.milliseconds)
            }
        }
        latencies.sort()
        Report.line("\(prefix)_sequential_rate", Double(votes) / (sequential.milliseconds / 1000), "votes/s")
        Report.line("\(prefix)_sequential_p50", Statistics.percentile(latencies, 0.5), "ms")
        Report.line("\(prefix)_sequential_p99", Statistics.percentile(latencies, 0.99), "ms")

        // 64 concurrent clients on the second amendment.
        let voters = sessions
        let concurrent = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<64 {
                    group.addTask {
                        for index in stride(from: lane, to: voters.count, by: 64) {
                            _ = try await database.castVote(
                                .against, bill: Self.bill, number: amendments[1], session: voters[index], at: now)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        Report.line("\(prefix)_concurrent64_rate", Double(votes) / (concurrent.milliseconds / 1000), "votes/s")
        let tally = try await database.tallies(bill: Self.bill, number: amendments[1])["r1"] ?? Tally()
        Report.line("\(prefix)_concurrent64_tally_exact", tally.against == votes ? 1 : 0, "bool")

        // What every signed-in request but a vote pays before its own work: finding the session's
        // account (a vote checks its session inside its own write).
        let lookups = 50_000
        let sample = min(100, sessions.count)
        let looking = try await clock.measure {
            for index in 0..<lookups {
                guard try await database.account(forSession: sessions[index % sample], at: now) != nil else {
                    throw BenchError("session \(index % sample) not found")
                }
            }
        }
        Report.line("\(prefix)_session_lookup_rate", Double(lookups) / (looking.milliseconds / 1000), "lookups/s")
    }
}
