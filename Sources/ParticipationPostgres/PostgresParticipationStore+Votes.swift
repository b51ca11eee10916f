import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    public func castVote(_ value: VoteValue, bill: BillSlug, number: Amendment.Number, session: String, at: Date)
        async throws -> Tally
    {
        let answer = try await votes.cast(.init(value: value, bill: bill, number: number, session: session, at: at)) {
            batch in
            try await self.write { connection in try await self.cast(batch, on: connection) }
        }
        switch answer.outcome {
        case "ok", "kept": return answer.tally
        case "unauthenticated": throw ParticipationError(.unauthenticated, "no live session has this token")
        case "closed":
            throw ParticipationError(.conflict, "participation on \(bill) is closed; votes are no longer taken")
        case "missing": throw ParticipationError(.notFound, "bill \(bill) has no amendment \(number)")
        case "hidden":
            throw ParticipationError(
                .conflict, "amendment \(number) is hidden pending review by staff; votes resume if it is restored")
        case let outcome where outcome.hasPrefix("state:"):
            throw ParticipationError(.conflict, "amendment \(number) is \(outcome.dropFirst(6)); votes are closed")
        default: throw ParticipationError(.storage, "the vote function answered \(answer.outcome)")
        }
    }

    public func withdrawVote(bill: BillSlug, number: Amendment.Number, session: String, at: Date) async throws
        -> Bool
    {
        try await write { connection in
            let current = try await ballot(connection, bill: bill, number: number, session: session, at: at)
            guard current.state != nil else {
                throw ParticipationError(.notFound, "bill \(bill) has no amendment \(number)")
            }
            guard current.open else {
                throw ParticipationError(.conflict, "participation on \(bill) is closed; votes can no longer change")
            }
            guard let previousValue = current.previousValue, let previousRevision = current.previousRevision else {
                return false
            }
            try await connection.query(
                """
                DELETE FROM vote WHERE bill_slug = \(bill.value) AND number = \(number.value)
                AND account_id = \(current.account)
                """, logger: logger)
            // The same tally move the vote function makes, in the server.
            try await connection.query(
                """
                SELECT 1 FROM hemicycle_move_tally(\(bill.value), \(number.value)::integer, \(previousRevision),
                    \(previousValue), -1)
                """, logger: logger)
            try await appendAudit(
                connection, actor: "citizen", action: "vote.withdraw", target: "\(bill)#\(number)", at: at)
            return true
        }
    }

    /// What a vote is checked against, read in one statement inside its transaction.
    struct Ballot {
        var account: String
        var open: Bool
        var state: String?
        var revision: String?
        var previousValue: String?
        var previousRevision: String?
        var hidden: Bool
    }

    /// Reads the ballot of the session's account; `.unauthenticated` when no live session has
    /// this hash, whatever the amendment.
    func ballot(_ connection: PostgresConnection, bill: BillSlug, number: Amendment.Number, session: String, at: Date)
        async throws -> Ballot
    {
        let slug = bill.value
        for try await (account, open, state, revision, value, previous, hidden) in try await connection.query(
            """
            SELECT s.account_id, coalesce(p.open, true), a.state, a.revision, v.value, v.revision,
                coalesce(m.hidden, false)
            FROM session s
            LEFT JOIN bill_participation p ON p.bill_slug = \(slug)
            LEFT JOIN amendment a ON a.bill_slug = \(slug) AND a.number = \(number.value)
            LEFT JOIN vote v ON v.bill_slug = \(slug) AND v.number = \(number.value) AND v.account_id = s.account_id
            LEFT JOIN moderation m ON m.bill_slug = \(slug) AND m.target_kind = 'amendment'
                AND m.target = \(String(number.value))
            WHERE s.token_hash = \(session) AND s.expires_at > \(at)
            """, logger: logger
        ).decode((String, Bool, String?, String?, String?, String?, Bool).self) {
            return Ballot(
                account: account, open: open, state: state, revision: revision, previousValue: value,
                previousRevision: previous, hidden: hidden)
        }
        throw ParticipationError(.unauthenticated, "no live session has this token")
    }

    public func tallies(bill: BillSlug, number: Amendment.Number) async throws -> [String: Tally] {
        try await read { connection in
            var tallies: [String: Tally] = [:]
            for try await (revision, supports, oppositions, abstentions) in try await connection.query(
                """
                SELECT revision, supports, oppositions, abstentions FROM tally
                WHERE bill_slug = \(bill.value) AND number = \(number.value)
                """, logger: logger
            ).decode((String, Int, Int, Int).self) {
                tallies[revision] = Tally(for: supports, against: oppositions, abstain: abstentions)
            }
            return tallies
        }
    }

    public func vote(bill: BillSlug, number: Amendment.Number, by account: Account.ID) async throws -> StoredVote? {
        try await read { connection in
            for try await (value, revision) in try await connection.query(
                """
                SELECT value, revision FROM vote WHERE bill_slug = \(bill.value) AND number = \(number.value)
                AND account_id = \(account.rawValue)
                """, logger: logger
            ).decode((String, String).self) {
                return VoteValue(rawValue: value).map { StoredVote(value: $0, revision: revision) }
            }
            return nil
        }
    }
}
