import Foundation
import Legislation
import Logging
import Participation
import PostgresNIO

/// The participation store on PostgreSQL, for several web nodes on one database: a pool of
/// connections (PostgresNIO's `PostgresClient`), the schema migrated under an advisory lock,
/// the same constraints as the SQLite store (one vote per person and amendment is a primary key,
/// tallies move in the vote's transaction, an append-only audit log chained by hash).
///
/// Every write is one transaction that first takes one advisory lock: the audit log is one
/// chain, so its appends are ordered anyway, and under that lock a write reads the state every
/// earlier write committed (on any node) and cannot race another.
public final class PostgresParticipationStore: ParticipationStore, Sendable {
    let client: PostgresClient
    let logger: Logger
    /// The digest used to chain audit rows (SHA-256, handed in).
    let digest: @Sendable ([UInt8]) -> [UInt8]
    private let running: Task<Void, Never>
    /// Votes share transactions.
    let votes = PostgresGroupCommit()

    /// The advisory lock every write transaction takes, and the one migrations take.
    static let writeLock: Int64 = 0x4845_4D49_5752_4954
    static let migrationLock: Int64 = 0x4845_4D49_4D49_4752

    /// Connects to the database a URL names (`postgres://user:password@host:5432/database`, or
    /// `postgres://user@/database?host=/var/run/postgresql` for a Unix socket), brings its
    /// schema up to date and returns the store; its pool runs until `shutdown()`.
    public static func connect(
        url: String, digest: @escaping @Sendable ([UInt8]) -> [UInt8], logger: Logger = Logger(label: "hemicycle.db")
    ) async throws -> PostgresParticipationStore {
        let configuration = try Self.configuration(url: url)
        let store = PostgresParticipationStore(
            client: PostgresClient(configuration: configuration, backgroundLogger: logger), digest: digest,
            logger: logger)
        do {
            try await store.migrate()
        } catch {
            store.shutdown()
            throw ParticipationError(.storage, "cannot prepare the PostgreSQL database: \(Self.describe(error))")
        }
        return store
    }

    private init(client: PostgresClient, digest: @escaping @Sendable ([UInt8]) -> [UInt8], logger: Logger) {
        self.client = client
        self.digest = digest
        self.logger = logger
        running = Task { await client.run() }
    }

    /// Closes the pool's connections at once (writes in flight fail).
    public func shutdown() {
        running.cancel()
    }

    /// Finishes the votes in flight, then closes the pool's connections.
    public func close() async {
        await votes.drained()
        running.cancel()
        _ = await running.value
    }

    /// The client configuration a database URL names.
    static func configuration(url text: String) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? "") else {
            throw ParticipationError(
                .storage, "the database URL must look like postgres://user:password@host:5432/database")
        }
        let user = url.percentEncodedUser?.removingPercentEncoding ?? ProcessInfo.processInfo.environment["USER"]
        guard let user, !user.isEmpty else { throw ParticipationError(.storage, "the database URL names no user") }
        let password = url.percentEncodedPassword?.removingPercentEncoding
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        let database = path.isEmpty ? user : path
        let query = Dictionary(
            (url.queryItems ?? []).compactMap { item in item.value.map { (item.name, $0) } },
            uniquingKeysWith: { $1 })
        var configuration: PostgresClient.Configuration
        if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
            let port = url.port ?? Int(query["port"] ?? "") ?? 5432
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
        } else {
            configuration = .init(
                host: url.host ?? "localhost", port: url.port ?? 5432, username: user, password: password,
                database: database, tls: .disable)
        }
        configuration.options.maximumConnections = 32
        return configuration
    }

    // MARK: Transactions

    /// Runs `body` in one transaction that holds the write lock; rolls back when it throws.
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    try await connection.query("SELECT pg_advisory_xact_lock(\(Self.writeLock))", logger: logger)
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch {
            throw Self.translated(error)
        }
    }

    /// Runs `body` in a read-only transaction that sees one snapshot of the database throughout
    /// (repeatable read), for reads whose parts must agree.
    func readSnapshot<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await read { connection in
            try await connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Runs `body` on a connection of the pool, outside any transaction.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { try await body($0) }
        } catch {
            throw Self.translated(error)
        }
    }

    /// Whether an error is PostgreSQL refusing a row for a unique or primary key.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw
    }

    /// Errors of this module pass as they are; a row refused for a key already taken is a
    /// `.duplicate` (which callers word for what they wrote); any other becomes a storage error
    /// that says what the server said.
    static func translated(_ error: any Error) -> any Error {
        if error is ParticipationError || error is CancellationError { return error }
        if isUniqueViolation(error) { return ParticipationError(.duplicate, uniqueViolation) }
        return ParticipationError(.storage, "the database failed: \(describe(error))")
    }

    /// The message of a `.duplicate` that a key constraint raised.
    static let uniqueViolation = "a record with this key already exists"

    /// Whether an error is a key constraint's `.duplicate` (not one a check of ours raised).
    static func isDuplicateKey(_ error: any Error) -> Bool {
        (error as? ParticipationError).map { $0.code == .duplicate && $0.message == uniqueViolation } ?? false
    }

    /// The server's own words for an error, else its description.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// A date as stored: to the millisecond, as the SQLite store keeps it, so both give back
    /// the same values.
    static func stored(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }
}

extension PostgresParticipationStore {
    /// A server setting as the store's connections see it (`synchronous_commit` is `on` for
    /// durable commits).
    public func setting(_ name: String) async throws -> String {
        try await read { connection in
            for try await value in try await connection.query(
                "SELECT current_setting(\(name))", logger: logger
            ).decode(String.self) {
                return value
            }
            return ""
        }
    }
}
