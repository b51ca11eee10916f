import CLibGit2
import Dispatch
import Synchronization

extension Repository {
    /// Runs `body` against a second handle on this repository whose object writes go to memory,
    /// then stores them all as a single pack file (fsynced) and returns `body`'s result.
    ///
    /// This is how thousands of articles are imported at once: one pack instead of one fsynced
    /// loose file per object. Only objects are written here; move references afterwards, so a
    /// reference never points at an object that is not yet on disk.
    public func withPackedWrites<T>(_ body: (Repository) throws -> T) throws -> T {
        let scratch = try Repository.open(at: path)
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, scratch.pointer), "opening object database")
        defer { git_odb_free(odb) }
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try check(git_mempack_new(&backend), "preparing in-memory object store")
        // The odb owns the backend once added, and frees it with the odb.
        try check(git_odb_add_backend(odb, backend, 1000), "adding in-memory object store")

        scratch.recordedObjects = []
        let value = try body(scratch)
        let written = scratch.recordedObjects ?? []
        guard !written.isEmpty else { return value }

        var builder: OpaquePointer?
        try check(git_packbuilder_new(&builder, scratch.pointer), "preparing pack")
        defer { git_packbuilder_free(builder) }
        for id in written {
            var oid = id.raw
            try check(git_packbuilder_insert(builder, &oid, nil), "adding \(id) to pack")
        }
        var packed = git_buf()
        defer { git_buf_dispose(&packed) }
        try check(git_packbuilder_write_buf(&packed, builder), "packing new objects")
        try storePack(packed.ptr, count: packed.size, odb: odb)
        return value
    }

    /// Writes `count` blobs on `lanes` threads at once and returns their ids in order.
    ///
    /// Hashing and compressing a large bill is CPU-bound, so each lane opens its own handle on
    /// the repository (libgit2 handles are never shared between threads), writes its share of
    /// the blobs to memory and stores them as one pack. `content` is called from the lanes.
    public func writeBlobsPacked(
        count: Int, lanes: Int, batchBytes: Int = 32 << 20, content: @Sendable (Int) -> String
    ) throws -> [ObjectID] {
        let lanes = max(1, min(lanes, count / 256 + 1))
        let share = (count + lanes - 1) / lanes
        let results = Mutex<[Int: Result<[ObjectID], GitError>]>([:])
        let path = self.path
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let range = (lane * share)..<min(count, (lane + 1) * share)
            let outcome: Result<[ObjectID], GitError>
            do {
                let handle = try Repository.open(at: path)
                var ids: [ObjectID] = []
                ids.reserveCapacity(range.count)
                var next = range.lowerBound
                // One pack per batch of about `batchBytes`, so memory stays bounded on huge bills.
                while next < range.upperBound {
                    try handle.withPackedWrites { scratch in
                        var bytes = 0
                        while next < range.upperBound && bytes < batchBytes {
                            let text = content(next)
                            bytes += text.utf8.count
                            ids.append(try scratch.writeBlob(text))
                            next += 1
                        }
                    }
                }
                outcome = .success(ids)
            } catch let error as GitError {
                outcome = .failure(error)
            } catch {
                outcome = .failure(GitError(code: .generic, message: "\(error)"))
            }
            results.withLock { $0[lane] = outcome }
        }
        return try results.withLock { results in
            var ids: [ObjectID] = []
            ids.reserveCapacity(count)
            for lane in 0..<lanes {
                guard let outcome = results[lane] else { continue }
                ids += try outcome.get()
            }
            return ids
        }
    }

    private func storePack(_ bytes: UnsafeMutablePointer<CChar>, count: Int, odb: OpaquePointer?) throws {
        var writer: UnsafeMutablePointer<git_odb_writepack>?
        try check(git_odb_write_pack(&writer, odb, nil, nil), "opening pack writer")
        guard let writer else { throw GitError(code: .generic, message: "libgit2 returned no pack writer") }
        defer { writer.pointee.free(writer) }
        var progress = git_indexer_progress()
        try check(writer.pointee.append(writer, bytes, count, &progress), "writing pack")
        try check(writer.pointee.commit(writer, &progress), "indexing pack")
    }
}
