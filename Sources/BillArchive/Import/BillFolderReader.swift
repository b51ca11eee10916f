import Dispatch
import Foundation
import Legislation
import Synchronization

/// Reads a bill folder from disk: `bill.md` and `articles/*.md`, nothing else. Every file is
/// checked (size, UTF-8, control characters, heading against manifest) before anything is
/// written anywhere, so a bad folder changes nothing.
public struct BillFolderReader: Sendable {
    /// The largest article (or manifest) file accepted, in bytes.
    public var sizeLimit: Int
    /// Called from any thread with (files read, files in all) while a large folder is read.
    public var progress: (@Sendable (Int, Int) -> Void)?

    /// Creates a reader with a size limit per file.
    public init(sizeLimit: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.sizeLimit = sizeLimit
        self.progress = progress
    }

    /// Reads and validates the bill folder at `folder`.
    public func read(folder: URL) throws -> BillDocument {
        let entries = try DirectoryListing.entries(of: folder, displayPath: "")
        for entry in entries
        where !(entry.name == ManifestFile.name && entry.kind == .file)
            && !(entry.name == BillDocument.exposeFile && entry.kind == .file)
            && !(entry.name == BillDocument.articlesFolder && entry.kind == .directory)
        {
            throw BillArchiveError(
                .invalidFormat,
                "unexpected \(entry.kind == .directory ? "folder" : "file") in a bill folder; it holds only \(ManifestFile.name), \(BillDocument.articlesFolder)/ and optionally \(BillDocument.exposeFile)",
                file: entry.name.escapingControls)
        }
        guard entries.contains(where: { $0.name == ManifestFile.name }) else {
            throw BillArchiveError(
                .invalidFormat, "no \(ManifestFile.name) manifest in \(folder.path)", file: ManifestFile.name)
        }
        let manifestBytes = try DirectoryListing.contents(
            of: folder.appendingPathComponent(ManifestFile.name), name: ManifestFile.name,
            sizeLimit: ManifestFile.sizeLimit)
        let manifest = try ManifestFile.parse(
            TextFile.decode(manifestBytes, name: ManifestFile.name, sizeLimit: ManifestFile.sizeLimit))

        let articlesURL = folder.appendingPathComponent(BillDocument.articlesFolder)
        let present =
            entries.contains(where: { $0.name == BillDocument.articlesFolder })
            ? try DirectoryListing.entries(of: articlesURL, displayPath: BillDocument.articlesFolder + "/") : []
        let listed = Set(manifest.articles.map(\.file))
        for entry in present {
            let shown = "\(BillDocument.articlesFolder)/\(entry.name.escapingControls)"
            guard entry.kind == .file else {
                let problem =
                    entry.kind == .directory
                    ? "only article files belong in \(BillDocument.articlesFolder)/"
                    : "not a regular file (links are not followed)"
                throw BillArchiveError(.invalidFormat, problem, file: shown)
            }
            guard FileName.isValid(entry.name) else {
                throw BillArchiveError(
                    .invalidFormat, "not an allowed article file name (letters, digits, `-`, `_`, ending in `.md`)",
                    file: shown)
            }
            guard listed.contains(entry.name) else {
                throw BillArchiveError(
                    .invalidFormat, "this article file is not listed in \(ManifestFile.name); list it or remove it",
                    file: shown)
            }
        }
        let presentNames = Set(present.map(\.name))
        if let missing = manifest.articles.first(where: { !presentNames.contains($0.file) }) {
            throw BillArchiveError(
                .invalidFormat,
                "\(ManifestFile.name) lists article \(missing.label) in \(BillDocument.articlesFolder)/\(missing.file), which does not exist",
                file: ManifestFile.name, line: ManifestLines.line(of: missing.file, in: manifestBytes))
        }
        let articles = try readArticles(manifest.articles, in: articlesURL)
        var expose: String?
        if entries.contains(where: { $0.name == BillDocument.exposeFile }) {
            let bytes = try DirectoryListing.contents(
                of: folder.appendingPathComponent(BillDocument.exposeFile), name: BillDocument.exposeFile,
                sizeLimit: sizeLimit)
            let text = try TextFile.decode(bytes, name: BillDocument.exposeFile, sizeLimit: sizeLimit)
            expose = LegalText.trimmingASCIISpaces(text).isEmpty ? nil : text
        }
        return BillDocument(manifest: manifest, articles: articles, expose: expose)
    }

    /// Reads the article files on all cores; the first error (in reading order) wins.
    private func readArticles(_ references: [ArticleReference], in folder: URL) throws -> [String: Article] {
        let count = references.count
        let results = Mutex<[Int: Result<Article, BillArchiveError>]>([:])
        let done = Atomic<Int>(0)
        let chunk = max(64, count / (ProcessInfo.processInfo.activeProcessorCount * 8))
        let chunks = (count + chunk - 1) / chunk
        let sizeLimit = sizeLimit
        let progress = progress
        DispatchQueue.concurrentPerform(iterations: chunks) { chunkIndex in
            var local: [Int: Result<Article, BillArchiveError>] = [:]
            for index in (chunkIndex * chunk)..<min(count, (chunkIndex + 1) * chunk) {
                let reference = references[index]
                let name = "\(BillDocument.articlesFolder)/\(reference.file)"
                do {
                    let bytes = try DirectoryListing.contents(
                        of: folder.appendingPathComponent(reference.file), name: name, sizeLimit: sizeLimit)
                    let text = try TextFile.decode(bytes, name: name, sizeLimit: sizeLimit)
                    local[index] = .success(try ArticleFile.parse(text, label: reference.label, name: name))
                } catch let error as BillArchiveError {
                    local[index] = .failure(error)
                } catch {
                    local[index] = .failure(BillArchiveError(.io, "\(error)", file: name))
                }
            }
            let finished = done.add(local.count, ordering: .relaxed).newValue
            results.withLock { $0.merge(local) { first, _ in first } }
            progress?(finished, count)
        }
        return try results.withLock { results in
            var articles: [String: Article] = [:]
            articles.reserveCapacity(count)
            for index in 0..<count {
                switch results[index] {
                case .success(let article)?: articles[references[index].file] = article
                case .failure(let error)?: throw error
                case nil: throw BillArchiveError(.io, "article \(references[index].label) was not read")
                }
            }
            return articles
        }
    }
}

/// Finds the manifest line mentioning a file, to point errors at it.
enum ManifestLines {
    static func line(of file: String, in bytes: [UInt8]) -> Int? {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in Paragraphs.lines(of: text) where line.text.hasSuffix(": \(file)") || line.text.hasSuffix(":\(file)")
        {
            return line.number
        }
        return nil
    }
}
