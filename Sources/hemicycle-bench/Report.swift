import Foundation

/// The benchmark's output: one line per figure, `<suite>.<figure> <value> <unit>`, so runs can
/// be compared with `diff` or parsed with `awk`.
enum Report {
    static func line(_ name: String, _ value: Double, _ unit: String) {
        print("\(name) \(String(format: "%.3f", value)) \(unit)")
        fflush(nil)
    }
}

enum Statistics {
    /// The value at quantile `q` of sorted `values` (nearest rank).
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

/// A small deterministic generator, so every run samples the same articles.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
