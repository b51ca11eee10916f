/// Who made a commit or tag, and when; pseudonymous for citizens, never a real name.
public struct Signature: Sendable, Equatable {
    /// The name recorded in git (an organisation or a pseudonym such as `citizen-42`).
    public var name: String
    /// The e-mail recorded in git; a non-personal placeholder.
    public var email: String
    /// Seconds since 1970 (UTC).
    public var time: Int64
    /// Offset from UTC in minutes.
    public var offsetMinutes: Int32

    /// Creates a signature.
    public init(name: String, email: String, time: Int64, offsetMinutes: Int32 = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }
}

/// What a commit says, read out of libgit2 as a value.
public struct CommitInfo: Sendable, Equatable {
    /// The commit's own id.
    public var id: ObjectID
    /// The root tree of the commit.
    public var tree: ObjectID
    /// Parent commits, first parent first.
    public var parents: [ObjectID]
    /// The full commit message.
    public var message: String
    /// The author signature.
    public var author: Signature
    /// The committer signature.
    public var committer: Signature
}

/// The kind of object a tree entry points at.
public enum EntryKind: Sendable, Equatable {
    /// A file.
    case blob
    /// A sub-directory.
    case tree
    /// Anything else (submodule commit, symlink); bills never contain these.
    case other
}

/// One entry of a tree: a name and the object it names.
public struct TreeEntry: Sendable, Equatable {
    /// The entry's file or directory name (one path component).
    public var name: String
    /// The object it points at.
    public var id: ObjectID
    /// Whether it is a file or a directory.
    public var kind: EntryKind
}

/// A file to place in a tree being written: its path inside the tree and its blob.
public struct TreeFile: Sendable {
    /// Slash-separated path, e.g. `articles/article-1er.md`.
    public var path: String
    /// The blob holding the file's content.
    public var blob: ObjectID

    /// Creates a tree file entry.
    public init(path: String, blob: ObjectID) {
        self.path = path
        self.blob = blob
    }
}

/// A path that differs between two trees.
public struct ChangedPath: Sendable, Equatable {
    /// How the path changed.
    public enum Status: String, Sendable {
        case added, deleted, modified, renamed, other
    }

    /// How it changed.
    public var status: Status
    /// The path in the old tree (equal to `newPath` unless renamed).
    public var oldPath: String
    /// The path in the new tree.
    public var newPath: String
}

/// An annotated tag as read from the repository.
public struct TagInfo: Sendable, Equatable {
    /// The short tag name, e.g. `v2`.
    public var name: String
    /// The tag object's id.
    public var id: ObjectID
    /// The commit the tag points at.
    public var target: ObjectID
    /// The tag message.
    public var message: String
    /// The tagger, when recorded.
    public var tagger: Signature?
}
