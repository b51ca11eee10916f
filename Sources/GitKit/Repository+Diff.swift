import CLibGit2

extension Repository {
    /// The paths that differ between two trees (either may be nil for the empty tree), with
    /// exact renames detected.
    public func changedPaths(from old: ObjectID?, to new: ObjectID?) throws -> [ChangedPath] {
        let oldTree = try lookupTree(old)
        defer { git_tree_free(oldTree) }
        let newTree = try lookupTree(new)
        defer { git_tree_free(newTree) }

        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil), "comparing trees")
        defer { git_diff_free(diff) }
        var findOptions = git_diff_find_options()
        try check(
            git_diff_find_options_init(&findOptions, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)),
            "preparing rename detection")
        findOptions.flags = GIT_DIFF_FIND_EXACT_MATCH_ONLY.rawValue | GIT_DIFF_FIND_RENAMES.rawValue
        try check(git_diff_find_similar(diff, &findOptions), "detecting renames")

        var changes: [ChangedPath] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            let status: ChangedPath.Status =
                switch delta.pointee.status {
                case GIT_DELTA_ADDED: .added
                case GIT_DELTA_DELETED: .deleted
                case GIT_DELTA_MODIFIED: .modified
                case GIT_DELTA_RENAMED: .renamed
                default: .other
                }
            changes.append(
                ChangedPath(
                    status: status,
                    oldPath: String(cString: delta.pointee.old_file.path),
                    newPath: String(cString: delta.pointee.new_file.path)))
        }
        return changes
    }

    private func lookupTree(_ id: ObjectID?) throws -> OpaquePointer? {
        guard let id else { return nil }
        var oid = id.raw
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &oid), "reading tree \(id)")
        return tree
    }
}
