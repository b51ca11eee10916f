import CLibGit2
import CZlib
import Crypto
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

extension Repository {
    /// Writes `contents` as blobs in one pack, each compressed on one of `lanes` threads at
    /// zlib's fastest level and stored whole (no delta search), and returns their ids in order.
    ///
    /// For many new blobs that resemble nothing (a ledger's receipts are random digits): libgit2's
    /// pack builder would compress each twice (into memory, then into the pack) and try each
    /// against ten others for a delta it never finds.
    public func writeBlobsInOnePack(_ contents: [String], lanes: Int) throws -> [ObjectID] {
        guard !contents.isEmpty else { return [] }
        var ids = [ObjectID?](repeating: nil, count: contents.count)
        var entries = [[UInt8]?](repeating: nil, count: contents.count)
        let failed = Mutex<String?>(nil)
        let lanes = max(1, min(lanes, contents.count))
        ids.withUnsafeMutableBufferPointer { idSlots in
            entries.withUnsafeMutableBufferPointer { entrySlots in
                nonisolated(unsafe) let idSlots = idSlots
                nonisolated(unsafe) let entrySlots = entrySlots
                DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                    for index in stride(from: lane, to: contents.count, by: lanes) {
                        var text = contents[index]
                        text.withUTF8 { bytes in
                            var oid = git_oid()
                            guard git_odb_hash(&oid, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB) == 0,
                                let entry = Self.packEntry(blob: bytes)
                            else {
                                failed.withLock { $0 = "could not hash or compress blob \(index)" }
                                return
                            }
                            idSlots[index] = ObjectID(oid)
                            entrySlots[index] = entry
                        }
                    }
                }
            }
        }
        if let failure = failed.withLock({ $0 }) { throw GitError(code: .generic, message: failure) }
        var pack: [UInt8] = Array("PACK".utf8)
        pack.reserveCapacity(12 + entries.reduce(0) { $0 + ($1?.count ?? 0) } + 20)
        for value in [UInt32(2), UInt32(contents.count)] {
            pack += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        for entry in entries { pack += entry ?? [] }
        pack += Insecure.SHA1.hash(data: pack)
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "opening object database")
        defer { git_odb_free(odb) }
        try pack.withUnsafeMutableBufferPointer { buffer in
            try buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                try storePack($0, count: buffer.count, odb: odb)
            }
        }
        return ids.map { $0! }
    }

    /// A blob's entry in a pack: its type and size (git's variable-length header), then its
    /// bytes as a zlib stream.
    private static func packEntry(blob bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var size = bytes.count
        var header: [UInt8] = [UInt8(3 << 4 | size & 0x0F)]  // 3: blob
        size >>= 4
        while size > 0 {
            header[header.count - 1] |= 0x80
            header.append(UInt8(size & 0x7F))
            size >>= 7
        }
        var capacity = compressBound(uLong(bytes.count))
        var compressed = [UInt8](repeating: 0, count: Int(capacity))
        let status = compressed.withUnsafeMutableBufferPointer { out in
            compress2(out.baseAddress, &capacity, bytes.baseAddress, uLong(bytes.count), Z_BEST_SPEED)
        }
        guard status == Z_OK else { return nil }
        return header + compressed.prefix(Int(capacity))
    }
}
