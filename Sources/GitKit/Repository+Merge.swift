import CLibGit2

/// What merging two trees gave: the merged tree, or the paths both sides changed in ways that
/// do not combine.
public enum TreeMerge: Sendable, Equatable {
    case merged(ObjectID)
    case conflicted([String])
}

extension Repository {
    /// Merges `theirs` into `ours` from their common `ancestor` (git's three-way merge, file by
    /// file and line by line within a file), writing the merged blobs and trees; moves no
    /// reference. Conflicting paths are listed, sorted, and nothing of them is written.
    public func mergeTrees(ancestor: ObjectID, ours: ObjectID, theirs: ObjectID) throws -> TreeMerge {
        var trees: [OpaquePointer?] = []
        defer { trees.forEach { git_tree_free($0) } }
        for id in [ancestor, ours, theirs] {
            var oid = id.raw
            var tree: OpaquePointer?
            try check(git_tree_lookup(&tree, pointer, &oid), "reading tree \(id)")
            trees.append(tree)
        }
        var options = git_merge_options()
        try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)), "preparing merge")
        // Files keep their names: an article's file is its identity, so no rename detection.
        options.flags = 0
        var index: OpaquePointer?
        try check(git_merge_trees(&index, pointer, trees[0], trees[1], trees[2], &options), "merging trees")
        defer { git_index_free(index) }
        if git_index_has_conflicts(index) != 0 {
            var iterator: OpaquePointer?
            try check(git_index_conflict_iterator_new(&iterator, index), "listing merge conflicts")
            defer { git_index_conflict_iterator_free(iterator) }
            var paths: Set<String> = []
            var base: UnsafePointer<git_index_entry>?
            var mine: UnsafePointer<git_index_entry>?
            var other: UnsafePointer<git_index_entry>?
            while git_index_conflict_next(&base, &mine, &other, iterator) == 0 {
                for entry in [base, mine, other] {
                    if let path = entry?.pointee.path { paths.insert(String(cString: path)) }
                }
            }
            return .conflicted(paths.sorted())
        }
        var tree = git_oid()
        try check(git_index_write_tree_to(&tree, index, pointer), "writing the merged tree")
        let merged = ObjectID(tree)
        if recordedObjects != nil { try recordNew(merged, besides: [ancestor, ours, theirs]) }
        return .merged(merged)
    }

    /// Notes, for the pack being prepared, the objects of a merged tree that neither side has:
    /// the trees that differ from both, and the blobs the merge wrote (a file both sides
    /// changed, combined line by line). Every other object is already stored.
    private func recordNew(_ tree: ObjectID, besides sides: [ObjectID]) throws {
        guard !sides.contains(tree) else { return }
        _ = record(tree)
        let sideEntries = try sides.map { side in
            Dictionary(try readTree(side).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        }
        for entry in try readTree(tree) {
            let known = sideEntries.compactMap { $0[entry.name] }
            if known.contains(where: { $0.id == entry.id }) { continue }
            switch entry.kind {
            case .tree: try recordNew(entry.id, besides: known.filter { $0.kind == .tree }.map(\.id))
            default: _ = record(entry.id)
            }
        }
    }
}
