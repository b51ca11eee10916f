import CLibGit2

extension Repository {
    /// The commit (or object) a reference points at, following symbolic references; nil when
    /// the reference does not exist.
    public func resolveReference(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, pointer, name)
        if result == GIT_ENOTFOUND.rawValue || result == GIT_EUNBORNBRANCH.rawValue {
            git_error_clear()
            return nil
        }
        try check(result, "reading reference \(name)")
        return ObjectID(oid)
    }

    /// Creates a reference that must not exist yet; fails with `.exists` otherwise.
    public func createReference(_ name: String, target: ObjectID, logMessage: String) throws {
        try validateReferenceName(name)
        var oid = target.raw
        var reference: OpaquePointer?
        try check(
            git_reference_create(&reference, pointer, name, &oid, 0, logMessage), "creating \(name)")
        git_reference_free(reference)
    }

    /// Moves a reference from `expected` to `target`, atomically; fails with `.modified` when it
    /// no longer points at `expected` (another writer won) and `.notFound` when it is absent.
    public func updateReference(
        _ name: String, from expected: ObjectID, to target: ObjectID, logMessage: String
    ) throws {
        try validateReferenceName(name)
        guard try resolveReference(name) != nil else {
            throw GitError(code: .notFound, message: "reference \(name) does not exist")
        }
        var oid = target.raw
        var current = expected.raw
        var reference: OpaquePointer?
        try check(
            git_reference_create_matching(&reference, pointer, name, &oid, 1, &current, logMessage),
            "moving \(name)")
        git_reference_free(reference)
    }

    /// Deletes a reference if it still points at `expected`.
    public func deleteReference(_ name: String, expected: ObjectID) throws {
        var reference: OpaquePointer?
        try check(git_reference_lookup(&reference, pointer, name), "reading reference \(name)")
        defer { git_reference_free(reference) }
        guard let target = git_reference_target(reference), ObjectID(target.pointee) == expected else {
            throw GitError(code: .modified, message: "reference \(name) moved; not deleted")
        }
        try check(git_reference_delete(reference), "deleting \(name)")
    }

    /// Names of the references matching a glob such as `refs/tags/v*`, unsorted.
    public func referenceNames(matching glob: String) throws -> [String] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, pointer, glob), "listing \(glob)")
        defer { git_reference_iterator_free(iterator) }
        var names: [String] = []
        var name: UnsafePointer<CChar>?
        while true {
            let result = git_reference_next_name(&name, iterator)
            if result == GIT_ITEROVER.rawValue {
                git_error_clear()
                break
            }
            try check(result, "listing \(glob)")
            if let name { names.append(String(cString: name)) }
        }
        return names
    }

    private func validateReferenceName(_ name: String) throws {
        var valid: Int32 = 0
        try check(git_reference_name_is_valid(&valid, name), "checking reference name")
        guard valid == 1, name.hasPrefix("refs/") else {
            throw GitError(code: .invalidSpec, message: "invalid reference name \(name)")
        }
    }
}
