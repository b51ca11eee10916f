import Foundation
import Hemicycle
import Legislation

#if canImport(Glibc)
    import Glibc
#endif

/// `hemicycle-bench pages`: the amendment page (diff, tallies, comments) and the article page
/// (text, provenance, amendments by support) of a bill with N (10,000) amendments and V
/// (1,000,000) votes, against `/healthz` of the same server in the same run, health and page
/// alternating in rounds, three ways: `rendered`, by a server that keeps no rendered page
/// (`--page-memory-mib 0`: every request renders the page); `uncached`, by a client without a
/// copy (a plain GET; the server renders a page once per change and keeps it); `cached`, by a
/// client holding the page's ETag (answered 304). `only` keeps the measures whose page, way, or
/// `page_way` it names.
enum PagesSuite {
    static let clients = 8
    static let rounds = 3

    static func run(bills: URL, amendments: Int, votes: Int, seconds: Double, keep: URL?, only: String? = nil)
        async throws
    {
        let work =
            keep
            ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                "hemicycle-bench-pages-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: work) } }
        if !FileManager.default.fileExists(atPath: work.appendingPathComponent("hemicycle.sqlite").path) {
            try await fill(bills: bills, in: work, amendments: amendments, votes: votes)
        }
        try await discuss(in: work)
        var pages: [(String, String)] = []
        for memory in [false, true]
        where ["amendment", "article"].contains(where: { page in
            ways(memory: memory).contains { selected(page, $0, only: only) }
        }) {
            let port = try VotesOverHTTP.freePort()
            let server = try ChildProcess.spawn(
                CommandLine.arguments[0],
                ["serve-child", work.path, String(port)] + (memory ? [] : ["--page-memory-mib", "0"]), quiet: true)
            defer {
                kill(server.pid, SIGTERM)
                _ = server.wait()
            }
            let started = ContinuousClock.now
            try VotesOverHTTP.waitForHealth(port: port, seconds: 120)
            if !memory {
                Report.line("pages.server_start", (ContinuousClock.now - started).milliseconds / 1000, "s")
            }
            let connections = try (0..<clients).map { _ in try HTTPConnection(port: port) }
            if pages.isEmpty { pages = try pagesToRead(on: connections[0]) }
            for (name, path) in pages {
                try measure(
                    name, path: path, ways: ways(memory: memory).filter { selected(name, $0, only: only) },
                    connections: connections, seconds: seconds)
            }
        }
    }

    /// The ways a page is read from a server with or without its page memory.
    static func ways(memory: Bool) -> [String] { memory ? ["uncached", "cached"] : ["rendered"] }

    /// Whether `--only` keeps the page read this way.
    static func selected(_ page: String, _ way: String, only: String?) -> Bool {
        guard let only else { return true }
        return only == page || only == way || only == page + "_" + way
    }

    /// The first amendment's page, and the page of the article it changes (the one with the
    /// most amendments on it).
    static func pagesToRead(on connection: HTTPConnection) throws -> [(String, String)] {
        let slug = BenchEngine.slug.value
        let amendment = "/bills/\(slug)/amendments/1"
        let probe = try connection.send(HTTPConnection.request("GET", amendment))
        guard probe.status == 200 else { throw BenchError("the amendment page answered \(probe.status)") }
        let text = String(decoding: probe.body, as: UTF8.self)
        guard let range = text.range(of: "/bills/\(slug)/articles/"),
            let end = text[range.upperBound...].firstIndex(of: "\"")
        else { throw BenchError("the amendment page names no article") }
        return [("amendment", amendment), ("article", "/bills/\(slug)/articles/" + text[range.upperBound..<end])]
    }

    /// Health and a page alternating, `rounds` times each, for each way of reading it: `rendered`
    /// and `uncached` by plain requests, `cached` by conditional ones.
    static func measure(
        _ name: String, path: String, ways: [String], connections: [HTTPConnection], seconds: Double
    ) throws {
        guard !ways.isEmpty else { return }
        let tag = try etag(path, on: connections[0])
        let slice = seconds / Double(rounds)
        let plain: @Sendable (Int, Int) -> [UInt8] = { _, _ in HTTPConnection.request("GET", path) }
        let conditional: @Sendable (Int, Int) -> [UInt8] = { _, _ in
            HTTPConnection.request("GET", path, headers: ["If-None-Match: \(tag)"])
        }
        let success: @Sendable (Int) -> Bool = { HTTPLoad.isSuccess($0) }
        let unchanged: @Sendable (Int) -> Bool = { $0 == 304 }
        for kind in ways {
            let (request, accept) = kind == "cached" ? (conditional, unchanged) : (plain, success)
            var health = HTTPLoad.Result()
            var page = HTTPLoad.Result()
            for _ in 0..<rounds {
                health.add(
                    HTTPLoad.closedLoop(connections, seconds: slice) { _, _ in HTTPConnection.request("GET", "/healthz")
                    })
                page.add(HTTPLoad.closedLoop(connections, seconds: slice, accept: accept, request: request))
            }
            let prefix = "pages.\(name)_\(kind)"
            if page.failures > 0 {
                throw BenchError("\(prefix): \(page.failures) failed requests; first: \(page.firstFailure ?? "")")
            }
            Report.line("\(prefix)_rate", page.rate, "requests/s")
            Report.line("\(prefix)_p99", Statistics.percentile(page.latencies, 0.99), "ms")
            Report.line("\(prefix)_health_rate", health.rate, "requests/s")
            Report.line("\(prefix)_health_p99", Statistics.percentile(health.latencies, 0.99), "ms")
            Report.line("\(prefix)_ratio_vs_health", page.rate / health.rate, "x")
            if kind != "cached" {
                Report.line("\(prefix)_size", Double(page.bodyBytes) / Double(max(1, page.requests)) / 1024, "KiB")
            }
        }
    }

