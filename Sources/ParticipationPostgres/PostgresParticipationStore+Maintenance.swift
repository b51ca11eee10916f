import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    // MARK: Doctor

    public func amendmentHeads(bill: BillSlug) async throws -> [Amendment.Number: String] {
        try await read { connection in
            var heads: [Amendment.Number: String] = [:]
            for try await (number, head) in try await connection.query(
                "SELECT number, head FROM amendment WHERE bill_slug = \(bill.value)", logger: logger
            ).decode((Int, String).self) {
                if let number = Amendment.Number(number) { heads[number] = head }
            }
            return heads
        }
    }

    public func billsWithAmendments() async throws -> [String] {
        try await read { connection in
            var bills: [String] = []
            for try await bill in try await connection.query(
                "SELECT DISTINCT bill_slug FROM amendment ORDER BY bill_slug", logger: logger
            ).decode(String.self) {
                bills.append(bill)
            }
            return bills
        }
    }

    public func repairAmendmentHead(
        bill: BillSlug, number: Amendment.Number, head: String, base: VersionNumber?, revision: String,
        articles: [String], at: Date
    ) async throws {
        try await write { connection in
            try await connection.query(
                """
                UPDATE amendment SET head = \(head), revision = \(revision), updated_at = \(Self.stored(at))
                WHERE bill_slug = \(bill.value) AND number = \(number.value)
                """, logger: logger)
            if let base {
                try await connection.query(
                    """
                    UPDATE amendment SET base_version = \(base.name),
                        state = CASE state WHEN 'conflicted' THEN 'proposed' ELSE state END
                    WHERE bill_slug = \(bill.value) AND number = \(number.value)
                    """, logger: logger)
                try await connection.query(
                    "DELETE FROM amendment_conflict WHERE bill_slug = \(bill.value) AND number = \(number.value)",
                    logger: logger)
            }
            try await replaceArticles(connection, bill: bill, number: number, with: articles)
            try await appendAudit(
                connection, actor: "doctor", action: "amendment.repair", target: "\(bill)#\(number)",
                detail: "head=\(head)", at: at)
        }
    }

    public func amendmentsWithoutArticles(bill: BillSlug) async throws -> [Amendment.Number] {
        try await read { connection in
            var numbers: [Amendment.Number] = []
            for try await number in try await connection.query(
                """
                SELECT number FROM amendment a WHERE bill_slug = \(bill.value) AND NOT EXISTS (
                    SELECT 1 FROM amendment_article aa WHERE aa.bill_slug = a.bill_slug AND aa.number = a.number)
                ORDER BY number
                """, logger: logger
            ).decode(Int.self) {
                if let number = Amendment.Number(number) { numbers.append(number) }
            }
            return numbers
        }
    }

    public func repairAmendmentArticles(bill: BillSlug, number: Amendment.Number, articles: [String], at: Date)
        async throws
    {
        try await write { connection in
            try await replaceArticles(connection, bill: bill, number: number, with: articles)
            try await appendAudit(
                connection, actor: "doctor", action: "amendment.repair", target: "\(bill)#\(number)",
                detail: "articles=\(articles.joined(separator: ","))", at: at)
        }
    }

    /// What PostgreSQL can check from here: every constraint is enforced as rows are written, so
    /// a sound database has only invalid constraints (left by a failed migration) to report.
    public func integrityProblems() async throws -> [String] {
        try await read { connection in
            var problems: [String] = []
            for try await name in try await connection.query(
                "SELECT conname::text FROM pg_constraint WHERE NOT convalidated", logger: logger
            ).decode(String.self) {
                problems.append("constraint \(name) is not validated")
            }
            return problems
        }
    }

    // MARK: Personal data

    public func personalData(of id: Account.ID, at now: Date) async throws -> PersonalData? {
        try await read { connection in
            guard let account = try await account(connection, id: id) else { return nil }
            var sessions = 0
            for try await count in try await connection.query(
                "SELECT count(*) FROM session WHERE account_id = \(id.rawValue) AND expires_at > \(now)",
                logger: logger
            ).decode(Int.self) {
                sessions = count
            }
            var amendments: [(bill: String, number: Int, title: String)] = []
            for try await (bill, number, title) in try await connection.query(
                """
                SELECT bill_slug, number, title FROM amendment WHERE author_id = \(id.rawValue)
                ORDER BY bill_slug, number
                """, logger: logger
            ).decode((String, Int, String).self) {
                amendments.append((bill, number, title))
            }
            var votes: [(bill: String, number: Int, value: String, castAt: Date)] = []
            for try await (bill, number, value, castAt) in try await connection.query(
                """
                SELECT bill_slug, number, value, cast_at FROM vote WHERE account_id = \(id.rawValue)
                ORDER BY bill_slug, number
                """, logger: logger
            ).decode((String, Int, String, Date).self) {
                votes.append((bill, number, value, castAt))
            }
            var comments: [(bill: String, id: Int64, body: String, createdAt: Date)] = []
            for try await (bill, comment, body, createdAt) in try await connection.query(
                "SELECT bill_slug, id, body, created_at FROM comment WHERE author_id = \(id.rawValue) ORDER BY id",
                logger: logger
            ).decode((String, Int64, String, Date).self) {
                comments.append((bill, comment, body, createdAt))
            }
            var audit: [AuditEntry] = []
            for try await (entry, at, actor, action, target, detail) in try await connection.query(
                """
                SELECT id, at, actor, action, target, detail FROM audit_log
                WHERE actor IN (SELECT pseudonym FROM pseudonym WHERE account_id = \(id.rawValue))
                OR target IN (SELECT pseudonym FROM pseudonym WHERE account_id = \(id.rawValue))
                OR actor = \(id.rawValue) ORDER BY id
                """, logger: logger
            ).decode((Int64, String, String, String, String, String).self) {
                audit.append(
                    AuditEntry(
                        id: entry, at: Self.date(stored: at), actor: actor, action: action, target: target,
                        detail: detail))
            }
            return PersonalData(
                account: account, openSessions: sessions, amendments: amendments, votes: votes, comments: comments,
                auditEntries: audit)
        }
    }

    /// The account with this id, read on the caller's connection.
    func account(_ connection: PostgresConnection, id: Account.ID) async throws -> Account? {
        for try await (handle, role, createdAt) in try await connection.query(
            "SELECT handle, role, created_at FROM account WHERE id = \(id.rawValue)", logger: logger
        ).decode((String, String, Date).self) {
            return Self.account(id: id.rawValue, handle: handle, role: role, createdAt: createdAt)
        }
        return nil
    }

    /// Erases a person as the SQLite store does, in one transaction. PostgreSQL keeps deleted
    /// row versions until a vacuum reclaims their space; the erasure then runs `VACUUM` on the
    /// tables that held the person's rows.
    public func erase(_ id: Account.ID, reservation: String, reservedUntil: Date, at: Date) async throws {
        try await write { connection in
            guard try await account(connection, id: id) != nil else {
                throw ParticipationError(.notFound, "there is no such account")
            }
            try await connection.query(
                """
                INSERT INTO erased_vote (bill_slug, number, revision, value, count)
                SELECT bill_slug, number, revision, value, count(*) FROM vote WHERE account_id = \(id.rawValue)
                GROUP BY bill_slug, number, revision, value
                ON CONFLICT (bill_slug, number, revision, value) DO UPDATE
                SET count = erased_vote.count + excluded.count
                """, logger: logger)
            try await connection.query("DELETE FROM vote WHERE account_id = \(id.rawValue)", logger: logger)
            try await connection.query(
                """
                INSERT INTO reserved_handle (digest, until) VALUES (\(reservation), \(Self.stored(reservedUntil)))
                ON CONFLICT (digest) DO UPDATE SET until = excluded.until
                """, logger: logger)
            try await connection.query("DELETE FROM reserved_handle WHERE until <= \(at)", logger: logger)
            try await connection.query("DELETE FROM account WHERE id = \(id.rawValue)", logger: logger)
            try await appendAudit(connection, actor: "system", action: "account.erase", target: "", at: at)
        }
        _ = try await read { connection in
            try await connection.query("VACUUM account, session, pseudonym, vote, report", logger: logger)
        }
    }

    public func erasedVotes(bill: BillSlug, number: Amendment.Number) async throws -> [String: Tally] {
        try await read { connection in
            var tallies: [String: Tally] = [:]
            for try await (revision, value, count) in try await connection.query(
                """
                SELECT revision, value, count FROM erased_vote
                WHERE bill_slug = \(bill.value) AND number = \(number.value)
                """, logger: logger
            ).decode((String, String, Int).self) {
                var tally = tallies[revision] ?? Tally()
                switch value {
                case "for": tally.for += count
                case "against": tally.against += count
                default: tally.abstain += count
                }
                tallies[revision] = tally
            }
            return tallies
        }
    }
}
