import Foundation
import Legislation
import Participation
import PostgresNIO
import Synchronization

/// Group commit for votes on PostgreSQL: votes that arrive while a transaction is being made
/// durable wait for the next one and share it, each one call of `hemicycle_cast_vote` (one round
/// trip), so a commit's wait for the disk is paid once per batch, not once per vote. A refused
/// vote is an outcome of that call, not an error, and leaves the others of its batch alone; a
/// vote is acknowledged only once its batch has committed.
final class PostgresGroupCommit: Sendable {
    /// One vote waiting for its batch.
    struct Ballot: Sendable {
        var value: VoteValue
        var bill: BillSlug
        var number: Amendment.Number
        var session: String
        var at: Date
    }

    /// What the server answered for one vote.
    struct Outcome: Sendable {
        var outcome: String
        var tally: Tally
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
        }
    }
}

extension PostgresParticipationStore {
    /// A batch of votes in one call of `hemicycle_cast_votes`, in the caller's transaction; the
    /// outcomes in the batch's order.
    func cast(_ batch: [PostgresGroupCommit.Ballot], on connection: PostgresConnection) async throws
        -> [PostgresGroupCommit.Outcome]
    {
        var outcomes = [PostgresGroupCommit.Outcome?](repeating: nil, count: batch.count)
        for try await (index, outcome, supports, oppositions, abstentions) in try await connection.query(
            """
            SELECT o_index, o_outcome, o_for, o_against, o_abstain FROM hemicycle_cast_votes(
                \(batch.map(\.bill.value)), \(batch.map(\.number.value))::integer[], \(batch.map(\.session)),
                \(batch.map(\.value.rawValue)), \(batch.map { Self.stored($0.at) }), \(batch.map { Timestamp.text($0.at) }))
            """, logger: logger
        ).decode((Int, String, Int, Int, Int).self) where (1...batch.count).contains(index) {
            outcomes[index - 1] = .init(
                outcome: outcome, tally: Tally(for: supports, against: oppositions, abstain: abstentions))
        }
        return try outcomes.map { outcome in
            guard let outcome else { throw ParticipationError(.storage, "the vote function skipped a vote") }
            return outcome
        }
    }
}
