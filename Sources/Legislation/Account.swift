import Foundation

/// What a person may do: citizens propose and vote, rapporteurs review, staff publish and
/// moderate, admins manage accounts.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case citizen, rapporteur, staff, admin

    /// Roles are ordered by reach, for "at least staff" checks.
    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A person's account. The handle is the only name it holds; git never sees it.
public struct Account: Sendable, Equatable, Codable {
    /// An account's identifier: random, stable, never derived from the person.
    public struct ID: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The identifier's text.
        public let rawValue: String
        /// Wraps an identifier.
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    /// The account's identifier.
    public var id: ID
    /// The public handle, lowercase.
    public var handle: Handle
    /// What the person may do.
    public var role: Role
    /// When the account was created.
    public var createdAt: Date

    /// Creates an account value.
    public init(id: ID, handle: Handle, role: Role, createdAt: Date) {
        self.id = id
        self.handle = handle
        self.role = role
        self.createdAt = createdAt
    }
}

/// A public handle: 3 to 32 characters of `a-z`, `0-9`, `.`, `_` and `-`, starting with a letter
/// or digit, compared without case.
public struct Handle: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The handle, lowercase.
    public let value: String

    /// Validates and lowercases a handle; nil when it breaks the rule.
    public init?(_ raw: String) {
        let lowered = raw.lowercased()
        let bytes = Array(lowered.utf8)
        guard (3...32).contains(bytes.count), let first = bytes.first,
            (first >= 97 && first <= 122) || (first >= 48 && first <= 57),
            bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || $0 == 45 })
        else { return nil }
        value = lowered
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let handle = Handle(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid handle"))
        }
        self = handle
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
