import Foundation

/// A program the tests run as a real client (xmllint, headless Chromium, python3): found on the
/// PATH, and run with its output captured. `make test` installs them; a developer's `swift test`
/// without one says what it skipped, and CI, which sets `CI`, never skips.
public enum ExternalTool {
    /// The program's path, if it is on the PATH.
    public static func path(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether a test needing `name` must be skipped: it is missing and this is not CI.
    public static func missing(_ name: String) -> Bool {
        path(name) == nil && ProcessInfo.processInfo.environment["CI"] == nil
    }

    /// Runs a program with arguments (a fixed list, no shell) and returns its exit status and
    /// its standard output and error together.
    public static func run(_ name: String, _ arguments: [String], input: Data? = nil) throws -> (
        status: Int32, output: String
    ) {
        guard let path = path(name) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "\(name) is not on the PATH"])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
