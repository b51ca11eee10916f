import Foundation
import GRDB
import Legislation

extension ParticipationDatabase {
    /// Casts, changes or keeps a person's vote on the current text of a proposed amendment (its
    /// revision, read in the same transaction), moving the tallies with it, with an audit row when
    /// it changed. Returns the tally of that text once the vote is on disk (group commit: votes
    /// cast meanwhile share its transaction).
    public func castVote(_ value: VoteValue, bill: String, number: Amendment.Number, by account: Account.ID, at: Date)
        async throws -> Tally
    {
        try await groupCommit.write { db in
            // One read for the bill's state, the amendment's and the person's previous vote.
            guard
                let current = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT a.state, a.revision, coalesce(p.open, 1) AS open,
                            v.value AS previousValue, v.revision AS previousRevision
                            FROM amendment a
                            LEFT JOIN billParticipation p ON p.billSlug = a.billSlug
                            LEFT JOIN vote v ON v.billSlug = a.billSlug AND v.number = a.number AND v.accountId = ?
                            WHERE a.billSlug = ? AND a.number = ?
                            """), arguments: [account.rawValue, bill, number.value])
            else {
                try Self.requireOpen(db, bill: bill, refusing: "votes are no longer taken")
                throw ParticipationError(.notFound, "bill \(bill) has no amendment \(number)")
            }
            guard current["open"] as Bool else {
                throw ParticipationError(.conflict, "participation on \(bill) is closed; votes are no longer taken")
            }
            let state: String = current["state"]
            let revision: String = current["revision"]
            guard state == AmendmentState.proposed.rawValue else {
                throw ParticipationError(.conflict, "amendment \(number) is \(state); votes are closed")
            }
            let previousValue: String? = current["previousValue"]
            let previousRevision: String? = current["previousRevision"]
            if previousValue == value.rawValue && previousRevision == revision {
                return try Self.tally(db, bill: bill, number: number, revision: revision)
            }
            let tally: Tally
            if let previousValue, previousRevision == revision {
                // A changed vote on the same text: one update moves the count between columns.
                tally = try Self.change(
                    db, bill: bill, number: number, revision: revision, from: previousValue, to: value)
            } else {
                if let previousValue, let previousRevision {
                    try Self.move(
                        db, bill: bill, number: number, revision: previousRevision, value: previousValue, by: -1)
                }
                tally = try Self.move(db, bill: bill, number: number, revision: revision, value: value.rawValue, by: 1)
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO vote (billSlug, number, accountId, value, revision, castAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (billSlug, number, accountId) DO UPDATE SET value = excluded.value,
                    revision = excluded.revision, castAt = excluded.castAt
                    """
            ).execute(arguments: [bill, number.value, account.rawValue, value.rawValue, revision, Timestamp.text(at)])
            try appendAudit(db, actor: account.rawValue, action: "vote.cast", target: "\(bill)#\(number)", at: at)
            return tally
        }
    }

    /// Withdraws a person's vote; false when there was none.
    @discardableResult
    public func withdrawVote(bill: String, number: Amendment.Number, by account: Account.ID, at: Date) async throws
        -> Bool
    {
        try await groupCommit.write { db in
            try Self.requireOpen(db, bill: bill, refusing: "votes can no longer change")
            guard
                let previous = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT value, revision FROM vote WHERE billSlug = ? AND number = ? AND accountId = ?"),
                    arguments: [bill, number.value, account.rawValue])
            else { return false }
            try db.cachedStatement(
                sql: "DELETE FROM vote WHERE billSlug = ? AND number = ? AND accountId = ?"
            ).execute(arguments: [bill, number.value, account.rawValue])
            try Self.move(
                db, bill: bill, number: number, revision: previous["revision"], value: previous["value"], by: -1)
            try appendAudit(db, actor: account.rawValue, action: "vote.withdraw", target: "\(bill)#\(number)", at: at)
            return true
        }
    }

    /// The tallies of every text of an amendment, by revision.
    public func tallies(bill: String, number: Amendment.Number) throws -> [String: Tally] {
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
    public func vote(bill: String, number: Amendment.Number, by account: Account.ID) throws -> VoteValue? {
        try writer.read { db in
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM vote WHERE billSlug = ? AND number = ? AND accountId = ?"),
                arguments: [bill, number.value, account.rawValue]
            ).flatMap(VoteValue.init(rawValue:))
        }
    }

    /// Moves one vote of a text's tally from one value to another; returns the tally after.
    private static func change(
        _ db: Database, bill: String, number: Amendment.Number, revision: String, from old: String, to new: VoteValue
    ) throws -> Tally {
        let from = column(old)
        let to = column(new.rawValue)
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    UPDATE tally SET \(from) = \(from) - 1, \(to) = \(to) + 1
                    WHERE billSlug = ? AND number = ? AND revision = ?
                    RETURNING supports, oppositions, abstentions
                    """), arguments: [bill, number.value, revision])
        guard let row else { throw ParticipationError(.storage, "amendment \(number) has no tally for its vote") }
        return Tally(for: row[0], against: row[1], abstain: row[2])
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
        _ db: Database, bill: String, number: Amendment.Number, revision: String, value: String, by delta: Int
    ) throws -> Tally {
        let column = column(value)
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    INSERT INTO tally (billSlug, number, revision, \(column)) VALUES (?, ?, ?, max(?, 0))
                    ON CONFLICT (billSlug, number, revision) DO UPDATE SET \(column) = \(column) + ?
                    RETURNING supports, oppositions, abstentions
                    """), arguments: [bill, number.value, revision, delta, delta])
        guard let row else { return Tally() }
        return Tally(for: row[0], against: row[1], abstain: row[2])
    }

    private static func tally(_ db: Database, bill: String, number: Amendment.Number, revision: String) throws -> Tally
    {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT supports, oppositions, abstentions FROM tally WHERE billSlug = ? AND number = ? AND revision = ?"
                ), arguments: [bill, number.value, revision])
        else { return Tally() }
        return Tally(for: row["supports"], against: row["oppositions"], abstain: row["abstentions"])
    }
}
