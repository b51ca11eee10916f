import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// Casts, changes or keeps a vote on the current text of a proposed amendment (its revision,
    /// read in the same transaction), moving the tallies with it, with an audit row when it
    /// changed. The voter is the account of the live session stored under `session`, checked in
    /// the vote's own transaction: a vote needs no read of its own before it. Returns the tally of
    /// that text once the vote is on disk (group commit: votes cast meanwhile share its transaction).
    public func castVote(_ value: VoteValue, bill: BillSlug, number: Amendment.Number, session: String, at: Date)
        async throws -> Tally
    {
        try await groupCommit.write { db in
            // One read for the session's account, the bill's state, the amendment's and the
            // person's previous vote.
            let current = try Self.ballot(db, bill: bill, number: number, session: session, at: at)
            guard current.open else {
                throw ParticipationError(.conflict, "participation on \(bill) is closed; votes are no longer taken")
            }
            guard let state = current.state, let revision = current.revision else {
                throw ParticipationError(.notFound, "bill \(bill) has no amendment \(number)")
            }
            guard state == AmendmentState.proposed.rawValue else {
                throw ParticipationError(.conflict, "amendment \(number) is \(state); votes are closed")
            }
            guard !current.hidden else {
                throw ParticipationError(
                    .conflict, "amendment \(number) is hidden pending review by staff; votes resume if it is restored")
            }
            if current.previousValue == value.rawValue && current.previousRevision == revision {
                return try Self.tally(db, bill: bill, number: number, revision: revision)
            }
            let tally: Tally
            if let previousValue = current.previousValue, current.previousRevision == revision {
                // A changed vote on the same text: one update moves the count between columns.
                tally = try Self.change(
                    db, bill: bill, number: number, revision: revision, from: previousValue, to: value)
            } else {
                if let previousValue = current.previousValue, let previousRevision = current.previousRevision {
                    try Self.move(
                        db, bill: bill, number: number, revision: previousRevision, value: previousValue, by: -1)
                }
                tally = try Self.move(db, bill: bill, number: number, revision: revision, value: value.rawValue, by: 1)
            }
            try DirectStatement.with(
                db,
                """
                INSERT INTO vote (billSlug, number, accountId, value, revision, castAt) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (billSlug, number, accountId) DO UPDATE SET value = excluded.value,
                revision = excluded.revision, castAt = excluded.castAt
                """
            ) { statement in
                statement.bind(bill.value, at: 1)
                statement.bind(number.value, at: 2)
                statement.bind(current.account, at: 3)
                statement.bind(value.rawValue, at: 4)
                statement.bind(revision, at: 5)
                statement.bind(Timestamp.text(at), at: 6)
                try statement.execute()
            }
            try appendAudit(db, actor: "citizen", action: "vote.cast", target: "\(bill)#\(number)", at: at)
            return tally
        }
    }

    /// Withdraws the vote of the live session's account; false when there was none.
    @discardableResult
    public func withdrawVote(bill: BillSlug, number: Amendment.Number, session: String, at: Date) async throws
        -> Bool
    {
        try await groupCommit.write { db in
            let current = try Self.ballot(db, bill: bill, number: number, session: session, at: at)
            guard current.state != nil else {
                throw ParticipationError(.notFound, "bill \(bill) has no amendment \(number)")
            }
            guard current.open else {
                throw ParticipationError(.conflict, "participation on \(bill) is closed; votes can no longer change")
            }
            guard let previousValue = current.previousValue, let previousRevision = current.previousRevision else {
                return false
            }
            try DirectStatement.with(db, "DELETE FROM vote WHERE billSlug = ? AND number = ? AND accountId = ?") {
                statement in
                statement.bind(bill.value, at: 1)
                statement.bind(number.value, at: 2)
                statement.bind(current.account, at: 3)
                try statement.execute()
            }
            try Self.move(db, bill: bill, number: number, revision: previousRevision, value: previousValue, by: -1)
            try appendAudit(
                db, actor: "citizen", action: "vote.withdraw", target: "\(bill)#\(number)", at: at)
            return true
        }
    }

    /// What a vote is checked against, read in one statement inside its transaction.
    private struct Ballot {
        /// The voter: the account of the session.
        var account: String
        /// Whether participation on the bill is open.
        var open: Bool
        /// The amendment's state and current revision; nil when there is no such amendment.
        var state: String?
        var revision: String?
        /// The voter's vote on the amendment, if any, and the revision it was cast on.
        var previousValue: String?
        var previousRevision: String?
        /// Whether the amendment is hidden pending review.
        var hidden: Bool
    }

    /// Reads the ballot of the session's account; `.unauthenticated` when no live session has
    /// this hash, whatever the amendment.
    private static func ballot(_ db: Database, bill: BillSlug, number: Amendment.Number, session: String, at: Date)
        throws -> Ballot
    {
        try DirectStatement.with(
            db,
            """
            SELECT s.accountId, coalesce(p.open, 1), a.state, a.revision, v.value, v.revision, coalesce(m.hidden, 0)
            FROM session s
            LEFT JOIN billParticipation p ON p.billSlug = ?1
            LEFT JOIN amendment a ON a.billSlug = ?1 AND a.number = ?2
            LEFT JOIN vote v ON v.billSlug = ?1 AND v.number = ?2 AND v.accountId = s.accountId
            LEFT JOIN moderation m ON m.billSlug = ?1 AND m.targetKind = 'amendment' AND m.target = CAST(?2 AS TEXT)
            WHERE s.tokenHash = ?3 AND s.expiresAt > ?4
            """
        ) { statement in
            statement.bind(bill.value, at: 1)
            statement.bind(number.value, at: 2)
            statement.bind(session, at: 3)
            statement.bind(Timestamp.text(at), at: 4)
            guard try statement.step(), let account = statement.text(0) else {
                throw ParticipationError(.unauthenticated, "no live session has this token")
            }
            return Ballot(
                account: account, open: statement.int(1) != 0, state: statement.text(2), revision: statement.text(3),
                previousValue: statement.text(4), previousRevision: statement.text(5), hidden: statement.int(6) != 0)
        }
    }

    /// The tallies of every text of an amendment, by revision.
    public func tallies(bill: BillSlug, number: Amendment.Number) throws -> [String: Tally] {
        try writer.read { db in
            var tallies: [String: Tally] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT revision, supports, oppositions, abstentions FROM tally WHERE billSlug = ? AND number = ?",
                arguments: [bill, number.value])
            {
                tallies[row["revision"]] = Tally(
                    for: row["supports"], against: row["oppositions"], abstain: row["abstentions"])
            }
            return tallies
        }
    }

    /// The caller's own vote, if any (nobody reads another person's vote).
    public func vote(bill: BillSlug, number: Amendment.Number, by account: Account.ID) throws -> StoredVote? {
        try writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT value, revision FROM vote WHERE billSlug = ? AND number = ? AND accountId = ?"),
                    arguments: [bill, number.value, account.rawValue]),
                let value = VoteValue(rawValue: row[0])
            else { return nil }
            return StoredVote(value: value, revision: row[1])
        }
    }

    /// Moves one vote of a text's tally from one value to another; returns the tally after.
    private static func change(
        _ db: Database, bill: BillSlug, number: Amendment.Number, revision: String, from old: String, to new: VoteValue
    ) throws -> Tally {
        let from = column(old)
        let to = column(new.rawValue)
        let tally = try tally(
            db,
            """
            UPDATE tally SET \(from) = \(from) - 1, \(to) = \(to) + 1
            WHERE billSlug = ? AND number = ? AND revision = ?
            RETURNING supports, oppositions, abstentions
            """, bill: bill, number: number, revision: revision)
        guard let tally else { throw ParticipationError(.storage, "amendment \(number) has no tally for its vote") }
        return tally
    }

    private static func column(_ value: String) -> String {
        switch value {
        case "for": "supports"
        case "against": "oppositions"
        default: "abstentions"
        }
    }

    /// Moves one count of a text's tally and returns the tally after the move.
    @discardableResult
    private static func move(
        _ db: Database, bill: BillSlug, number: Amendment.Number, revision: String, value: String, by delta: Int
    ) throws -> Tally {
        let column = column(value)
        return try DirectStatement.with(
            db,
            """
            INSERT INTO tally (billSlug, number, revision, \(column)) VALUES (?1, ?2, ?3, max(?4, 0))
            ON CONFLICT (billSlug, number, revision) DO UPDATE SET \(column) = \(column) + ?4
            RETURNING supports, oppositions, abstentions
            """
        ) { statement in
            statement.bind(bill.value, at: 1)
            statement.bind(number.value, at: 2)
            statement.bind(revision, at: 3)
            statement.bind(delta, at: 4)
            guard try statement.step() else { return Tally() }
            return Tally(for: statement.int(0), against: statement.int(1), abstain: statement.int(2))
        }
    }

    private static func tally(_ db: Database, bill: BillSlug, number: Amendment.Number, revision: String) throws
        -> Tally
    {
        try tally(
            db,
            "SELECT supports, oppositions, abstentions FROM tally WHERE billSlug = ? AND number = ? AND revision = ?",
            bill: bill, number: number, revision: revision) ?? Tally()
    }

    /// The tally a statement returns, bound to a text of an amendment; nil when it returns none.
    private static func tally(_ db: Database, _ sql: String, bill: BillSlug, number: Amendment.Number, revision: String)
        throws -> Tally?
    {
        try DirectStatement.with(db, sql) { statement in
            statement.bind(bill.value, at: 1)
            statement.bind(number.value, at: 2)
            statement.bind(revision, at: 3)
            guard try statement.step() else { return nil }
            return Tally(for: statement.int(0), against: statement.int(1), abstain: statement.int(2))
        }
    }
}
