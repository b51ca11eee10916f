/// Why an amendment no longer applies to the bill's current text: what an adoption changed
/// under it, so that its author knows what to revise.
public struct AmendmentConflict: Sendable, Equatable, Codable {
    /// The version it was written against, and the version it no longer applies to.
    public var writtenAgainst: VersionNumber
    public var version: VersionNumber
    /// The articles at stake (labels as in the version it was written against), each with the
    /// alinéas of that text the amendment touches (empty for a whole article, or the outline).
    public var articles: [Article]

    public struct Article: Sendable, Equatable, Codable {
        public var label: String
        public var alineas: [Int]

        public init(label: String, alineas: [Int]) {
            self.label = label
            self.alineas = alineas
        }
    }

    public init(writtenAgainst: VersionNumber, version: VersionNumber, articles: [Article]) {
        self.writtenAgainst = writtenAgainst
        self.version = version
        self.articles = articles
    }

    /// "article 9, alinéa 3 ; article 12": what is at stake, as a sentence's end.
    public var stake: String {
        guard !articles.isEmpty else { return "the bill's outline" }
        return articles.map { article in
            let alineas = article.alineas.map(String.init).joined(separator: ", ")
            return article.alineas.isEmpty
                ? "article \(article.label)"
                : "article \(article.label), alinéa\(article.alineas.count > 1 ? "s" : "") \(alineas)"
        }.joined(separator: " ; ")
    }
}
