import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`, whose wall time and peak memory are measured with
/// `wait4`, so each side of a comparison is measured the same way.
struct ChildProcess {
    /// What a finished child cost.
    struct Measurement {
        var seconds: Double
        /// `ru_maxrss`: the child's peak, or its parent's when that was higher at the spawn.
        var peakRSSMiB: Double
        var status: Int32
    }

    let pid: pid_t
    let started: ContinuousClock.Instant
    /// The write end of the child's standard input, when one was asked for.
    let stdinWriter: Int32?

    /// Starts `executable` with `arguments`; with `pipeStdin`, the caller writes its input.
    static func spawn(
        _ executable: String, _ arguments: [String], pipeStdin: Bool = false, quiet: Bool = false,
        stdoutPath: String? = nil
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        if pipeStdin {
            guard pipe(&fds) == 0 else { throw BenchError("pipe failed") }
            posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
            posix_spawn_file_actions_addclose(&actions, fds[1])
        }
        if let stdoutPath {
            posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else if quiet {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let result = posix_spawnp(&pid, executable, &actions, nil, argv, environ)
        guard result == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(result)))") }
        if pipeStdin { close(fds[0]) }
        return ChildProcess(pid: pid, started: started, stdinWriter: pipeStdin ? fds[1] : nil)
    }

    /// Writes all of `bytes` to the child's standard input.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let fd = stdinWriter else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else { throw BenchError("writing to child failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// This process's own peak resident memory (`VmHWM`), in MiB. Unlike `ru_maxrss`, it does
    /// not include the peak of the parent that spawned it (Linux carries the parent's over into
    /// a child started with vfork, as `posix_spawn` does).
    static func ownPeakRSSMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kibibytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return .nan }
        return kibibytes / 1024
    }

    /// Closes standard input, waits for the child and returns what it cost.
    func wait() -> Measurement {
        if let fd = stdinWriter { close(fd) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Measurement(seconds: seconds, peakRSSMiB: Double(usage.ru_maxrss) / 1024, status: status)
    }
}

/// A benchmark that could not run, with the reason.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
