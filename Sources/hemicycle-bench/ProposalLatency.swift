import Foundation
import Hemicycle

/// Proposal latency through the engine (branch, ref, record, the returned diff) when the bill
/// has 100 amendments and when it has `target` (100,000 by default): a proposal must not cost
/// more as amendments pile up.
enum ProposalLatency {
    static func run(bills: URL, target: Int, samples: Int) async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hemicycle-bench-proposals-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let bench = try await BenchEngine.make(bills: bills, in: work)
        let author = try await bench.citizen(1).identity
        var proposed = 0

        func fill(to count: Int) async throws -> Double {
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                // Two proposers at once, as two requests would be.
                while proposed < count {
                    let batch = min(2, count - proposed)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for offset in 0..<batch {
                            let input = bench.amendment(proposed + offset)
                            group.addTask {
                                _ = try await bench.engine.proposeAmendment(
                                    to: BenchEngine.slug, input, by: author)
                            }
                        }
                        try await group.waitForAll()
                    }
                    proposed += batch
                }
            }
            return elapsed.milliseconds / 1000
        }

        func measure() async throws -> [Double] {
            var latencies: [Double] = []
            let clock = ContinuousClock()
            for _ in 0..<samples {
                let input = bench.amendment(proposed)
                latencies.append(
                    try await clock.measure {
                        _ = try await bench.engine.proposeAmendment(to: BenchEngine.slug, input, by: author)
                    }.milliseconds)
                proposed += 1
            }
            return latencies.sorted()
        }

        _ = try await fill(to: 100)
        let small = try await measure()
        Report.line("votes.proposal_at_100_p50", Statistics.percentile(small, 0.5), "ms")
        Report.line("votes.proposal_at_100_p99", Statistics.percentile(small, 0.99), "ms")
        let fillSeconds = try await fill(to: target)
        Report.line("votes.proposal_fill_rate", Double(target - 100 - samples) / fillSeconds, "amendments/s")
        let large = try await measure()
        Report.line("votes.proposal_at_\(target)_p50", Statistics.percentile(large, 0.5), "ms")
        Report.line("votes.proposal_at_\(target)_p99", Statistics.percentile(large, 0.99), "ms")
        Report.line(
            "votes.proposal_p50_ratio", Statistics.percentile(large, 0.5) / Statistics.percentile(small, 0.5), "x")
    }
}
