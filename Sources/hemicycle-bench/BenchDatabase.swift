import Foundation
import Logging
import PostgresNIO

/// A database of its own for a benchmark in a PostgreSQL cluster, made and dropped through the
/// cluster's `postgres` database.
enum BenchDatabase {
    /// Creates a database with a fresh name and returns its URL.
    static func create(in cluster: String) async throws -> String {
        let name = "hemicycle_bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await administer(cluster) { try await $0.query("CREATE DATABASE \(unescaped: name)", logger: logger) }
        guard var components = URLComponents(string: cluster) else { throw BenchError("bad URL \(cluster)") }
        components.path = "/" + name
        guard let url = components.string else { throw BenchError("bad URL \(cluster)") }
        return url
    }

    /// Drops a database `create` made.
    static func drop(_ url: String, in cluster: String) async throws {
        guard let name = URLComponents(string: url)?.path.dropFirst(), name.hasPrefix("hemicycle_bench_") else {
            return
        }
        try await administer(cluster) {
            try await $0.query("DROP DATABASE IF EXISTS \(unescaped: String(name)) WITH (FORCE)", logger: logger)
        }
    }

    static let logger = Logger(label: "hemicycle-bench.db")

    private static func administer(_ url: String, _ body: (PostgresConnection) async throws -> Void) async throws {
        guard let components = URLComponents(string: url) else { throw BenchError("bad URL \(url)") }
        let configuration = PostgresConnection.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
            username: components.user ?? "postgres", password: components.password, database: "postgres",
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await body(connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
