import Foundation
import Hemicycle

/// Proposal latency through the engine (branch, ref, record, the returned diff) on a bill with
/// 100 amendments and on one with `target` (100,000 by default): a proposal must not cost more
/// as amendments pile up. The two bills live in two data directories and are measured in turn,
/// one proposal on each, so a change in the machine's speed weighs on both sides alike.
enum ProposalLatency {
    static func run(bills: URL, target: Int, samples: Int) async throws {
        let small = try await Side(bills: bills)
        defer { small.remove() }
        let large = try await Side(bills: bills)
        defer { large.remove() }
        try await small.fill(to: 100)
        let clock = ContinuousClock()
        let fillSeconds = try await clock.measure { try await large.fill(to: target) }.milliseconds / 1000
        Report.line("votes.proposal_fill_rate", Double(target) / fillSeconds, "amendments/s")
        var smallLatencies: [Double] = []
        var largeLatencies: [Double] = []
        for _ in 0..<samples {
            smallLatencies.append(try await small.timedProposal())
            largeLatencies.append(try await large.timedProposal())
        }
        smallLatencies.sort()
        largeLatencies.sort()
        Report.line("votes.proposal_at_100_p50", Statistics.percentile(smallLatencies, 0.5), "ms")
        Report.line("votes.proposal_at_100_p99", Statistics.percentile(smallLatencies, 0.99), "ms")
        Report.line("votes.proposal_at_\(target)_p50", Statistics.percentile(largeLatencies, 0.5), "ms")
        Report.line("votes.proposal_at_\(target)_p99", Statistics.percentile(largeLatencies, 0.99), "ms")
        Report.line(
            "votes.proposal_p50_ratio",
            Statistics.percentile(largeLatencies, 0.5) / Statistics.percentile(smallLatencies, 0.5), "x")
    }

    /// One data directory with the demo bill, an author, and the amendments proposed so far.
    final class Side {
        let work: URL
        let bench: BenchEngine
        let author: Identity
        var proposed = 0

        init(bills: URL, in directory: URL? = nil) async throws {
            work =
                directory
                ?? FileManager.default.temporaryDirectory.appendingPathComponent(
                    "hemicycle-bench-proposals-\(UUID().uuidString)")
            bench = try await BenchEngine.make(bills: bills, in: work)
            author = try await bench.citizen(1).identity
        }

        func remove() { try? FileManager.default.removeItem(at: work) }

        /// Proposes until the bill has `count` amendments, two proposers at once.
        func fill(to count: Int) async throws {
            while proposed < count {
                let batch = min(2, count - proposed)
                let inputs = (0..<batch).map { bench.amendment(proposed + $0) }
                let (engine, author) = (bench.engine, author)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for input in inputs {
                        group.addTask { _ = try await engine.proposeAmendment(to: BenchEngine.slug, input, by: author) }
                    }
                    try await group.waitForAll()
                }
                proposed += batch
            }
        }

        /// One more proposal, in milliseconds.
        func timedProposal() async throws -> Double {
            let input = bench.amendment(proposed)
            let (engine, author) = (bench.engine, author)
            let elapsed = try await ContinuousClock().measure {
                _ = try await engine.proposeAmendment(to: BenchEngine.slug, input, by: author)
            }
            proposed += 1
            return elapsed.milliseconds
        }
    }
}
