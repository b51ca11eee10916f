import Hemicycle
import Logging
import ServiceLifecycle

/// Writes the next epoch of each bill's public participation ledger every `interval` seconds,
/// where something was recorded since the last, until the graceful stop. The epoch at a close
/// is written by the close itself.
struct LedgerService: Service {
    let engine: Engine
    let logger: Logger
    /// Seconds between two passes.
    var interval: Int

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(interval)) }
            guard !Task.isCancelled && !Task.isShuttingDownGracefully else { return }
            do {
                for epoch in try await engine.writeLedgerEpochs() {
                    logger.info(
                        "participation ledger epoch written",
                        metadata: [
                            "bill": "\(epoch.bill)", "epoch": "\(epoch.number)", "commit": "\(epoch.commit)",
                            "votes": "\(epoch.votes)", "promotions": "\(epoch.promotions)",
                        ])
                }
            } catch {
                logger.error("the participation ledgers could not be written", metadata: ["error": "\(error)"])
            }
        }
    }
}
