import Hemicycle
import Logging
import ServiceLifecycle

/// Fetches the new versions of the bills followed from other assemblies when the server starts,
/// then every `interval` seconds, until the graceful stop.
struct FollowService: Service {
    let engine: Engine
    let logger: Logger
    /// Seconds between two passes.
    var interval: Int = 3600

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // What fails is logged by the engine, bill by bill; the server serves on.
            _ = await engine.syncFollowedBills()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(interval)) }
        }
    }
}
