import Foundation
import Hemicycle
import Logging
import Participation
import ParticipationPostgres
import ParticipationSQLite

extension Engine {
    /// The engine over the configured data directory and its participation store: the
    /// PostgreSQL database the configuration names, else the SQLite file in the data directory
    /// (the embedded default). The one place a store is chosen.
    public static func open(
        configuration: Configuration, logger: Logger = Logger(label: "hemicycle"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws(HemicycleError) -> Engine {
        let store: any ParticipationStore
        do {
            try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
            if let url = configuration.databaseURL {
                store = try await PostgresParticipationStore.connect(url: url, digest: Engine.sha256, logger: logger)
            } else {
                store = try ParticipationDatabase.open(path: configuration.databasePath, digest: Engine.sha256)
            }
        } catch {
            throw HemicycleError.from(error)
        }
        return try await Engine(configuration: configuration, store: store, logger: logger, now: now)
    }
}
