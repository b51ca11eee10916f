import Crypto
import Foundation
import Legislation

extension Engine {
    /// A tag that changes whenever what `amendment(_:of:)` answers changes — its head, state,
    /// title, tallies, moderation, author — read from the database alone, so a client that
    /// already has the answer is told so (304) without any git read or diff.
    public func amendmentTag(_ number: Amendment.Number, of slug: BillSlug, for viewer: Identity? = nil)
        async throws(HemicycleError)
        -> String
    {
        try await translatingErrors {
            let (slug, amendment) = try await existingAmendment(number, of: slug)
            let tallies = try await participation.tallies(bill: slug, number: amendment.number).sorted {
                $0.key < $1.key
            }
            var parts = [
                "amendment", slug.value, String(amendment.number.value), amendment.head, amendment.state.rawValue,
                String(amendment.updatedAt.timeIntervalSince1970), amendment.title,
                try await participation.account(id: amendment.author)?.handle.value ?? "-",
                String(try await participation.isHidden(.amendment(amendment.number), bill: slug)),
            ]
            for (revision, tally) in tallies {
                parts.append("\(revision):\(tally.for):\(tally.against):\(tally.abstain)")
            }
            if let viewer, let vote = try await ownVote(on: amendment, of: slug, by: viewer) {
                parts.append("mine:\(vote.value):\(vote.onCurrentText)")
            }
            return Self.tag(parts)
        }
    }

    /// A tag for a comparison of two versions (or of one article in them), in a format:
    /// published versions never change, so it is their commits'.
    public func comparisonTag(
        _ slug: BillSlug, from: VersionNumber, to: VersionNumber, article: ArticleLabel? = nil, format: DiffFormat,
        ignoreTypography: Bool = false
    )
        async throws(HemicycleError) -> String
    {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            return Self.tag([
                "compare", slug.value, try await repository.version(from).commit,
                try await repository.version(to).commit, article?.text ?? "*", format.rawValue,
                ignoreTypography ? "quiet" : "all",
            ])
        }
    }

    /// A strong entity tag of some parts: quoted, 32 hexadecimal digits.
    static func tag(_ parts: [String]) -> String {
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8))
        return "\"" + Hexadecimal.encode(Array(digest.prefix(16))) + "\""
    }

    /// A tag for a page about a bill: it changes whenever anything recorded changes (the last
    /// row of the audit log, which every change writes), when the bill's participation opens or
    /// closes with time, and every hour (an amendment's age, in a rule's explanation). Pages
    /// rendered under the same tag are the same; a client holding one gets a 304.
    public func pageTag(of slug: BillSlug?) async throws(HemicycleError) -> String {
        try await translatingErrors {
            let at = now()
            var parts = [String(try await participation.lastAuditID()), String(Int(at.timeIntervalSince1970 / 3600))]
            if let slug {
                let repository = try shelf.repository(slug)
                parts.append(slug.value)
                parts.append(try await repository.versions().last?.commit ?? "")
                parts.append(try await participation.participationWindow(bill: slug).phase(at: at).rawValue)
            }
            return Self.tag(parts)
        }
    }
}
