import Foundation
import GRDB
import Legislation
import Participation

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
            let audit = try AuditRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM auditLog WHERE actor IN (SELECT pseudonym FROM pseudonym WHERE accountId = ?1)
                    OR target IN (SELECT pseudonym FROM pseudonym WHERE accountId = ?1) OR actor = ?1 ORDER BY id
                    """, arguments: [id.rawValue]
            ).map {
                AuditEntry(
                    id: $0.id ?? 0, at: $0.at, actor: $0.actor, action: $0.action, target: $0.target, detail: $0.detail)
            }
            return PersonalData(
                account: account, openSessions: sessions, amendments: amendments, votes: votes, comments: comments,
                auditEntries: audit)
        }
    }

    /// Erases a person, in one transaction: the account, its sessions and reports, and every
    /// link from its pseudonyms go, so nothing kept in git, the audit log or here ties their
    /// actions to them or to each other; their votes still count, as anonymous counts per text;
    /// their amendments and comments stay, unattributed ("deleted account"). The handle's
    /// `reservation` digest is held back until `reservedUntil`. Deleted rows are zeroed
    /// (`secure_delete`) and the write-ahead log is emptied, so the erased bytes do not linger.
    public func erase(_ id: Account.ID, reservation: String, reservedUntil: Date, at: Date) throws {
        try writer.write { db in
            guard try AccountRecord.fetchOne(db, key: id.rawValue) != nil else {
                throw ParticipationError(.notFound, "there is no such account")
            }
            try db.execute(
                sql: """
                    INSERT INTO erasedVote (billSlug, number, revision, value, count)
                    SELECT billSlug, number, revision, value, COUNT(*) FROM vote WHERE accountId = ?
                    GROUP BY billSlug, number, revision, value
                    ON CONFLICT (billSlug, number, revision, value) DO UPDATE SET count = count + excluded.count
                    """, arguments: [id.rawValue])
            try db.execute(sql: "DELETE FROM vote WHERE accountId = ?", arguments: [id.rawValue])
            try db.execute(
                sql: """
                    INSERT INTO reservedHandle (digest, until) VALUES (?, ?)
                    ON CONFLICT (digest) DO UPDATE SET until = excluded.until
                    """, arguments: [reservation, reservedUntil])
            try db.execute(sql: "DELETE FROM reservedHandle WHERE until <= ?", arguments: [at])
            // Sessions, reports and pseudonyms cascade; amendments and comments lose their author.
            try db.execute(sql: "DELETE FROM account WHERE id = ?", arguments: [id.rawValue])
            try appendAudit(db, actor: "system", action: "account.erase", target: "", at: at)
        }
        try writer.writeWithoutTransaction { db in
            _ = try db.checkpoint(.truncate)
        }
    }

    /// The votes of erased accounts on one amendment, by text: they count, and belong to nobody.
    public func erasedVotes(bill: BillSlug, number: Amendment.Number) throws -> [String: Tally] {
        try writer.read { db in
            var tallies: [String: Tally] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT revision, value, count FROM erasedVote WHERE billSlug = ? AND number = ?",
                arguments: [bill, number.value])
            {
                var tally = tallies[row["revision"]] ?? Tally()
                let count: Int = row["count"]
                switch row["value"] as String {
                case "for": tally.for += count
                case "against": tally.against += count
                default: tally.abstain += count
                }
                tallies[row["revision"]] = tally
            }
            return tallies
        }
    }
}
