import BillArchive
import Foundation
import Legislation

/// A bill sent in a request: either a Markdown draft, or the files of a bill folder
/// (`bill.md` and `articles/<file>.md`) by path.
public struct BillUpload: Codable, Sendable, Equatable {
    /// The bill's slug (derived from the title when absent, on creation).
    public var slug: String?
    /// The stage name of the version published.
    public var stage: String?
    /// The stage's date, `YYYY-MM-DD` (else the manifest's or the draft's `date:`, else today).
    public var date: String?
    /// A whole Markdown draft.
    public var markdown: String?
    /// The files of a bill folder, by path.
    public var files: [String: String]?

    /// Creates an upload.
    public init(
        slug: String? = nil, stage: String? = nil, date: String? = nil, markdown: String? = nil,
        files: [String: String]? = nil
    ) {
        self.slug = slug
        self.stage = stage
        self.date = date
        self.markdown = markdown
        self.files = files
    }
}

extension Engine {
    /// Staff create a bill from an upload; it becomes `v1`.
    public func createBill(_ upload: BillUpload, by identity: Identity) async throws(HemicycleError) -> ImportedBill {
        try requireStaff(identity, "create bills")
        return try await withUploadedSource(upload) { url, name async throws(HemicycleError) in
            let slug = try upload.slug.map { text throws(HemicycleError) in try Parse.newSlug(text) }
            return try await importBill(
                from: url, slug: slug ?? BillSlug.derived(from: name), stage: upload.stage ?? "Texte initial",
                date: try Parse.stageDate(optional: upload.date))
        }
    }

    /// Staff publish an upload as the next version of a bill.
    public func publishVersion(of slug: BillSlug, _ upload: BillUpload, by identity: Identity)
        async throws(HemicycleError)
        -> VersionView
    {
        try requireStaff(identity, "publish versions")
        guard let stage = upload.stage else { throw HemicycleError(.invalidInput, "give the stage of the new version") }
        return try await withUploadedSource(upload) { url, _ async throws(HemicycleError) in
            try await publishVersion(
                of: slug, from: url, stage: stage, date: try Parse.stageDate(optional: upload.date))
        }
    }

    func requireStaff(_ identity: Identity, _ what: String) throws(HemicycleError) {
        guard identity.account.role >= .staff else { throw HemicycleError(.forbidden, "only staff \(what)") }
    }

    /// Writes the upload to a private temporary folder — names checked first, so no request text
    /// becomes a path it should not — and hands it to the same reader as the command line.
    private func withUploadedSource<T>(
        _ upload: BillUpload, _ body: (URL, String) async throws(HemicycleError) -> T
    ) async throws(HemicycleError) -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hemicycle-upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url: URL
        var name = "bill"
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
            switch (upload.markdown, upload.files) {
            case (let markdown?, nil):
                url = folder.appendingPathComponent("draft.md")
                try Data(markdown.utf8).write(to: url)
                if let title = try? MarkdownDraft.parse(LegalText.nfc(markdown), name: "draft.md").manifest.title {
                    name = title
                }
            case (nil, let files?):
                url = folder.appendingPathComponent("bill")
                try FileManager.default.createDirectory(
                    at: url.appendingPathComponent(BillDocument.articlesFolder), withIntermediateDirectories: true)
                for (path, text) in files {
                    let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                    let allowed =
                        path == ManifestFile.name || path == BillDocument.exposeFile
                        || (parts.count == 2 && parts[0] == BillDocument.articlesFolder && FileName.isValid(parts[1]))
                    guard allowed else {
                        throw HemicycleError(
                            .invalidInput,
                            "`\(path.prefix(100))` is not a bill folder path: use bill.md and articles/<name>.md")
                    }
                    try Data(text.utf8).write(to: url.appendingPathComponent(path))
                }
                if let manifest = files[ManifestFile.name], let parsed = try? ManifestFile.parse(manifest) {
                    name = parsed.title
                }
            default:
                throw HemicycleError(.invalidInput, "send either `markdown` (a draft) or `files` (a bill folder)")
            }
        } catch let error as HemicycleError {
            throw error
        } catch {
            throw HemicycleError.from(error)
        }
        return try await body(url, name)
    }
}
