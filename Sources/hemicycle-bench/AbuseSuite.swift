import Foundation
import Hemicycle
import Legislation

#if canImport(Glibc)
    import Glibc
#endif

/// What abuse costs everyone else. Against a server child (the application `hemicycle serve`
/// builds, default limits and bcrypt cost, behind a trusted proxy so that each attacker request
/// can claim its own address): `/healthz` latency and votes during a sign-in flood, and during
/// reads of the largest amendment the API accepts; then the disk used by many amendments
/// before and after git housekeeping packs them.
enum AbuseSuite {
    /// Clients sending wrong passwords, as fast as they are answered.
    static let floodClients = 16
    /// Clients reading the largest amendment, as fast as it is sent.
    static let readers = 8
    /// `/healthz` probes per second during each attack, on a fixed schedule.
    static let probeRate = 200.0
    /// Votes per second during the flood, on a fixed schedule.
    static let voteRate = 100.0

    static func run(bills: URL, seconds: Double, amendments: Int, only: String?) async throws {
        if only == nil || only == "flood" || only == "reads" {
            try await attacks(bills: bills, seconds: seconds, only: only)
        }
        if only == nil || only == "packing" {
            try await packing(bills: bills, amendments: amendments)
        }
    }

    // MARK: The attacks over HTTP

    static func attacks(bills: URL, seconds: Double, only: String?) async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hemicycle-bench-abuse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let bench = try await BenchEngine.make(bills: bills, in: work)
        var tokens: [String] = []
        for index in 0..<8 { tokens.append(try await bench.citizen(index).token) }
        let author = try await bench.engine.authenticate(token: tokens[0])
        let voted = try await bench.engine.proposeAmendment(to: BenchEngine.slug, bench.amendment(0), by: author).number
        let largest = try await bench.engine.proposeAmendment(
            to: BenchEngine.slug, largestAmendment(bench), by: author
        ).number
        let tokensForVotes = tokens

        let port = try VotesOverHTTP.freePort()
        let server = try ChildProcess.spawn(
            CommandLine.arguments[0], ["serve-child", work.path, String(port), "127.0.0.1"], quiet: true)
        defer {
            kill(server.pid, SIGTERM)
            _ = server.wait()
        }
        try VotesOverHTTP.waitForHealth(port: port)

        let probes = try (0..<4).map { _ in try HTTPConnection(port: port) }
        let quiet = HTTPLoad.openLoop(probes, rate: probeRate, seconds: seconds / 3) { _, _ in
            HTTPConnection.request("GET", "/healthz")
        }
        try report("abuse.quiet_health", quiet)

        if only == nil || only == "flood" {
            let attackers = try (0..<floodClients).map { _ in try HTTPConnection(port: port) }
            let voters = try (0..<tokensForVotes.count).map { _ in try HTTPConnection(port: port) }
            let results = HTTPLoad.together([
                {
                    // Wrong passwords, each from another address and on another handle in turn
                    // (real ones and unknown ones), so neither back-off spares the hashing:
                    // the hardest flood, from many machines.
                    HTTPLoad.closedLoop(attackers, seconds: seconds, accept: { [401, 429].contains($0) }) { client, k in
                        let handle = k.isMultiple(of: 2) ? "citoyen-\(k / 2 % 8)" : "inconnu-\(client)-\(k)"
                        return HTTPConnection.request(
                            "POST", "/api/v1/sessions",
                            body: #"{"handle": "\#(handle)", "password": "pas le bon mot de passe"}"#,
                            headers: ["X-Forwarded-For: 2001:db8::\(String(client, radix: 16)):\(String(k, radix: 16))"]
                        )
                    }
                },
                {
                    HTTPLoad.openLoop(probes, rate: probeRate, seconds: seconds) { _, _ in
                        HTTPConnection.request("GET", "/healthz")
                    }
                },
                {
                    HTTPLoad.openLoop(voters, rate: voteRate, seconds: seconds) { client, k in
                        let value = k.isMultiple(of: 2) ? "for" : "against"
                        return HTTPConnection.request(
                            "PUT", "/api/v1/bills/\(BenchEngine.slug)/amendments/\(voted)/vote",
                            token: tokensForVotes[client], body: #"{"value": "\#(value)"}"#)
                    }
                },
            ])
            let flood = results[0]
            if flood.failures > 0 { throw BenchError("flood: \(flood.failures) answers other than 401 or 429") }
            Report.line("abuse.flood_sign_in_requests", Double(flood.requests), "requests")
            Report.line("abuse.flood_sign_in_rate", flood.rate, "requests/s")
            Report.line("abuse.flood_wrong_password_401", Double(flood.statuses[401] ?? 0), "answers")
            Report.line("abuse.flood_refused_429", Double(flood.statuses[429] ?? 0), "answers")
            try report("abuse.flood_health", results[1])
            try report("abuse.flood_votes", results[2])
            Report.line(
                "abuse.flood_votes_acknowledged", Double(results[2].statuses[200] ?? 0) / Double(results[2].requests),
                "share")
        }

        if only == nil || only == "reads" {
            let first = try HTTPConnection(port: port)
            let path = "/api/v1/bills/\(BenchEngine.slug)/amendments/\(largest)"
            let cold = ContinuousClock.now
            let answer = try first.send(HTTPConnection.request("GET", path), keep: 0)
            guard answer.status == 200 else { throw BenchError("reading the largest amendment: \(answer.status)") }
            Report.line("abuse.largest_amendment_first_read", (ContinuousClock.now - cold).milliseconds, "ms")
            Report.line("abuse.largest_amendment_answer", Double(answer.length) / 1_048_576, "MiB")
            let clients = try (0..<readers).map { _ in try HTTPConnection(port: port) }
            let results = HTTPLoad.together([
                {
                    HTTPLoad.closedLoop(clients, seconds: seconds, accept: { [200, 503].contains($0) }) { _, _ in
                        HTTPConnection.request("GET", path)
                    }
                },
                {
                    HTTPLoad.openLoop(probes, rate: probeRate, seconds: seconds) { _, _ in
                        HTTPConnection.request("GET", "/healthz")
                    }
                },
            ])
            let reads = results[0]
            if reads.failures > 0 { throw BenchError("reads: \(reads.failures) failed; \(reads.firstFailure ?? "")") }
            Report.line("abuse.reads_rate", reads.rate, "requests/s")
            Report.line("abuse.reads_p50", Statistics.percentile(reads.latencies, 0.5), "ms")
            Report.line("abuse.reads_refused_503", Double(reads.statuses[503] ?? 0), "answers")
            Report.line("abuse.reads_sent", Double(reads.bodyBytes) / 1_048_576 / reads.seconds, "MiB/s")
            try report("abuse.reads_health", results[1])
        }
    }

