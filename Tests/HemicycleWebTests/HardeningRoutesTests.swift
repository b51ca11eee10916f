import EngineTestSupport
import Foundation
import HTTPTypes
import Hemicycle
import HemicycleWeb
import HummingbirdTesting
import Legislation
import NIOCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The attacks of issue 17 that only HTTP shows: bodies refused from their head, the wait told
/// in `Retry-After`, conditional reads, and slow clients cut off.
@Suite struct HardeningRoutesTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    static let json: HTTPFields = [.contentType: "application/json"]

    init() async throws {
        test = try await TestEngine()
    }

    private func token(_ client: some TestClientProtocol, _ handle: String) async throws -> String {
        _ = try await engine.signUp(handle: handle, password: "un mot de passe")
        return try await client.execute(
            uri: "/api/v1/sessions", method: .post, headers: Self.json,
            body: ByteBuffer(string: #"{"handle": "\#(handle)", "password": "un mot de passe"}"#)
        ) { response in
            let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            return try #require(object?["token"] as? String)
        }
    }

    /// An amendment deleting article 12, by `author`.
    private func proposeDeletion(by author: Identity) async throws -> AmendmentView {
        try await engine.proposeAmendment(
            to: "republique-numerique",
            AmendmentInput(
                baseVersion: "v2", title: "Supprimer l’article 12", summary: "",
                changes: [ChangeInput(kind: "delete", article: "12")]), by: author)
    }

    @Test func aBodyThatIsNotJSONIsRefused() async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            for type in ["text/plain", "application/x-www-form-urlencoded", nil] {
                var headers: HTTPFields = [:]
                if let type { headers[.contentType] = type }
                try await client.execute(
                    uri: "/api/v1/accounts", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"handle": "formulaire", "password": "un mot de passe"}"#)
                ) { response in
                    #expect(response.status == .unsupportedMediaType)
                    #expect(String(buffer: response.body).contains("must be JSON"))
                }
            }
            // JSON with its charset is JSON; and nothing was made by the refused requests.
            try await client.execute(
                uri: "/api/v1/accounts", method: .post, headers: [.contentType: "application/json; charset=utf-8"],
                body: ByteBuffer(string: #"{"handle": "formulaire", "password": "un mot de passe"}"#)
            ) { #expect($0.status == .created) }
        }
    }

    @Test func aSignInFloodIsToldHowLongToWait() async throws {
        // The back-off's first wait is a second: the clock stands still, however slow the machine.
        test.clock.freeze()
        _ = try await engine.signUp(handle: "cible", password: "un mot de passe")
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            var statuses: [Int] = []
            var retryAfter: String?
            for _ in 1...8 {
                try await client.execute(
                    uri: "/api/v1/sessions", method: .post, headers: Self.json,
                    body: ByteBuffer(string: #"{"handle": "cible", "password": "mauvais mot de passe"}"#)
                ) { response in
                    statuses.append(response.status.code)
                    if response.status == .tooManyRequests { retryAfter = response.headers[.retryAfter] }
                }
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == 401 })
            #expect(statuses.suffix(2).allSatisfy { $0 == 429 })
            #expect(retryAfter.flatMap(Int.init).map { $0 >= 1 } == true)
        }
    }

    @Test func unchangedAnswersAreNotSentAgain() async throws {
        let author = try await test.person("autrice")
        let amendment = try await proposeDeletion(by: author)
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            for uri in [
                "/api/v1/bills/republique-numerique/amendments/\(amendment.number)",
                "/api/v1/bills/republique-numerique/compare?from=v1&to=v2",
                "/api/v1/bills/republique-numerique/articles/1er/diff?from=v1&to=v2&format=html",
            ] {
                let tag = try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    return try #require(response.headers[.eTag])
                }
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: tag]) { response in
                    #expect(response.status == .notModified, "\(uri)")
                    #expect(response.body.readableBytes == 0)
                }
                try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"autre\""]) {
                    #expect($0.status == .ok)
                }
            }
            // A vote changes the amendment's answer, so its tag.
            let uri = "/api/v1/bills/republique-numerique/amendments/\(amendment.number)"
            let tag = try await client.execute(uri: uri, method: .get) { try #require($0.headers[.eTag]) }
            _ = try await engine.vote("for", on: amendment.number, of: "republique-numerique", token: author.token)
            try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: tag]) {
                #expect($0.status == .ok)
            }
        }
    }

    /// An amendment's diff is encoded once per commit and joined to the rest of the answer: what
    /// is sent must be what the engine says, before and after a revision and a vote.
    @Test func anAmendmentReadFromTheEncodedCacheIsTheEngineAnswer() async throws {
        let author = try await test.person("autrice")
        let slug: BillSlug = "republique-numerique"
        @Sendable func modify(_ text: String) -> AmendmentInput {
            AmendmentInput(
                baseVersion: "v2", title: "Réécrire l’article 9", summary: "Exposé.",
                changes: [ChangeInput(kind: "modify", article: "9", text: text)])
        }
        let amendment = try await engine.proposeAmendment(
            to: slug, modify("Les données publiques sont « ouvertes » par défaut.\n\nElles sont gratuites."), by: author
        )
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            let uri = "/api/v1/bills/\(slug)/amendments/\(amendment.number)"
            func read() async throws -> AmendmentView {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                    let decoder = JSONDecoder()
                    decoder.dateDecodingStrategy = .iso8601
                    return try decoder.decode(AmendmentView.self, from: Data(response.body.readableBytesView))
                }
            }
            for _ in 1...2 {
                let sent = try await read()
                let truth = try await engine.amendment(amendment.number, of: slug)
                #expect(sent.diff == truth.diff)
                #expect(sent.head == truth.head && !sent.head.isEmpty)
            }
            _ = try await engine.reviseAmendment(
                amendment.number, of: slug, modify("Les données publiques sont fermées."), by: author)
            _ = try await engine.vote("for", on: amendment.number, of: slug, token: author.token)
            let revised = try await read()
            let truth = try await engine.amendment(amendment.number, of: slug)
            #expect(revised.diff == truth.diff)
            #expect(revised.tally.for == 1)
            #expect(revised.diff?.first?.operations.contains { $0.text.contains("fermées") } == true)
        }
    }

    @Test func combiningMarkFloodsAreAnsweredWithALimitNeverA500() async throws {
        let author = try await test.person("autrice")
        let amendment = try await proposeDeletion(by: author)
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            let token = try await token(client, "zalgo")
            let flood = "e" + String(repeating: "\u{301}", count: 100_000)
            let body = try JSONEncoder().encode(["body": flood])
            var headers = Self.json
            headers[.authorization] = "Bearer \(token)"
            try await client.execute(
                uri: "/api/v1/bills/republique-numerique/amendments/\(amendment.number)/comments", method: .post,
                headers: headers, body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(String(buffer: response.body).contains("at most"))
            }
        }
        #expect(try await engine.comments(of: "republique-numerique", amendment: amendment.number).items.isEmpty)
    }

    /// Behind a reverse proxy every request comes from the proxy: its `X-Forwarded-For` must name
    /// the client, or one person's sign-ups would use up everyone's quota; from any other peer
    /// the header is the client's own word and is ignored.
    @Test(arguments: [true, false]) func theClientBehindATrustedProxyIsCountedAlone(trusted: Bool) async throws {
        let application = try buildApplication(
            engine: engine,
            configuration: WebConfiguration(port: 0, trustedProxies: trusted ? ["127.0.0.1", "::1"] : []))
        try await application.test(.live) { client in
            // Ten accounts (the quota) from one person behind the proxy, then an eleventh.
            var statuses: [Int] = []
            for index in 1...11 {
                try await client.execute(
                    uri: "/api/v1/accounts", method: .post,
                    headers: [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: "203.0.113.7"],
                    body: ByteBuffer(string: #"{"handle": "robot-\#(index)", "password": "un mot de passe"}"#)
                ) { statuses.append(Int($0.status.code)) }
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == 201 })
            #expect(statuses.last == 429)
            // Someone else behind the same proxy: a spoofed entry on the left does not count, the
            // proxy's own (rightmost) entry does.
            try await client.execute(
                uri: "/api/v1/accounts", method: .post,
                headers: [
                    .contentType: "application/json",
                    HTTPField.Name("X-Forwarded-For")!: "203.0.113.7, 198.51.100.20",
                ],
                body: ByteBuffer(string: #"{"handle": "personne", "password": "un mot de passe"}"#)
            ) { #expect(Int($0.status.code) == (trusted ? 201 : 429)) }
        }
    }

    @Test func slowClientsAreCutOffAndHugeBodiesRefusedFromTheirHead() async throws {
        let application = try buildApplication(
            engine: engine, configuration: WebConfiguration(port: 0, idleTimeout: 1, requestDeadline: 1))
        try await application.test(.live) { client in
            let port = try #require(client.port)
            // A head sent a byte at a time never completes: closed at the idle timeout.
            let slowHead = try Socket(port: port)
            let headStart = Date()
            let headClosed = await offPool {
                slowHead.dribble("GET /healthz HTTP/1.1\r\nHost: hemicycle\r\nX-Slow: ", every: 0.2, for: 6)
            }
            #expect(headClosed)
            #expect(Date().timeIntervalSince(headStart) < 4)
            // A body sent a byte at a time: closed at the request deadline.
            let slowBody = try Socket(port: port)
            slowBody.send(
                "POST /api/v1/sessions HTTP/1.1\r\nHost: hemicycle\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
            )
            let bodyStart = Date()
            #expect(await offPool { slowBody.dribble(String(repeating: " ", count: 200), every: 0.2, for: 6) })
            #expect(Date().timeIntervalSince(bodyStart) < 4)
            // Meanwhile, and after, the server answers everyone else.
            let health = try Socket(port: port)
            health.send("GET /healthz HTTP/1.1\r\nHost: hemicycle\r\n\r\n")
            #expect(await offPool { health.receive(for: 15) }.hasPrefix("HTTP/1.1 200"))
        }
    }

    /// On a server with the default deadline, so that a machine busy with the whole suite cannot
    /// turn the refusal into a cut connection.
    @Test func aHugeBodyIsRefusedFromItsHead() async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration(port: 0))
        try await application.test(.live) { client in
            let port = try #require(client.port)
            // A vote route reads 4 KiB at most: 8 MB announced is refused from the head alone.
            let huge = try Socket(port: port)
            huge.send(
                "PUT /api/v1/bills/republique-numerique/amendments/1/vote HTTP/1.1\r\nHost: hemicycle\r\n"
                    + "Authorization: Bearer abc\r\nContent-Type: application/json\r\nContent-Length: 8000000\r\n\r\n")
            // Waited for generously: on a loaded machine (the whole suite at once) an answer can take
            // seconds; what matters is that it comes from the head, before any body is sent.
            let answer = await offPool { huge.receive(for: 15) }
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(200))")
            #expect(answer.contains("over this route's limit of 4096"))
        }
    }
}

