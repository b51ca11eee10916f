import Foundation
import WordDiff

/// How a diff is shown.
public enum DiffFormat: String, Sendable, CaseIterable, Codable {
    /// Plain text with `[-deleted-]{+inserted+}` markers.
    case text
    /// Coloured text for a terminal.
    case ansi
    /// Inline HTML with `<del>` and `<ins>`.
    case html
    /// The "tableau comparatif": an HTML table, before | after, one row per alinéa.
    case sideBySide = "side-by-side"
    /// JSON operations.
    case json
    /// The dispositif in the drafting style of the Assemblée nationale ("À l'alinéa 3,
    /// substituer au mot : « et » le mot : « ou ».").
    case legistic

    /// Renders a diff in this format (JSON is the operations list).
    public func render(_ diff: TextDiff, beforeTitle: String = "Texte actuel", afterTitle: String = "Texte modifié")
        -> String
    {
        switch self {
        case .text: TextRenderer.plain(diff)
        case .ansi: TextRenderer.ansi(diff)
        case .html: HTMLRenderer.inline(diff)
        case .sideBySide: HTMLRenderer.sideBySide(diff, beforeTitle: beforeTitle, afterTitle: afterTitle)
        case .json: Self.json(OperationsRenderer.operations(diff))
        case .legistic: LegisticRenderer.render(LegisticRenderer.changes(diff))
        }
    }

    private static func json(_ operations: [DiffOperation]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(operations), as: UTF8.self)) ?? "[]"
    }
}

/// One article's change between two versions, with its diff.
public struct ArticleDiffView: Codable, Sendable, Equatable {
    /// The article's label in the later version (or the earlier one when removed).
    public var label: String
    /// `added`, `removed`, `modified` or `renamed` (a new label, the text possibly changed too).
    public var change: String
    /// The label in the earlier version, when it differs.
    public var previousLabel: String?
    /// The heading before and after.
    public var headingBefore: String?
    /// The heading after.
    public var headingAfter: String?
    /// True when a bound was reached and the diff is coarser than minimal.
    public var approximate: Bool
    /// Whether the text changed (a relabelled article may keep its text).
    public var textChanged: Bool
    /// Whether the text changed only typographically (spaces, hyphens, apostrophes…).
    public var typographyOnly: Bool
    /// The diff as operations: keep `equal`, drop `delete`, add `insert`; typographic changes
    /// carry `"typographic": true`.
    public var operations: [DiffOperation]
    /// The diff rendered in the format asked for, unless JSON.
    public var rendered: String?
    /// The alinéas of the text before it touches (`TextDiff.touchedAlineas`).
    public var alineas: [Int]?
    /// Across an adoption: the adopted amendments that changed this article.
    public var amendments: [Int]?
}

/// What changed between two versions of a bill.
public struct BillComparisonView: Codable, Sendable, Equatable {
    /// The bill.
    public var bill: String
    /// The earlier version.
    public var from: String
    /// The later version.
    public var to: String
    /// Labels of the articles added, in reading order.
    public var added: [String]
    /// Labels of the articles removed.
    public var removed: [String]
    /// Labels of the articles whose text changed in substance.
    public var modified: [String]
    /// Labels of the articles whose text changed only typographically.
    public var typographyOnly: [String]
    /// Articles whose label changed: earlier and later label.
    public var renamed: [Renamed]
    /// How many articles are identical in both versions.
    public var unchangedCount: Int
    /// Every changed article with its diff.
    public var articles: [ArticleDiffView]
    /// Across an adoption made by Hemicycle: the amendments adopted between the two versions,
    /// in the order they were merged, with the articles each changed.
    public var adopted: [Adopted]?

    /// An amendment adopted between the two versions.
    public struct Adopted: Codable, Sendable, Equatable {
        public var number: Int
        public var title: String
        /// `citizen-…`, never a name.
        public var author: String?
        public var supportsAtAdoption: Int?
        /// The labels of the articles its merge changed.
        public var articles: [String]
    }

    /// A label change.
    public struct Renamed: Codable, Sendable, Equatable {
        /// The earlier label.
        public var from: String
        /// The later label.
        public var to: String
    }
}