    /// The largest amendment the API takes in one body (8 MiB): seven articles rewritten whole,
    /// each just under the 1 MiB article limit, in 1,000 alinéas (the limit per article) made of
    /// the article's own words reshuffled, so the diff has shared words everywhere to align.
    static func largestAmendment(_ bench: BenchEngine) async throws -> AmendmentInput {
        var changes: [ChangeInput] = []
        var generator = SplitMix64(seed: 17)
        for article in bench.articles.prefix(7) {
            let text = try await bench.engine.article(
                try Parse.label(article), of: BenchEngine.slug, version: VersionNumber(2)
            ).alineas
                .map(\.text).joined(separator: " ")
            let words = text.split(separator: " ").map(String.init)
            var alineas: [String] = []
            var bytes = 0
            while alineas.count < 1000 {
                var alinea = ""
                while alinea.utf8.count < 1000 {
                    alinea += (alinea.isEmpty ? "" : " ") + words[Int(generator.next() % UInt64(words.count))]
                }
                guard bytes + alinea.utf8.count + 2 < 1_040_000 else { break }
                bytes += alinea.utf8.count + 2
                alineas.append(alinea)
            }
            changes.append(ChangeInput(kind: "modify", article: article, text: alineas.joined(separator: "\n\n")))
        }
        return AmendmentInput(
            baseVersion: "v2", title: "Le plus grand amendement accepté",
            summary: "Sept articles réécrits, chacun au plus près des limites.", changes: changes)
    }

    static func report(_ name: String, _ result: HTTPLoad.Result) throws {
        if result.failures > 0 {
            throw BenchError("\(name): \(result.failures) failed requests; first: \(result.firstFailure ?? "")")
        }
        Report.line("\(name)_requests", Double(result.requests), "requests")
        Report.line("\(name)_p50", Statistics.percentile(result.latencies, 0.5), "ms")
        Report.line("\(name)_p99", Statistics.percentile(result.latencies, 0.99), "ms")
        Report.line("\(name)_max", result.latencies.last ?? .nan, "ms")
    }

    // MARK: Housekeeping

    /// `amendments` proposals with background packing off, then the repositories packed once.
    static func packing(bills: URL, amendments: Int) async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hemicycle-bench-packing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        var limits = Limits.unthrottled
        limits.looseObjectsBeforePacking = .max
        let bench = try await BenchEngine.make(bills: bills, in: work, limits: limits)
        let author = try await bench.citizen(0).identity
        for index in 0..<amendments {
            _ = try await bench.engine.proposeAmendment(to: BenchEngine.slug, bench.amendment(index), by: author)
        }
        let started = ContinuousClock.now
        let packed = try await bench.engine.packRepositories()
        Report.line("abuse.packing_amendments", Double(amendments), "amendments")
        Report.line("abuse.packing_loose_objects_before", Double(packed.looseObjectsBefore), "objects")
        Report.line("abuse.packing_loose_objects_after", Double(packed.looseObjectsAfter), "objects")
        Report.line("abuse.packing_disk_before", Double(packed.bytesBefore) / 1_048_576, "MiB")
        Report.line("abuse.packing_disk_after", Double(packed.bytesAfter) / 1_048_576, "MiB")
        Report.line("abuse.packing_time", (ContinuousClock.now - started).milliseconds / 1000, "s")
    }
}
