import Foundation
import Legislation
import Participation
import PostgresNIO

extension PostgresParticipationStore {
    public func castVote(_ value: VoteValue, bill: BillSlug, number: Amendment.Number, session: String, at: Date)
        async throws -> Tally
    {
        let outcome = try await votes.cast(.init(value: value, bill: bill, number: number, session: session, at: at)) {
            batch in
            try await self.write { connection in try await self.cast(batch, on: connection) }
        }
        switch outcome {
        case .counted(let tally): return tally
        case .refused(let error): throw error
        }
    }

    public func withdrawVote(bill: BillSlug, number: Amendment.Number, session: String, at: Date) async throws
        -> Bool
    {
        try await write { connection in
            let current = try await reading(connection, bill: bill, number: number, session: session, at: at)
            if let refusal = current.ballot.refusal(of: .withdrawVote, amendment: number, on: bill.value, at: at) {
                throw ParticipationError(refusal)
            }
            guard let previousValue = current.previousValue, let previousRevision = current.previousRevision else {
                return false
            }
            try await connection.query(
                """
                DELETE FROM vote WHERE bill_slug = \(bill.value) AND number = \(number.value)
                AND account_id = \(current.account)
                """, logger: logger)
            // The same tally move a vote makes, in the server.
            try await connection.query(
                """
                SELECT 1 FROM hemicycle_move_tally(\(bill.value), \(number.value)::integer, \(previousRevision),
                    \(previousValue), -1)
                """, logger: logger)
            try await appendAudit(
                connection, actor: "citizen", action: "vote.withdraw", target: "\(bill)#\(number)", at: at)
            // Taking back an opposition can carry an amendment over a net-support line.
            try await promoteAfterVotes(connection, [(bill, number)], at: at)
            return true
        }
    }

    /// What a withdrawal is checked against and changes, read in one statement in its transaction.
    struct Reading {
        var account: String
        var ballot: Ballot
        var previousValue: String?
        var previousRevision: String?
    }

    /// Reads the ballot of the session's account; `.unauthenticated` when no live session has
    /// this hash, whatever the amendment.
    func reading(_ connection: PostgresConnection, bill: BillSlug, number: Amendment.Number, session: String, at: Date)
        async throws -> Reading
    {
        let slug = bill.value
        for try await (account, open, opensAt, closesAt, state, value, previous, hidden) in try await connection.query(
            """
            SELECT s.account_id, coalesce(p.open, true), p.opens_at, p.closes_at, a.state, v.value, v.revision,
                coalesce(m.hidden, false)
            FROM session s
            LEFT JOIN bill_participation p ON p.bill_slug = \(slug)
            LEFT JOIN amendment a ON a.bill_slug = \(slug) AND a.number = \(number.value)
            LEFT JOIN vote v ON v.bill_slug = \(slug) AND v.number = \(number.value) AND v.account_id = s.account_id
            LEFT JOIN moderation m ON m.bill_slug = \(slug) AND m.target_kind = 'amendment'
                AND m.target = \(String(number.value))
            WHERE s.token_hash = \(session) AND s.expires_at > \(at)
            """, logger: logger
        ).decode((String, Bool, Date?, Date?, String?, String?, String?, Bool).self) {
            return Reading(
                account: account,
                ballot: Ballot(
                    window: ParticipationWindow(open: open, opensAt: opensAt, closesAt: closesAt),
                    state: state.flatMap(AmendmentState.init(rawValue:)), hidden: hidden),
                previousValue: value, previousRevision: previous)
        }
        throw ParticipationError(.unauthenticated, "no live session has this token")
    }

    public func participants(bill: BillSlug) async throws -> Int {
        try await read { connection in
            try await voters(connection, bill: bill)
        }
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

    public func currentTallies(bill: BillSlug) async throws -> [Amendment.Number: Tally] {
        try await read { connection in
            var tallies: [Amendment.Number: Tally] = [:]
            for try await (number, supports, oppositions, abstentions) in try await connection.query(
                """
                SELECT a.number, t.supports, t.oppositions, t.abstentions FROM amendment a
                JOIN tally t ON t.bill_slug = a.bill_slug AND t.number = a.number AND t.revision = a.revision
                WHERE a.bill_slug = \(bill.value)
                """, logger: logger
            ).decode((Int, Int, Int, Int).self) {
                guard let number = Amendment.Number(number) else { continue }
                tallies[number] = Tally(for: supports, against: oppositions, abstain: abstentions)
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
