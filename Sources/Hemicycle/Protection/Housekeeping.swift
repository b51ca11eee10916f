import BillArchive
import Foundation
import Logging

/// Keeps bill repositories compact: every amendment and revision writes loose objects (and a
/// loose ref), which libgit2 never packs. After enough writes to a repository, its loose objects
/// are counted, and past the threshold stock git packs them (`git repack -d`, which removes only
/// what is safely in the new pack) and packs the refs (`git pack-refs --all`), in the
/// background, one repository at a time. Both take git's own locks, so writes go on meanwhile.
final class Housekeeping: @unchecked Sendable {
    private let lock = NSLock()
    private var writes: [String: Int] = [:]
    private var running: Set<String> = []
    /// Loose objects past which a repository is packed.
    let threshold: Int
    let logger: Logger

    /// Writes between two counts of a repository's loose objects.
    static let writesBetweenChecks = 64

    init(threshold: Int, logger: Logger) {
        self.threshold = threshold
        self.logger = logger
    }

    /// Notes a write to a repository; every so often, checks it and packs it if needed.
    func wrote(to repository: BillRepository) {
        let path = repository.path
        lock.lock()
        let count = (writes[path] ?? 0) + 1
        writes[path] = count
        let due = count % Self.writesBetweenChecks == 0 && !running.contains(path)
        if due { running.insert(path) }
        lock.unlock()
        guard due else { return }
        Thread.detachNewThread { [self] in
            defer {
                lock.lock()
                running.remove(path)
                lock.unlock()
            }
            if Self.looseObjects(in: path) > threshold { pack(path) }
        }
    }

    /// Packs a repository now, whatever its loose objects: for `hemicycle doctor` and benchmarks.
    func pack(_ path: String) {
        for arguments in [["repack", "-d", "-q"], ["pack-refs", "--all"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "--git-dir", path] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do {
                try process.run()
                process.waitUntilExit()
                if process.terminationStatus != 0 {
                    logger.warning(
                        "git housekeeping failed",
                        metadata: ["command": "\(arguments[0])", "status": "\(process.terminationStatus)"])
                    return
                }
            } catch {
                logger.warning("git is not available for housekeeping", metadata: ["error": "\(error)"])
                return
            }
        }
        logger.info("packed a bill repository", metadata: ["path": "\(path)"])
    }

    /// How many loose objects a repository holds (the files under `objects/xx/`).
    static func looseObjects(in path: String) -> Int {
        let objects = URL(fileURLWithPath: path).appendingPathComponent("objects")
        let manager = FileManager.default
        var count = 0
        for directory in (try? manager.contentsOfDirectory(atPath: objects.path)) ?? [] where directory.count == 2 {
            count +=
                (try? manager.contentsOfDirectory(atPath: objects.appendingPathComponent(directory).path))?.count ?? 0
        }
        return count
    }
}
