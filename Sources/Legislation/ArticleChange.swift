/// How an article changed from one version to the next.
public enum ArticleChangeKind: String, Sendable, Codable {
    /// The article first appears in this version.
    case added
    /// Its text (or heading) changed.
    case modified
    /// It is no longer in the bill.
    case removed
}

/// One step of an article's history: the version in which it changed, and how.
public struct ArticleRevision: Sendable, Equatable, Codable {
    /// The version in which the change was published.
    public var version: VersionNumber
    /// That version's stage.
    public var stage: String
    /// When that version was published, seconds since 1970 (UTC).
    public var publishedAt: Int64
    /// What happened to the article.
    public var change: ArticleChangeKind
    /// The article's label in that version (the previous label when removed).
    public var label: ArticleLabel

    /// Creates a revision.
    public init(
        version: VersionNumber, stage: String, publishedAt: Int64, change: ArticleChangeKind, label: ArticleLabel
    ) {
        self.version = version
        self.stage = stage
        self.publishedAt = publishedAt
        self.change = change
        self.label = label
    }
}
