import CLibGit2

extension Repository {
    /// Writes `bytes` as a blob and returns its id; writing the same content twice is free.
    public func writeBlob(_ bytes: [UInt8]) throws -> ObjectID {
        var oid = git_oid()
        _ = try bytes.withUnsafeBytes { buffer in
            try check(
                git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count),
                "writing blob")
        }
        return record(ObjectID(oid))
    }

    /// Reads a blob's content, copied out of libgit2 before the blob is freed.
    public func readBlob(_ id: ObjectID) throws -> [UInt8] {
        var oid = id.raw
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &oid), "reading blob \(id)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    /// Whether an object with this id exists in the repository.
    public func contains(_ id: ObjectID) throws -> Bool {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "opening object database")
        defer { git_odb_free(odb) }
        var oid = id.raw
        return git_odb_exists(odb, &oid) == 1
    }

    /// Writes the nested trees holding `files` and returns the root tree's id.
    ///
    /// Paths are slash-separated; intermediate directories are created as needed. Two files
    /// at the same path, an empty component or `.`/`..` are rejected.
    public func writeTree(_ files: [TreeFile]) throws -> ObjectID {
        var root = DirectoryNode()
        for file in files {
            let components = file.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && $0 != ".git" }) else {
                throw GitError(code: .invalidArgument, message: "invalid path in tree: \(file.path)")
            }
            try root.insert(components[...], blob: file.blob, fullPath: file.path)
        }
        return try write(root)
    }

    private func write(_ node: DirectoryNode) throws -> ObjectID {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, nil), "preparing tree")
        defer { git_treebuilder_free(builder) }
        for (name, blob) in node.files {
            var oid = blob.raw
            try check(
                git_treebuilder_insert(nil, builder, name, &oid, GIT_FILEMODE_BLOB),
                "adding \(name) to tree")
        }
        for (name, child) in node.directories {
            var oid = try write(child).raw
            try check(
                git_treebuilder_insert(nil, builder, name, &oid, GIT_FILEMODE_TREE),
                "adding \(name)/ to tree")
        }
        var oid = git_oid()
        try check(git_treebuilder_write(&oid, builder), "writing tree")
        return record(ObjectID(oid))
    }

    /// Lists the entries of one tree (not recursive), in git's order.
    public func readTree(_ id: ObjectID) throws -> [TreeEntry] {
        var oid = id.raw
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &oid), "reading tree \(id)")
        defer { git_tree_free(tree) }
        let count = git_tree_entrycount(tree)
        var entries: [TreeEntry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard let entry = git_tree_entry_byindex(tree, index) else { continue }
            entries.append(TreeEntry(entry))
        }
        return entries
    }

    /// Finds the entry at a slash-separated path below a tree; nil when there is none.
    public func entry(atPath path: String, inTree id: ObjectID) throws -> TreeEntry? {
        var oid = id.raw
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &oid), "reading tree \(id)")
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, tree, path)
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(result, "looking up \(path)")
        guard let found = entry else { return nil }
        defer { git_tree_entry_free(found) }
        return TreeEntry(found)
    }
}

extension TreeEntry {
    init(_ entry: OpaquePointer) {
        let kind: EntryKind =
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_BLOB: .blob
            case GIT_OBJECT_TREE: .tree
            default: .other
            }
        self.init(
            name: String(cString: git_tree_entry_name(entry)),
            id: ObjectID(git_tree_entry_id(entry).pointee),
            kind: kind)
    }
}

/// A directory being assembled before it is written as a tree.
private struct DirectoryNode {
    var files: [String: ObjectID] = [:]
    var directories: [String: DirectoryNode] = [:]

    mutating func insert(_ components: ArraySlice<String>, blob: ObjectID, fullPath: String) throws {
        let name = components.first!
        if components.count == 1 {
            guard files[name] == nil, directories[name] == nil else {
                throw GitError(code: .invalidArgument, message: "two entries at \(fullPath)")
            }
            files[name] = blob
        } else {
            guard files[name] == nil else {
                throw GitError(code: .invalidArgument, message: "\(name) is both a file and a directory")
            }
            try directories[name, default: DirectoryNode()].insert(
                components.dropFirst(), blob: blob, fullPath: fullPath)
        }
    }
}

extension Repository {
    /// Writes the UTF-8 bytes of `text` as a blob without an intermediate copy.
    public func writeBlob(_ text: String) throws -> ObjectID {
        var text = text
        return try text.withUTF8 { buffer in
            var oid = git_oid()
            try check(git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count), "writing blob")
            return record(ObjectID(oid))
        }
    }
}

extension Repository {
    /// Notes a written object for the pack being prepared, if any.
    @inline(__always)
    func record(_ id: ObjectID) -> ObjectID {
        recordedObjects?.append(id)
        return id
    }
}

extension Repository {
    /// The id `text` would have as a blob, without writing it: to skip content already stored.
    public func blobID(of text: String) throws -> ObjectID {
        var text = text
        return try text.withUTF8 { buffer in
            var oid = git_oid()
            try check(git_odb_hash(&oid, buffer.baseAddress, buffer.count, GIT_OBJECT_BLOB), "hashing blob")
            return ObjectID(oid)
        }
    }
}
