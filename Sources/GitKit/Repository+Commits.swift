import CLibGit2

extension Repository {
    /// Writes a commit object without moving any reference; move one afterwards with
    /// `createReference` or `updateReference`, so the ref update is a separate compare-and-swap.
    public func writeCommit(
        tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String
    ) throws -> ObjectID {
        var treeOid = tree.raw
        var treeHandle: OpaquePointer?
        try check(git_tree_lookup(&treeHandle, pointer, &treeOid), "reading tree \(tree)")
        defer { git_tree_free(treeHandle) }

        var parentHandles: [OpaquePointer?] = []
        defer { parentHandles.forEach { git_commit_free($0) } }
        for parent in parents {
            var oid = parent.raw
            var handle: OpaquePointer?
            try check(git_commit_lookup(&handle, pointer, &oid), "reading parent commit \(parent)")
            parentHandles.append(handle)
        }

        var result = git_oid()
        try author.withPointer { authorPointer in
            try committer.withPointer { committerPointer in
                try parentHandles.withUnsafeMutableBufferPointer { buffer in
                    _ = try check(
                        git_commit_create(
                            &result, pointer, nil, authorPointer, committerPointer, "UTF-8", message,
                            treeHandle, parents.count, buffer.baseAddress),
                        "writing commit")
                }
            }
        }
        return record(ObjectID(result))
    }

    /// Reads a commit as a value.
    public func readCommit(_ id: ObjectID) throws -> CommitInfo {
        var oid = id.raw
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &oid), "reading commit \(id)")
        defer { git_commit_free(commit) }
        var parents: [ObjectID] = []
        for index in 0..<git_commit_parentcount(commit) {
            if let parent = git_commit_parent_id(commit, index) {
                parents.append(ObjectID(parent.pointee))
            }
        }
        return CommitInfo(
            id: id,
            tree: ObjectID(git_commit_tree_id(commit).pointee),
            parents: parents,
            message: git_commit_message(commit).map { String(cString: $0) } ?? "",
            author: Signature(git_commit_author(commit)),
            committer: Signature(git_commit_committer(commit)))
    }
}
