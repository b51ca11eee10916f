import Foundation
import Hemicycle
import Hummingbird
import Logging
import NIOCore
import Subprocess

#if canImport(Glibc)
    import Glibc
#endif

/// Stock git's `upload-pack`, run for one request of git over HTTP: with a fixed argument list
/// (the repository's folder is the engine's, never text from the request), a clean environment
/// (no configuration but ours; `GIT_PROTOCOL` only when it is a protocol version), the hidden
/// namespace hidden and no object served that no public reference points at; its output streamed
/// to the client as it comes. A place is taken at the gate before it starts and given back when
/// it ends; a process still running at the time limit (a client that stopped reading) is killed.
struct UploadPack: Sendable {
    let gate: Gate
    let timeLimit: Duration
    let logger: Logger

    /// A git that exits before reading all its input must not end the server: writing to its
    /// closed pipe raises SIGPIPE, whose default action ends the process.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// The arguments: settings first (`-c` applies to the command after it), then the command.
    static func arguments(_ repository: PublicRepository, advertise: Bool) -> [String] {
        repository.hideRefs.flatMap { ["-c", "uploadpack.hideRefs=" + $0] } + [
            "-c", "uploadpack.allowAnySHA1InWant=false",
            "-c", "uploadpack.allowReachableSHA1InWant=false",
            "-c", "uploadpack.allowTipSHA1InWant=false",
            "-c", "uploadpack.allowRefInWant=false",
            "upload-pack", "--strict", "--stateless-rpc", "--timeout=60",
        ] + (advertise ? ["--advertise-refs"] : []) + [repository.directory.path]
    }

    /// The value of `GIT_PROTOCOL` for a `Git-Protocol` header: versions only
    /// (`version=2`, `version=1:version=2`); nil for anything else.
    static func gitProtocol(_ header: String?) -> String? {
        guard let header, !header.isEmpty, header.utf8.count <= 64 else { return nil }
        let entries = header.split(separator: ":", omittingEmptySubsequences: false)
        let valid = entries.allSatisfy { entry in
            entry.hasPrefix("version=") && entry.dropFirst("version=".count).allSatisfy(\.isNumber)
                && entry.count > "version=".count
        }
        return valid ? header : nil
    }

    /// The environment: git and nothing of the server's own (`HOME`, `GIT_DIR`, its
    /// configuration files).
    static func environment(protocol version: String?) -> Subprocess.Environment {
        var values: [Subprocess.Environment.Key: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
            "LANG": "C",
        ]
        if let version { values["GIT_PROTOCOL"] = version }
        return .custom(values)
    }

    /// Runs upload-pack on `input` and answers with its output after `prefix`, in the `place` the
    /// caller took at the gate: given back when the process ends, or at the time limit, when the
    /// process is killed and the connection closed (a client that stopped reading leaves the
    /// answer's last write waiting until then).
    func respond(
        _ repository: PublicRepository, place: Gate.Place, advertise: Bool, protocol version: String?,
        input: ByteBuffer?,
        prefix: String?, contentType: String, closeConnection: @escaping @Sendable () -> Void
    ) -> Response {
        let configuration = Configuration(
            executable: .name("git"), arguments: Arguments(Self.arguments(repository, advertise: advertise)),
            environment: Self.environment(protocol: version))
        let (timeLimit, logger) = (timeLimit, logger)
        let body = ResponseBody { writer in
            defer { place.giveBack() }
            if let prefix { try await writer.write(ByteBuffer(string: prefix)) }
            let outcome = try await Subprocess.run(
                configuration, input: .inputWriter, output: .sequence, error: .discarded
            ) { execution in
                let deadline = Task {
                    try await Task.sleep(for: timeLimit)
                    logger.warning(
                        "git upload-pack stopped at the time limit",
                        metadata: ["repository": "\(repository.directory.lastPathComponent)"])
                    await execution.teardown(using: [])
                    closeConnection()
                    place.giveBack()
                }
                defer { deadline.cancel() }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        if let input {
                            _ = try await execution.standardInputWriter.write(Array(input.readableBytesView))
                        }
                        try await execution.standardInputWriter.finish()
                    }
                    for try await chunk in execution.standardOutput {
                        try await writer.write(chunk.withUnsafeBytes { ByteBuffer(bytes: $0) })
                    }
                    try await group.waitForAll()
                }
            }
            if !outcome.terminationStatus.isSuccess {
                logger.warning(
                    "git upload-pack ended with \(outcome.terminationStatus)",
                    metadata: ["repository": "\(repository.directory.lastPathComponent)"])
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: contentType, .cacheControl: "no-cache", .expires: "0"], body: body)
    }
}
