import Foundation
import Legislation
import Participation
import PostgresNIO
import Synchronization

/// Group commit for votes on PostgreSQL: votes that arrive while a transaction is being made
/// durable wait for the next one and share it, so a commit's wait for the disk is paid once per
/// batch, not once per vote. A refused vote is an outcome, not an error, and leaves the others of
/// its batch alone; a vote is acknowledged only once its batch has committed.
final class PostgresGroupCommit: Sendable {
    /// One vote waiting for its batch.
    struct Ballot: Sendable {
        var value: VoteValue
        var bill: BillSlug
        var number: Amendment.Number
        var session: String
        var at: Date
    }

    /// What became of one vote.
    enum Outcome: Sendable {
        /// Counted (or kept): the tally of its text after it.
        case counted(Tally)
        /// Refused, as the vote policy or the session said.
        case refused(ParticipationError)
    }

    private struct Waiting: Sendable {
        var ballot: Ballot
        var continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct Queue: ~Copyable {
        var waiting: [Waiting] = []
        var draining = false
    }

    /// The most votes in one transaction.
    static let batchLimit = 512

    private let queue = Mutex(Queue())

    /// Casts a vote in the next batch and returns the server's outcome once it is durable;
    /// `commit` writes one batch in one transaction.
    func cast(_ ballot: Ballot, commit: @escaping @Sendable ([Ballot]) async throws -> [Outcome]) async throws
        -> Outcome
    {
        try await withCheckedThrowingContinuation { continuation in
            let start = queue.withLock { queue in
                queue.waiting.append(Waiting(ballot: ballot, continuation: continuation))
                guard !queue.draining else { return false }
                queue.draining = true
                return true
            }
            if start { Task { await drain(commit) } }
        }
    }

    /// Returns once no vote waits or is being committed.
    func drained() async {
        while queue.withLock({ $0.draining || !$0.waiting.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Commits batches while votes wait; the one drain running at a time.
    private func drain(_ commit: @Sendable ([Ballot]) async throws -> [Outcome]) async {
        while true {
            let batch: [Waiting] = queue.withLock { queue in
                let batch = Array(queue.waiting.prefix(Self.batchLimit))
                queue.waiting.removeFirst(batch.count)
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let outcomes = try await commit(batch.map(\.ballot))
                for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(returning: outcome) }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
            // Let the voters just answered cast their next votes before the next batch is taken,
            // so that batches stay full under steady load.
            await Task.yield()
        }
    }
}

extension PostgresParticipationStore {
    /// A batch of votes in the caller's transaction, in two round trips: one statement reads
    /// every vote's ballot, `Ballot.refusal` decides on each, and one call of
    /// `hemicycle_record_votes` counts those admitted. Nothing a batch's votes change is read by
    /// the policy (a vote does not open, close, hide or withdraw anything), so reading the whole
    /// batch first decides each vote as if it were alone. The outcomes in the batch's order; a
    /// counted vote's tally is its text's once its round of the batch is counted.
    func cast(_ batch: [PostgresGroupCommit.Ballot], on connection: PostgresConnection) async throws
        -> [PostgresGroupCommit.Outcome]
    {
        var outcomes = [PostgresGroupCommit.Outcome](
            repeating: .refused(ParticipationError(.unauthenticated, "no live session has this token")),
            count: batch.count)
        var admitted: [(index: Int, account: String)] = []
        for try await (index, account, open, opensAt, closesAt, state, hidden) in try await connection.query(
            """
            SELECT f.i::integer, s.account_id, coalesce(p.open, true), p.opens_at, p.closes_at, a.state,
                coalesce(m.hidden, false)
            FROM unnest(\(batch.map(\.bill.value)), \(batch.map(\.number.value))::integer[], \(batch.map(\.session)),
                \(batch.map { Self.stored($0.at) })) WITH ORDINALITY AS f(bill, number, session, at, i)
            JOIN session s ON s.token_hash = f.session AND s.expires_at > f.at
            LEFT JOIN bill_participation p ON p.bill_slug = f.bill
            LEFT JOIN amendment a ON a.bill_slug = f.bill AND a.number = f.number
            LEFT JOIN moderation m ON m.bill_slug = f.bill AND m.target_kind = 'amendment'
                AND m.target = f.number::TEXT
            """, logger: logger
        ).decode((Int, String, Bool, Date?, Date?, String?, Bool).self) where (1...batch.count).contains(index) {
            let vote = batch[index - 1]
            let ballot = Ballot(
                window: ParticipationWindow(open: open, opensAt: opensAt, closesAt: closesAt),
                state: state.flatMap(AmendmentState.init(rawValue:)), hidden: hidden)
            if let refusal = ballot.refusal(of: .vote, amendment: vote.number, on: vote.bill.value, at: vote.at) {
                outcomes[index - 1] = .refused(ParticipationError(refusal))
            } else {
                admitted.append((index - 1, account))
            }
        }
        // A person's second vote on one amendment in the same batch goes in a later round, after
        // the first: `hemicycle_record_votes` counts at most one vote per person and amendment.
        var rounds: [[(index: Int, account: String)]] = []
        var seen: [String: Int] = [:]
        for vote in admitted.sorted(by: { $0.index < $1.index }) {
            let key = "\(batch[vote.index].bill.value)#\(batch[vote.index].number.value)#\(vote.account)"
            let round = seen[key, default: 0]
            seen[key] = round + 1
            if round == rounds.count { rounds.append([]) }
            rounds[round].append(vote)
        }
        for round in rounds {
            let votes = round.map { batch[$0.index] }
            var counted = 0
            for try await (index, supports, oppositions, abstentions) in try await connection.query(
                """
                SELECT o_index, o_for, o_against, o_abstain FROM hemicycle_record_votes(
                    \(votes.map(\.bill.value)), \(votes.map(\.number.value))::integer[], \(round.map(\.account)),
                    \(votes.map(\.value.rawValue)), \(votes.map { Self.stored($0.at) }),
                    \(votes.map { Timestamp.text($0.at) }))
                """, logger: logger
            ).decode((Int, Int, Int, Int).self) where (1...votes.count).contains(index) {
                outcomes[round[index - 1].index] = .counted(
                    Tally(for: supports, against: oppositions, abstain: abstentions))
                counted += 1
            }
            guard counted == votes.count else {
                throw ParticipationError(.storage, "the vote function skipped a vote")
            }
        }
        try await promoteAfterVotes(
            connection, admitted.map { (batch[$0.index].bill, batch[$0.index].number) },
            at: batch.map(\.at).max() ?? Date())
        return outcomes
    }
}
