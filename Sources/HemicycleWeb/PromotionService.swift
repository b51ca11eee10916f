import Hemicycle
import Logging
import ServiceLifecycle

/// Applies the bills' promotion rules where time alone changes their decision (a bill whose
/// participation closed, a minimum age reached), once a minute, until the graceful stop.
struct PromotionService: Service {
    let engine: Engine
    let logger: Logger
    /// Seconds between two passes.
    var interval: Int = 60

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let queued = try await engine.applyPromotionRules()
                if queued > 0 { logger.info("promotion rules applied", metadata: ["queued": "\(queued)"]) }
            } catch {
                logger.error("promotion rules could not be applied", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(interval)) }
        }
    }
}
