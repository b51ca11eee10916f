import Foundation
import Legislation

/// What a path given to `bill import` or `bill publish` holds, once read and validated.
public enum BillSource: Sendable {
    /// One text: a bill folder or a Markdown draft; `name` suggests the bill's slug.
    case single(BillDocument, name: String)
    /// Several stages in order (`01-…/`, `02-…/`), each becoming the next version.
    case stages([Stage], name: String)

    /// The stages to publish, in order; a single text is one stage named `defaultStage`.
    public func stages(defaultStage: String) -> [Stage] {
        switch self {
        case .single(let document, _): [Stage(name: defaultStage, document: document)]
        case .stages(let stages, _): stages
        }
    }

    /// The file or folder name the source was read from, without extension or stage prefix.
    public var name: String {
        switch self {
        case .single(_, let name), .stages(_, let name): name
        }
    }
}

/// Recognises and reads any of the three import forms: a bill folder (has `bill.md`), a Markdown
/// draft (a `.md` file), or a folder of numbered stages (`01-Texte initial/`, `02-…/`, each a bill
/// folder or a draft).
public struct BillSourceReader: Sendable {
    /// The largest file accepted, in bytes.
    public var sizeLimit: Int
    /// Progress while article files are read: (files read, files in all).
    public var progress: (@Sendable (Int, Int) -> Void)?

    /// Creates a reader.
    public init(sizeLimit: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.sizeLimit = sizeLimit
        self.progress = progress
    }

    /// Reads whatever is at `url`.
    public func read(_ url: URL) throws -> BillSource {
        let name = url.deletingPathExtension().lastPathComponent
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            throw BillArchiveError(.notFound, "no file or folder at \(url.path)")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            return .single(try readDraft(url, displayName: url.lastPathComponent), name: name)
        case S_IFDIR:
            let entries = try DirectoryListing.entries(of: url, displayPath: url.path)
            if entries.contains(where: { $0.name == ManifestFile.name }) {
                return .single(
                    try BillFolderReader(sizeLimit: sizeLimit, progress: progress).read(folder: url), name: name)
            }
            let stageEntries = entries.filter { Self.stagePrefix(of: $0.name) != nil }
            guard !stageEntries.isEmpty else {
                throw BillArchiveError(
                    .invalidFormat,
                    "\(url.path) is not a bill: expected a folder with \(ManifestFile.name), a Markdown draft (.md), or numbered stage folders (01-…, 02-…)"
                )
            }
            if let stray = entries.first(where: {
                Self.stagePrefix(of: $0.name) == nil && !$0.name.hasPrefix(".") && $0.name != "README.md"
            }) {
                throw BillArchiveError(
                    .invalidFormat,
                    "in a folder of stages every entry is named `NN-stage name`; found `\(stray.name.escapingControls)`",
                    file: stray.name.escapingControls)
            }
            var seen: [Int: String] = [:]
            var stages: [Stage] = []
            for entry in stageEntries.sorted(by: { Self.stagePrefix(of: $0.name)! < Self.stagePrefix(of: $1.name)! }) {
                let (order, stageName) = Self.stagePrefix(of: entry.name)!
                if let other = seen[order] {
                    throw BillArchiveError(
                        .invalidFormat, "stages \(other) and \(entry.name) have the same number", file: entry.name)
                }
                seen[order] = entry.name
                let stageURL = url.appendingPathComponent(entry.name)
                let document: BillDocument
                do {
                    switch entry.kind {
                    case .directory:
                        document = try BillFolderReader(sizeLimit: sizeLimit, progress: progress).read(folder: stageURL)
                    case .file: document = try readDraft(stageURL, displayName: entry.name)
                    case .other: throw BillArchiveError(.invalidFormat, "not a file or folder", file: entry.name)
                    }
                } catch var error as BillArchiveError {
                    error.file = entry.name + (error.file.map { "/\($0)" } ?? "")
                    throw error
                }
                stages.append(
                    Stage(name: stageName.isEmpty ? "Version \(stages.count + 1)" : stageName, document: document))
            }
            return .stages(stages, name: name)
        default:
            throw BillArchiveError(.invalidFormat, "\(url.path) is neither a file nor a folder")
        }
    }

    private func readDraft(_ url: URL, displayName: String) throws -> BillDocument {
        let bytes = try DirectoryListing.contents(of: url, name: displayName, sizeLimit: sizeLimit * 64)
        let text = try TextFile.decode(bytes, name: displayName, sizeLimit: sizeLimit * 64)
        let document = try MarkdownDraft.parse(text, name: displayName)
        for (file, article) in document.articles {
            let size = ArticleFile.render(article).utf8.count
            if size > sizeLimit {
                throw BillArchiveError(
                    .tooLarge, "article \(article.label) is \(size) bytes, over the limit of \(sizeLimit) bytes",
                    file: displayName, line: nil, cause: nil
                )
                .with(file: "\(displayName) (\(file))")
            }
        }
        return document
    }

    /// `01-Texte initial` → (1, "Texte initial"); `02-texte.md` → (2, "texte"); nil otherwise.
    static func stagePrefix(of name: String) -> (Int, String)? {
        let digits = name.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 4, let order = Int(digits) else { return nil }
        let rest = name.dropFirst(digits.count)
        guard rest.first == "-" || rest.first == "_" || rest.first == " " else { return nil }
        var stage = String(rest.dropFirst())
        if stage.hasSuffix(".md") { stage = String(stage.dropLast(3)) }
        return (order, LegalText.collapsingSpaces(LegalText.nfc(stage)))
    }
}

extension BillArchiveError {
    fileprivate func with(file: String) -> BillArchiveError {
        var copy = self
        copy.file = file
        return copy
    }
}
