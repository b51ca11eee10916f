import CLibGit2

/// Lines of a file last changed by one commit.
public struct BlameHunk: Sendable, Equatable {
    /// The 1-based first line in the file as of the newest commit, and how many lines.
    public var firstLine: Int
    public var lineCount: Int
    /// The commit that gave these lines their current content.
    public var commit: ObjectID
}

extension Repository {
    /// Who last changed each line of `path` as of `newest`, following first parents only: a
    /// line brought in by a merge is the merge's.
    public func blame(path: String, at newest: ObjectID) throws -> [BlameHunk] {
        var options = git_blame_options()
        try check(git_blame_options_init(&options, UInt32(GIT_BLAME_OPTIONS_VERSION)), "preparing blame")
        options.flags = GIT_BLAME_FIRST_PARENT.rawValue
        options.newest_commit = newest.raw
        var blame: OpaquePointer?
        try check(git_blame_file(&blame, pointer, path, &options), "blaming \(path)")
        defer { git_blame_free(blame) }
        var hunks: [BlameHunk] = []
        for index in 0..<git_blame_get_hunk_count(blame) {
            guard let hunk = git_blame_get_hunk_byindex(blame, index) else { continue }
            hunks.append(
                BlameHunk(
                    firstLine: Int(hunk.pointee.final_start_line_number), lineCount: Int(hunk.pointee.lines_in_hunk),
                    commit: ObjectID(hunk.pointee.final_commit_id)))
        }
        return hunks
    }
}
