import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// Sets when participation on a bill is open, with its audit row.
    public func setParticipation(_ window: ParticipationWindow, bill: BillSlug, by actor: Account.ID, at: Date) throws {
        try writer.write { db in
            let pseudonym = try pseudonym(db, for: actor)
            try db.cachedStatement(
                sql: """
                    INSERT INTO billParticipation (billSlug, open, opensAt, closesAt, changedAt, changedBy)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (billSlug) DO UPDATE SET open = excluded.open, opensAt = excluded.opensAt,
                    closesAt = excluded.closesAt, changedAt = excluded.changedAt, changedBy = excluded.changedBy
                    """
            ).execute(arguments: [bill, window.open, window.opensAt, window.closesAt, at, pseudonym])
            try appendAudit(
                db, actor: pseudonym, action: window.open ? "bill.open" : "bill.close", target: bill.value,
                detail: window.auditDetail, at: at)
        }
    }

    /// When participation on a bill is open.
    public func participationWindow(bill: BillSlug) throws -> ParticipationWindow {
        try writer.read { try Self.window($0, bill: bill) }
    }

    /// Refuses `action`, inside the caller's transaction, as the bill's window says at `at`.
    static func requireOpen(_ db: Database, bill: BillSlug, for action: ParticipationAction, at: Date) throws {
        if let refusal = try window(db, bill: bill).refusal(of: action, on: bill.value, at: at) {
            throw ParticipationError(refusal)
        }
    }

    static func window(_ db: Database, bill: BillSlug) throws -> ParticipationWindow {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT open, opensAt, closesAt FROM billParticipation WHERE billSlug = ?"),
                arguments: [bill])
        else { return ParticipationWindow() }
        return ParticipationWindow(open: row[0], opensAt: row[1], closesAt: row[2])
    }
}
