import GRDB
import Participation
import Synchronization

/// Group commit: concurrent writes that arrive while a transaction is being made durable wait
/// for the next one and share it, each in its own savepoint. A write is acknowledged (its caller
/// resumed) only after the transaction holding it has committed, so every acknowledged write is
/// on disk, while the cost of the sync at commit is paid once per batch instead of once per write.
///
/// A write that fails rolls back its own savepoint and leaves the rest of its batch alone; a
/// commit that fails fails the whole batch. A lone writer is never delayed: a batch is simply
/// whatever queued up during the previous commit.
final class GroupCommit: Sendable {
    /// The most writes one transaction carries, so a burst cannot hold the writer for long.
    static let maximumBatch = 512

    private let writer: any DatabaseWriter
    private let queue = Mutex(Queue())

    private struct Queue {
        var pending: [Job] = []
        var draining = false
    }

    /// One queued write: `perform` runs it inside the batch's transaction and returns how to
    /// resume its caller once the commit's outcome is known; `fail` resumes it when it never ran.
    private struct Job: Sendable {
        let perform: @Sendable (Database) -> @Sendable ((any Error)?) -> Void
        let fail: @Sendable (any Error) -> Void
    }

    init(_ writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// Runs `work` in the next batch's transaction and returns its result once that transaction
    /// is durable; rethrows what `work` threw (its savepoint rolled back) or the commit's error.
    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                perform: { db in
                    let result: Result<T, any Error>
                    if db.isInsideTransaction {
                        result = Result { try Self.inSavepoint(db, work) }
                    } else {
                        // SQLite rolled the batch back on an earlier statement's I/O error.
                        result = .failure(ParticipationError(.storage, "the write's transaction was rolled back"))
                    }
                    return { commitError in
                        if let commitError {
                            continuation.resume(throwing: commitError)
                        } else {
                            continuation.resume(with: result)
                        }
                    }
                },
                fail: { continuation.resume(throwing: $0) })
            let startsDrain = queue.withLock { queue in
                queue.pending.append(job)
                guard !queue.draining else { return false }
                queue.draining = true
                return true
            }
            if startsDrain {
                Task { await self.drain() }
            }
        }
    }

    /// Commits batches until nothing is queued.
    /// Returns once no write waits or is being committed.
    func drained() async {
        while queue.withLock({ $0.draining || !$0.pending.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { queue -> [Job] in
                guard !queue.pending.isEmpty else {
                    queue.draining = false
                    return []
                }
                let count = min(queue.pending.count, Self.maximumBatch)
                defer { queue.pending.removeFirst(count) }
                return Array(queue.pending.prefix(count))
            }
            guard !batch.isEmpty else { return }
            do {
                let resumes = try await writer.writeWithoutTransaction { db in
                    Self.commit(batch, in: db)
                }
                for resume in resumes { resume() }
            } catch {
                for job in batch { job.fail(error) }
            }
            // Let the callers just resumed run before the next batch is taken: those that vote
            // again at once then join it, rather than trickling into many small commits.
            await Task.yield()
        }
    }

    /// Runs one write in its own savepoint, released on success and rolled back on error. The
    /// savepoint statements are prepared once per connection and run directly (twice per write).
    private static func inSavepoint<T>(_ db: Database, _ work: (Database) throws -> T) throws -> T {
        try DirectStatement.execute(db, "SAVEPOINT groupCommitWrite")
        do {
            let value = try work(db)
            try DirectStatement.execute(db, "RELEASE SAVEPOINT groupCommitWrite")
            return value
        } catch {
            if db.isInsideTransaction {
                try? DirectStatement.execute(db, "ROLLBACK TO SAVEPOINT groupCommitWrite")
                try? DirectStatement.execute(db, "RELEASE SAVEPOINT groupCommitWrite")
            }
            throw error
        }
    }

    /// Runs a batch in one immediate transaction and returns, per job, how to resume its caller.
    private static func commit(_ batch: [Job], in db: Database) -> [@Sendable () -> Void] {
        do {
            try db.beginTransaction(.immediate)
        } catch {
            return batch.map { job in { job.fail(error) } }
        }
        let finishers = batch.map { $0.perform(db) }
        do {
            guard db.isInsideTransaction else {
                throw ParticipationError(.storage, "the batch's transaction was rolled back")
            }
            try db.commit()
            return finishers.map { finish in { finish(nil) } }
        } catch {
            if db.isInsideTransaction { try? db.rollback() }
            return finishers.map { finish in { finish(error) } }
        }
    }
}
