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
            try await requireOpen(connection, bill: bill, for: .comment, at: at)
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
            try await requireOpen(connection, bill: bill, for: .editComment, at: at)
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

    public func setParticipation(_ window: ParticipationWindow, bill: BillSlug, by actor: Account.ID, at: Date)
        async throws
    {
        try await write { connection in
            let pseudonym = try await pseudonym(connection, for: actor)
            try await connection.query(
                """
                INSERT INTO bill_participation (bill_slug, open, opens_at, closes_at, changed_at, changed_by)
                VALUES (\(bill.value), \(window.open), \(window.opensAt.map(Self.stored)),
                    \(window.closesAt.map(Self.stored)), \(Self.stored(at)), \(pseudonym))
                ON CONFLICT (bill_slug) DO UPDATE SET open = excluded.open, opens_at = excluded.opens_at,
                closes_at = excluded.closes_at, changed_at = excluded.changed_at, changed_by = excluded.changed_by
                """, logger: logger)
            try await appendAudit(
                connection, actor: pseudonym, action: window.open ? "bill.open" : "bill.close", target: bill.value,
                detail: window.auditDetail, at: at)
        }
    }

    public func participationWindow(bill: BillSlug) async throws -> ParticipationWindow {
        try await read { try await window($0, bill: bill) }
    }

    func window(_ connection: PostgresConnection, bill: BillSlug) async throws -> ParticipationWindow {
        for try await (open, opensAt, closesAt) in try await connection.query(
            "SELECT open, opens_at, closes_at FROM bill_participation WHERE bill_slug = \(bill.value)", logger: logger
        ).decode((Bool, Date?, Date?).self) {
            return ParticipationWindow(open: open, opensAt: opensAt, closesAt: closesAt)
        }
        return ParticipationWindow()
    }

    /// Refuses `action`, inside the caller's transaction, as the bill's window says at `at`.
    func requireOpen(_ connection: PostgresConnection, bill: BillSlug, for action: ParticipationAction, at: Date)
        async throws
    {
        if let refusal = try await window(connection, bill: bill).refusal(of: action, on: bill.value, at: at) {
            throw ParticipationError(refusal)
        }
    }
}
