import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One keep-alive HTTP/1.1 connection on a blocking socket: the load generator's client. It
/// sends a request and reads one response (status line, `Content-Length` body), nothing more.
/// Unchecked `Sendable`: each connection is handed to one thread, which alone uses it.
final class HTTPConnection: @unchecked Sendable {
    private let socket: Int32
    private var buffer: [UInt8] = []
    /// Where bodies are read into, once the head is read.
    private var scratch = [UInt8](repeating: 0, count: 1 << 18)

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socket)
            throw BenchError("cannot connect to 127.0.0.1:\(port)")
        }
        var noDelay: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(socket) }

    /// The header lines of the last response read.
    private(set) var lastHeaderLines: [String] = []

    /// A request's bytes.
    static func request(
        _ method: String, _ path: String, token: String? = nil, body: String? = nil, headers: [String] = []
    ) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let token { text += "Authorization: Bearer \(token)\r\n" }
        for header in headers { text += header + "\r\n" }
        if let body {
            text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            text += "\r\n"
        }
        return Array(text.utf8)
    }

    /// Sends `request` and returns the response's status, its body's first `keep` bytes (all
    /// of it by default) and the body's length. A body is read straight from the socket, not
    /// gathered, so that reading large answers costs the load generator little.
    func send(_ request: [UInt8], keep: Int = .max) throws -> (status: Int, body: [UInt8], length: Int) {
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw BenchError("the server closed the connection") }
            sent += count
        }
        let headerEnd = try readUntilHeaderEnd()
        let head = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        lastHeaderLines = lines.dropFirst().map(String.init)
        guard let statusLine = lines.first, statusLine.split(separator: " ").count >= 2,
            let status = Int(statusLine.split(separator: " ")[1])
        else { throw BenchError("malformed response: \(head.prefix(80))") }
        let length =
            lines.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 0
        let bodyStart = headerEnd + 4
        let buffered = min(buffer.count - bodyStart, length)
        var body = Array(buffer[bodyStart..<(bodyStart + min(buffered, keep))])
        buffer.removeFirst(bodyStart + buffered)
        var remaining = length - buffered
        while remaining > 0 {
            let count = scratch.withUnsafeMutableBytes {
                recv(socket, $0.baseAddress, min($0.count, remaining), 0)
            }
            guard count > 0 else { throw BenchError("the server closed the connection") }
            if body.count < keep { body.append(contentsOf: scratch[..<min(count, keep - body.count)]) }
            remaining -= count
        }
        return (status, body, length)
    }

    private func readUntilHeaderEnd() throws -> Int {
        var searched = 0
        while true {
            if buffer.count >= 4 {
                for index in max(searched, 0)...(buffer.count - 4)
                where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13
                    && buffer[index + 3] == 10
                {
                    return index
                }
                searched = buffer.count - 3
            }
            try fill()
        }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw BenchError("the server closed the connection") }
        buffer.append(contentsOf: chunk[..<count])
    }
}

/// Drives many connections, each on its own thread, and gathers requests per second and latency.
enum HTTPLoad {
    struct Result {
        var requests = 0
        var seconds = 0.0
        var latencies: [Double] = []
        var failures = 0
        var firstFailure: String?
        /// Answers by status.
        var statuses: [Int: Int] = [:]
        /// Bytes of the answers' bodies.
        var bodyBytes = 0

        var rate: Double { Double(requests) / seconds }

        /// Adds another run's figures, as one longer run.
        mutating func add(_ other: Result) {
            requests += other.requests
            seconds += other.seconds
            latencies = (latencies + other.latencies).sorted()
            failures += other.failures
            firstFailure = firstFailure ?? other.firstFailure
            statuses.merge(other.statuses, uniquingKeysWith: +)
            bodyBytes += other.bodyBytes
        }
    }

    /// Each client sends its next request as soon as the previous one is answered, for `seconds`.
    /// `request(client, k)` is client's k-th request; a response whose status `accept` refuses
    /// (by default, any outside 2xx) counts as a failure.
    static func closedLoop(
        _ connections: [HTTPConnection], seconds: Double, accept: @escaping @Sendable (Int) -> Bool = isSuccess,
        request: @escaping @Sendable (Int, Int) -> [UInt8]
    ) -> Result {
        run(connections) { client, connection, start in
            var outcome = Outcome(accept: accept)
            var k = 0
            while ContinuousClock.now - start < .seconds(seconds) {
                let sent = ContinuousClock.now
                guard outcome.send(request(client, k), on: connection, since: sent) else { break }
                k += 1
            }
            return outcome
        }
    }

