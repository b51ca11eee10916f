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
        try await ruleComparison(database, prefix: "votes.database", votes: votes)
    }

    /// The continuous rule of the runs `…_rule`: every vote of its pattern (supports spread over
    /// 100 amendments, oppositions over 100 others) meets no criterion but the share, which it
    /// must count participants for, so each vote pays the whole evaluation that a vote far from
    /// the line can pay.
    static let rule = #"{"minimumShare": 0.2, "topPerArticle": 3, "evaluation": "continuous"}"#

    /// The vote path with and without the continuous `rule`, on two bills of the same shape
    /// (200 amendments over 10 articles each), measured in 9 alternating rounds — one client,
    /// then 64, on one bill then the other, the order swapped every round — so that both see the
    /// machine in the same state: `…_rule_ratio_sequential` and `…_rule_ratio_concurrent64` are the
    /// medians of the rounds' ratios (rate with the rule over rate without), `…_rule_…_rate` the
    /// median rate with the rule.
    static func ruleComparison(_ database: any ParticipationStore, prefix: String, votes: Int) async throws {
        let now = Date()
        let rounds = 9
        let perRound = max(128, votes / 10)
        var sessions: [String] = []
        for index in 0..<(rounds * perRound) {
            let id = Account.ID(rawValue: "bench-cmp-\(index)")
            _ = try await database.createAccount(
                id: id, handle: Handle("votant-cmp-\(index)")!, passwordHash: "!", role: .citizen, at: now,
                reservation: "r-\(id)", byItself: false)
            let session = "bench-cmp-session-\(index)"
            try await database.createSession(
                tokenHash: session, for: id, at: now, expiresAt: now.addingTimeInterval(3600))
            sessions.append(session)
        }
        let plain = BillSlug("bench-cmp-plain")!
        let ruled = BillSlug("bench-cmp-rule")!
        try await database.setPromotionRule(rule, bill: ruled, by: nil, at: now)
        let supported = (1...100).map { Amendment.Number($0)! }
        let opposed = (101...200).map { Amendment.Number($0)! }
        for bill in [plain, ruled] {
            for number in supported + opposed {
                try await database.recordAmendment(
                    Amendment(
                        number: number, title: "Bench", summary: "", state: .proposed,
                        author: Account.ID(rawValue: "bench-cmp-0"), baseVersion: VersionNumber(1)!,
                        head: String(repeating: "0", count: 40), createdAt: now, updatedAt: now),
                    revision: "r1", articles: ["\(number.value % 10 + 1)"], bill: bill)
            }
        }
        let clock = ContinuousClock()
        var sequential: [BillSlug: [Double]] = [:]
        var concurrent: [BillSlug: [Double]] = [:]
        for round in 0..<rounds {
            let voters = Array(sessions[(round * perRound)..<((round + 1) * perRound)])
            let order = round % 2 == 0 ? [plain, ruled] : [ruled, plain]
            for bill in order {
                let elapsed = try await clock.measure {
                    for (index, session) in voters.enumerated() {
                        _ = try await database.castVote(
                            .for, bill: bill, number: supported[index % supported.count], session: session, at: now)
                    }
                }
                sequential[bill, default: []].append(Double(voters.count) / (elapsed.milliseconds / 1000))
            }
            for bill in order.reversed() {
                let elapsed = try await clock.measure {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for lane in 0..<64 {
                            group.addTask {
                                for index in stride(from: lane, to: voters.count, by: 64) {
                                    _ = try await database.castVote(
                                        .against, bill: bill, number: opposed[index % opposed.count],
                                        session: voters[index], at: now)
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                concurrent[bill, default: []].append(Double(voters.count) / (elapsed.milliseconds / 1000))
            }
        }
        func median(_ values: [Double]) -> Double { Statistics.percentile(values.sorted(), 0.5) }
        for (part, rates) in [("sequential", sequential), ("concurrent64", concurrent)] {
            let ratios = zip(rates[ruled] ?? [], rates[plain] ?? []).map { $0 / $1 }
            Report.line("\(prefix)_rule_\(part)_rate", median(rates[ruled] ?? []), "votes/s")
            Report.line("\(prefix)_rule_ratio_\(part)", median(ratios), "x")
            Report.line("\(prefix)_rule_ratio_\(part)_min", ratios.min() ?? .nan, "x")
        }
        Report.line("\(prefix)_rule_queued", Double(try await database.queue(bill: ruled).count), "amendments")
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
            try await ruleComparison(store, prefix: "votes.postgres", votes: votes)
        } catch {
            store.shutdown()
            try? await BenchDatabase.drop(url, in: cluster)
            throw error
        }
        store.shutdown()
        try await BenchDatabase.drop(url, in: cluster)
    }

    /// Durable votes per second through a store: one client, then 64 concurrent ones; supports
    /// spread over 100 amendments of 10 articles, then oppositions over 100 others.
    static func storeLayer(_ database: any ParticipationStore, prefix: String, votes: Int) async throws {
        let now = Date()
        let bill = Self.bill
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
        let supported = (1...100).map { Amendment.Number($0)! }
        let opposed = (101...200).map { Amendment.Number($0)! }
        for number in supported + opposed {
            try await database.recordAmendment(
                Amendment(
                    number: number, title: "Bench", summary: "", state: .proposed, author: accounts[0],
                    baseVersion: VersionNumber(1)!, head: String(repeating: "0", count: 40), createdAt: now,
                    updatedAt: now),
                revision: "r1", articles: ["\(number.value % 10 + 1)"], bill: bill)
        }

        // One client, one vote after the other.
        let clock = ContinuousClock()
        var latencies: [Double] = []
        latencies.reserveCapacity(votes)
        let sequential = try await clock.measure {
            for (index, session) in sessions.enumerated() {
                let elapsed = try await clock.measure {
                    _ = try await database.castVote(
                        .for, bill: bill, number: supported[index % supported.count], session: session, at: now)
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
                                .against, bill: bill, number: opposed[index % opposed.count], session: voters[index],
                                at: now)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        Report.line("\(prefix)_concurrent64_rate", Double(votes) / (concurrent.milliseconds / 1000), "votes/s")
        var against = 0
        for number in opposed { against += try await database.tallies(bill: bill, number: number)["r1"]?.against ?? 0 }
        Report.line("\(prefix)_concurrent64_tally_exact", against == votes ? 1 : 0, "bool")

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
