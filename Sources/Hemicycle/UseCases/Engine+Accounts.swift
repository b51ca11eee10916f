import Crypto
import Foundation
import Legislation
import Participation

extension Engine {
    /// Signs a person up as a citizen. `address` is the client's network address, for the
    /// per-address sign-up quota (none when nil: the command line).
    public func signUp(handle: String, password: String, address: String? = nil) async throws(HemicycleError)
        -> AccountView
    {
        try await translatingErrors {
            if let address, let quota = configuration.limits.signUpsPerAddress {
                let key = "signup:" + address
                if let wait = actions.wait(key, quota: quota, now: clock) {
                    throw HemicycleError.wait(
                        .tooManyRequests, "too many accounts were made from this address lately", seconds: wait)
                }
                let account = try await createAccount(
                    handle: handle, password: password, role: .citizen, byItself: true)
                actions.record(key, at: clock)
                return account
            }
            return try await createAccount(handle: handle, password: password, role: .citizen, byItself: true)
        }
    }

    /// Creates an account with any role: for the command line, which only an operator runs.
    public func createAccount(handle: String, password: String, role: Role) async throws(HemicycleError)
        -> AccountView
    {
        try await translatingErrors {
            try await createAccount(handle: handle, password: password, role: role, byItself: false)
        }
    }

    private func createAccount(handle raw: String, password: String, role: Role, byItself: Bool) async throws
        -> AccountView
    {
        let handle = try Self.newHandle(raw)
        if let problem = PasswordPolicy.problem(password, handle: handle.value) {
            throw HemicycleError(.invalidInput, problem, field: "password")
        }
        let hash = try await hashingThread { [cost = configuration.passwordCost] in
            PasswordHashing.hash(password, cost: cost)
        }
        let id = Account.ID(rawValue: Self.randomToken(bytes: 12))
        let account: Account
        do {
            account = try await participation.createAccount(
                id: id, handle: handle, passwordHash: hash, role: role, at: now(),
                reservation: reservationDigest(handle), byItself: byItself)
        } catch let error as ParticipationError where error.code == .duplicate {
            throw HemicycleError(.conflict, error.message, field: "handle", cause: error)
        }
        logger.info("account created", metadata: ["role": "\(role.rawValue)"])
        return AccountView(account)
    }

    /// A handle a new account may take: the form, then no bidirectional control, then not one of
    /// the reserved names.
    static func newHandle(_ raw: String) throws -> Handle {
        guard !BidiControls.containsAny(raw), let handle = Handle(raw) else {
            throw HemicycleError(
                .invalidInput,
                "a handle is 3 to 32 characters: letters a–z, digits, `.`, `_` or `-`, starting with a letter or digit",
                field: "handle")
        }
        guard !handle.isReserved else {
            throw HemicycleError(.invalidInput, "the handle \(handle) is reserved; choose another", field: "handle")
        }
        return handle
    }

    /// The digest an erased handle is held back under: keyed, so the database alone does not
    /// tell which handles were erased.
    func reservationDigest(_ handle: Handle) -> String {
        Hexadecimal.encode(
            Array(
                HMAC<SHA256>.authenticationCode(
                    for: Data(handle.skeleton.utf8), using: SymmetricKey(data: reservationKey))))
    }

    /// Checks a handle and password and opens a session; the same error for an unknown handle
    /// and a wrong password, after the same work, so accounts cannot be probed. Failures are
    /// counted per handle and per `address`: after a few, each attempt must wait longer, as the
    /// error says.
    public func signIn(handle raw: String, password: String, address: String? = nil) async throws(HemicycleError)
        -> SessionView
    {
        try await translatingErrors {
            let handle = Handle(raw)
            let handleKey = "handle:" + (handle?.value ?? String(raw.prefix(64)))
            let addressKey = address.map { "address:" + $0 }
            let limits = configuration.limits
            let at = clock
            var wait = signInFailures.wait(handleKey, backoff: limits.signInBackoffPerHandle, now: at)
            if let addressKey {
                wait = max(wait, signInFailures.wait(addressKey, backoff: limits.signInBackoffPerAddress, now: at))
            }
            if wait > 0 {
                throw HemicycleError.wait(.tooManyRequests, "too many failed sign-ins lately", seconds: wait)
            }
            let found: (account: Account, passwordHash: String)? =
                if let handle { try await participation.credentials(for: handle) } else { nil }
            // The same bcrypt work whether or not the account exists or the password is possible.
            let plausible = PasswordPolicy.isPlausible(password)
            let stored = found?.passwordHash ?? decoyHash
            let (matches, outdated) = try await hashingThread {
                PasswordHashing.verify(plausible ? password : "", stored: stored)
            }
            guard let found, plausible, matches else {
                signInFailures.record(handleKey, at: at)
                if let addressKey { signInFailures.record(addressKey, at: at) }
                throw HemicycleError(.unauthenticated, "wrong handle or password")
            }
            signInFailures.reset(handleKey)
            if outdated {
                let upgraded = try await hashingThread { [cost = configuration.passwordCost] in
                    PasswordHashing.hash(password, cost: cost)
                }
                try await participation.replacePasswordHash(of: found.account.id, from: stored, to: upgraded)
            }
            let token = Self.randomToken(bytes: 32)
            let opened = now()
            let expiresAt = opened.addingTimeInterval(configuration.sessionLifetime)
            try await participation.createSession(
                tokenHash: Self.tokenHash(token), for: found.account.id, at: opened, expiresAt: expiresAt)
            if Int.random(in: 0..<64) == 0 { _ = try await participation.purgeExpiredSessions(at: opened) }
            return SessionView(token: token, expiresAt: expiresAt)
        }
    }

    /// Runs bcrypt on a hashing thread; when every thread is busy and the queue full, 429.
    private func hashingThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        do {
            return try await hashing.run(body)
        } catch is WorkerPool.Full {
            throw HemicycleError.wait(.tooManyRequests, "the server is busy checking passwords", seconds: 2)
        }
    }

    /// The current time in seconds, for quotas and back-off.
    var clock: Double { now().timeIntervalSince1970 }

    /// The person a bearer token belongs to; `unauthenticated` when it is unknown or expired.
    public func authenticate(token: String) async throws(HemicycleError) -> Identity {
        try await authenticate(BearerToken(token))
    }

    /// The person a bearer token belongs to; `unauthenticated` when it is unknown or expired.
    public func authenticate(_ token: BearerToken) async throws(HemicycleError) -> Identity {
        try await translatingErrors {
            guard let hash = token.hash, let account = try await participation.account(forSession: hash, at: now())
            else {
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
            _ = try await participation.deleteSession(tokenHash: hash, at: now())
        }
    }

    /// Gives an account another role (command line, run by an operator).
    public func setRole(_ role: Role, of handle: String) async throws(HemicycleError) -> AccountView {
        try await translatingErrors {
            guard let handle = Handle(handle) else {
                throw HemicycleError(.notFound, "there is no account \(handle.prefix(40))")
            }
            return AccountView(try await participation.setRole(role, of: handle, at: now(), actor: "system"))
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

}
