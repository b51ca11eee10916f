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
    /// The hash of the token used, to end this session.
    public var tokenHash: String
}
