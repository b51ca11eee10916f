import Dispatch

/// The one owner of a repository handle: every libgit2 call for that repository runs on this
/// actor's own serial queue, so no libgit2 object is ever touched by two threads at once and the
/// thread-local last error is read on the thread that set it.
public actor GitRepository {
    private let executor: QueueExecutor
    private let repository: Repository

    /// The repository's directory.
    public nonisolated let path: String

    /// The serial queue on which this actor runs.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    private init(repository: Repository, label: String) {
        self.repository = repository
        self.path = repository.path
        self.executor = QueueExecutor(label: label)
    }

    /// Opens the existing repository at `path`.
    public static func open(at path: String) throws -> GitRepository {
        GitRepository(repository: try Repository.open(at: path), label: "git:\(path)")
    }

    /// Creates a new bare repository at `path`; fails with `.exists` if there is one.
    public static func createBare(at path: String, initialBranch: String = "main") throws -> GitRepository {
        GitRepository(
            repository: try Repository.createBare(at: path, initialBranch: initialBranch), label: "git:\(path)")
    }

    /// Runs `body` with the repository on this actor's queue; only values come back out.
    public func run<T: Sendable>(_ body: @Sendable (Repository) throws -> T) throws -> T {
        try body(repository)
    }
}

/// A serial executor backed by a dispatch queue (there is no `DispatchSerialQueue` executor on
/// Linux), after GRDB's `DispatchQueueActor`.
final class QueueExecutor: SerialExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
