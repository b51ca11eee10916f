import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// Opens or closes participation on a bill, with its audit row.
    public func setParticipation(open: Bool, bill: BillSlug, by actor: Account.ID, at: Date) throws {
        try writer.write { db in
            let pseudonym = try pseudonym(db, for: actor)
            try db.cachedStatement(
                sql: """
                    INSERT INTO billParticipation (billSlug, open, changedAt, changedBy) VALUES (?, ?, ?, ?)
                    ON CONFLICT (billSlug) DO UPDATE SET open = excluded.open, changedAt = excluded.changedAt,
                    changedBy = excluded.changedBy
                    """
            ).execute(arguments: [bill, open, at, pseudonym])
            try appendAudit(db, actor: pseudonym, action: open ? "bill.open" : "bill.close", target: bill.value, at: at)
        }
    }

    /// Whether participation on a bill is open (it is until staff close it).
    public func isParticipationOpen(bill: BillSlug) throws -> Bool {
        try writer.read { try Self.isOpen($0, bill: bill) }
    }

    /// Refuses, inside the caller's transaction, when participation on the bill is closed.
    static func requireOpen(_ db: Database, bill: BillSlug, refusing what: String) throws {
        guard try isOpen(db, bill: bill) else {
            throw ParticipationError(.conflict, "participation on \(bill) is closed; \(what)")
        }
    }

    static func isOpen(_ db: Database, bill: BillSlug) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT open FROM billParticipation WHERE billSlug = ?"), arguments: [bill]) ?? true
    }
}
