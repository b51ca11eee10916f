import Foundation
import GRDB
import Legislation
import Participation

/// A row of `account`.
struct AccountRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "account"
    var id: String
    var handle: String
    var passwordHash: String
    var role: String
    var createdAt: Date

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let handle = Column(CodingKeys.handle)
        static let role = Column(CodingKeys.role)
    }

    /// The domain value; nil when a stored field no longer validates (a broken invariant).
    var account: Account? { Self.account(id: id, handle: handle, role: role, createdAt: createdAt) }

    /// The domain value of an account's stored fields, however they were read; nil when one no
    /// longer validates.
    static func account(id: String, handle: String, role: String, createdAt: Date) -> Account? {
        guard let handle = Handle(handle), let role = Role(rawValue: role) else { return nil }
        return Account(id: Account.ID(rawValue: id), handle: handle, role: role, createdAt: createdAt)
    }
}

/// A row of `session`: the hash of a bearer token, never the token.
struct SessionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"
    var tokenHash: String
    var accountId: String
    var createdAt: Date
    var expiresAt: Date

    enum Columns {
        static let tokenHash = Column(CodingKeys.tokenHash)
        static let accountId = Column(CodingKeys.accountId)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }
}

/// A row of `auditLog`, chained to the previous one by its hash.
struct AuditRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "auditLog"
    var id: Int64?
    var at: Date
    var actor: String
    var action: String
    var target: String
    var detail: String
    var previousHash: String
    var hash: String

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A row of `amendment`: the record that points at an amendment's branch head.
struct AmendmentRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "amendment"
    var billSlug: String
    var number: Int
    var title: String
    var summary: String
    var state: String
    var authorId: String?
    var baseVersion: String
    var head: String
    var createdAt: Date
    var updatedAt: Date
    var revision: String
    /// The pseudonym its commits carry; nil for amendments recorded before pseudonyms.
    var pseudonym: String?
    /// Supports of the current text, kept by triggers (never written from here).
    var supports: Int = 0

    enum Columns {
        static let billSlug = Column(CodingKeys.billSlug)
        static let number = Column(CodingKeys.number)
        static let state = Column(CodingKeys.state)
        static let head = Column(CodingKeys.head)
    }

    /// The domain value; nil when a stored field no longer validates.
    var amendment: Amendment? {
        .stored(
            number: number, title: title, summary: summary, state: state, author: authorId, baseVersion: baseVersion,
            head: head, createdAt: createdAt, updatedAt: updatedAt, pseudonym: pseudonym)
    }
}

extension AmendmentRecord {
    /// Read by column name, not through `Decodable`: a list reads fifty at a time.
    init(row: Row) throws {
        billSlug = row["billSlug"]
        number = row["number"]
        title = row["title"]
        summary = row["summary"]
        state = row["state"]
        authorId = row["authorId"]
        baseVersion = row["baseVersion"]
        head = row["head"]
        createdAt = row["createdAt"]
        updatedAt = row["updatedAt"]
        revision = row["revision"]
        pseudonym = row["pseudonym"]
        supports = row["supports"] ?? 0
    }
}
