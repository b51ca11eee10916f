import Foundation

/// Stock git, run as a process with a fixed argument list (no shell), its prompts off and no
/// configuration but the repository's, cut off after `seconds`.
enum StockGit {
    /// Runs `git <arguments>`; returns its exit status and its output and error together (exit
    /// 127 when git could not be started).
    static func run(_ arguments: [String], seconds: Int = 600) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return (127, "git could not be started: is it installed?") }
        let deadline = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(seconds), execute: deadline)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        deadline.cancel()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `run`, on a thread of its own: a fetch may take minutes, and must not hold one of the few
    /// threads every request shares.
    static func running(_ arguments: [String], seconds: Int = 600) async -> (status: Int32, output: String) {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: run(arguments, seconds: seconds)) }
        }
    }
}
