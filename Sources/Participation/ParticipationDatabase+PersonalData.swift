import Foundation
import GRDB
import Legislation

/// Everything held about one person, for them to take away.
public struct PersonalData: Sendable, Equatable {
    /// The account.
    public var account: Account
    /// How many sessions are open, and until when the last one lasts (tokens are never kept).
    public var openSessions: Int
    /// Their amendments, as (bill, number, title).
    public var amendments: [(bill: String, number: Int, title: String)]
    /// Their votes, as (bill, amendment number, value, when).
    public var votes: [(bill: String, number: Int, value: String, castAt: Date)]
    /// Their comments, as (bill, id, body, when).
    public var comments: [(bill: String, id: Int64, body: String, createdAt: Date)]
    /// The audit rows naming them as the actor.
    public var auditEntries: [AuditEntry]

    public static func == (lhs: PersonalData, rhs: PersonalData) -> Bool {
        lhs.account == rhs.account && lhs.openSessions == rhs.openSessions && lhs.auditEntries == rhs.auditEntries
            && lhs.amendments.map(\.number) == rhs.amendments.map(\.number)
            && lhs.votes.map(\.number) == rhs.votes.map(\.number)
            && lhs.comments.map(\.id) == rhs.comments.map(\.id)
    }
}

extension ParticipationDatabase {
    /// Everything held about an account.
    public func personalData(of id: Account.ID, at now: Date) throws -> PersonalData? {
        try writer.read { db in
            guard let account = try AccountRecord.fetchOne(db, key: id.rawValue)?.account else { return nil }
            let sessions =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM session WHERE accountId = ? AND expiresAt > ?",
                    arguments: [id.rawValue, now]) ?? 0
            let amendments = try Row.fetchAll(
                db, sql: "SELECT billSlug, number, title FROM amendment WHERE authorId = ? ORDER BY billSlug, number",
                arguments: [id.rawValue]
            ).map { (bill: $0["billSlug"] as String, number: $0["number"] as Int, title: $0["title"] as String) }
            let votes = try Row.fetchAll(
                db,
                sql: "SELECT billSlug, number, value, castAt FROM vote WHERE accountId = ? ORDER BY billSlug, number",
                arguments: [id.rawValue]
            ).map {
                (
                    bill: $0["billSlug"] as String, number: $0["number"] as Int, value: $0["value"] as String,
                    castAt: $0["castAt"] as Date
                )
            }
            let comments = try Row.fetchAll(
                db, sql: "SELECT billSlug, id, body, createdAt FROM comment WHERE authorId = ? ORDER BY id",
                arguments: [id.rawValue]
            ).map {
                (
                    bill: $0["billSlug"] as String, id: $0["id"] as Int64, body: $0["body"] as String,
                    createdAt: $0["createdAt"] as Date
                )
            }
            let audit = try AuditRecord.filter(Column("actor") == id.rawValue).order(Column("id")).fetchAll(db).map {
                AuditEntry(
                    id: $0.id ?? 0, at: $0.at, actor: $0.actor, action: $0.action, target: $0.target, detail: $0.detail)
            }
            return PersonalData(
                account: account, openSessions: sessions, amendments: amendments, votes: votes, comments: comments,
                auditEntries: audit)
        }
    }

    /// Erases a person: handle, password and sessions go; their votes still count but are moved
    /// to an anonymous tombstone account that holds nothing about them; their amendments and
    /// comments stay, unattributed ("deleted account"). One transaction, with its audit row.
    public func erase(_ id: Account.ID, tombstone: Account.ID, at: Date) throws {
        try writer.write { db in
            guard try AccountRecord.fetchOne(db, key: id.rawValue) != nil else {
                throw ParticipationError(.notFound, "there is no such account")
            }
            try AccountRecord(
                id: tombstone.rawValue, handle: "erased-\(tombstone.rawValue.lowercased())", passwordHash: "!",
                role: Role.citizen.rawValue,
                createdAt: at
            ).insert(db)
            try db.execute(
                sql: "UPDATE vote SET accountId = ? WHERE accountId = ?", arguments: [tombstone.rawValue, id.rawValue])
            // Sessions cascade; amendments and comments are set to no author by their foreign keys.
            try db.execute(sql: "DELETE FROM account WHERE id = ?", arguments: [id.rawValue])
            try appendAudit(db, actor: "system", action: "account.erase", target: tombstone.rawValue, at: at)
        }
    }
}
