import CLibGit2

extension Repository {
    /// Writes an annotated tag object for a commit, then creates `refs/tags/<name>` only if it
    /// does not exist yet (a published version is never moved); fails with `.exists` otherwise.
    @discardableResult
    public func createAnnotatedTag(
        named name: String, target: ObjectID, tagger: Signature, message: String
    ) throws -> ObjectID {
        var targetOid = target.raw
        var object: OpaquePointer?
        try check(git_object_lookup(&object, pointer, &targetOid, GIT_OBJECT_COMMIT), "reading \(target)")
        defer { git_object_free(object) }
        var tagOid = git_oid()
        try tagger.withPointer { taggerPointer in
            _ = try check(
                git_tag_annotation_create(&tagOid, pointer, name, object, taggerPointer, message),
                "writing tag \(name)")
        }
        let id = record(ObjectID(tagOid))
        try createReference("refs/tags/\(name)", target: id, logMessage: "tag \(name)")
        return id
    }

    /// Reads the annotated tag `refs/tags/<name>`; nil when there is no such tag.
    public func readTag(named name: String) throws -> TagInfo? {
        try readTag(reference: "refs/tags/\(name)", name: name)
    }

    /// Reads the annotated tag `reference` points at, calling it `name`; nil when there is no
    /// such reference, `.invalidArgument`-like failure when it names no annotated tag.
    public func readTag(reference: String, name: String) throws -> TagInfo? {
        guard let id = try resolveReference(reference) else { return nil }
        var oid = id.raw
        var tag: OpaquePointer?
        try check(git_tag_lookup(&tag, pointer, &oid), "reading tag \(name)")
        defer { git_tag_free(tag) }
        return TagInfo(
            name: name,
            id: id,
            target: ObjectID(git_tag_target_id(tag).pointee),
            message: git_tag_message(tag).map { String(cString: $0) } ?? "",
            tagger: git_tag_tagger(tag).map { Signature($0) })
    }
}
