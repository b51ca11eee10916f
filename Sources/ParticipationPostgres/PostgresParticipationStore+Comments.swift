import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    public func addComment(
        bill: BillSlug, on target: CommentTarget, parent: Int64?, body: String, stance: Stance, by author: Account.ID,
        at: Date
    ) async throws -> Comment {
        let at = Self.stored(at)
        return try await write { connection in
            try await requireOpen(connection, bill: bill, refusing: "comments are no longer taken")
            if let parent {
                var sameThread = false
                for try await _ in try await connection.query(
                    """
                    SELECT 1 FROM comment WHERE id = \(parent) AND bill_slug = \(bill.value)
                    AND target_kind = \(target.kind) AND target = \(target.key)
                    """, logger: logger)
                {
                    sameThread = true
                }
                guard sameThread else {
                    throw ParticipationError(.notFound, "there is no comment \(parent) here to reply to")
                }
            }
            var id: Int64 = 0
            for try await inserted in try await connection.query(
                """
                INSERT INTO comment (bill_slug, target_kind, target, parent_id, author_id, body, stance, created_at,
                    updated_at)
                VALUES (\(bill.value), \(target.kind), \(target.key), \(parent), \(author.rawValue), \(body),
                    \(stance.rawValue), \(at), \(at))
                RETURNING id
                """, logger: logger
            ).decode(Int64.self) {
                id = inserted
            }
            try await appendAudit(
                connection, actor: try await pseudonym(connection, for: author), action: "comment.add",
                target: "\(bill)/comment/\(id)", at: at)
            return Comment(
                id: id, parent: parent, author: author, body: body, stance: stance, deleted: false, createdAt: at,
                updatedAt: at)
        }
    }

    public func changeComment(bill: BillSlug, id: Int64, body: String?, by author: Account.ID, at: Date) async throws {
        try await write { connection in
            try await requireOpen(connection, bill: bill, refusing: "comments can no longer change")
            var found: (author: String?, deleted: Bool)?
            for try await (authorId, deleted) in try await connection.query(
                "SELECT author_id, deleted FROM comment WHERE id = \(id) AND bill_slug = \(bill.value)", logger: logger
            ).decode((String?, Bool).self) {
                found = (authorId, deleted)
            }
            guard let found else { throw ParticipationError(.notFound, "there is no comment \(id)") }
            guard found.author == author.rawValue else {
                throw ParticipationError(.forbidden, "only its author may change comment \(id)")
            }
            guard !found.deleted else { throw ParticipationError(.conflict, "comment \(id) was deleted") }
            if let body {
                try await connection.query(
                    "UPDATE comment SET body = \(body), updated_at = \(Self.stored(at)) WHERE id = \(id)",
                    logger: logger)
            } else {
                try await connection.query(
                    "UPDATE comment SET body = '', deleted = true, updated_at = \(Self.stored(at)) WHERE id = \(id)",
                    logger: logger)
            }
            try await appendAudit(
                connection, actor: try await pseudonym(connection, for: author),
                action: body == nil ? "comment.delete" : "comment.edit", target: "\(bill)/comment/\(id)", at: at)
        }
    }

    public func commentTimes(by author: Account.ID, since: Date) async throws -> [Date] {
        try await read { connection in
            var times: [Date] = []
            for try await time in try await connection.query(
                "SELECT created_at FROM comment WHERE author_id = \(author.rawValue) AND created_at > \(since)",
                logger: logger
            ).decode(Date.self) {
                times.append(time)
            }
            return times
        }
    }

    public func comments(bill: BillSlug, on target: CommentTarget, after cursor: Int64, limit: Int) async throws
        -> [Comment]
    {
        try await read { connection in
            var comments: [Comment] = []
            for try await (id, parent, author, body, stance, deleted, createdAt, updatedAt)
                in try await connection
                .query(
                    """
                    SELECT id, parent_id, author_id, body, stance, deleted, created_at, updated_at FROM comment
                    WHERE bill_slug = \(bill.value) AND target_kind = \(target.kind) AND target = \(target.key)
                    AND id > \(cursor) ORDER BY id LIMIT \(limit)
                    """, logger: logger
                ).decode((Int64, Int64?, String?, String, String, Bool, Date, Date).self)
            {
                comments.append(
                    Comment(
                        id: id, parent: parent, author: author.map(Account.ID.init(rawValue:)), body: body,
                        stance: Stance(rawValue: stance) ?? .neutral, deleted: deleted, createdAt: createdAt,
                        updatedAt: updatedAt))
            }
            return comments
        }
    }

    // MARK: Participation lifecycle

    public func setParticipation(open: Bool, bill: BillSlug, by actor: Account.ID, at: Date) async throws {
        try await write { connection in
            let pseudonym = try await pseudonym(connection, for: actor)
            try await connection.query(
                """
                INSERT INTO bill_participation (bill_slug, open, changed_at, changed_by)
                VALUES (\(bill.value), \(open), \(Self.stored(at)), \(pseudonym))
                ON CONFLICT (bill_slug) DO UPDATE SET open = excluded.open, changed_at = excluded.changed_at,
                changed_by = excluded.changed_by
                """, logger: logger)
            try await appendAudit(
                connection, actor: pseudonym, action: open ? "bill.open" : "bill.close", target: bill.value, at: at)
        }
    }

    public func isParticipationOpen(bill: BillSlug) async throws -> Bool {
        try await read { try await isOpen($0, bill: bill) }
    }

    func isOpen(_ connection: PostgresConnection, bill: BillSlug) async throws -> Bool {
        for try await open in try await connection.query(
            "SELECT open FROM bill_participation WHERE bill_slug = \(bill.value)", logger: logger
        ).decode(Bool.self) {
            return open
        }
        return true
    }

    /// Refuses, inside the caller's transaction, when participation on the bill is closed.
    func requireOpen(_ connection: PostgresConnection, bill: BillSlug, refusing what: String) async throws {
        guard try await isOpen(connection, bill: bill) else {
            throw ParticipationError(.conflict, "participation on \(bill) is closed; \(what)")
        }
    }
}
