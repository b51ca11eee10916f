import WordDiff

/// The dispositif of an amendment in the drafting style of the Assemblée nationale: for each
/// article it changes, the heading the liasse prints above it (`ARTICLE 9`, `APRÈS L'ARTICLE 9`)
/// and the instructions ("À l'alinéa 3, substituer au mot : « et » le mot : « ou ».").
public struct Dispositif: Sendable, Equatable, Codable {
    /// The dispositif for one article.
    public struct Part: Sendable, Equatable, Codable {
        /// The article's label.
        public var article: String
        /// The heading above it: `ARTICLE 9`, or for an inserted article `APRÈS L'ARTICLE 9`
        /// (`AVANT L'ARTICLE 1ER`).
        public var heading: String
        /// The instructions.
        public var text: String
        /// The alinéas of the article amended that it touches (an inserted alinéa counts as
        /// touching the one it follows, 0 at the top); empty for a whole article.
        public var alineas: [Int]

        public init(article: String, heading: String, text: String, alineas: [Int]) {
            self.article = article
            self.heading = heading
            self.text = text
            self.alineas = alineas
        }
    }

    /// One part per article, in the bill's order.
    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    /// The whole dispositif as text: each article's heading, then its instructions.
    public var text: String {
        parts.map { parts.count == 1 ? $0.text : "\($0.heading)\n\n\($0.text)" }.joined(separator: "\n\n")
    }

    /// An article modified or deleted: the instructions the diff of its two texts calls for.
    public static func changed(_ label: ArticleLabel, diff: TextDiff) -> Part {
        Part(
            article: label.text, heading: "ARTICLE \(label.text.uppercased())",
            text: LegisticRenderer.render(LegisticRenderer.changes(diff)), alineas: diff.touchedAlineas)
    }

    /// An article inserted after (or before) another: "Après l'article 9, insérer l'article
    /// suivant : « Article 9 bis » « … »".
    public static func inserted(_ label: ArticleLabel, alineas: [String], at placement: Placement?) -> Part {
        let place: String
        let heading: String
        switch placement {
        case .after(let previous):
            place = "Après l'article \(previous.text), insérer"
            heading = "APRÈS L'ARTICLE \(previous.text.uppercased())"
        case .before(let next):
            place = "Avant l'article \(next.text), insérer"
            heading = "AVANT L'ARTICLE \(next.text.uppercased())"
        case nil:
            place = "Insérer"
            heading = "ARTICLE ADDITIONNEL"
        }
        let quoted = (["Article \(label.text)"] + alineas).map { "« \($0) »" }.joined(separator: "\n\n")
        return Part(
            article: label.text, heading: heading, text: "\(place) l'article suivant :\n\n\(quoted)", alineas: [])
    }
}
