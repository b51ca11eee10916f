import Crypto
import Foundation
import Logging
import Participation
import ParticipationPostgres
import ParticipationSQLite
import PostgresNIO
import TestSupport

/// The participation stores the contract suite runs over.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }
}

/// A store opened for one test, with what to remove afterwards.
public final class TestStore: @unchecked Sendable {
    /// The store.
    public let store: any ParticipationStore
    /// Its kind.
    public let kind: StoreKind
    /// For SQLite, the directory of its file; for PostgreSQL, the URL of its database.
    public let directory: TemporaryDirectory
    public let databaseURL: String?
    private let close: @Sendable () async -> Void

    init(
        store: any ParticipationStore, kind: StoreKind, directory: TemporaryDirectory, databaseURL: String?,
        close: @escaping @Sendable () async -> Void
    ) {
        self.store = store
        self.kind = kind
        self.directory = directory
        self.databaseURL = databaseURL
        self.close = close
    }

    /// Closes the store and removes its database.
    public func remove() async { await close() }
}

/// Opening stores for tests: SQLite in a temporary directory; PostgreSQL in a fresh database of
/// the cluster `HEMICYCLE_TEST_DATABASE_URL` names (`make test` starts one), dropped afterwards.
public enum TestStores {
    /// The cluster's URL, when one is named.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["HEMICYCLE_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The stores to run over here: SQLite always, PostgreSQL when a cluster is named.
    public static var kinds: [StoreKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// The audit chain's digest, as the engine gives it.
    public static let digest: @Sendable ([UInt8]) -> [UInt8] = { Array(SHA256.hash(data: $0)) }

    /// A new, empty store of `kind`.
    public static func open(_ kind: StoreKind) async throws -> TestStore {
        let directory = try TemporaryDirectory()
        switch kind {
        case .sqlite:
            let store = try ParticipationDatabase.open(path: directory.path("hemicycle.sqlite"), digest: digest)
            return TestStore(store: store, kind: kind, directory: directory, databaseURL: nil) {}
        case .postgres:
            let url = try await createDatabase()
            let store = try await PostgresParticipationStore.connect(url: url, digest: digest, logger: quiet)
            return TestStore(store: store, kind: kind, directory: directory, databaseURL: url) {
                store.shutdown()
                try? await dropDatabase(url)
            }
        }
    }

    static let quiet: Logger = {
        var logger = Logger(label: "hemicycle.test.db")
        logger.logLevel = .critical
        return logger
    }()

    /// Creates a database with a fresh name in the test cluster and returns its URL.
    public static func createDatabase() async throws -> String {
        guard let cluster = postgresURL else {
            throw TestStoreError("no PostgreSQL cluster: set HEMICYCLE_TEST_DATABASE_URL (make test starts one)")
        }
        return try await PostgresDatabases.create(prefix: "hemicycle_test_", in: cluster)
    }

    /// Drops a database made by `createDatabase`, closing whatever connections remain on it.
    public static func dropDatabase(_ url: String) async throws {
        guard let cluster = postgresURL else { return }
        try await PostgresDatabases.drop(url, prefix: "hemicycle_test_", in: cluster)
    }
}

/// A test store that could not be set up.
public struct TestStoreError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
