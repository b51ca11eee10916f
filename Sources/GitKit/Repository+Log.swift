import CLibGit2

extension Repository {
    /// The commits reachable from `start` along first parents, newest first, in which the
    /// object at `path` differs from the first parent's (added, changed or removed).
    public func log(path: String, from start: ObjectID) throws -> [CommitInfo] {
        var result: [CommitInfo] = []
        var current: ObjectID? = start
        var currentCommit = try readCommit(start)
        while current != nil {
            let here = try entry(atPath: path, inTree: currentCommit.tree)?.id
            let parent = currentCommit.parents.first
            let parentCommit = try parent.map { try readCommit($0) }
            let there = try parentCommit.flatMap { try entry(atPath: path, inTree: $0.tree)?.id }
            if here != there { result.append(currentCommit) }
            current = parent
            if let parentCommit { currentCommit = parentCommit }
        }
        return result
    }
}

extension Repository {
    /// Whether `commit` is `ancestor` or has it in its history.
    public func descends(_ commit: ObjectID, from ancestor: ObjectID) throws -> Bool {
        if commit == ancestor { return true }
        var commitOid = commit.raw
        var ancestorOid = ancestor.raw
        let result = git_graph_descendant_of(pointer, &commitOid, &ancestorOid)
        if result < 0 { try check(result, "reading the history of \(commit)") }
        return result == 1
    }
}
