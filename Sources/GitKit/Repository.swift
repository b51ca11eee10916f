import CLibGit2

/// An open git repository: the one owner of a libgit2 `git_repository` pointer.
///
/// Not `Sendable`: libgit2 objects must not be shared between threads. Use it inside
/// `GitRepository`, the actor that serialises every call on one queue.
public final class Repository {
    let pointer: OpaquePointer
    /// The repository's directory (for a bare repository, the `.git`-like folder itself).
    public let path: String
    /// While writing to memory for a pack, the ids of every object written, to put in the pack.
    var recordedObjects: [ObjectID]?

    private init(pointer: OpaquePointer, path: String) {
        self.pointer = pointer
        self.path = path
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Creates a new bare repository whose HEAD names `initialBranch`; fails with `.exists`
    /// rather than reinitialising a repository that is already there.
    public static func createBare(at path: String, initialBranch: String = "main") throws -> Repository {
        try GitLibrary.ensureInitialised()
        var options = git_repository_init_options()
        try check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "preparing repository options")
        options.flags =
            GIT_REPOSITORY_INIT_BARE.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
            | GIT_REPOSITORY_INIT_MKPATH.rawValue
        var handle: OpaquePointer?
        try initialBranch.withCString { branch in
            options.initial_head = branch
            try check(git_repository_init_ext(&handle, path, &options), "creating repository at \(path)")
        }
        guard let handle else { throw GitError(code: .generic, message: "libgit2 returned no repository") }
        return Repository(pointer: handle, path: path)
    }

    /// Opens an existing repository at exactly `path`, without searching parent directories.
    public static func open(at path: String) throws -> Repository {
        try GitLibrary.ensureInitialised()
        var handle: OpaquePointer?
        try check(
            git_repository_open_ext(&handle, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
            "opening repository at \(path)")
        guard let handle else { throw GitError(code: .generic, message: "libgit2 returned no repository") }
        return Repository(pointer: handle, path: path)
    }
}

extension Signature {
    /// Runs `body` with a libgit2 signature built from this value, freed afterwards.
    func withPointer<T>(_ body: (UnsafeMutablePointer<git_signature>) throws -> T) throws -> T {
        var signature: UnsafeMutablePointer<git_signature>?
        try check(
            git_signature_new(&signature, name, email, git_time_t(time), Int32(offsetMinutes)),
            "preparing signature")
        guard let signature else { throw GitError(code: .generic, message: "libgit2 returned no signature") }
        defer { git_signature_free(signature) }
        return try body(signature)
    }

    init(_ pointer: UnsafePointer<git_signature>) {
        self.init(
            name: String(cString: pointer.pointee.name),
            email: String(cString: pointer.pointee.email),
            time: Int64(pointer.pointee.when.time),
            offsetMinutes: Int32(pointer.pointee.when.offset))
    }
}
