import Foundation
import HummingbirdBcrypt
import Legislation
import Participation

extension Engine {
    /// Passwords: 10 to 72 bytes of UTF-8 (bcrypt reads no further than 72).
    static let passwordLength = 10...72

    /// Signs a person up as a citizen.
    public func signUp(handle: String, password: String) async throws(HemicycleError) -> AccountView {
        try await createAccount(handle: handle, password: password, role: .citizen, actor: "self")
    }

    /// Creates an account with any role: for the command line, which only an operator runs.
    public func createAccount(
        handle: String, password: String, role: Role, actor: String = "system"
    ) async throws(HemicycleError) -> AccountView {
        try await translatingErrors {
            guard let handle = Handle(handle) else {
                throw HemicycleError(
                    .invalidInput,
                    "a handle is 3 to 32 characters: letters a–z, digits, `.`, `_` or `-`, starting with a letter or digit"
                )
            }
            try Self.validatePassword(password)
            let hash = Bcrypt.hash(password, cost: configuration.passwordCost)
            let id = Account.ID(rawValue: Self.randomToken(bytes: 12))
            let account = try participation.createAccount(
                id: id, handle: handle, passwordHash: hash, role: role, at: now(),
                actor: actor == "self" ? id.rawValue : actor)
            logger.info("account created", metadata: ["account": "\(id)", "role": "\(role.rawValue)"])
            return AccountView(account)
        }
    }

    /// Checks a handle and password and opens a session; the same error for an unknown handle
    /// and a wrong password, after the same work, so accounts cannot be probed.
    public func signIn(handle: String, password: String) async throws(HemicycleError) -> SessionView {
        try await translatingErrors {
            let found = try Handle(handle).flatMap { try participation.credentials(for: $0) }
            let verified = Bcrypt.verify(password, hash: found?.passwordHash ?? Self.decoyHash)
            guard let found, verified else {
                throw HemicycleError(.unauthenticated, "wrong handle or password")
            }
            let token = Self.randomToken(bytes: 32)
            let at = now()
            let expiresAt = at.addingTimeInterval(configuration.sessionLifetime)
            try participation.createSession(
                tokenHash: Self.tokenHash(token), for: found.account.id, at: at, expiresAt: expiresAt)
            return SessionView(token: token, expiresAt: expiresAt)
        }
    }

    /// The person a bearer token belongs to; `unauthenticated` when it is unknown or expired.
    public func authenticate(token: String) async throws(HemicycleError) -> Identity {
        try await authenticate(BearerToken(token))
    }

    /// The person a bearer token belongs to; `unauthenticated` when it is unknown or expired.
    public func authenticate(_ token: BearerToken) async throws(HemicycleError) -> Identity {
        try await translatingErrors {
            guard let hash = token.hash, let account = try participation.account(forSession: hash, at: now()) else {
                throw HemicycleError(.unauthenticated, Self.unknownSession)
            }
            return Identity(account: account, token: token)
        }
    }

    /// What a person whose token did not check out is told.
    static let unknownSession = "the session token is unknown or expired; sign in again"

    /// Ends the session the identity signed in with.
    public func signOut(_ identity: Identity) async throws(HemicycleError) {
        try await translatingErrors {
            guard let hash = identity.token.hash else { return }
            try participation.deleteSession(tokenHash: hash, at: now())
        }
    }

    /// Gives an account another role (command line, run by an operator).
    public func setRole(_ role: Role, of handle: String) async throws(HemicycleError) -> AccountView {
        try await translatingErrors {
            guard let handle = Handle(handle) else {
                throw HemicycleError(.notFound, "there is no account \(handle.prefix(40))")
            }
            return AccountView(try participation.setRole(role, of: handle, at: now(), actor: "system"))
        }
    }

    static func validatePassword(_ password: String) throws {
        guard passwordLength.contains(password.utf8.count) else {
            throw HemicycleError(.invalidInput, "a password is 10 to 72 bytes long")
        }
    }

    /// A random token, base64url without padding.
    static func randomToken(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// How a token is stored: its SHA-256, in hex.
    static func tokenHash(_ token: String) -> String {
        Hexadecimal.encode(sha256(Array(token.utf8)))
    }

    /// A bcrypt hash of nothing anyone knows, verified against when the handle does not exist.
    static let decoyHash = Bcrypt.hash(randomToken(bytes: 16), cost: 12)
}
