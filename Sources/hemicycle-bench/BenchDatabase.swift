import ParticipationPostgres

/// A database of its own for a benchmark in a PostgreSQL cluster, dropped afterwards.
enum BenchDatabase {
    static let prefix = "hemicycle_bench_"

    /// Creates a database with a fresh name and returns its URL.
    static func create(in cluster: String) async throws -> String {
        try await PostgresDatabases.create(prefix: prefix, in: cluster)
    }

    /// Drops a database `create` made.
    static func drop(_ url: String, in cluster: String) async throws {
        try await PostgresDatabases.drop(url, prefix: prefix, in: cluster)
    }
}
