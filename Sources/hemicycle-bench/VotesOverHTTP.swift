import CAllocator
import Foundation
import Hemicycle
import HemicycleWeb
import Hummingbird
import Logging
import Participation
import ParticipationPostgres
import ParticipationSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// Votes through the JSON API: a server child (the same application `hemicycle serve` builds)
/// and 64 keep-alive clients. `/healthz` as fast as it answers and votes as fast as they are
/// acknowledged, alternately, then votes at a steady 1,000 per second; every vote changes the caller's
/// vote, so each is a durable write, and afterwards the audit log must hold one row per 2xx.
/// Over SQLite (figures `votes.http_…`) and, given a cluster, over a PostgreSQL database of its
/// own, dropped afterwards (figures `votes.postgres_http_…`).
enum VotesOverHTTP {
    static let clients = 64
    /// Amendments voted on per phase; each client toggles its vote on them, for then against.
    static let amendmentsPerPhase = 20
    /// Rounds of health then votes, closed-loop.
    static let rounds = 3

    static func run(bills: URL, seconds: Double, stores: [String], databaseURL: String?) async throws {
        for store in stores {
            switch store {
            case "sqlite": try await run(bills: bills, seconds: seconds, prefix: "votes.", databaseURL: nil)
            case "postgres":
                guard let databaseURL else {
                    throw BenchError("--store postgres needs --database-url or HEMICYCLE_DATABASE_URL")
                }
                let url = try await BenchDatabase.create(in: databaseURL)
                do {
                    try await run(bills: bills, seconds: seconds, prefix: "votes.postgres_", databaseURL: url)
                } catch {
                    try? await BenchDatabase.drop(url, in: databaseURL)
                    throw error
                }
                try await BenchDatabase.drop(url, in: databaseURL)
            default: throw BenchError("--store is sqlite, postgres or both")
            }
        }
    }

    /// One store: SQLite in the data directory when `databaseURL` is nil, else that database.
    static func run(bills: URL, seconds: Double, prefix: String, databaseURL: String?) async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hemicycle-bench-http-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let (tokens, numbers) = try await prepare(bills: bills, in: work, databaseURL: databaseURL)

        let port = try freePort()
        let server = try ChildProcess.spawn(
            CommandLine.arguments[0],
            ["serve-child", work.path, String(port)] + (databaseURL.map { ["--database-url", $0] } ?? []), quiet: true)
        defer {
            kill(server.pid, SIGTERM)
            _ = server.wait()
        }
        try waitForHealth(port: port)
        let connections = try (0..<clients).map { _ in try HTTPConnection(port: port) }

        // Health and votes alternate, `rounds` times each, so drift in the machine's speed
        // weighs on both sides of the ratio alike.
        var health = HTTPLoad.Result()
        var closed = HTTPLoad.Result()
        for round in 0..<rounds {
            health.add(
                HTTPLoad.closedLoop(connections, seconds: seconds / Double(rounds)) { _, _ in
                    HTTPConnection.request("GET", "/healthz")
                })
            let voted = Array(numbers[(round * amendmentsPerPhase)..<((round + 1) * amendmentsPerPhase)])
            closed.add(
                HTTPLoad.closedLoop(connections, seconds: seconds / Double(rounds)) { client, k in
                    vote(token: tokens[client], numbers: voted, k: k)
                })
        }
        try report(prefix, "health", health)
        try report(prefix, "http_votes", closed)
        Report.line("\(prefix)http_ratio_vs_health", closed.rate / health.rate, "x")

        let paced = HTTPLoad.openLoop(connections, rate: 1000, seconds: seconds) { client, k in
            vote(token: tokens[client], numbers: Array(numbers[(rounds * amendmentsPerPhase)...]), k: k)
        }
        try report(prefix, "http_votes_at_1000_per_s", paced)

