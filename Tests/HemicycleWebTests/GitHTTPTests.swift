import EngineTestSupport
import Foundation
import HTTPTypes
import Hemicycle
import HummingbirdTesting
import Legislation
import NIOCore
import TestSupport
import Testing

@testable import HemicycleWeb

/// git over HTTP with stock git as the client: clone, tags, amendment branches, fetch of a new
/// amendment, its diff, a refused push and a clean `fsck`, in protocol v0 and v2; a v2 fetch of
/// an object no public reference points at refused; a client that stops reading holds its git
/// process no longer than the time limit, and one that sends slowly holds none.
@Suite(.disabled(if: ExternalTool.missing("git"), "git is not installed (make test installs it)"))
struct GitHTTPTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    static let slug = "republique-numerique"

    init() async throws {
        test = try await TestEngine()
    }

    /// Runs stock git off the cooperative pool (the server answers on it meanwhile).
    static func git(_ arguments: [String], in directory: URL? = nil) async -> (status: Int32, output: String) {
        await offPool {
            let prefix = directory.map { ["-C", $0.path] } ?? []
            do {
                return try ExternalTool.run("git", prefix + ["-c", "advice.detachedHead=false"] + arguments)
            } catch {
                return (-1, "\(error)")
            }
        }
    }

    @Test(arguments: [0, 2]) func stockGitClonesFetchesAndCannotPush(version: Int) async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration(port: 0))
        let scratch = try TemporaryDirectory()
        try await application.test(.live) { client in
            let url = "http://127.0.0.1:\(try #require(client.port))/git/\(Self.slug).git"
            let clone = scratch.appending("clone")
            let protocolVersion = ["-c", "protocol.version=\(version)"]
            let cloned = await Self.git(protocolVersion + ["clone", url, clone.path])
            #expect(cloned.status == 0, "\(cloned.output)")
            // The current version's bill folder, every version's tag, the amendments' branches.
            let bill = try await engine.bill(BillSlug(Self.slug)!)
            let articles = try FileManager.default.contentsOfDirectory(
                atPath: clone.appendingPathComponent("articles").path)
            #expect(articles.count == bill.version.articleCount && !articles.isEmpty)
            let tags = await Self.git(["tag"], in: clone).output.split(separator: "\n").map(String.init)
            #expect(tags == bill.versions.map(\.number).sorted())
            // A new amendment, then a fetch brings its branch, and git shows its change.
            let author = try await test.person("autrice")
            let text = "Les administrations publient en ligne les règles définissant les principaux traitements."
            let amendment = try await engine.proposeAmendment(
                to: BillSlug(Self.slug)!,
                AmendmentInput(
                    baseVersion: "v2", title: "Publication des règles", summary: "Transparence.",
                    changes: [ChangeInput(kind: "modify", article: "9", text: text)]), by: author)
            let fetched = await Self.git(protocolVersion + ["fetch", "origin"], in: clone)
            #expect(fetched.status == 0, "\(fetched.output)")
            let branches = await Self.git(["branch", "-r"], in: clone).output
            #expect(branches.contains("origin/amendments/\(amendment.number)"))
            let diff = await Self.git(
                ["diff", "origin/main...origin/amendments/\(amendment.number)"], in: clone)
            #expect(diff.status == 0 && diff.output.contains("+" + text))
            // A push is refused, with where to go instead.
            let pushed = await Self.git(protocolVersion + ["push", "origin", "HEAD:refs/heads/essai"], in: clone)
            #expect(pushed.status != 0)
            #expect(pushed.output.contains("403") || pushed.output.contains("read-only"), "\(pushed.output)")
            let checked = await Self.git(["fsck", "--full", "--strict"], in: clone)
            #expect(checked.status == 0, "\(checked.output)")
        }
    }

    @Test(arguments: [0, 2]) func aHiddenAmendmentIsNeitherListedNorFetchableUntilRestored(version: Int) async throws {
        let slug = BillSlug(Self.slug)!
        let author = try await test.person("autrice")
        let staff = try await test.person("greffe", .staff)
        let amendment = try await engine.proposeAmendment(
            to: slug,
            AmendmentInput(
                baseVersion: "v2", title: "Hors sujet", summary: "Un texte que la modération masque.",
                changes: [ChangeInput(kind: "modify", article: "9", text: "Un texte sans rapport avec l’article.")]),
            by: author)
        let head = amendment.head
        try await engine.moderate(
            .amendment(amendment.number), on: slug, hidden: true, reason: "Hors sujet.", by: staff)
        let application = try buildApplication(engine: engine, configuration: WebConfiguration(port: 0))
        let scratch = try TemporaryDirectory()
        try await application.test(.live) { client in
            let url = "http://127.0.0.1:\(try #require(client.port))/git/\(Self.slug).git"
            let local = scratch.appending("local")
            let v = ["-c", "protocol.version=\(version)"]
            #expect(await Self.git(["init", "--bare", local.path]).status == 0)
            let name = "refs/heads/amendments/\(amendment.number)"
            // Neither listed, nor fetched by its name, nor by its commit's id.
            let listed = await Self.git(v + ["ls-remote", url])
            #expect(listed.status == 0 && listed.output.contains("refs/heads/main"))
            #expect(!listed.output.contains(name) && !listed.output.contains(head))
            #expect(await Self.git(v + ["fetch", url, name + ":" + name], in: local).status != 0)
            let byID = await Self.git(v + ["fetch", url, head], in: local)
            // (A v0 client does not even ask for an object it was not shown; the server refuses
            // it all the same, in either protocol.)
            #expect(
                byID.status != 0
                    && (byID.output.contains("not our ref") || byID.output.contains("unadvertised object")),
                "\(byID.output)")
            #expect(await Self.git(["cat-file", "-e", head], in: local).status != 0)
            var headers: HTTPFields = [.contentType: "application/x-git-upload-pack-request"]
            let request: ByteBuffer
            if version == 2 {
                headers[HTTPField.Name("Git-Protocol")!] = "version=2"
                request = Self.fetch(head)
            } else {
                request = ByteBuffer(string: Self.packet("want \(head)\n") + "0000" + Self.packet("done\n"))
            }
            try await client.execute(
                uri: "/git/\(Self.slug).git/git-upload-pack", method: .post, headers: headers, body: request
            ) { response in
                #expect(String(buffer: response.body).contains("not our ref"))
                #expect(!String(buffer: response.body).contains("PACK"))
            }
            // Restored: listed and fetched again.
            try await engine.moderate(
                .amendment(amendment.number), on: slug, hidden: false, reason: "Recevable.", by: staff)
            #expect(await Self.git(v + ["ls-remote", url]).output.contains("\(head)\t\(name)"))
            let fetched = await Self.git(v + ["fetch", url, name + ":" + name], in: local)
            #expect(fetched.status == 0, "\(fetched.output)")
            #expect(await Self.git(["cat-file", "-e", head], in: local).status == 0)
        }
    }

    @Test func aV2FetchMayAskOnlyForWhatAPublicReferencePointsAt() async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        let scratch = try TemporaryDirectory()
        let repository = engine.configuration.billsDirectory.appendingPathComponent("\(Self.slug).git")
        // A version's commit: its tag object is what the advertisement shows, not the commit.
        let first = await Self.git(["rev-parse", "v1^{commit}"], in: repository).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let main = await Self.git(["rev-parse", "refs/heads/main"], in: repository).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let headers: HTTPFields = [
            .contentType: "application/x-git-upload-pack-request", HTTPField.Name("Git-Protocol")!: "version=2",
        ]
        try await application.test(.router) { client in
            try await client.execute(
                uri: "/git/\(Self.slug).git/git-upload-pack", method: .post, headers: headers, body: Self.fetch(first)
            ) { response in
                #expect(String(buffer: response.body).contains("ERR upload-pack: not our ref \(first)"))
            }
            try await client.execute(
                uri: "/git/\(Self.slug).git/git-upload-pack", method: .post, headers: headers, body: Self.fetch(main)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("packfile"))
            }
            // A gzip'd body is read as git sends one.
            let listing = "0014command=ls-refs\n0000"
            let packed = scratch.appending("ls-refs.gz")
            _ = await offPool {
                try? ExternalTool.run("sh", ["-c", "gzip -c > \"$0\"", packed.path], input: Data(listing.utf8))
            }
            var gzipHeaders = headers
            gzipHeaders[.contentEncoding] = "gzip"
            try await client.execute(
                uri: "/git/\(Self.slug).git/git-upload-pack", method: .post, headers: gzipHeaders,
                body: ByteBuffer(bytes: try Data(contentsOf: packed))
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("refs/heads/main"))
            }
            // Only the smart protocol, only this bill's name, and never a push.
            let dumb = try await client.execute(uri: "/git/\(Self.slug).git/info/refs", method: .get) { $0.status }
            #expect(dumb == .forbidden)
            let unknown = try await client.execute(
                uri: "/git/..%2Fetc.git/info/refs?service=git-upload-pack", method: .get
            ) { $0.status }
            #expect(unknown == .notFound)
            try await client.execute(
                uri: "/git/\(Self.slug).git/info/refs?service=git-receive-pack", method: .get
            ) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("/api/v1/bills/\(Self.slug)/amendments"))
            }
        }
    }

    @Test func aClientThatStopsReadingHoldsItsProcessNoLongerThanTheTimeLimit() async throws {
        // A public branch whose pack is far larger than the socket's and the pipe's buffers.
        let repository = engine.configuration.billsDirectory.appendingPathComponent("\(Self.slug).git")
        let scratch = try TemporaryDirectory()
        let noise = scratch.appending("bruit")
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        try random.readData(ofLength: 24 << 20).write(to: noise)
        let blob = await Self.git(["hash-object", "-w", noise.path], in: repository).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let tree = await offPool {
            (try? ExternalTool.run(
                "git", ["-C", repository.path, "mktree"], input: Data("100644 blob \(blob)\tbruit\n".utf8)))?.output
                ?? ""
        }.trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = await Self.git(
            ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit-tree", tree, "-m", "bruit"],
            in: repository
        ).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(await Self.git(["update-ref", "refs/heads/bruit", commit], in: repository).status == 0)

        let application = try buildApplication(
            engine: engine, configuration: WebConfiguration(port: 0, gitProcesses: 1, gitTimeLimit: 2))
        try await application.test(.live) { client in
            let port = try #require(client.port)
            let request = Self.packet("want \(commit)\n") + "0000" + Self.packet("done\n")
            let stalled = try Socket(port: port)
            stalled.send(
                "POST /git/\(Self.slug).git/git-upload-pack HTTP/1.1\r\nHost: hemicycle\r\n"
                    + "Content-Type: application/x-git-upload-pack-request\r\n"
                    + "Content-Length: \(request.utf8.count)\r\n\r\n" + request)
            // It reads the answer's head, then nothing: git fills the buffers and waits, holding
            // the one place…
            let head = await offPool { stalled.receiveHead(for: 30) }
            #expect(head.hasPrefix("HTTP/1.1 200"), "\(head.prefix(200))")
            let refs = "/git/\(Self.slug).git/info/refs?service=git-upload-pack"
            let ask = { () async throws -> (HTTPResponse.Status, String?) in
                try await client.execute(uri: refs, method: .get) { ($0.status, $0.headers[.retryAfter]) }
            }
            var busy = try await ask()
            for _ in 0..<100 where busy.0 != .serviceUnavailable {
                try await Task.sleep(for: .milliseconds(100))
                busy = try await ask()
            }
            #expect(busy.0 == .serviceUnavailable && busy.1 == "5")
            // …until the time limit, when git is stopped and the place given back.
            let waiting = ContinuousClock.now
            var freed = busy.0
            while freed != .ok, ContinuousClock.now - waiting < .seconds(30) {
                try await Task.sleep(for: .milliseconds(200))
                freed = try await ask().0
            }
            #expect(freed == .ok)
            // The stalled client's connection was closed, its pack cut short.
            let (bytes, closed) = await offPool { stalled.drain(for: 20) }
            #expect(closed && bytes < 24 << 20, "\(bytes) bytes, closed: \(closed)")
            // A client sending its body slowly holds no process: the body is read first.
            let slow = try Socket(port: port)
            slow.send(
                "POST /git/\(Self.slug).git/git-upload-pack HTTP/1.1\r\nHost: hemicycle\r\n"
                    + "Content-Type: application/x-git-upload-pack-request\r\nContent-Length: 400\r\n\r\n0032")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await client.execute(uri: refs, method: .get) { $0.status } == .ok)
            _ = stalled
            _ = slow
        }
    }

    @Test func aPlaceIsGivenBackOnceAndByAnAnswerNeverWritten() {
        let gate = Gate(capacity: 1)
        var place = gate.take()
        #expect(place != nil && gate.take() == nil)
        place?.giveBack()
        place?.giveBack()
        // Given back once: one place, not two.
        place = gate.take()
        #expect(place != nil && gate.take() == nil)
        // An answer dropped before its body ran (the client gone) leaves no place taken.
        place = nil
        #expect(gate.take() != nil)
    }

    /// A protocol-v2 fetch of one object.
    static func fetch(_ id: String) -> ByteBuffer {
        ByteBuffer(string: packet("command=fetch\n") + "0001" + packet("want \(id)\n") + packet("done\n") + "0000")
    }

    static func packet(_ payload: String) -> String {
        let digits = String(payload.utf8.count + 4, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits + payload
    }
}

extension Socket {
    /// Reads until the end of an answer's head (a few bytes of its body may come with it), for at
    /// most `seconds`; what was read.
    func receiveHead(for seconds: Double) -> String {
        let end = Date().addingTimeInterval(seconds)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while Date() < end, !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
            let read = recv(descriptor, &buffer, buffer.count, 0)
            if read == 0 { break }
            if read > 0 { received += buffer[..<read] }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Reads whatever comes for at most `seconds`: how many bytes, and whether the server closed
    /// the connection.
    func drain(for seconds: Double) -> (bytes: Int, closed: Bool) {
        let end = Date().addingTimeInterval(seconds)
        var count = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while Date() < end {
            let read = recv(descriptor, &buffer, buffer.count, 0)
            if read == 0 { return (count, true) }
            if read > 0 { count += read } else if errno != EAGAIN && errno != EWOULDBLOCK { return (count, true) }
        }
        return (count, false)
    }
}
