import Hemicycle
import ServiceLifecycle

/// The participation store as a service of the application's group: it waits for the graceful
/// stop, which reaches it once the server has finished its requests (a group stops its services
/// in the reverse order of their start, the server last started), then finishes the store's
/// group commit and releases its connections, so no acknowledged vote is cut short.
struct ParticipationService: Service {
    let engine: Engine

    func run() async throws {
        try? await gracefulShutdown()
        await engine.close()
    }
}
