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

/// The name under which a person's actions are recorded in git and the audit log: random, one
/// per amendment or per recorded action, linked to the account only by a row that erasing the
/// account deletes, so that afterwards nothing links those actions to the person or to each other.
public struct Pseudonym: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The pseudonym's text (24 hexadecimal digits).
    public let rawValue: String
    /// Wraps a pseudonym.
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// A new random pseudonym.
    public static func random() -> Pseudonym {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<12).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Pseudonym(rawValue: Hexadecimal.encode(bytes))
    }
}

/// A public handle: 3 to 32 characters of `a-z`, `0-9`, `.`, `_` and `-`, starting with a letter
/// or digit, compared without case.
public struct Handle: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The handle, lowercase.
    public let value: String

    /// Validates and lowercases a handle, after NFKC (so full-width `ａｄｍｉｎ` reads `admin`);
    /// nil when it breaks the rule.
    public init?(_ raw: String) {
        guard raw.utf8.count <= 128 else { return nil }
        let lowered = raw.precomposedStringWithCompatibilityMapping.lowercased()
        let bytes = Array(lowered.utf8)
        guard (3...32).contains(bytes.count), let first = bytes.first,
            (first >= 97 && first <= 122) || (first >= 48 && first <= 57),
            bytes.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || $0 == 45 })
        else { return nil }
        value = lowered
    }

    public var description: String { value }

    /// What the handle looks like (Unicode TS #39's idea, for the characters a handle may hold):
    /// `0` as `o`, `1` as `l`, `rn` as `m`, `vv` as `w`, and the separators `.`, `_`, `-` alike.
    /// Two handles with one skeleton cannot both exist.
    public var skeleton: String {
        var folded = ""
        for character in value {
            switch character {
            case "0": folded.append("o")
            case "1": folded.append("l")
            case "_", "-": folded.append(".")
            default: folded.append(character)
            }
        }
        return folded.replacingAll("rn", with: "m").replacingAll("vv", with: "w")
    }

    /// Names a person may not take: they would pass for the institution, the software, a role,
    /// or an erased or pseudonymous account (compared by skeleton, so `adm1n` is `admin`).
    public var isReserved: Bool {
        let skeleton = skeleton
        if Self.reservedSkeletons.contains(skeleton) { return true }
        return Self.reservedPrefixes.contains { skeleton.hasPrefix($0) }
    }

    static let reservedNames = [
        "admin", "administrator", "administrateur", "root", "staff", "hemicycle", "system", "systeme", "moderator",
        "moderateur", "moderation", "rapporteur", "support", "deleted-account", "deleted", "anonymous", "anonyme",
        "null", "api", "doctor", "security", "securite", "official", "officiel", "assemblee", "senat", "parlement",
        "gouvernement", "president", "presidence", "webmaster", "postmaster", "noreply", "no-reply",
    ]
    static let reservedSkeletons = Set(reservedNames.compactMap { Handle($0)?.skeleton })
    static let reservedPrefixes = ["erased.", "citizen.", "deleted.", "hemicycle", "admin", "staff."]

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
