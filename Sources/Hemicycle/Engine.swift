import BillArchive
import Crypto
import Foundation
import Legislation
import Logging
import Participation
import Synchronization

/// The engine: every use case of Hemicycle, one per file (`Engine+ImportBill.swift`…), over the
/// bill archive. The command line and the web layer call it and nothing below it.
public final class Engine: Sendable {
    /// How this engine was set up.
    public let configuration: Configuration
    let shelf: BillShelf
    let participation: any ParticipationStore
    let logger: Logger
    let now: @Sendable () -> Date
    /// Threads for bcrypt, so a flood of sign-ins waits there (or is refused) instead of
    /// stalling the threads that serve everyone else.
    let hashing: WorkerPool
    /// Threads for diffs and comparisons not in the cache, bounded the same way.
    let expensive: WorkerPool
    /// Rendered diffs by the pair of texts they compare.
    let diffCache: DiffCache
    /// Provenance and history of articles, by commit.
    let provenances = ReadCache<ProvenanceView>(capacity: 4096)
    let histories = ReadCache<ArticleHistory>(capacity: 4096)
    /// Sign-in failures per handle and per address, and sign-ups and revisions per key.
    let signInFailures = RateLimiter(horizon: 24 * 3600)
    let actions = RateLimiter(horizon: 24 * 3600)
    /// A hash of nothing anyone knows, at the configured cost, verified against when a sign-in
    /// names no account, so that it costs what a wrong password costs.
    let decoyHash: String
    /// The key of the digests under which erased handles are held back.
    let reservationKey: [UInt8]
    /// Packs bill repositories in the background once they gather loose objects.
    let housekeeping: Housekeeping
    /// Each bill's rule applied to its open amendments, shared a moment by every reader.
    let promotionBoard = PromotionBoard(lifetime: 2)
    /// The bills being adopted now: one adoption of a bill at a time.
    let adopting = Mutex<Set<BillSlug>>([])
    /// Each bill's secret of the ledger's receipts, once read.
    let receiptSecrets = Mutex<[BillSlug: [UInt8]]>([:])

    /// Opens the engine over the configured data directory (created if missing) and `store`,
    /// where participation is kept.
    public init(
        configuration: Configuration, store: any ParticipationStore, logger: Logger = Logger(label: "hemicycle"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws(HemicycleError) {
        self.configuration = configuration
        self.logger = logger
        self.now = now
        participation = store
        do {
            shelf = try BillShelf(root: configuration.billsDirectory, sizeLimit: configuration.articleSizeLimit)
            reservationKey = try await store.installationSecret(named: "handle-reservation") {
                (0..<32).map { _ in UInt8.random(in: 0...255) }
            }
        } catch {
            throw HemicycleError.from(error)
        }
        let limits = configuration.limits
        hashing = WorkerPool(
            name: "password-hashing", threads: limits.passwordHashingThreads, queueLimit: limits.passwordHashingQueue)
        expensive = WorkerPool(name: "diffs", threads: limits.expensiveThreads, queueLimit: limits.expensiveQueue)
        diffCache = DiffCache(capacity: limits.diffCacheBytes)
        decoyHash = PasswordHashing.decoy(cost: configuration.passwordCost)
        housekeeping = Housekeeping(threshold: limits.looseObjectsBeforePacking, logger: logger)
    }

    /// The current time in whole seconds, as recorded in git.
    var timestamp: Int64 { Int64(now().timeIntervalSince1970) }

    /// SHA-256, for session tokens and the audit chain (handed to the stores, which do not
    /// depend on a cryptography library).
    public static let sha256: @Sendable ([UInt8]) -> [UInt8] = { Array(SHA256.hash(data: $0)) }

    /// Finishes the participation store's writes in flight, then releases its connections; the
    /// engine takes no write after.
    public func close() async {
        await participation.close()
    }
}
