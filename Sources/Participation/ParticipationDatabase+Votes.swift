import Foundation
import GRDB
import Legislation

extension ParticipationDatabase {
    /// Casts, changes or keeps a person's vote on the current text of a proposed amendment (its
    /// revision, read in the same transaction), moving the tallies with it, with an audit row when
    /// it changed. Returns the tally of that text.
    public func castVote(_ value: VoteValue, bill: String, number: Amendment.Number, by account: Account.ID, at: Date)
        throws
        -> Tally
    {
        try writer.write { db in
            try Self.requireOpen(db, bill: bill, refusing: "votes are no longer taken")
            guard
                let amendment = try Row.fetchOne(
                    db, sql: "SELECT state, revision FROM amendment WHERE billSlug = ? AND number = ?",
                    arguments: [bill, number.value])
            else { throw ParticipationError(.notFound, "bill \(bill) has no amendment \(number)") }
            let state: String = amendment["state"]
            let revision: String = amendment["revision"]
            guard state == AmendmentState.proposed.rawValue else {
                throw ParticipationError(.conflict, "amendment \(number) is \(state); votes are closed")
            }
            let previous = try Row.fetchOne(
                db, sql: "SELECT value, revision FROM vote WHERE billSlug = ? AND number = ? AND accountId = ?",
                arguments: [bill, number.value, account.rawValue])
            let previousValue: String? = previous?["value"]
            let previousRevision: String? = previous?["revision"]
            if previousValue == value.rawValue && previousRevision == revision {
                return try tally(db, bill: bill, number: number, revision: revision)
            }
            if let previousValue, let previousRevision {
                try move(db, bill: bill, number: number, revision: previousRevision, value: previousValue, by: -1)
            }
            try db.execute(
                sql: """
                    INSERT INTO vote (billSlug, number, accountId, value, revision, castAt) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (billSlug, number, accountId) DO UPDATE SET value = excluded.value,
                    revision = excluded.revision, castAt = excluded.castAt
                    """, arguments: [bill, number.value, account.rawValue, value.rawValue, revision, at])
            try move(db, bill: bill, number: number, revision: revision, value: value.rawValue, by: 1)
            try appendAudit(db, actor: account.rawValue, action: "vote.cast", target: "\(bill)#\(number)", at: at)
            return try tally(db, bill: bill, number: number, revision: revision)
        }
    }

    /// Withdraws a person's vote; false when there was none.
    @discardableResult
    public func withdrawVote(bill: String, number: Amendment.Number, by account: Account.ID, at: Date) throws -> Bool {
        try writer.write { db in
            try Self.requireOpen(db, bill: bill, refusing: "votes can no longer change")
            guard
                let previous = try Row.fetchOne(
                    db, sql: "SELECT value, revision FROM vote WHERE billSlug = ? AND number = ? AND accountId = ?",
                    arguments: [bill, number.value, account.rawValue])
            else { return false }
            try db.execute(
                sql: "DELETE FROM vote WHERE billSlug = ? AND number = ? AND accountId = ?",
                arguments: [bill, number.value, account.rawValue])
            try move(db, bill: bill, number: number, revision: previous["revision"], value: previous["value"], by: -1)
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
                db, sql: "SELECT value FROM vote WHERE billSlug = ? AND number = ? AND accountId = ?",
                arguments: [bill, number.value, account.rawValue]
            ).flatMap(VoteValue.init(rawValue:))
        }
    }

    private func move(
        _ db: Database, bill: String, number: Amendment.Number, revision: String, value: String, by delta: Int
    ) throws {
        let column =
            switch value {
            case "for": "supports"
            case "against": "oppositions"
            default: "abstentions"
            }
        try db.execute(
            sql: """
                INSERT INTO tally (billSlug, number, revision, \(column)) VALUES (?, ?, ?, max(?, 0))
                ON CONFLICT (billSlug, number, revision) DO UPDATE SET \(column) = \(column) + ?
                """, arguments: [bill, number.value, revision, delta, delta])
    }

    private func tally(_ db: Database, bill: String, number: Amendment.Number, revision: String) throws -> Tally {
        guard
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT supports, oppositions, abstentions FROM tally WHERE billSlug = ? AND number = ? AND revision = ?",
                arguments: [bill, number.value, revision])
        else { return Tally() }
        return Tally(for: row["supports"], against: row["oppositions"], abstain: row["abstentions"])
    }
}
