import Foundation

/// A few dedicated threads for CPU-heavy work (bcrypt, large diffs), with a bounded queue, so
/// that such work never runs on Swift's cooperative pool or NIO's event loops: a flood of it
/// waits here, or is refused at once when the queue is full, while every other request goes on.
final class WorkerPool: @unchecked Sendable {
    /// The work was refused: the queue is full.
    struct Full: Error {}

    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var running = 0
    /// Jobs that may wait beyond those running.
    let queueLimit: Int
    /// The number of threads.
    let threads: Int

    /// Starts `threads` threads that take jobs in order; at most `queueLimit` wait.
    init(name: String, threads: Int, queueLimit: Int) {
        self.threads = max(1, threads)
        self.queueLimit = max(0, queueLimit)
        for index in 0..<self.threads {
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Jobs waiting or running now.
    var load: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count - head + running
    }

    /// Runs `body` on one of the pool's threads and returns its result; throws `Full` at once
    /// when `queueLimit` jobs are already waiting.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            condition.lock()
            let waiting = jobs.count - head
            guard waiting + running < threads + queueLimit else {
                condition.unlock()
                continuation.resume(throwing: Full())
                return
            }
            jobs.append {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
            condition.signal()
            condition.unlock()
        }
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            running += 1
            condition.unlock()
            job()
            condition.lock()
            running -= 1
            condition.unlock()
        }
    }
}
