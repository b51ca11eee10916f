import Foundation
import Legislation

/// An account as shown to its owner and to staff.
public struct AccountView: Codable, Sendable, Equatable {
    /// The account's identifier.
    public var id: String
    /// The public handle.
    public var handle: String
    /// `citizen`, `rapporteur`, `staff` or `admin`.
    public var role: String

    init(_ account: Account) {
        id = account.id.rawValue
        handle = account.handle.value
        role = account.role.rawValue
    }
}

/// A new session: the bearer token, shown once, and when it expires.
public struct SessionView: Codable, Sendable, Equatable {
    /// Send as `Authorization: Bearer <token>`.
    public var token: String
    /// When the token stops working.
    public var expiresAt: Date
}

/// Who is making a request, once their token checked out.
public struct Identity: Sendable, Equatable {
    /// The account.
    public var account: Account
    /// The token signed in with: it ends this session, and votes check it again as they are cast.
    public var token: BearerToken
}

/// A bearer token as a request presents it, before anything is looked up: only its hash is kept,
/// the key sessions are stored under. Most use cases turn it into an `Identity` first; votes check
/// it inside their own write instead.
public struct BearerToken: Sendable, Equatable {
    /// The SHA-256 of the token in hex; nil when the token is too long to be one of ours.
    let hash: String?

    /// The token as sent in `Authorization: Bearer <token>`.
    public init(_ token: String) {
        hash = token.utf8.count <= 128 ? Engine.tokenHash(token) : nil
    }

    init(hash: String?) {
        self.hash = hash
    }
}