        // A graceful stop: the server finishes its requests and its group commit, then exits.
        kill(server.pid, SIGTERM)
        _ = server.wait()
        let entries: [AuditEntry]
        if let databaseURL {
            let store = try await PostgresParticipationStore.connect(url: databaseURL, digest: { _ in [] })
            entries = try await store.auditLog()
            await store.close()
        } else {
            entries = try ParticipationDatabase.open(
                path: work.appendingPathComponent("hemicycle.sqlite").path, digest: { _ in [] }
            ).auditLog()
        }
        let stored = entries.filter { $0.action == "vote.cast" }.count
        Report.line(
            "\(prefix)http_acknowledged_votes_in_audit_log", stored == closed.requests + paced.requests ? 1 : 0, "bool")
    }

    /// Client `k`-th vote: the amendments in turn, for on even rounds and against on odd ones.
    static func vote(token: String, numbers: [Int], k: Int) -> [UInt8] {
        let value = (k / numbers.count).isMultiple(of: 2) ? "for" : "against"
        return HTTPConnection.request(
            "PUT", "/api/v1/bills/\(BenchEngine.slug)/amendments/\(numbers[k % numbers.count])/vote", token: token,
            body: #"{"value": "\#(value)"}"#)
    }

    static func report(_ prefix: String = "votes.", _ name: String, _ result: HTTPLoad.Result) throws {
        if result.failures > 0 {
            throw BenchError("\(name): \(result.failures) failed requests; first: \(result.firstFailure ?? "")")
        }
        Report.line("\(prefix)\(name)_requests", Double(result.requests), "requests")
        Report.line("\(prefix)\(name)_rate", result.rate, "requests/s")
        Report.line("\(prefix)\(name)_p50", Statistics.percentile(result.latencies, 0.5), "ms")
        Report.line("\(prefix)\(name)_p99", Statistics.percentile(result.latencies, 0.99), "ms")
    }

    /// The data directory: the demo bill, 64 signed-in citizens, amendments to vote on.
    static func prepare(bills: URL, in directory: URL, databaseURL: String?) async throws
        -> (tokens: [String], numbers: [Int])
    {
        let bench = try await BenchEngine.make(bills: bills, in: directory, databaseURL: databaseURL)
        var tokens: [String] = []
        var author: Identity?
        for index in 0..<clients {
            let citizen = try await bench.citizen(index)
            tokens.append(citizen.token)
            author = author ?? citizen.identity
        }
        var numbers: [Int] = []
        for index in 0..<((rounds + 1) * amendmentsPerPhase) {
            guard let author else { break }
            numbers.append(
                try await bench.engine.proposeAmendment(to: BenchEngine.slug, bench.amendment(index), by: author).number
                    .value
            )
        }
        await bench.engine.close()
        return (tokens, numbers)
    }

    /// A port nobody listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw BenchError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits for the server's health check; a server opening a large data directory checks its
    /// repositories against its records first (`seconds`, 10 by default).
    static func waitForHealth(port: Int, seconds: Int = 10) throws {
        for _ in 0..<(seconds * 20) {
            if let connection = try? HTTPConnection(port: port),
                let response = try? connection.send(HTTPConnection.request("GET", "/healthz")), response.status == 200
            {
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw BenchError("the server did not answer /healthz within \(seconds) s")
    }

    /// The child side: the application `hemicycle serve` builds, over `data` (and the database
    /// `databaseURL` names, else SQLite in `data`), on `port`.
    static func serve(
        data: URL, port: Int, databaseURL: String?, pageMemory: Int? = nil, trustedProxies: Set<String> = []
    ) async throws {
        _ = hemicycle_allocator_tune_for_serving()
        var engine = Configuration(dataDirectory: data)
        engine.databaseURL = databaseURL
        let application = try await buildApplication(
            configuration: ServerConfiguration(
                engine: engine,
                web: WebConfiguration(
                    host: "127.0.0.1", port: port, trustedProxies: trustedProxies,
                    pageMemory: pageMemory ?? WebConfiguration().pageMemory)),
            logger: Logger(label: "hemicycle"))
        try await application.runService()
    }
}
