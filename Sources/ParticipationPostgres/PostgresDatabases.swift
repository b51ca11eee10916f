import Foundation
import Logging
import Participation
import PostgresNIO

/// Databases made for a while in a cluster — a test's, a benchmark's — and dropped afterwards,
/// through the cluster's own `postgres` database.
public enum PostgresDatabases {
    /// Creates a database named `prefix` and a fresh suffix in the cluster `cluster` names, and
    /// returns its URL.
    public static func create(prefix: String, in cluster: String) async throws -> String {
        let name = prefix + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await administer(cluster) { try await $0.query("CREATE DATABASE \(unescaped: name)", logger: logger) }
        guard var components = URLComponents(string: cluster) else { throw invalid(cluster) }
        components.path = "/" + name
        guard let url = components.string else { throw invalid(cluster) }
        return url
    }

    /// Drops the database `url` names, if its name starts with `prefix` (closing whatever
    /// connections remain on it).
    public static func drop(_ url: String, prefix: String, in cluster: String) async throws {
        guard let name = URLComponents(string: url)?.path.dropFirst(), name.hasPrefix(prefix),
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        else { return }
        try await administer(cluster) {
            try await $0.query("DROP DATABASE IF EXISTS \(unescaped: String(name)) WITH (FORCE)", logger: logger)
        }
    }

    static let logger = Logger(label: "hemicycle.db.admin")

    static func invalid(_ url: String) -> Error {
        ParticipationError(.storage, "the database URL must look like postgres://user@host:5432/database")
    }

    /// Runs `body` on one connection to the cluster's `postgres` database.
    static func administer(_ url: String, _ body: (PostgresConnection) async throws -> Void) async throws {
        guard let components = URLComponents(string: url) else { throw invalid(url) }
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
