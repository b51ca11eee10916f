import Foundation
import GRDB
import Legislation

/// What can be reported and moderated.
public enum ModeratedItem: Sendable, Equatable {
    case amendment(Amendment.Number)
    case comment(Int64)

    var kind: String {
        switch self {
        case .amendment: "amendment"
        case .comment: "comment"
        }
    }

    var key: String {
        switch self {
        case .amendment(let number): String(number.value)
        case .comment(let id): String(id)
        }
    }
}

extension ParticipationDatabase {
    /// How many distinct reports hide an item until staff review it.
    public static let reportsToHide = 3

    /// Records a person's report on an item (once: a second report is `.duplicate`); at the third
    /// distinct report the item is hidden pending review, unless staff already decided on it.
    /// Returns whether the item is now hidden.
    public func report(_ item: ModeratedItem, bill: String, reason: String, by reporter: Account.ID, at: Date) throws
        -> Bool
    {
        do {
            return try writer.write { db in
                try requireExists(db, item, bill: bill)
                try db.execute(
                    sql:
                        "INSERT INTO report (billSlug, targetKind, target, reporterId, reason, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [bill, item.kind, item.key, reporter.rawValue, reason, at])
                try appendAudit(
                    db, actor: reporter.rawValue, action: "report", target: "\(bill)/\(item.kind)/\(item.key)", at: at)
                let count =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM report WHERE billSlug = ? AND targetKind = ? AND target = ?",
                        arguments: [bill, item.kind, item.key]) ?? 0
                let decided = try Row.fetchOne(
                    db, sql: "SELECT hidden FROM moderation WHERE billSlug = ? AND targetKind = ? AND target = ?",
                    arguments: [bill, item.kind, item.key])
                if decided == nil && count >= Self.reportsToHide {
                    try db.execute(
                        sql: """
                            INSERT INTO moderation (billSlug, targetKind, target, hidden, reason, decidedBy, decidedAt)
                            VALUES (?, ?, ?, 1, ?, 'system', ?)
                            """, arguments: [bill, item.kind, item.key, "\(count) reports, pending staff review", at])
                    try appendAudit(
                        db, actor: "system", action: "moderation.hide", target: "\(bill)/\(item.kind)/\(item.key)",
                        at: at)
                    return true
                }
                return (decided?["hidden"] as Bool?) ?? false
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw ParticipationError(.duplicate, "you have already reported this \(item.kind)")
        }
    }

    /// Staff hide or restore an item, with a reason; their decision stands over later reports.
    public func moderate(
        _ item: ModeratedItem, bill: String, hidden: Bool, reason: String, by staff: Account.ID, at: Date
    ) throws {
        try writer.write { db in
            try requireExists(db, item, bill: bill)
            try db.execute(
                sql: """
                    INSERT INTO moderation (billSlug, targetKind, target, hidden, reason, decidedBy, decidedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (billSlug, targetKind, target) DO UPDATE SET hidden = excluded.hidden,
                    reason = excluded.reason, decidedBy = excluded.decidedBy, decidedAt = excluded.decidedAt
                    """, arguments: [bill, item.kind, item.key, hidden, reason, staff.rawValue, at])
            try appendAudit(
                db, actor: staff.rawValue, action: hidden ? "moderation.hide" : "moderation.restore",
                target: "\(bill)/\(item.kind)/\(item.key)", detail: reason, at: at)
        }
    }

    /// Whether an item is hidden.
    public func isHidden(_ item: ModeratedItem, bill: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT hidden FROM moderation WHERE billSlug = ? AND targetKind = ? AND target = ?",
                arguments: [bill, item.kind, item.key]) ?? false
        }
    }

    private func requireExists(_ db: Database, _ item: ModeratedItem, bill: String) throws {
        let exists: Bool
        switch item {
        case .amendment(let number):
            exists =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM amendment WHERE billSlug = ? AND number = ?",
                    arguments: [bill, number.value]) ?? false
        case .comment(let id):
            exists =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM comment WHERE billSlug = ? AND id = ?", arguments: [bill, id]) ?? false
        }
        guard exists else { throw ParticipationError(.notFound, "there is no such \(item.kind) on \(bill)") }
    }
}
