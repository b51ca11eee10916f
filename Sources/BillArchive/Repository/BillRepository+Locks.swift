import Foundation

extension BillRepository {
    /// The lock files git left behind when a write was cut short (a ref being moved when its
    /// process died): each blocks every later move of that ref. A live write holds its lock for
    /// milliseconds, so a lock still there after `grace` seconds belongs to no writer; younger
    /// ones are waited for first. With `repair`, the stale ones are removed. Paths relative to
    /// the repository.
    public func staleLocks(grace: TimeInterval = 2, repair: Bool) async throws -> [String] {
        let root = URL(fileURLWithPath: path)
        func locks() -> [String: Date] {
            var found: [String: Date] = [:]
            let manager = FileManager.default
            for name in ["HEAD.lock", "packed-refs.lock"] {
                let file = root.appendingPathComponent(name)
                if let date = (try? manager.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date {
                    found[name] = date
                }
            }
            let refs = root.appendingPathComponent("refs")
            guard let walk = manager.enumerator(at: refs, includingPropertiesForKeys: [.contentModificationDateKey])
            else { return found }
            for case let file as URL in walk where file.lastPathComponent.hasSuffix(".lock") {
                let date = (try? file.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
                found["refs/" + file.path.dropFirst(refs.path.count + 1)] = date ?? .distantPast
            }
            return found
        }
        let seen = locks()
        guard let youngest = seen.values.max() else { return [] }
        let wait = grace - Date().timeIntervalSince(youngest)
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int(wait * 1000) + 50)) }
        let stale = locks().filter { Date().timeIntervalSince($0.value) >= grace }.keys.sorted()
        if repair {
            for name in stale { try FileManager.default.removeItem(at: root.appendingPathComponent(name)) }
        }
        return stale
    }
}
