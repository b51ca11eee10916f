import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// Adds a comment (a reply when `parent` is given, which must be on the same target), with its
    /// audit row; refused when participation on the bill is closed.
    public func addComment(
        bill: BillSlug, on target: CommentTarget, parent: Int64?, body: String, stance: Stance, by author: Account.ID,
        at: Date
    ) throws -> Comment {
        try writer.write { db in
            try Self.requireOpen(db, bill: bill, for: .comment, at: at)
            if let parent {
                let sameThread =
                    try Bool.fetchOne(
                        db,
                        sql: "SELECT 1 FROM comment WHERE id = ? AND billSlug = ? AND targetKind = ? AND target = ?",
                        arguments: [parent, bill, target.kind, target.key]) ?? false
                guard sameThread else {
                    throw ParticipationError(.notFound, "there is no comment \(parent) here to reply to")
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO comment (billSlug, targetKind, target, parentId, authorId, body, stance, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [bill, target.kind, target.key, parent, author.rawValue, body, stance.rawValue, at, at])
            let id = db.lastInsertedRowID
            try appendAudit(
                db, actor: try pseudonym(db, for: author), action: "comment.add", target: "\(bill)/comment/\(id)",
                at: at)
            return Comment(
                id: id, parent: parent, author: author, body: body, stance: stance, deleted: false, createdAt: at,
                updatedAt: at)
        }
    }

    /// Edits (new body) or deletes (nil body) a comment by its author only.
    public func changeComment(bill: BillSlug, id: Int64, body: String?, by author: Account.ID, at: Date) throws {
        try writer.write { db in
            try Self.requireOpen(db, bill: bill, for: .editComment, at: at)
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT authorId, deleted FROM comment WHERE id = ? AND billSlug = ?",
                    arguments: [id, bill])
            else { throw ParticipationError(.notFound, "there is no comment \(id)") }
            guard (row["authorId"] as String?) == author.rawValue else {
                throw ParticipationError(.forbidden, "only its author may change comment \(id)")
            }
            guard !(row["deleted"] as Bool) else { throw ParticipationError(.conflict, "comment \(id) was deleted") }
            if let body {
                try db.execute(
                    sql: "UPDATE comment SET body = ?, updatedAt = ? WHERE id = ?", arguments: [body, at, id])
            } else {
                try db.execute(
                    sql: "UPDATE comment SET body = '', deleted = 1, updatedAt = ? WHERE id = ?", arguments: [at, id])
            }
            try appendAudit(
                db, actor: try pseudonym(db, for: author), action: body == nil ? "comment.delete" : "comment.edit",
                target: "\(bill)/comment/\(id)", at: at)
        }
    }

    /// When an account's comments were written since `since`, for its quota.
    public func commentTimes(by author: Account.ID, since: Date) throws -> [Date] {
        try writer.read { db in
            try Date.fetchAll(
                db, sql: "SELECT createdAt FROM comment WHERE authorId = ? AND createdAt > ?",
                arguments: [author.rawValue, since])
        }
    }

    /// The comments on a target in the order written (replies name their parent), a page at a time.
    public func comments(bill: BillSlug, on target: CommentTarget, after cursor: Int64, limit: Int) throws -> [Comment]
    {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM comment WHERE billSlug = ? AND targetKind = ? AND target = ? AND id > ?
                    ORDER BY id LIMIT ?
                    """, arguments: [bill, target.kind, target.key, cursor, limit]
            ).map { row in
                Comment(
                    id: row["id"], parent: row["parentId"],
                    author: (row["authorId"] as String?).map(Account.ID.init(rawValue:)),
                    body: row["body"], stance: Stance(rawValue: row["stance"]) ?? .neutral, deleted: row["deleted"],
                    createdAt: row["createdAt"], updatedAt: row["updatedAt"])
            }
        }
    }
}
