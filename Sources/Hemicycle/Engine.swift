import BillArchive
import Crypto
import Foundation
import Logging
import Participation

/// The engine: every use case of Hemicycle, one per file (`Engine+ImportBill.swift`…), over the
/// bill archive. The command line and the web layer call it and nothing below it.
public final class Engine: Sendable {
    /// How this engine was set up.
    public let configuration: Configuration
    let shelf: BillShelf
    let participation: ParticipationDatabase
    let logger: Logger
    let now: @Sendable () -> Date

    /// Opens the engine over the configured data directory (created if missing).
    public init(
        configuration: Configuration, logger: Logger = Logger(label: "hemicycle"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(HemicycleError) {
        self.configuration = configuration
        self.logger = logger
        self.now = now
        do {
            shelf = try BillShelf(root: configuration.billsDirectory, sizeLimit: configuration.articleSizeLimit)
            participation = try ParticipationDatabase.open(path: configuration.databasePath, digest: Self.sha256)
        } catch {
            throw HemicycleError.from(error)
        }
    }

    /// The current time in whole seconds, as recorded in git.
    var timestamp: Int64 { Int64(now().timeIntervalSince1970) }

    /// SHA-256, for session tokens and the audit chain.
    static let sha256: @Sendable ([UInt8]) -> [UInt8] = { Array(SHA256.hash(data: $0)) }
}