    /// The page's tag, as a browser keeps it.
    static func etag(_ path: String, on connection: HTTPConnection) throws -> String {
        _ = try connection.send(HTTPConnection.request("GET", path))
        guard let tag = connection.lastHeaderLines.first(where: { $0.lowercased().hasPrefix("etag:") }) else {
            throw BenchError("\(path) has no ETag")
        }
        return String(tag.dropFirst(5)).trimmingCharacters(in: .whitespaces)
    }

    /// The pages read carry a discussion, as the issue's pages do: on the first amendment and on
    /// the article it changes, `comments` (24) comments by as many people, pro, con and neutral,
    /// every other one a reply. Made once per data directory.
    static func discuss(in work: URL, comments: Int = 24) async throws {
        var configuration = Configuration(dataDirectory: work)
        configuration.passwordCost = 4
        configuration.limits = .unthrottled
        let engine = try await Engine.open(configuration: configuration)
        let slug = BenchEngine.slug
        let first = Amendment.Number(1)!
        guard try await engine.comments(of: slug, amendment: first, limit: 1).items.isEmpty else {
            await engine.close()
            return
        }
        let amendment = try await engine.amendment(first, of: slug, withDiff: false)
        guard let article = amendment.articles.first.flatMap({ ArticleLabel($0) }) else {
            throw BenchError("amendment 1 changes no article")
        }
        let stances = ["pro", "con", "neutral"]
        for target in [(first, nil), (nil, article)] as [(Amendment.Number?, ArticleLabel?)] {
            var parent: Int64?
            for index in 0..<comments {
                let handle = "commentateur-\(target.0 == nil ? "a" : "m")-\(index)"
                let password = "mot de passe \(index)"
                _ = try await engine.signUp(handle: handle, password: password)
                let token = try await engine.signIn(handle: handle, password: password).token
                let identity = try await engine.authenticate(token: token)
                let body =
                    "Point n\u{B0}\u{A0}\(index + 1)\u{A0}: la rédaction proposée « précise utilement » le "
                    + "deuxième alinéa, mais le renvoi au décret en Conseil d’État laisse ouverte la question "
                    + "des délais\u{A0}; je propose d’en fixer un de six mois à compter de la promulgation."
                let added = try await engine.addComment(
                    to: slug, amendment: target.0, article: target.1,
                    CommentInput(
                        body: body, stance: stances[index % 3], parent: index.isMultiple(of: 2) ? nil : parent),
                    by: identity)
                if index.isMultiple(of: 2) { parent = added.id }
            }
        }
        await engine.close()
    }

    /// N amendments by one author, then V votes from V/N… voters: each voter votes on a run of
    /// amendments, for or against, 64 at a time through the engine (as the vote route does).
    static func fill(bills: URL, in work: URL, amendments: Int, votes: Int) async throws {
        let side = try await ProposalLatency.Side(bills: bills, in: work)
        let clock = ContinuousClock()
        let proposing = try await clock.measure { try await side.fill(to: amendments) }.milliseconds / 1000
        Report.line("pages.fill_amendments_rate", Double(amendments) / proposing, "amendments/s")
        let engine = side.bench.engine
        let perVoter = min(amendments, 1000)
        let voters = max(1, votes / perVoter)
        var tokens: [String] = []
        for index in 0..<voters { tokens.append(try await side.bench.citizen(10 + index).token) }
        let ballots = tokens
        let voting =
            try await clock.measure {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<64 {
                        group.addTask {
                            var ballot = worker
                            while ballot < voters * perVoter {
                                let voter = ballot / perVoter
                                let number = (voter * 7 + ballot % perVoter) % amendments + 1
                                _ = try await engine.vote(
                                    ballot.isMultiple(of: 5) ? .against : .for, on: Amendment.Number(number)!,
                                    of: BenchEngine.slug, token: BearerToken(ballots[voter]))
                                ballot += 64
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }.milliseconds / 1000
        Report.line("pages.fill_votes_rate", Double(voters * perVoter) / voting, "votes/s")
        await engine.close()
    }
}
