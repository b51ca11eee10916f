import Foundation
import NIOCore

/// Encoded answers (JSON bytes) by a key naming immutable content: the diff of an amendment's
/// commit, a comparison of two published versions. One person's huge amendment read by many is
/// encoded once, not once per reader; readers arriving while it is being encoded wait for that
/// one encoding instead of starting their own. Bounded in bytes; the least recently used go first.
final class EncodedCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (bytes: ByteBuffer, used: UInt64)] = [:]
    private var pending: [String: Task<ByteBuffer, any Error>] = [:]
    private var total = 0
    private var clock: UInt64 = 0
    /// The most bytes held; an answer over a quarter of it is encoded each time, not kept.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The bytes under `key`, encoded by `encode` once when they are not held.
    func bytes(for key: String, encode: @escaping @Sendable () async throws -> ByteBuffer) async throws -> ByteBuffer {
        enum Found {
            case held(ByteBuffer)
            case encoding(Task<ByteBuffer, any Error>)
        }
        let found: Found = lock.withLock {
            if var entry = entries[key] {
                clock += 1
                entry.used = clock
                entries[key] = entry
                return .held(entry.bytes)
            }
            if let running = pending[key] { return .encoding(running) }
            let task = Task { [self] in
                do {
                    let bytes = try await encode()
                    lock.withLock {
                        pending[key] = nil
                        keep(bytes, for: key)
                    }
                    return bytes
                } catch {
                    lock.withLock { pending[key] = nil }
                    throw error
                }
            }
            pending[key] = task
            return .encoding(task)
        }
        switch found {
        case .held(let bytes): return bytes
        case .encoding(let task): return try await task.value
        }
    }

    /// Bytes held now.
    var bytes: Int { lock.withLock { total } }

    /// Keeps an entry (under the lock), evicting the least recently used beyond the capacity.
    private func keep(_ bytes: ByteBuffer, for key: String) {
        let cost = bytes.readableBytes + key.utf8.count + 64
        guard cost <= capacity / 4 else { return }
        clock += 1
        if let old = entries[key] { total -= old.bytes.readableBytes + key.utf8.count + 64 }
        entries[key] = (bytes, clock)
        total += cost
        guard total > capacity else { return }
        for (key, entry) in entries.sorted(by: { $0.value.used < $1.value.used }) {
            guard total > capacity * 3 / 4 else { break }
            entries[key] = nil
            total -= entry.bytes.readableBytes + key.utf8.count + 64
        }
    }
}
