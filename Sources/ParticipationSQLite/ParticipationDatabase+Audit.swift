import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// The hash of the chain's start.
    static let genesis = AuditChain.genesis

    /// A new pseudonym for one action of an account, linked to it by a row that erasing the
    /// account deletes: the audit log names people only this way.
    func pseudonym(_ db: Database, for account: Account.ID) throws -> String {
        let pseudonym = Pseudonym.random()
        try db.execute(
            sql: "INSERT INTO pseudonym (pseudonym, accountId) VALUES (?, ?)",
            arguments: [pseudonym.rawValue, account.rawValue])
        return pseudonym.rawValue
    }

    /// Appends one audit row in the caller's transaction, chained to the last one.
    func appendAudit(_ db: Database, actor: String, action: String, target: String, detail: String = "", at: Date)
        throws
    {
        // Direct statements: this runs in every write, votes included.
        let previous =
            try DirectStatement.with(db, "SELECT hash FROM auditLog ORDER BY id DESC LIMIT 1") { statement in
                try statement.step() ? statement.text(0) : nil
            } ?? Self.genesis
        let stamp = Timestamp.text(at)
        let hash = chainHash(
            previous: previous, at: stamp, actor: actor, action: action, target: target, detail: detail)
        try DirectStatement.with(
            db,
            """
            INSERT INTO auditLog (at, actor, action, target, detail, previousHash, hash, chain)
            VALUES (?, ?, ?, ?, ?, ?, ?, \(AuditChain.currentScheme))
            """
        ) { statement in
            for (index, field) in [stamp, actor, action, target, detail, previous, hash].enumerated() {
                statement.bind(field, at: Int32(index + 1))
            }
            try statement.execute()
        }
    }

    /// The hash of a row, as every store chains it.
    func chainHash(
        previous: String, at: String, actor: String, action: String, target: String, detail: String,
        scheme: Int = AuditChain.currentScheme
    ) -> String {
        AuditChain.hash(
            previous: previous, at: at, actor: actor, action: action, target: target, detail: detail, scheme: scheme,
            digest: digest)
    }

    /// The audit log, oldest first.
    public func auditLog() throws -> [AuditEntry] {
        try writer.read { db in
            try AuditRecord.order(Column("id")).fetchAll(db).map {
                AuditEntry(
                    id: $0.id ?? 0, at: $0.at, actor: $0.actor, action: $0.action, target: $0.target, detail: $0.detail)
            }
        }
    }

    /// The id of the first row whose hash does not follow from the rows before it; nil when the
    /// whole chain holds.
    public func firstBrokenAuditRow() throws -> Int64? {
        try writer.read { db in
            var previous = Self.genesis
            var previousScheme = 1
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT id, at, actor, action, target, detail, previousHash, hash, chain FROM auditLog ORDER BY id"
            )
            while let row = try rows.next() {
                let hash: String = row["hash"]
                let scheme: Int = row["chain"]
                let expected = chainHash(
                    previous: previous, at: row["at"], actor: row["actor"], action: row["action"],
                    target: row["target"], detail: row["detail"], scheme: scheme)
                guard AuditChain.mayFollow(scheme, after: previousScheme), row["previousHash"] == previous,
                    hash == expected
                else { return row["id"] }
                previous = hash
                previousScheme = scheme
            }
            return nil
        }
    }

    public func lastAuditID() throws -> Int64 {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM auditLog") ?? 0 }
    }
}
