/// An article of a bill: its heading and its alinéas, numbered by position as parliaments count
/// them (the first alinéa is number 1).
public struct Article: Sendable, Equatable, Codable {
    /// The label cited for the article (`1er`, `2 bis`).
    public var label: ArticleLabel
    /// The heading line as published (`Article 1er`, `Article 2 bis (nouveau)`).
    public var heading: String
    /// The alinéas, in order, each one paragraph of text in NFC.
    public var alineas: [String]

    /// Creates an article.
    public init(label: ArticleLabel, heading: String, alineas: [String]) {
        self.label = label
        self.heading = heading
        self.alineas = alineas
    }

    /// The article's text with alinéas separated by a blank line, as stored.
    public var body: String { alineas.joined(separator: "\n\n") }
}

/// A position in the bill's structure: a division heading or an article.
public enum OutlineEntry: Sendable, Equatable {
    /// A division (titre, chapitre, section…) opening at `level` (1 = outermost).
    case division(Division)
    /// An article, by label, stored in `file`.
    case article(ArticleReference)
}

/// A division of the bill — titre, chapitre, section, sous-section, paragraphe.
public struct Division: Sendable, Equatable, Codable {
    /// Nesting depth, 1 for the outermost (a titre in most bills).
    public var level: Int
    /// The heading as written (`TITRE Ier : LA CIRCULATION DES DONNÉES ET DU SAVOIR`).
    public var heading: String

    /// Creates a division.
    public init(level: Int, heading: String) {
        self.level = level
        self.heading = heading
    }

    /// The deepest division level a bill may use.
    public static let maximumLevel = 6
}

/// Where an article of the outline lives: its label and its file's name in `articles/`.
public struct ArticleReference: Sendable, Equatable, Codable {
    /// The article's label.
    public var label: ArticleLabel
    /// The file name inside `articles/`, stable for the article's whole life.
    public var file: String

    /// Creates a reference.
    public init(label: ArticleLabel, file: String) {
        self.label = label
        self.file = file
    }
}

/// What a bill says about itself: title, number and its outline (divisions and articles in
/// order). The articles' text is held apart, one file each.
public struct BillManifest: Sendable, Equatable {
    /// The bill's title.
    public var title: String
    /// The parliamentary number, when it has one (`3318`).
    public var number: String?
    /// Source and licence of the text, when it comes from elsewhere.
    public var attribution: String?
    /// Divisions and articles in reading order.
    public var outline: [OutlineEntry]

    /// Creates a manifest.
    public init(title: String, number: String? = nil, attribution: String? = nil, outline: [OutlineEntry]) {
        self.title = title
        self.number = number
        self.attribution = attribution
        self.outline = outline
    }

    /// The articles in reading order.
    public var articles: [ArticleReference] {
        outline.compactMap {
            if case .article(let reference) = $0 { reference } else { nil }
        }
    }

    /// The article with this label, if the bill has one.
    public func article(labelled label: ArticleLabel) -> ArticleReference? {
        articles.first { $0.label == label }
    }
}
