import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    public func report(
        _ item: ModeratedItem, bill: BillSlug, reason: String, by reporter: Account.ID, at: Date, rule: ModerationRule
    ) async throws -> Bool {
        let at = Self.stored(at)
        do {
            return try await write { connection in
                try await requireExists(connection, item, bill: bill)
                let standing = try await standing(connection, of: reporter, on: item, bill: bill, at: at)
                let whyNot = rule.whyNotCounted(standing)
                try await connection.query(
                    """
                    INSERT INTO report (bill_slug, target_kind, target, reporter_id, reason, created_at, counts,
                        why_not_counted)
                    VALUES (\(bill.value), \(item.kind), \(item.key), \(reporter.rawValue), \(reason), \(at),
                        \(whyNot == nil), \(whyNot))
                    """, logger: logger)
                try await appendAudit(
                    connection, actor: try await pseudonym(connection, for: reporter), action: "report",
                    target: "\(bill)/\(item.kind)/\(item.key)", detail: whyNot == nil ? "" : "not counted", at: at)
                var counting = 0
                for try await count in try await connection.query(
                    """
                    SELECT count(*) FROM report WHERE bill_slug = \(bill.value) AND target_kind = \(item.kind)
                    AND target = \(item.key) AND counts
                    """, logger: logger
                ).decode(Int.self) {
                    counting = count
                }
                var decided: Bool?
                for try await hidden in try await connection.query(
                    """
                    SELECT hidden FROM moderation WHERE bill_slug = \(bill.value) AND target_kind = \(item.kind)
                    AND target = \(item.key)
                    """, logger: logger
                ).decode(Bool.self) {
                    decided = hidden
                }
                var billRule = rule
                billRule.reportsToHide = try await reportsToHide(connection, bill: bill) ?? rule.reportsToHide
                if decided == nil && billRule.hides(countingReports: counting) {
                    try await connection.query(
                        """
                        INSERT INTO moderation (bill_slug, target_kind, target, hidden, reason, decided_by, decided_at)
                        VALUES (\(bill.value), \(item.kind), \(item.key), true,
                            \("\(counting) reports, pending staff review"), 'system', \(at))
                        """, logger: logger)
                    try await appendAudit(
                        connection, actor: "system", action: "moderation.hide",
                        target: "\(bill)/\(item.kind)/\(item.key)", at: at)
                    return true
                }
                return decided ?? false
            }
        } catch  where Self.isDuplicateKey(error) {
            throw ParticipationError(.duplicate, "you have already reported this \(item.kind)")
        }
    }

    /// The reporter as the moderation rule sees them, read in the report's transaction.
    func standing(
        _ connection: PostgresConnection, of reporter: Account.ID, on item: ModeratedItem, bill: BillSlug, at: Date
    ) async throws -> ModerationRule.Reporter {
        var createdAt = at
        var participated = false
        for try await (created, took) in try await connection.query(
            """
            SELECT a.created_at,
                EXISTS (SELECT 1 FROM vote WHERE account_id = a.id)
                OR EXISTS (SELECT 1 FROM amendment WHERE author_id = a.id)
                OR EXISTS (SELECT 1 FROM comment WHERE author_id = a.id)
            FROM account a WHERE a.id = \(reporter.rawValue)
            """, logger: logger
        ).decode((Date, Bool).self) {
            createdAt = created
            participated = took
        }
        var author: String?
        let query: PostgresQuery
        switch item {
        case .amendment(let number):
            query = "SELECT author_id FROM amendment WHERE bill_slug = \(bill.value) AND number = \(number.value)"
        case .comment(let id):
            query = "SELECT author_id FROM comment WHERE bill_slug = \(bill.value) AND id = \(id)"
        }
        for try await id in try await connection.query(query, logger: logger).decode(String?.self) { author = id }
        return ModerationRule.Reporter(
            accountAge: at.timeIntervalSince(createdAt), hasParticipated: participated,
            isAuthor: author == reporter.rawValue)
    }

    /// The bill's own report threshold, if staff set one.
    func reportsToHide(_ connection: PostgresConnection, bill: BillSlug) async throws -> Int? {
        for try await count in try await connection.query(
            "SELECT reports_to_hide FROM bill_participation WHERE bill_slug = \(bill.value)", logger: logger
        ).decode(Int?.self) {
            return count
        }
        return nil
    }

    public func setReportsToHide(_ count: Int, bill: BillSlug, by staff: Account.ID, at: Date) async throws {
        try await write { connection in
            let pseudonym = try await pseudonym(connection, for: staff)
            try await connection.query(
                """
                INSERT INTO bill_participation (bill_slug, open, changed_at, changed_by, reports_to_hide)
                VALUES (\(bill.value), true, \(Self.stored(at)), \(pseudonym), \(count))
                ON CONFLICT (bill_slug) DO UPDATE SET reports_to_hide = excluded.reports_to_hide
                """, logger: logger)
            try await appendAudit(
                connection, actor: pseudonym, action: "bill.reports-to-hide", target: bill.value, detail: "\(count)",
                at: at)
        }
    }

    public func setPromotionRule(_ rule: String?, bill: BillSlug, by staff: Account.ID?, at: Date) async throws {
        try await write { connection in
            let pseudonym: String
            if let staff { pseudonym = try await self.pseudonym(connection, for: staff) } else { pseudonym = "system" }
            try await connection.query(
                """
                INSERT INTO bill_participation (bill_slug, open, changed_at, changed_by, promotion_rule)
                VALUES (\(bill.value), true, \(Self.stored(at)), \(pseudonym), \(rule))
                ON CONFLICT (bill_slug) DO UPDATE SET promotion_rule = excluded.promotion_rule
                """, logger: logger)
            try await appendAudit(
                connection, actor: pseudonym, action: "bill.promotion-rule", target: bill.value,
                detail: rule ?? "none", at: at)
        }
    }

    public func promotionRule(bill: BillSlug) async throws -> String? {
        try await read { connection in
            var rule: String?
            for try await (value) in try await connection.query(
                "SELECT promotion_rule FROM bill_participation WHERE bill_slug = \(bill.value)", logger: logger
            ).decode(String?.self) {
                rule = value
            }
            return rule
        }
    }

    public func hiddenAmendments(bill: BillSlug) async throws -> Set<Amendment.Number> {
        Set(
            try await hiddenTargets(bill: bill, kind: "amendment").compactMap { Int($0).flatMap(Amendment.Number.init) }
        )
    }

    public func hiddenComments(bill: BillSlug, among ids: [Int64]) async throws -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return Set(
            try await hiddenTargets(bill: bill, kind: "comment", among: ids.map(String.init)).compactMap { Int64($0) })
    }

    /// The keys of a bill's items of one kind that are hidden now; only among `keys` when given.
    private func hiddenTargets(bill: BillSlug, kind: String, among keys: [String]? = nil) async throws -> [String] {
        try await read { connection in
            var targets: [String] = []
            let query: PostgresQuery =
                if let keys {
                    """
                    SELECT target FROM moderation WHERE bill_slug = \(bill.value) AND target_kind = \(kind) AND hidden
                    AND target = ANY(\(keys))
                    """
                } else {
                    """
                    SELECT target FROM moderation WHERE bill_slug = \(bill.value) AND target_kind = \(kind) AND hidden
                    """
                }
            for try await target in try await connection.query(query, logger: logger).decode(String.self) {
                targets.append(target)
            }
            return targets
        }
    }

    public func reports(bill: BillSlug, limit: Int) async throws -> [ReportRecord] {
        try await read { connection in
            var reports: [ReportRecord] = []
            for try await (kind, target, reporter, reason, counts, whyNot, createdAt) in try await connection.query(
                """
                SELECT r.target_kind, r.target, a.handle, r.reason, r.counts, r.why_not_counted, r.created_at
                FROM report r LEFT JOIN account a ON a.id = r.reporter_id
                WHERE r.bill_slug = \(bill.value) ORDER BY r.created_at DESC, r.id DESC LIMIT \(limit)
                """, logger: logger
            ).decode((String, String, String?, String, Bool, String?, Date).self) {
                reports.append(
                    ReportRecord(
                        kind: kind, target: target, reporter: reporter, reason: reason, counts: counts,
                        whyNotCounted: whyNot, createdAt: createdAt))
            }
            return reports
        }
    }

    public func moderationInbox(pendingOnly: Bool, limit: Int) async throws -> [InboxItem] {
        try await read { connection in
            var items: [InboxItem] = []
            for try await (bill, kind, target, count, last, hidden, decidedBy, decidedAt, reason)
                in try await connection
                .query(
                    """
                    SELECT r.bill_slug, r.target_kind, r.target, COUNT(*)::INTEGER, MAX(r.created_at),
                           m.hidden, m.decided_by, m.decided_at, m.reason
                    FROM report r LEFT JOIN moderation m
                      ON m.bill_slug = r.bill_slug AND m.target_kind = r.target_kind AND m.target = r.target
                    GROUP BY r.bill_slug, r.target_kind, r.target, m.hidden, m.decided_by, m.decided_at, m.reason
                    HAVING NOT \(pendingOnly) OR m.decided_at IS NULL OR m.decided_by = 'system'
                        OR m.decided_at < MAX(r.created_at)
                    ORDER BY MAX(r.created_at) DESC, r.bill_slug, r.target_kind, r.target LIMIT \(limit)
                    """, logger: logger
                ).decode((String, String, String, Int, Date, Bool?, String?, Date?, String?).self)
            {
                items.append(
                    InboxItem(
                        bill: bill, kind: kind, target: target, reports: count, lastReportedAt: last, reasons: [],
                        hidden: hidden ?? false, decidedBy: decidedBy, decidedAt: decidedAt, decisionReason: reason))
            }
            for index in items.indices {
                let item = items[index]
                for try await reason in try await connection.query(
                    """
                    SELECT reason FROM report WHERE bill_slug = \(item.bill) AND target_kind = \(item.kind)
                    AND target = \(item.target) AND reason <> '' ORDER BY created_at DESC, id DESC LIMIT 10
                    """, logger: logger
                ).decode(String.self) {
                    items[index].reasons.append(reason)
                }
                if item.kind == "comment" {
                    for try await (kind, target, excerpt) in try await connection.query(
                        """
                        SELECT target_kind, target, substr(body, 1, 300) FROM comment
                        WHERE bill_slug = \(item.bill) AND id = \(Int64(item.target) ?? -1)
                        """, logger: logger
                    ).decode((String, String, String).self) {
                        items[index].place = (kind, target)
                        items[index].excerpt = excerpt
                    }
                } else {
                    for try await title in try await connection.query(
                        """
                        SELECT title FROM amendment WHERE bill_slug = \(item.bill) AND number = \(Int(item.target) ?? -1)
                        """, logger: logger
                    ).decode(String.self) {
                        items[index].excerpt = title
                    }
                }
            }
            return items
        }
    }

    public func moderate(
        _ item: ModeratedItem, bill: BillSlug, hidden: Bool, reason: String, by staff: Account.ID, at: Date
    ) async throws {
        try await write { connection in
            try await requireExists(connection, item, bill: bill)
            let pseudonym = try await pseudonym(connection, for: staff)
            try await connection.query(
                """
                INSERT INTO moderation (bill_slug, target_kind, target, hidden, reason, decided_by, decided_at)
                VALUES (\(bill.value), \(item.kind), \(item.key), \(hidden), \(reason), \(pseudonym),
                    \(Self.stored(at)))
                ON CONFLICT (bill_slug, target_kind, target) DO UPDATE SET hidden = excluded.hidden,
                reason = excluded.reason, decided_by = excluded.decided_by, decided_at = excluded.decided_at
                """, logger: logger)
            try await appendAudit(
                connection, actor: pseudonym, action: hidden ? "moderation.hide" : "moderation.restore",
                target: "\(bill)/\(item.kind)/\(item.key)", detail: reason, at: at)
        }
    }

    public func isHidden(_ item: ModeratedItem, bill: BillSlug) async throws -> Bool {
        try await read { connection in
            for try await hidden in try await connection.query(
                """
                SELECT hidden FROM moderation WHERE bill_slug = \(bill.value) AND target_kind = \(item.kind)
                AND target = \(item.key)
                """, logger: logger
            ).decode(Bool.self) {
                return hidden
            }
            return false
        }
    }

    func requireExists(_ connection: PostgresConnection, _ item: ModeratedItem, bill: BillSlug) async throws {
        let query: PostgresQuery
        switch item {
        case .amendment(let number):
            query = "SELECT 1 FROM amendment WHERE bill_slug = \(bill.value) AND number = \(number.value)"
        case .comment(let id):
            query = "SELECT 1 FROM comment WHERE bill_slug = \(bill.value) AND id = \(id)"
        }
        var exists = false
        for try await _ in try await connection.query(query, logger: logger) { exists = true }
        guard exists else { throw ParticipationError(.notFound, "there is no such \(item.kind) on \(bill)") }
    }
}
