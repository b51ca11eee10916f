import Foundation
import Hemicycle
import Legislation
import TestSupport

/// An engine over a fresh data directory, the demo bill imported, with cheap password hashing:
/// the set-up the engine and web tests share.
public struct TestEngine: Sendable {
    /// The data directory's parent, removed when the last copy goes.
    public let directory: TemporaryDirectory
    /// The engine.
    public let engine: Engine

    /// Creates the engine; `seeded` imports the demo bill from `bills/`.
    public init(seeded: Bool = true) async throws {
        directory = try TemporaryDirectory()
        var configuration = Configuration(
            dataDirectory: directory.appending("data"),
            seedDirectory: Fixtures.repositoryRoot.appendingPathComponent("bills"))
        configuration.passwordCost = 4
        engine = try Engine(configuration: configuration)
        if seeded { try await engine.seedIfEmpty() }
    }

    /// Creates an account with `role`, signs it in and returns its identity.
    public func person(_ handle: String, _ role: Role = .citizen) async throws -> Identity {
        _ = try await engine.createAccount(handle: handle, password: "un mot de passe", role: role)
        let session = try await engine.signIn(handle: handle, password: "un mot de passe")
        return try await engine.authenticate(token: session.token)
    }
}
