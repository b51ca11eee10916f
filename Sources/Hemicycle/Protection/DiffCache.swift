import BillArchive
import Foundation

/// Rendered article diffs, by what they compare: the two blob ids (content-addressed, so an
/// entry never goes stale), the two labels and the format. One person's huge amendment read by
/// many is diffed once. Bounded in bytes; the least recently used entries go first.
final class DiffCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (view: ArticleDiffView, cost: Int, used: UInt64)] = [:]
    private var total = 0
    private var clock: UInt64 = 0
    /// The most bytes held.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The key of a pair's diff in a format.
    static func key(_ pair: ArticlePair, format: DiffFormat, ignoreTypography: Bool = false) -> String {
        [
            pair.beforeBlob ?? "-", pair.before?.label.text ?? "-", pair.afterBlob ?? "-",
            pair.after?.label.text ?? "-", format.rawValue, ignoreTypography ? "quiet" : "all",
        ].joined(separator: "\u{1F}")
    }

    /// The cached diff, if any.
    func view(_ key: String) -> ArticleDiffView? {
        lock.lock()
        defer { lock.unlock() }
        guard var entry = entries[key] else { return nil }
        clock += 1
        entry.used = clock
        entries[key] = entry
        return entry.view
    }

    /// Keeps a diff, evicting the least recently used beyond the capacity; a diff larger than a
    /// quarter of the capacity is not kept.
    func store(_ view: ArticleDiffView, for key: String) {
        let cost =
            view.operations.reduce(256) { $0 + $1.text.utf8.count + 48 } + (view.rendered?.utf8.count ?? 0)
            + key.utf8.count
        guard cost <= capacity / 4 else { return }
        lock.lock()
        defer { lock.unlock() }
        clock += 1
        if let old = entries[key] { total -= old.cost }
        entries[key] = (view, cost, clock)
        total += cost
        guard total > capacity else { return }
        for (key, entry) in entries.sorted(by: { $0.value.used < $1.value.used }) {
            guard total > capacity * 3 / 4 else { break }
            entries[key] = nil
            total -= entry.cost
        }
    }

    /// Bytes held now.
    var bytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return total
    }
}