    /// The clients together send `rate` requests per second for `seconds`, each on a fixed
    /// schedule; a request's latency counts from when it was due, so a slow answer that delays
    /// the next request is charged to that request too (no coordinated omission).
    static func openLoop(
        _ connections: [HTTPConnection], rate: Double, seconds: Double,
        accept: @escaping @Sendable (Int) -> Bool = isSuccess, request: @escaping @Sendable (Int, Int) -> [UInt8]
    ) -> Result {
        let clients = connections.count
        let perClient = Int(rate * seconds) / clients
        return run(connections) { client, connection, start in
            var outcome = Outcome(accept: accept)
            for k in 0..<perClient {
                let due = start + .seconds(Double(k * clients + client) / rate)
                let wait = due - ContinuousClock.now
                if wait > .zero { Thread.sleep(forTimeInterval: wait.milliseconds / 1000) }
                guard outcome.send(request(client, k), on: connection, since: due) else { break }
            }
            return outcome
        }
    }

    /// Whether a status is a 2xx, the default for a request that must succeed.
    @Sendable static func isSuccess(_ status: Int) -> Bool { (200..<300).contains(status) }

    /// Runs several loads at once, each on its own thread, and returns their results in order.
    static func together(_ loads: [@Sendable () -> Result]) -> [Result] {
        let results = Locked([Result](repeating: Result(), count: loads.count))
        let group = DispatchGroup()
        for (index, load) in loads.enumerated() {
            group.enter()
            Thread {
                let result = load()
                results.update { $0[index] = result }
                group.leave()
            }.start()
        }
        group.wait()
        return results.value
    }

    /// What one client saw.
    struct Outcome: Sendable {
        var accept: @Sendable (Int) -> Bool = isSuccess
        var latencies: [Double] = []
        var failures = 0
        var firstFailure: String?
        var statuses: [Int: Int] = [:]
        var bodyBytes = 0

        /// Sends a request and records its latency from `since`; a status outside 2xx is a
        /// failure; false when the connection failed and the client must stop.
        mutating func send(_ request: [UInt8], on connection: HTTPConnection, since: ContinuousClock.Instant)
            -> Bool
        {
            do {
                let response = try connection.send(request, keep: 4096)
                statuses[response.status, default: 0] += 1
                bodyBytes += response.length
                if !accept(response.status) {
                    failures += 1
                    firstFailure =
                        firstFailure ?? "\(response.status) \(String(decoding: response.body, as: UTF8.self))"
                }
            } catch {
                failures += 1
                firstFailure = firstFailure ?? "\(error)"
                return false
            }
            latencies.append((ContinuousClock.now - since).milliseconds)
            return true
        }
    }

    /// Runs `body` for every connection on its own thread, all starting at the same instant.
    private static func run(
        _ connections: [HTTPConnection],
        _ body: @escaping @Sendable (Int, HTTPConnection, ContinuousClock.Instant) -> Outcome
    ) -> Result {
        let results = Locked([Outcome](repeating: Outcome(), count: connections.count))
        let group = DispatchGroup()
        let start = ContinuousClock.now + .milliseconds(50)
        for (client, connection) in connections.enumerated() {
            group.enter()
            let thread = Thread {
                let wait = start - ContinuousClock.now
                if wait > .zero { Thread.sleep(forTimeInterval: wait.milliseconds / 1000) }
                let outcome = body(client, connection, start)
                results.update { $0[client] = outcome }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let seconds = (ContinuousClock.now - start).milliseconds / 1000
        let all = results.value
        let latencies = all.flatMap(\.latencies).sorted()
        return Result(
            requests: latencies.count, seconds: seconds, latencies: latencies,
            failures: all.map(\.failures).reduce(0, +), firstFailure: all.compactMap(\.firstFailure).first,
            statuses: all.reduce(into: [:]) { $0.merge($1.statuses, uniquingKeysWith: +) },
            bodyBytes: all.map(\.bodyBytes).reduce(0, +))
    }

    /// A value shared between threads, changed under a lock.
    final class Locked<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Value
        init(_ value: Value) { stored = value }
        func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
        var value: Value { lock.withLock { stored } }
    }
}