/// Runs blocking socket work on a thread of its own, so that the server's tasks keep every
/// thread of the cooperative pool while a test waits.
func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// A plain TCP client, to be the slow client no HTTP library will be. Used from one thread at a
/// time.
final class Socket: @unchecked Sendable {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer {
            Glibc.send(descriptor, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL))
        }
    }

    /// What the server sends within `seconds` (until it has sent a whole small answer).
    func receive(for seconds: Double) -> String {
        let end = Date().addingTimeInterval(seconds)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < end {
            let read = recv(descriptor, &buffer, buffer.count, 0)
            if read == 0 { break }
            if read > 0 {
                received += buffer[..<read]
                let text = String(decoding: received, as: UTF8.self)
                if let split = text.range(of: "\r\n\r\n"),
                    let length = text[..<split.lowerBound].split(separator: "\r\n")
                        .first(where: { $0.lowercased().hasPrefix("content-length:") })
                        .flatMap({ Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }),
                    text[split.upperBound...].utf8.count >= length
                {
                    break
                }
            }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Sends one byte of `text` every `interval` seconds for at most `seconds`; true as soon as the
    /// server closes the connection.
    func dribble(_ text: String, every interval: Double, for seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        var bytes = Array(text.utf8)[...]
        var buffer = [UInt8](repeating: 0, count: 512)
        while Date() < end {
            if let byte = bytes.popFirst() {
                var one = byte
                if Glibc.send(descriptor, &one, 1, Int32(MSG_NOSIGNAL)) < 0 { return true }
            }
            let read = recv(descriptor, &buffer, buffer.count, 0)
            if read == 0 { return true }
            if read < 0 && errno != EAGAIN && errno != EWOULDBLOCK { return true }
            Thread.sleep(forTimeInterval: interval)
        }
        return false
    }
}
