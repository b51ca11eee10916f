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

/// A division of the bill — titre, chapitre, section, sous-section, paragraphe — with its
/// intitulé: `TITRE Ier` named `DISPOSITIONS GÉNÉRALES`.
public struct Division: Sendable, Equatable, Codable {
    /// Nesting depth, 1 for the outermost (a titre in most bills).
    public var level: Int
    /// The heading as written (`TITRE Ier`, `Chapitre II`).
    public var heading: String
    /// The division's name, its intitulé (`LA CIRCULATION DES DONNÉES ET DU SAVOIR`), when it has one.
    public var title: String?

    /// Creates a division.
    public init(level: Int, heading: String, title: String? = nil) {
        self.level = level
        self.heading = heading
        self.title = title.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A division from a heading line that may carry its intitulé after a separator:
    /// `TITRE Ier : DISPOSITIONS GÉNÉRALES`, `Chapitre II — Économie du savoir`,
    /// `Chapitre Ier - Economie de la donnée`, `Section 1. – Ouverture`. A heading that does not
    /// start with a division word and its number is kept whole.
    public init(level: Int, line: String) {
        let (heading, title) = Self.split(line)
        self.init(level: level, heading: heading, title: title)
    }

    /// The words that open a division heading.
    public static let words: Set<String> = [
        "titre", "chapitre", "section", "sous-section", "paragraphe", "sous-paragraphe", "livre", "partie",
    ]

    /// Whether a heading starts with a division word (`TITRE Ier`, `Chapitre 2`).
    public static func isDivisionHeading(_ line: String) -> Bool {
        let word = line.split(separator: " ").first.map { $0.lowercased() } ?? ""
        return words.contains(word)
    }

    /// The heading and the intitulé of a one-line division heading.
    static func split(_ line: String) -> (heading: String, title: String?) {
        guard isDivisionHeading(line) else { return (line, nil) }
        for separator in [" : ", " — ", " – ", " - ", ". — ", ". – ", ". - ", ": ", ". "] {
            guard let range = line.range(of: separator) else { continue }
            let heading = String(line[..<range.lowerBound]).trimmingCharacters(in: [" "])
            let title = String(line[range.upperBound...]).trimmingCharacters(in: [" "])
            // The heading is the division word and its number (`TITRE Ier`, `Chapitre 1er bis`).
            guard heading.split(separator: " ").count <= 4, !title.isEmpty else { continue }
            return (heading, title)
        }
        return (line, nil)
    }

    /// `TITRE Ier — DISPOSITIONS GÉNÉRALES`, or the heading alone.
    public var displayName: String { title.map { "\(heading) — \($0)" } ?? heading }

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
    /// The date of the stage this text records (`2015-12-09`), when it is given.
    public var date: StageDate?
    /// The promotion rule the bill folder declares, applied when the bill is imported or the
    /// version published (staff may change it later; the rule in force is the store's).
    public var rule: PromotionRule?
    /// Divisions and articles in reading order.
    public var outline: [OutlineEntry]

    /// Creates a manifest.
    public init(
        title: String, number: String? = nil, attribution: String? = nil, date: StageDate? = nil,
        rule: PromotionRule? = nil, outline: [OutlineEntry]
    ) {
        self.title = title
        self.number = number
        self.attribution = attribution
        self.date = date
        self.rule = rule
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

    /// For a message about a label the version does not have: `; nearest: 2 bis, 2 ter`, or
    /// nothing when no label is near.
    public func nearestLabels(to label: String) -> String {
        let nearest = ArticleLabel.nearest(to: label, in: articles.map(\.label))
        return nearest.isEmpty ? "" : "; nearest: " + nearest.map(\.text).joined(separator: ", ")
    }
}
