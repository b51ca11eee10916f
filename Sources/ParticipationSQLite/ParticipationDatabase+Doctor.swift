import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// The head commit each amendment record of a bill points at.
    public func amendmentHeads(bill: BillSlug) throws -> [Amendment.Number: String] {
        try writer.read { db in
            var heads: [Amendment.Number: String] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT number, head FROM amendment WHERE billSlug = ?", arguments: [bill])
            {
                if let number = Amendment.Number(row["number"]) { heads[number] = row["head"] }
            }
            return heads
        }
    }

    /// The bills that have records, to find records whose bill is gone.
    public func billsWithAmendments() throws -> [String] {
        try writer.read { try String.fetchAll($0, sql: "SELECT DISTINCT billSlug FROM amendment ORDER BY billSlug") }
    }

    /// Moves a record to the head its branch reached (a revision whose record was not written),
    /// with an audit row by the doctor.
    public func repairAmendmentHead(
        bill: BillSlug, number: Amendment.Number, head: String, base: VersionNumber? = nil, revision: String,
        articles: [String], at: Date
    ) throws {
        try writer.write { db in
            try db.execute(
                sql: "UPDATE amendment SET head = ?, revision = ?, updatedAt = ? WHERE billSlug = ? AND number = ?",
                arguments: [head, revision, at, bill, number.value])
            if let base {
                try db.execute(
                    sql: """
                        UPDATE amendment SET baseVersion = ?,
                        state = CASE state WHEN 'conflicted' THEN 'proposed' ELSE state END
                        WHERE billSlug = ? AND number = ?
                        """, arguments: [base.name, bill, number.value])
                try db.execute(
                    sql: "DELETE FROM amendmentConflict WHERE billSlug = ? AND number = ?",
                    arguments: [bill, number.value])
            }
            try Self.replaceArticles(db, bill: bill, number: number, with: articles)
            try appendAudit(
                db, actor: "doctor", action: "amendment.repair", target: "\(bill)#\(number)", detail: "head=\(head)",
                at: at)
        }
    }

    /// The amendments of a bill whose article labels are not recorded (records written before
    /// they were).
    public func amendmentsWithoutArticles(bill: BillSlug) throws -> [Amendment.Number] {
        try writer.read { db in
            try Int.fetchAll(
                db,
                sql: """
                    SELECT number FROM amendment WHERE billSlug = ? AND NOT EXISTS (SELECT 1 FROM amendmentArticle
                    WHERE amendmentArticle.billSlug = amendment.billSlug AND amendmentArticle.number = amendment.number)
                    ORDER BY number
                    """, arguments: [bill]
            ).compactMap(Amendment.Number.init)
        }
    }

    /// Records the article labels of an amendment, with an audit row by the doctor.
    public func repairAmendmentArticles(bill: BillSlug, number: Amendment.Number, articles: [String], at: Date) throws {
        try writer.write { db in
            try Self.replaceArticles(db, bill: bill, number: number, with: articles)
            try appendAudit(
                db, actor: "doctor", action: "amendment.repair", target: "\(bill)#\(number)",
                detail: "articles=\(articles.joined(separator: ","))", at: at)
        }
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: empty when the database is sound.
    public func integrityProblems() throws -> [String] {
        try writer.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key: \($0)" }
            return integrity + keys
        }
    }
}
