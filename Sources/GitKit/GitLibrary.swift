import CLibGit2

/// The process-wide libgit2 set-up, done once before any repository is opened, because libgit2
/// reads its global options only at that point.
enum GitLibrary {
    private static let initialised: Result<Void, GitError> = {
        git_libgit2_init()
        do {
            // Durability: a version acknowledged to a caller must survive a power cut.
            try check(hemicycle_git_enable_fsync_gitdir(1), "enabling fsync of the git directory")
            // Refuse to write a tree or commit that points at a missing object.
            try check(hemicycle_git_enable_strict_object_creation(1), "enabling strict object creation")
            // The machine's ~/.gitconfig must not change what we write.
            try check(hemicycle_git_set_search_path_none(), "ignoring global git configuration")
            return .success(())
        } catch let error as GitError {
            return .failure(error)
        } catch {
            return .failure(GitError(code: .generic, message: "\(error)"))
        }
    }()

    /// Makes sure libgit2 is initialised; every entry point of GitKit calls this first.
    static func ensureInitialised() throws {
        try initialised.get()
    }
}
