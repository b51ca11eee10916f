import Foundation
import Legislation

/// Everything the engine needs to know about where it lives; built once by the command line.
public struct Configuration: Sendable {
    /// The data directory: `<data>/bills/<slug>.git` (and, later, the SQLite file).
    public var dataDirectory: URL
    /// Bills shipped with the project, imported into an empty data directory on first start.
    public var seedDirectory: URL?
    /// Demo participation (`<slug>.amendments.json`) proposed on bills imported on first start.
    public var demoDirectory: URL?
    /// The largest article file accepted, in bytes.
    public var articleSizeLimit: Int
    /// bcrypt's cost for password hashes (2^cost rounds); lower only in tests.
    public var passwordCost: UInt8 = 12
    /// How long a session token lives.
    public var sessionLifetime: TimeInterval = 30 * 24 * 3600
    /// What protects the server from floods and from one person's excess.
    public var limits = Limits()
    /// The PostgreSQL database participation is kept in (`postgres://user@host/db`); nil for
    /// the SQLite file in the data directory, the embedded default.
    public var databaseURL: String?

    /// The default data directory, relative to where the program runs.
    public static let defaultDataDirectory = "./.hemicycle"
    /// The environment variable that overrides the data directory.
    public static let dataDirectoryVariable = "HEMICYCLE_DATA_DIR"
    /// The environment variable that names a PostgreSQL database when no option does.
    public static let databaseURLVariable = "HEMICYCLE_DATABASE_URL"
    /// The default article size limit: 1 MiB.
    public static let defaultArticleSizeLimit = 1 << 20

    /// Creates a configuration.
    public init(
        dataDirectory: URL, seedDirectory: URL? = nil, articleSizeLimit: Int = Self.defaultArticleSizeLimit,
        demoDirectory: URL? = nil
    ) {
        self.dataDirectory = dataDirectory
        self.seedDirectory = seedDirectory
        self.articleSizeLimit = articleSizeLimit
        self.demoDirectory = demoDirectory
    }

    /// The data directory from an explicit option, else `HEMICYCLE_DATA_DIR`, else `./.hemicycle`.
    public static func dataDirectory(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        let path =
            option ?? environment[dataDirectoryVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultDataDirectory
        return URL(fileURLWithPath: path).standardizedFileURL
    }

    /// The database URL from an explicit option, else `HEMICYCLE_DATABASE_URL`, else none (SQLite).
    public static func databaseURL(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        (option ?? environment[databaseURLVariable]).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Where bill repositories live.
    public var billsDirectory: URL { dataDirectory.appendingPathComponent("bills") }

    /// The SQLite file of accounts, sessions and participation.
    public var databasePath: String { dataDirectory.appendingPathComponent("hemicycle.sqlite").path }
}

/// The bounds that keep one person, or one script, from stalling the server or silencing
/// others. Every expensive path has one; each can be changed here (and from `hemicycle serve`).
public struct Limits: Sendable {
    /// Threads that hash passwords (bcrypt), apart from those serving requests.
    public var passwordHashingThreads = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    /// Sign-ups and sign-ins that may wait for a hashing thread; beyond, 429.
    public var passwordHashingQueue = 16
    /// Sign-in failures per handle: five free, then a wait doubling from 1 s to 5 minutes.
    public var signInBackoffPerHandle = Backoff(freeFailures: 5, firstWait: 1, longestWait: 300)
    /// Sign-in failures per client address: twenty free, then doubling up to an hour.
    public var signInBackoffPerAddress = Backoff(freeFailures: 20, firstWait: 1, longestWait: 3600)
    /// Accounts made per client address.
    public var signUpsPerAddress: Quota? = Quota(limit: 10, window: 3600)
    /// Amendments proposed per account; nil for no quota.
    public var proposalsPerAccount: Quota? = Quota(limit: 30, window: 3600)
    /// Revisions per account.
    public var revisionsPerAccount: Quota? = Quota(limit: 120, window: 3600)
    /// Comments per account.
    public var commentsPerAccount: Quota? = Quota(limit: 60, window: 3600)
    /// Alinéas in one article of an amendment.
    public var alineasPerArticle = 1000
    /// Words in one alinéa of an amendment.
    public var wordsPerAlinea = 3000
    /// Changes (articles modified, inserted or deleted) in one amendment.
    public var changesPerAmendment = 50
    /// Threads that compute diffs and comparisons not found in the cache.
    public var expensiveThreads = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    /// Diffs and comparisons that may wait for such a thread; beyond, 503.
    public var expensiveQueue = 8
    /// Bytes of rendered diffs kept in memory, by the pair of texts they compare.
    public var diffCacheBytes = 64 << 20
    /// Reports hide an item at this many counting reports, from accounts this old (seconds),
    /// unless a bill sets its own threshold.
    public var moderation = ModerationRule.default
    /// How long an erased account's handle stays reserved, in seconds.
    public var erasedHandleReservation: TimeInterval = 30 * 24 * 3600
    /// Loose git objects in a bill's repository past which it is packed in the background.
    public var looseObjectsBeforePacking = 5000

    /// The default limits.
    public init() {}

    /// No quota and no back-off: for benchmarks and tests that need volume from one account.
    public static var unthrottled: Limits {
        var limits = Limits()
        limits.signUpsPerAddress = nil
        limits.proposalsPerAccount = nil
        limits.revisionsPerAccount = nil
        limits.commentsPerAccount = nil
        limits.moderation.minimumReporterAge = 0
        return limits
    }
}
