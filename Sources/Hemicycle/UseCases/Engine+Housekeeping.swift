import BillArchive
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Engine {
    /// What packing the bill repositories did: their size on disk and loose objects before and after.
    public struct PackingReport: Sendable {
        /// Bytes under the bills directory before packing.
        public var bytesBefore: Int
        /// Bytes under the bills directory after packing.
        public var bytesAfter: Int
        /// Loose objects in all repositories before packing.
        public var looseObjectsBefore: Int
        /// Loose objects in all repositories after packing.
        public var looseObjectsAfter: Int
    }

    /// Packs every bill repository now (what the background housekeeping does past its
    /// threshold), for maintenance and to measure what packing saves.
    public func packRepositories() async throws(HemicycleError) -> PackingReport {
        try await translatingErrors {
            let paths = try shelf.slugs().map { shelf.path(of: $0).path }
            let looseBefore = paths.reduce(0) { $0 + Housekeeping.looseObjects(in: $1) }
            let bytesBefore = Self.diskUsage(of: configuration.billsDirectory)
            for path in paths { housekeeping.pack(path) }
            return PackingReport(
                bytesBefore: bytesBefore, bytesAfter: Self.diskUsage(of: configuration.billsDirectory),
                looseObjectsBefore: looseBefore,
                looseObjectsAfter: paths.reduce(0) { $0 + Housekeeping.looseObjects(in: $1) })
        }
    }

    /// Bytes of disk the files under `directory` take (allocated blocks, as `du` counts them).
    static func diskUsage(of directory: URL) -> Int {
        guard let files = FileManager.default.enumerator(atPath: directory.path) else { return 0 }
        var total = 0
        for case let file as String in files {
            var status = stat()
            guard lstat(directory.appendingPathComponent(file).path, &status) == 0,
                (status.st_mode & S_IFMT) == S_IFREG
            else { continue }
            total += Int(status.st_blocks) * 512
        }
        return total
    }
}
