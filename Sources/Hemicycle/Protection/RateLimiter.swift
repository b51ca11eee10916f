import Foundation
import Legislation

/// Counts recent events per key (a handle, an address, an account) in memory, for the sign-in
/// back-off and the quotas. Bounded: past `capacity` keys the least recently touched are
/// forgotten, so spraying keys costs the server nothing but the oldest entries.
///
/// One process's memory: two nodes each count their own. The quotas' policies are pure
/// (`Quota`, `Backoff`), so a store-backed counter can replace this one without changing them.
final class RateLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String: [Double]] = [:]
    private var touched: [String: UInt64] = [:]
    private var clock: UInt64 = 0
    /// The most keys remembered.
    let capacity: Int
    /// Events older than this many seconds are forgotten.
    let horizon: Double

    init(capacity: Int = 100_000, horizon: Double) {
        self.capacity = capacity
        self.horizon = horizon
    }

    /// The times of the key's events within the horizon.
    func times(_ key: String, now: Double) -> [Double] {
        lock.lock()
        defer { lock.unlock() }
        return (events[key] ?? []).filter { $0 > now - horizon }
    }

    /// Records one event for the key.
    func record(_ key: String, at now: Double) {
        lock.lock()
        defer { lock.unlock() }
        var times = (events[key] ?? []).filter { $0 > now - horizon }
        times.append(now)
        // Only the last few hundred matter to any quota or back-off.
        if times.count > 512 { times.removeFirst(times.count - 512) }
        events[key] = times
        clock += 1
        touched[key] = clock
        if events.count > capacity { evict() }
    }

    /// Forgets a key (a successful sign-in clears its failures).
    func reset(_ key: String) {
        lock.lock()
        defer { lock.unlock() }
        events[key] = nil
        touched[key] = nil
    }

    /// Under a quota: nil when one more event is allowed now, else the seconds to wait.
    func wait(_ key: String, quota: Quota, now: Double) -> Double? {
        quota.wait(taken: times(key, now: now), now: now)
    }

    /// Under a back-off: the seconds still to wait before the next attempt, 0 when none.
    func wait(_ key: String, backoff: Backoff, now: Double) -> Double {
        let failures = times(key, now: now)
        guard let last = failures.max() else { return 0 }
        let remaining = last + backoff.wait(afterFailures: failures.count) - now
        return remaining > 0 ? remaining.rounded(.up) : 0
    }

    private func evict() {
        // Drop the least recently touched eighth in one pass.
        let victims = touched.sorted { $0.value < $1.value }.prefix(max(1, capacity / 8))
        for (key, _) in victims {
            events[key] = nil
            touched[key] = nil
        }
    }
}
