import Foundation
import Legislation

/// The forms amendments are exported in for the debate.
public enum ExportFormat: String, Sendable, CaseIterable, Codable {
    /// One row per amendment, UTF-8 with a byte-order mark, for a spreadsheet.
    case csv
    /// The export as JSON.
    case json
    /// A Markdown document.
    case markdown
    /// A print-ready HTML liasse: one amendment per page.
    case liasse
    /// Akoma Ntoso 3.0 `amendment` documents, one per amendment, in a ZIP archive.
    case akn

    /// The media type of the exported file.
    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        case .liasse: "text/html; charset=utf-8"
        case .akn: "application/zip"
        }
    }

    /// The file name's extension.
    public var fileExtension: String {
        switch self {
        case .csv: "csv"
        case .json: "json"
        case .markdown: "md"
        case .liasse: "html"
        case .akn: "akn.zip"
        }
    }
}

/// Which amendments are exported.
public enum ExportSelection: String, Sendable, CaseIterable, Codable {
    /// Those in the rapporteur's queue (the default).
    case queue
    /// Those decided `adopted`.
    case adopted
    /// Every amendment that is not hidden.
    case all
}

/// A bill's amendments as exported: everything the debate needs of each.
public struct BillExport: Sendable, Codable, Equatable {
    /// The bill's slug, title and number.
    public var bill: String
    public var title: String
    public var number: String?
    /// Which amendments.
    public var selection: ExportSelection
    /// When the export was made.
    public var generatedAt: Date
    /// The amendments, in the bill's article order, then by number.
    public var amendments: [ExportedAmendment]
}

/// One amendment as exported.
public struct ExportedAmendment: Sendable, Codable, Equatable {
    public var number: Int
    /// The version it amends.
    public var baseVersion: String
    /// The articles it changes.
    public var articles: [String]
    /// The alinéas it touches, as a parliament writes them (`3`, `1, 4`, `9 : 2 ; 10 : 1`).
    public var alineas: String
    public var title: String
    /// The pseudonym its commits carry (`citizen-…`), never a name.
    public var author: String
    public var supports: Int
    public var against: Int
    public var abstentions: Int
    /// Its state (`promoted`, `rejected`…).
    public var state: String
    /// The rapporteur's opinion and its comment, the decision, if any.
    public var opinion: String?
    public var opinionComment: String?
    public var decision: String?
    /// The dispositif in legistic wording, article by article.
    public var dispositif: Dispositif
    /// The exposé sommaire.
    public var summary: String
    /// When it was proposed, and promoted if it was.
    public var createdAt: Date
    public var promotedAt: Date?
}
