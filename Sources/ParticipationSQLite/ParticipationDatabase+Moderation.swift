import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// Records a person's report on an item (once: a second report is `.duplicate`), counted or
    /// not as `rule` says of the reporter (read in the same transaction: their account's age,
    /// whether they took part, whether the item is theirs). At the bill's threshold of counting
    /// reports the item is hidden pending review, unless staff already decided on it. Returns
    /// whether the item is now hidden.
    public func report(
        _ item: ModeratedItem, bill: BillSlug, reason: String, by reporter: Account.ID, at: Date, rule: ModerationRule
    ) throws -> Bool {
        do {
            return try writer.write { db in
                try requireExists(db, item, bill: bill)
                let standing = try Self.standing(db, of: reporter, on: item, bill: bill, at: at)
                let whyNot = rule.whyNotCounted(standing)
                try db.execute(
                    sql: """
                        INSERT INTO report (billSlug, targetKind, target, reporterId, reason, createdAt, counts, whyNotCounted)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [bill, item.kind, item.key, reporter.rawValue, reason, at, whyNot == nil, whyNot])
                try appendAudit(
                    db, actor: try pseudonym(db, for: reporter), action: "report",
                    target: "\(bill)/\(item.kind)/\(item.key)", detail: whyNot == nil ? "" : "not counted", at: at)
                let counting =
                    try Int.fetchOne(
                        db,
                        sql:
                            "SELECT COUNT(*) FROM report WHERE billSlug = ? AND targetKind = ? AND target = ? AND counts",
                        arguments: [bill, item.kind, item.key]) ?? 0
                let decided = try Row.fetchOne(
                    db, sql: "SELECT hidden FROM moderation WHERE billSlug = ? AND targetKind = ? AND target = ?",
                    arguments: [bill, item.kind, item.key])
                var billRule = rule
                billRule.reportsToHide = try Self.reportsToHide(db, bill: bill) ?? rule.reportsToHide
                if decided == nil && billRule.hides(countingReports: counting) {
                    try db.execute(
                        sql: """
                            INSERT INTO moderation (billSlug, targetKind, target, hidden, reason, decidedBy, decidedAt)
                            VALUES (?, ?, ?, 1, ?, 'system', ?)
                            """,
                        arguments: [bill, item.kind, item.key, "\(counting) reports, pending staff review", at])
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

    /// The reporter as the moderation rule sees them, read in the report's transaction.
    private static func standing(
        _ db: Database, of reporter: Account.ID, on item: ModeratedItem, bill: BillSlug, at: Date
    )
        throws -> ModerationRule.Reporter
    {
        let createdAt =
            try Date.fetchOne(db, sql: "SELECT createdAt FROM account WHERE id = ?", arguments: [reporter.rawValue])
            ?? at
        let participated =
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM vote WHERE accountId = ?1)
                    OR EXISTS (SELECT 1 FROM amendment WHERE authorId = ?1)
                    OR EXISTS (SELECT 1 FROM comment WHERE authorId = ?1)
                    """, arguments: [reporter.rawValue]) ?? false
        let author: String?
        switch item {
        case .amendment(let number):
            author = try String.fetchOne(
                db, sql: "SELECT authorId FROM amendment WHERE billSlug = ? AND number = ?",
                arguments: [bill, number.value])
        case .comment(let id):
            author = try String.fetchOne(
                db, sql: "SELECT authorId FROM comment WHERE billSlug = ? AND id = ?", arguments: [bill, id])
        }
        return ModerationRule.Reporter(
            accountAge: at.timeIntervalSince(createdAt), hasParticipated: participated,
            isAuthor: author == reporter.rawValue)
    }

    /// The bill's own report threshold, if staff set one.
    static func reportsToHide(_ db: Database, bill: BillSlug) throws -> Int? {
        try Int.fetchOne(db, sql: "SELECT reportsToHide FROM billParticipation WHERE billSlug = ?", arguments: [bill])
    }

    /// Sets how many counting reports hide an item on this bill, with its audit row.
    public func setReportsToHide(_ count: Int, bill: BillSlug, by staff: Account.ID, at: Date) throws {
        try setBillSetting(
            .reportsToHide, to: count, bill: bill, by: staff, at: at, action: "bill.reports-to-hide", detail: "\(count)"
        )
    }

    public func setPromotionRule(_ rule: String?, bill: BillSlug, by staff: Account.ID?, at: Date) throws {
        try setBillSetting(
            .promotionRule, to: rule, bill: bill, by: staff, at: at, action: "bill.promotion-rule",
            detail: rule ?? "none")
    }

    /// A setting staff give a bill, kept in its participation row.
    enum BillSetting: String {
        case reportsToHide, promotionRule
    }

    /// Sets one of a bill's settings (the row made if the bill has none yet) with its audit row.
    private func setBillSetting(
        _ setting: BillSetting, to value: (any DatabaseValueConvertible)?, bill: BillSlug, by staff: Account.ID?,
        at: Date, action: String, detail: String
    ) throws {
        try writer.write { db in
            let pseudonym = try staff.map { try self.pseudonym(db, for: $0) } ?? "system"
            let column = setting.rawValue
            try db.execute(
                sql: """
                    INSERT INTO billParticipation (billSlug, open, changedAt, changedBy, \(column))
                    VALUES (?, 1, ?, ?, ?)
                    ON CONFLICT (billSlug) DO UPDATE SET \(column) = excluded.\(column)
                    """, arguments: [bill, at, pseudonym, value])
            try appendAudit(db, actor: pseudonym, action: action, target: bill.value, detail: detail, at: at)
        }
    }

    public func promotionRule(bill: BillSlug) throws -> String? {
        try writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT promotionRule FROM billParticipation WHERE billSlug = ?", arguments: [bill])
        }
    }

    public func hiddenAmendments(bill: BillSlug) throws -> Set<Amendment.Number> {
        Set(try hiddenTargets(bill: bill, kind: "amendment").compactMap { Int($0).flatMap(Amendment.Number.init) })
    }

    public func hiddenComments(bill: BillSlug, among ids: [Int64]) throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return Set(try hiddenTargets(bill: bill, kind: "comment", among: ids.map(String.init)).compactMap { Int64($0) })
    }

    /// The keys of a bill's items of one kind that are hidden now; only among `keys` when given
    /// (the moderation table's key is the bill, the kind and the key).
    private func hiddenTargets(bill: BillSlug, kind: String, among keys: [String]? = nil) throws -> [String] {
        try writer.read { db in
            var sql = "SELECT target FROM moderation WHERE billSlug = ? AND targetKind = ? AND hidden"
            var arguments: [any DatabaseValueConvertible] = [bill, kind]
            if let keys {
                sql += " AND target IN (" + Array(repeating: "?", count: keys.count).joined(separator: ", ") + ")"
                arguments += keys as [any DatabaseValueConvertible]
            }
            return try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        }
    }

    /// Every report on a bill, counted or not, newest first: what staff review.
    public func reports(bill: BillSlug, limit: Int) throws -> [ReportRecord] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.targetKind, r.target, a.handle, r.reason, r.counts, r.whyNotCounted, r.createdAt
                    FROM report r LEFT JOIN account a ON a.id = r.reporterId
                    WHERE r.billSlug = ? ORDER BY r.createdAt DESC, r.rowid DESC LIMIT ?
                    """, arguments: [bill, limit]
            ).map {
                ReportRecord(
                    kind: $0[0], target: $0[1], reporter: $0[2], reason: $0[3], counts: $0[4], whyNotCounted: $0[5],
                    createdAt: $0[6])
            }
        }
    }

    public func moderationInbox(pendingOnly: Bool, limit: Int) throws -> [InboxItem] {
        try writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.billSlug, r.targetKind, r.target, COUNT(*), MAX(r.createdAt),
                           m.hidden, m.decidedBy, m.decidedAt, m.reason
                    FROM report r LEFT JOIN moderation m
                      ON m.billSlug = r.billSlug AND m.targetKind = r.targetKind AND m.target = r.target
                    GROUP BY r.billSlug, r.targetKind, r.target
                    HAVING NOT ? OR m.decidedAt IS NULL OR m.decidedBy = 'system' OR m.decidedAt < MAX(r.createdAt)
                    ORDER BY MAX(r.createdAt) DESC, r.billSlug, r.targetKind, r.target LIMIT ?
                    """, arguments: [pendingOnly, limit])
            return try rows.map { row in
                let bill: String = row[0]
                let kind: String = row[1]
                let target: String = row[2]
                let reasons = try String.fetchAll(
                    db,
                    sql: """
                        SELECT reason FROM report WHERE billSlug = ? AND targetKind = ? AND target = ? AND reason <> ''
                        ORDER BY createdAt DESC, rowid DESC LIMIT 10
                        """, arguments: [bill, kind, target])
                var item = InboxItem(
                    bill: bill, kind: kind, target: target, reports: row[3], lastReportedAt: row[4], reasons: reasons,
                    hidden: (row[5] as Bool?) ?? false, decidedBy: row[6], decidedAt: row[7], decisionReason: row[8])
                if kind == "comment",
                    let found = try Row.fetchOne(
                        db,
                        sql:
                            "SELECT targetKind, target, substr(body, 1, 300) FROM comment WHERE billSlug = ? AND id = ?",
                        arguments: [bill, Int64(target) ?? -1])
                {
                    item.place = (found[0], found[1])
                    item.excerpt = found[2]
                } else if kind == "amendment" {
                    item.excerpt = try String.fetchOne(
                        db, sql: "SELECT title FROM amendment WHERE billSlug = ? AND number = ?",
                        arguments: [bill, Int(target) ?? -1])
                }
                return item
            }
        }
    }

    /// Staff hide or restore an item, with a reason; their decision stands over later reports.
    public func moderate(
        _ item: ModeratedItem, bill: BillSlug, hidden: Bool, reason: String, by staff: Account.ID, at: Date
    ) throws {
        try writer.write { db in
            try requireExists(db, item, bill: bill)
            let pseudonym = try pseudonym(db, for: staff)
            try db.execute(
                sql: """
                    INSERT INTO moderation (billSlug, targetKind, target, hidden, reason, decidedBy, decidedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (billSlug, targetKind, target) DO UPDATE SET hidden = excluded.hidden,
                    reason = excluded.reason, decidedBy = excluded.decidedBy, decidedAt = excluded.decidedAt
                    """, arguments: [bill, item.kind, item.key, hidden, reason, pseudonym, at])
            try appendAudit(
                db, actor: pseudonym, action: hidden ? "moderation.hide" : "moderation.restore",
                target: "\(bill)/\(item.kind)/\(item.key)", detail: reason, at: at)
        }
    }

    /// Whether an item is hidden.
    public func isHidden(_ item: ModeratedItem, bill: BillSlug) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(
                db, sql: "SELECT hidden FROM moderation WHERE billSlug = ? AND targetKind = ? AND target = ?",
                arguments: [bill, item.kind, item.key]) ?? false
        }
    }

    private func requireExists(_ db: Database, _ item: ModeratedItem, bill: BillSlug) throws {
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
