import Foundation
import GRDB
import Legislation
import Participation

extension ParticipationDatabase {
    /// Casts, changes or keeps a vote on the current text of an amendment (its revision, read in
    /// the same transaction), moving the tallies with it, with an audit row when it changed. The
    /// voter is the account of the live session stored under `session`, checked in the vote's own
    /// transaction, and `Ballot.refusal` decides on what that one read found: a vote needs no
    /// read of its own before it. Returns the tally of that text once the vote is on disk (group
    /// commit: votes cast meanwhile share its transaction).
    public func castVote(_ value: VoteValue, bill: BillSlug, number: Amendment.Number, session: String, at: Date)
        async throws -> Tally
    {
        try await groupCommit.write { db in
            let current = try Self.reading(db, bill: bill, number: number, session: session, at: at)
            if let refusal = current.ballot.refusal(of: .vote, amendment: number, on: bill.value, at: at) {
                throw ParticipationError(refusal)
            }
            let revision = current.revision
            if current.previousValue == value.rawValue && current.previousRevision == revision {
                // The same vote again changes nothing but may find the line crossed by time
                // (a minimum age), as PostgreSQL's batch does.
                let tally = try Self.tally(db, bill: bill, number: number, revision: revision)
                try promoteIfMet(
                    db, facts: current.promotion, bill: bill, number: number, revision: revision, tally: tally, at: at)
                return tally
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
            try promoteIfMet(
                db, facts: current.promotion, bill: bill, number: number, revision: revision, tally: tally, at: at)
            return tally
        }
    }

    /// Withdraws the vote of the live session's account; false when there was none.
    @discardableResult
    public func withdrawVote(bill: BillSlug, number: Amendment.Number, session: String, at: Date) async throws
        -> Bool
    {
        try await groupCommit.write { db in
            let current = try Self.reading(db, bill: bill, number: number, session: session, at: at)
            if let refusal = current.ballot.refusal(of: .withdrawVote, amendment: number, on: bill.value, at: at) {
                throw ParticipationError(refusal)
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
            let tally = try Self.move(
                db, bill: bill, number: number, revision: previousRevision, value: previousValue, by: -1)
            try appendAudit(
                db, actor: "citizen", action: "vote.withdraw", target: "\(bill)#\(number)", at: at)
            // Taking back an opposition can carry an amendment over a net-support line.
            try promoteIfMet(
                db, facts: current.promotion, bill: bill, number: number, revision: current.revision,
                tally: previousRevision == current.revision
                    ? tally : try Self.tally(db, bill: bill, number: number, revision: current.revision), at: at)
            return true
        }
    }

    /// What a vote is checked against and changes, read in one statement inside its transaction.
    private struct Reading {
        /// The voter: the account of the session.
        var account: String
        /// What the vote policy decides on.
        var ballot: Ballot
        /// The amendment's current revision.
        var revision: String
        /// The voter's vote on the amendment, if any, and the revision it was cast on.
        var previousValue: String?
        var previousRevision: String?
        /// What the bill's rule needs to know of the amendment.
        var promotion: PromotionFacts
    }

    /// Reads the ballot of the session's account; `.unauthenticated` when no live session has
    /// this hash, whatever the amendment.
    private static func reading(_ db: Database, bill: BillSlug, number: Amendment.Number, session: String, at: Date)
        throws -> Reading
    {
        try DirectStatement.with(
            db,
            """
            SELECT s.accountId, coalesce(p.open, 1), p.opensAt, p.closesAt, a.state, a.revision, v.value, v.revision,
                coalesce(m.hidden, 0), p.promotionRule, a.updatedAt,
                CASE WHEN p.promotionRule IS NULL THEN 0 ELSE EXISTS (SELECT 1 FROM queueEntry q
                    WHERE q.billSlug = ?1 AND q.number = ?2 AND q.revision = a.revision) END
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
            let window = ParticipationWindow(
                open: statement.int(1) != 0,
                opensAt: statement.text(2).flatMap { Date.fromDatabaseValue($0.databaseValue) },
                closesAt: statement.text(3).flatMap { Date.fromDatabaseValue($0.databaseValue) })
            let state = statement.text(4).flatMap(AmendmentState.init(rawValue:))
            let hidden = statement.int(8) != 0
            return Reading(
                account: account, ballot: Ballot(window: window, state: state, hidden: hidden),
                revision: statement.text(5) ?? "", previousValue: statement.text(6),
                previousRevision: statement.text(7),
                promotion: PromotionFacts(
                    ruleJSON: statement.text(9), queued: statement.int(11) != 0, state: state, hidden: hidden,
                    proposedAt: statement.text(10)))
        }
    }

    /// The tallies of every text of an amendment, by revision.
    public func participants(bill: BillSlug) throws -> Int {
        try writer.read { db in
            try Self.voters(db, bill: bill)
        }
    }

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

    public func currentTallies(bill: BillSlug) throws -> [Amendment.Number: Tally] {
        try writer.read { db in
            var tallies: [Amendment.Number: Tally] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT a.number, t.supports, t.oppositions, t.abstentions FROM amendment a
                    JOIN tally t ON t.billSlug = a.billSlug AND t.number = a.number AND t.revision = a.revision
                    WHERE a.billSlug = ?
                    """, arguments: [bill])
            {
                guard let number = Amendment.Number(row[0] as Int) else { continue }
                tallies[number] = Tally(for: row[1], against: row[2], abstain: row[3])
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
