import Legislation

/// A whole bill at one version, as values: its manifest and the text of every article, keyed by
/// file name. What an import produces and a version stores.
public struct BillDocument: Sendable, Equatable {
    /// Title, number and outline.
    public var manifest: BillManifest
    /// Each article, by its file name in `articles/`.
    public var articles: [String: Article]
    /// The exposé des motifs, when the text has one: paragraphs separated by blank lines.
    public var expose: String?

    /// Creates a document; `validate()` checks that manifest and articles agree.
    public init(manifest: BillManifest, articles: [String: Article], expose: String? = nil) {
        self.manifest = manifest
        self.articles = articles
        self.expose = expose.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The folder holding article files.
    public static let articlesFolder = "articles"
    /// The exposé des motifs, beside the manifest.
    public static let exposeFile = "expose-des-motifs.md"

    /// The articles in reading order.
    public var orderedArticles: [Article] {
        manifest.articles.compactMap { articles[$0.file] }
    }

    /// The files of the bill folder in canonical form, as stored in git: the manifest first,
    /// then one file per article in reading order.
    public func files() -> [(path: String, text: String)] {
        var files: [(path: String, text: String)] = [(ManifestFile.name, ManifestFile.render(manifest))]
        if let expose { files.append((Self.exposeFile, expose.hasSuffix("\n") ? expose : expose + "\n")) }
        for reference in manifest.articles {
            guard let article = articles[reference.file] else { continue }
            files.append(("\(Self.articlesFolder)/\(reference.file)", ArticleFile.render(article)))
        }
        return files
    }
}

/// One stage of a multi-stage import: the stage's name and the bill's text at that stage.
public struct Stage: Sendable, Equatable {
    /// The stage of the procedure, used as the version's tag message.
    public var name: String
    /// The bill's text at that stage.
    public var document: BillDocument

    /// Creates a stage.
    public init(name: String, document: BillDocument) {
        self.name = name
        self.document = document
    }
}
