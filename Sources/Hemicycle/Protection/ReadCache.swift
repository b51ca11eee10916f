import Foundation

/// Answers read from git that never change for a given commit (an article's provenance at a
/// version, its history up to the latest version), kept by key — the commit is part of it — up to
/// `capacity` entries, the least recently used going first. A page read by many after every vote
/// then costs a lookup, not a blame.
final class ReadCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (value: Value, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value kept for `key`, or the one `make` reads, kept for next time.
    func value(for key: String, make: () async throws -> Value) async rethrows -> Value {
        let found: Value? = lock.withLock {
            guard var entry = entries[key] else { return nil }
            clock += 1
            entry.used = clock
            entries[key] = entry
            return entry.value
        }
        if let found { return found }
        let value = try await make()
        lock.withLock {
            clock += 1
            entries[key] = (value, clock)
            if entries.count > capacity {
                // Evict the least recently used quarter at once, so eviction stays rare.
                let doomed = entries.sorted { $0.value.used < $1.value.used }.prefix(capacity / 4 + 1)
                for (key, _) in doomed { entries[key] = nil }
            }
        }
        return value
    }
}
