import Foundation
import Legislation

/// A published version as shown to people and clients.
public struct VersionView: Codable, Sendable, Equatable {
    /// `v1`, `v2`…
    public var number: String
    /// The stage of the procedure.
    public var stage: String
    /// When it was published.
    public var publishedAt: Date
    /// How many articles it has.
    public var articleCount: Int
    /// The git commit holding its text.
    public var commit: String

    init(_ version: BillVersion) {
        number = version.number.name
        stage = version.stage
        publishedAt = Date(timeIntervalSince1970: TimeInterval(version.publishedAt))
        articleCount = version.articleCount
        commit = version.commit
    }
}

/// One bill in a list.
public struct BillSummary: Codable, Sendable, Equatable {
    /// The bill's identifier in URLs.
    public var slug: String
    /// Its title, as of the latest version.
    public var title: String
    /// Its parliamentary number, if any.
    public var number: String?
    /// Every published version, oldest first.
    public var versions: [VersionView]
    /// The latest version's number.
    public var latestVersion: String
    /// How many articles the latest version has.
    public var articleCount: Int
}

/// A bill at one version: its facts and its structure.
public struct BillDetail: Codable, Sendable, Equatable {
    /// The bill's identifier in URLs.
    public var slug: String
    /// Its title at this version.
    public var title: String
    /// Its parliamentary number, if any.
    public var number: String?
    /// Source and licence of the text, if any.
    public var attribution: String?
    /// The version shown.
    public var version: VersionView
    /// Every published version, oldest first.
    public var versions: [VersionView]
    /// Divisions and articles, nested.
    public var structure: [StructureNode]
    /// The exposé des motifs of this version, when it has one.
    public var exposeDesMotifs: String?
    /// `open` while citizens may propose and vote, `upcoming` before its opening date, `closed`
    /// after staff close it or its closing date passes.
    public var participation: String
    /// When participation opens, if it is dated (ISO 8601, UTC).
    public var participationOpensAt: String?
    /// When participation closes, if it is dated (ISO 8601, UTC).
    public var participationClosesAt: String?
}

/// A node of a bill's structure: a division with its children, or an article.
public struct StructureNode: Codable, Sendable, Equatable {
    /// `division` or `article`.
    public var kind: String
    /// The division heading, for a division (`TITRE Ier`).
    public var heading: String?
    /// The division's intitulé, when it has one (`DISPOSITIONS GÉNÉRALES`).
    public var title: String?
    /// The article label, for an article.
    public var label: String?
    /// The division's contents, for a division.
    public var children: [StructureNode]?

    /// Nests a flat outline by division level.
    static func tree(_ outline: [OutlineEntry]) -> [StructureNode] {
        var index = 0
        return nodes(outline, &index, level: 0)
    }

    private static func nodes(_ outline: [OutlineEntry], _ index: inout Int, level: Int) -> [StructureNode] {
        var result: [StructureNode] = []
        while index < outline.count {
            switch outline[index] {
            case .article(let reference):
                result.append(
                    StructureNode(kind: "article", heading: nil, title: nil, label: reference.label.text, children: nil)
                )
                index += 1
            case .division(let division):
                if division.level <= level { return result }
                index += 1
                let children = nodes(outline, &index, level: division.level)
                result.append(
                    StructureNode(
                        kind: "division", heading: division.heading, title: division.title, label: nil,
                        children: children))
            }
        }
        return result
    }
}

/// An article in a list: where it sits and its label.
public struct ArticleSummary: Codable, Sendable, Equatable {
    /// The article's label.
    public var label: String
    /// The divisions containing it, outermost first, each as heading and intitulé
    /// (`TITRE Ier — DISPOSITIONS GÉNÉRALES`).
    public var divisions: [String]
}

/// The articles of one version, a page at a time.
public struct ArticleList: Codable, Sendable, Equatable {
    /// The bill.
    public var bill: String
    /// The version listed.
    public var version: String
    /// The page of articles.
    public var items: [ArticleSummary]
    /// How many articles the version has.
    public var total: Int
    /// Pass as `cursor` to get the next page; null on the last one.
    public var nextCursor: String?

    private enum CodingKeys: String, CodingKey { case bill, version, items, total, nextCursor }

    /// Encodes `nextCursor` as `null` on the last page rather than leaving it out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bill, forKey: .bill)
        try container.encode(version, forKey: .version)
        try container.encode(items, forKey: .items)
        try container.encode(total, forKey: .total)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// One alinéa with its number.
public struct AlineaView: Codable, Sendable, Equatable {
    /// Its position, from 1, as parliaments count.
    public var number: Int
    /// Its text.
    public var text: String
}

/// An article's text at one version.
public struct ArticleView: Codable, Sendable, Equatable {
    /// The bill.
    public var bill: String
    /// The version read.
    public var version: String
    /// The article's label.
    public var label: String
    /// Its heading line.
    public var heading: String
    /// Its alinéas, numbered.
    public var alineas: [AlineaView]
}

/// The versions in which one article changed.
public struct ArticleHistory: Codable, Sendable, Equatable {
    /// The bill.
    public var bill: String
    /// The article asked about.
    public var label: String
    /// Each change, oldest first.
    public var items: [Revision]

    /// One change of the article.
    public struct Revision: Codable, Sendable, Equatable {
        /// The version that published the change.
        public var version: String
        /// Its stage.
        public var stage: String
        /// When it was published.
        public var publishedAt: Date
        /// `added`, `modified` or `removed`.
        public var change: String
        /// The article's label in that version.
        public var label: String
    }
}

/// What an import created.
public struct ImportedBill: Codable, Sendable, Equatable {
    /// The new bill's slug.
    public var slug: String
    /// Its title.
    public var title: String
    /// The versions created, oldest first.
    public var versions: [VersionView]
}
