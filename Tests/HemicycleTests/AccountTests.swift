import Foundation
import Hemicycle
import HemicycleWeb
import Legislation
import TestSupport
import Testing

@Suite struct AccountTests {
    let directory: TemporaryDirectory
    let engine: Engine
    let clock: TestClock

    init() async throws {
        directory = try TemporaryDirectory()
        var configuration = Configuration(dataDirectory: directory.appending("data"))
        configuration.passwordCost = 4
        configuration.sessionLifetime = 3600
        let clock = TestClock()
        self.clock = clock
        engine = try await Engine.open(configuration: configuration, now: { clock.now })
    }

    @Test func signUpSignInAndSignOut() async throws {
        let account = try await engine.signUp(handle: "Marianne", password: "liberté-égalité")
        #expect(account.handle == "marianne")
        #expect(account.role == "citizen")
        let session = try await engine.signIn(handle: "MARIANNE", password: "liberté-égalité")
        #expect(session.token.count >= 40)
        let identity = try await engine.authenticate(token: session.token)
        #expect(identity.account.handle.value == "marianne")
        try await engine.signOut(identity)
        let after = await #expect(throws: HemicycleError.self) { try await engine.authenticate(token: session.token) }
        #expect(after?.code == .unauthenticated)
    }

    @Test func sessionsExpire() async throws {
        _ = try await engine.signUp(handle: "citoyen", password: "un mot de passe")
        let session = try await engine.signIn(handle: "citoyen", password: "un mot de passe")
        clock.advance(by: 3601)
        let error = await #expect(throws: HemicycleError.self) { try await engine.authenticate(token: session.token) }
        #expect(error?.code == .unauthenticated)
    }

    @Test func refusalsSayWhyAndChangeNothing() async throws {
        _ = try await engine.signUp(handle: "citoyen", password: "un mot de passe")
        let cases: [(HemicycleError.Code, @Sendable () async throws -> Void)] = [
            (.conflict, { _ = try await engine.signUp(handle: "CITOYEN", password: "un autre mot de passe") }),
            (.invalidInput, { _ = try await engine.signUp(handle: "ab", password: "un mot de passe") }),
            (.invalidInput, { _ = try await engine.signUp(handle: "../etc", password: "un mot de passe") }),
            (.invalidInput, { _ = try await engine.signUp(handle: "nouveau", password: "court") }),
            (
                .invalidInput,
                { _ = try await engine.signUp(handle: "nouveau", password: String(repeating: "é", count: 40)) }
            ),
            (.unauthenticated, { _ = try await engine.signIn(handle: "citoyen", password: "pas le bon mot") }),
            (.unauthenticated, { _ = try await engine.signIn(handle: "inconnu", password: "un mot de passe") }),
            (.unauthenticated, { _ = try await engine.authenticate(token: "forged") }),
            (.notFound, { _ = try await engine.setRole(.staff, of: "inconnu") }),
        ]
        for (code, call) in cases {
            let error = await #expect(throws: HemicycleError.self) { try await call() }
            #expect(error?.code == code, "\(error?.message ?? "")")
        }
        // Only the first sign-up was recorded.
        #expect(try await engine.signIn(handle: "citoyen", password: "un mot de passe").token.isEmpty == false)
    }

    @Test func rolesAreChangedByTheOperator() async throws {
        _ = try await engine.createAccount(handle: "rapporteure", password: "un mot de passe", role: .citizen)
        let account = try await engine.setRole(.rapporteur, of: "rapporteure")
        #expect(account.role == "rapporteur")
    }
}

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_443_225_600)

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}
