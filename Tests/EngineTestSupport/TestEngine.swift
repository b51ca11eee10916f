import Foundation
import Hemicycle
import HemicycleWeb
import Legislation
import StoreTestSupport
import TestSupport

/// An engine over a fresh data directory, the demo bill imported, with cheap password hashing:
/// the set-up the engine and web tests share.
public struct TestEngine: Sendable {
    /// The data directory's parent, removed when the last copy goes.
    public let directory: TemporaryDirectory
    /// The engine.
    public let engine: Engine
    /// The engine's clock, which tests move forward (an account a day older, a quota's hour gone).
    public let clock: TestClock

    /// Creates the engine; `seeded` imports the demo bill from `bills/`; `limits` are the
    /// defaults unless a test needs others.
    public init(seeded: Bool = true, limits: Limits = Limits()) async throws {
        directory = try TemporaryDirectory()
        var configuration = Configuration(
            dataDirectory: directory.appending("data"),
            seedDirectory: Fixtures.repositoryRoot.appendingPathComponent("bills"))
        configuration.passwordCost = 4
        configuration.limits = limits
        // `HEMICYCLE_TEST_STORE=postgres` runs the engine's tests over PostgreSQL (a fresh database
        // of the test cluster each); SQLite in the data directory otherwise.
        if ProcessInfo.processInfo.environment["HEMICYCLE_TEST_STORE"] == "postgres" {
            configuration.databaseURL = try await TestStores.createDatabase()
        }
        let clock = TestClock()
        self.clock = clock
        engine = try await Engine.open(configuration: configuration, now: { clock.now })
        if seeded { try await engine.seedIfEmpty() }
    }

    /// Creates an account with `role`, signs it in and returns its identity.
    public func person(_ handle: String, _ role: Role = .citizen) async throws -> Identity {
        _ = try await engine.createAccount(handle: handle, password: "un mot de passe", role: role)
        let session = try await engine.signIn(handle: handle, password: "un mot de passe")
        return try await engine.authenticate(token: session.token)
    }
}

/// The time as the engine sees it in a test: now, plus however far the test moved it.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: TimeInterval = 0
    private var frozen: Date?

    /// A clock at the real time.
    public init() {}

    /// The time now, moved (and stopped, once frozen).
    public var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return (frozen ?? Date()).addingTimeInterval(offset)
    }

    /// Stops the clock where it is, so that a test's outcome does not depend on how fast the
    /// machine runs it (a back-off of one second, say); `advance` still moves it.
    public func freeze() {
        lock.lock()
        frozen = frozen ?? Date()
        lock.unlock()
    }

    /// Moves the clock forward.
    public func advance(by seconds: TimeInterval) {
        lock.lock()
        offset += seconds
        lock.unlock()
    }
}
