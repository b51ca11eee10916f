import BillArchive
import Foundation
import Legislation

/// Where each alinéa of an article comes from.
public struct ProvenanceView: Sendable, Codable, Equatable {
    public var bill: String
    public var label: String
    public var version: String
    public var alineas: [Alinea]

    public struct Alinea: Sendable, Codable, Equatable {
        /// Its number in the article, and its text.
        public var number: Int
        public var text: String
        /// The version that introduced its wording.
        public var version: String?
        /// The adopted amendment that wrote it, if one did.
        public var amendment: Source?
    }

    /// An adopted amendment as its adoption recorded it.
    public struct Source: Sendable, Codable, Equatable {
        public var number: Int
        public var title: String
        /// `citizen-…`, the pseudonym its commits carry, never a name.
        public var author: String?
        public var supportsAtAdoption: Int?
    }
}

extension Engine {
    /// For each alinéa of an article at a version (latest when nil): the version that
    /// introduced its wording and, when an adopted amendment wrote it, that amendment — read
    /// from git (a blame along `main`'s first parents), not from a table.
    public func provenance(of label: ArticleLabel, in slug: BillSlug, at version: VersionNumber?)
        async throws(HemicycleError) -> ProvenanceView
    {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            let versions = try await repository.versions()
            // An unknown version is not cached: the read below says what is wrong with it.
            let shown = version.map { wanted in versions.first { $0.number == wanted } } ?? versions.last
            guard let shown else {
                return try await provenance(of: label, in: slug, at: version, repository: repository)
            }
            return try await provenances.value(
                for: [slug.value, shown.commit, label.text].joined(separator: "\u{1F}")
            ) { try await provenance(of: label, in: slug, at: version, repository: repository) }
        }
    }

    private func provenance(
        of label: ArticleLabel, in slug: BillSlug, at version: VersionNumber?, repository: BillRepository
    ) async throws -> ProvenanceView {
        let (found, alineas) = try await repository.provenance(of: label, at: version)
        return ProvenanceView(
            bill: slug.value, label: label.text, version: found.number.name,
            alineas: alineas.map {
                ProvenanceView.Alinea(
                    number: $0.number, text: $0.text, version: $0.version?.name,
                    amendment: $0.amendment.map {
                        ProvenanceView.Source(
                            number: $0.number.value, title: $0.title,
                            author: $0.author.map { "citizen-\($0.rawValue)" }, supportsAtAdoption: $0.supports)
                    })
            })
    }
}
