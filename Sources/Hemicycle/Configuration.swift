import Foundation

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

    /// The default data directory, relative to where the program runs.
    public static let defaultDataDirectory = "./.hemicycle"
    /// The environment variable that overrides the data directory.
    public static let dataDirectoryVariable = "HEMICYCLE_DATA_DIR"
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

    /// Where bill repositories live.
    public var billsDirectory: URL { dataDirectory.appendingPathComponent("bills") }

    /// The SQLite file of accounts, sessions and participation.
    public var databasePath: String { dataDirectory.appendingPathComponent("hemicycle.sqlite").path }
}
