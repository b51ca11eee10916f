import BillArchive
import Foundation
import Legislation
import Participation
import WordDiff

extension Engine {
    /// Limits on what an amendment says.
    static let titleLength = 1...200
    static let summaryLength = 0...20_000

    /// A citizen proposes an amendment: the branch is written first (objects, then the ref, created
    /// only if absent), then the record with its audit row.
    public func proposeAmendment(
        to slug: String, _ input: AmendmentInput, by identity: Identity
    ) async throws(HemicycleError) -> AmendmentView {
        try await translatingErrors {
            let slug = try existingSlug(slug)
            let repository = try shelf.repository(slug)
            try requireOpen(slug)
            guard let base = try Self.versionNumber(input.baseVersion) else {
                throw HemicycleError(.invalidInput, "baseVersion is required, such as \"v2\"")
            }
            let draft = try Self.draft(input, author: identity.account.id)
            let at = now()
            let (number, head) = try await repository.proposeAmendment(
                on: base, draft, at: Int64(at.timeIntervalSince1970))
            let changes = try await repository.amendmentChanges(base: base, head: head)
            let amendment = Amendment(
                number: number, title: draft.title, summary: draft.summary, state: .proposed,
                author: identity.account.id,
                baseVersion: base, head: head, createdAt: at, updatedAt: at)
            do {
                try participation.recordAmendment(
                    amendment, revision: Self.patchIdentity(changes), articles: Self.labels(changes), bill: slug.value)
            } catch {
                // The branch exists without its record; `hemicycle doctor` rebuilds it from the trailers.
                logger.error(
                    "amendment branch written but not recorded", metadata: ["bill": "\(slug)", "number": "\(number)"])
                throw error
            }
            return try await view(amendment, bill: slug, withDiff: true)
        }
    }

    /// The author revises their amendment: a new commit on its branch, then the record.
    public func reviseAmendment(
        _ number: Int, of slug: String, _ input: AmendmentInput, by identity: Identity
    ) async throws(HemicycleError) -> AmendmentView {
        try await translatingErrors {
            let (slug, current) = try ownAmendment(number, of: slug, by: identity)
            try requireOpen(slug)
            let draft = try Self.draft(input, author: identity.account.id)
            let at = now()
            let repository = try shelf.repository(slug)
            let head = try await repository.reviseAmendment(
                current.number, on: current.baseVersion, from: current.head, draft, at: Int64(at.timeIntervalSince1970))
            let changes = try await repository.amendmentChanges(base: current.baseVersion, head: head)
            try participation.reviseAmendment(
                bill: slug.value, number: current.number, from: current.head, to: head,
                revision: Self.patchIdentity(changes), articles: Self.labels(changes), title: draft.title,
                summary: draft.summary, by: identity.account.id, at: at)
            var revised = current
            revised.head = head
            revised.title = draft.title
            revised.summary = draft.summary
            revised.updatedAt = at
            return try await view(revised, bill: slug, withDiff: true)
        }
    }

    /// The author withdraws their amendment; its branch stays, for the record.
    public func withdrawAmendment(_ number: Int, of slug: String, by identity: Identity) async throws(HemicycleError)
        -> AmendmentView
    {
        try await translatingErrors {
            let (slug, current) = try ownAmendment(number, of: slug, by: identity)
            let at = now()
            try participation.setAmendmentState(
                .withdrawn, bill: slug.value, number: current.number, by: identity.account.id, at: at)
            var withdrawn = current
            withdrawn.state = .withdrawn
            withdrawn.updatedAt = at
            return try await view(withdrawn, bill: slug, withDiff: false)
        }
    }

    /// The amendment, if it exists, belongs to this person and is still open.
    private func ownAmendment(_ number: Int, of slug: String, by identity: Identity) throws -> (BillSlug, Amendment) {
        let slug = try existingSlug(slug)
        guard let number = Amendment.Number(number),
            let amendment = try participation.amendment(bill: slug.value, number: number)
        else { throw HemicycleError(.notFound, "bill \(slug) has no amendment \(number)") }
        guard amendment.author == identity.account.id else {
            throw HemicycleError(.forbidden, "only the author of amendment \(number) may change it")
        }
        guard amendment.state == .proposed else {
            throw HemicycleError(
                .conflict, "amendment \(number) is \(amendment.state.rawValue) and can no longer change")
        }
        return (slug, amendment)
    }

    /// The identity of what an amendment changes: the deleted and inserted text of each article,
    /// hashed; unchanged by a rebase that leaves the change itself alone, so votes keep counting.
    static func patchIdentity(_ changes: [ArticlePair]) -> String {
        var text = ""
        for pair in changes.sorted(by: { $0.file < $1.file }) {
            text += "\u{1E}\((pair.after ?? pair.before)?.label.text ?? "")"
            let diff = WordDiff.diff(pair.before?.body ?? "", pair.after?.body ?? "")
            for segment in diff.alineas.flatMap(\.segments) where segment.op != .equal {
                text += "\u{1F}\(segment.op.rawValue)\u{1F}\(segment.text)"
            }
        }
        return Hexadecimal.encode(sha256(Array(text.utf8)).prefix(16))
    }

    /// The labels of the articles an amendment changes, as listed and filtered on.
    static func labels(_ changes: [ArticlePair]) -> [String] {
        changes.compactMap { ($0.after ?? $0.before)?.label.text }
    }

    /// Checks an input and turns it into a draft: titles and summaries bounded, each change's
    /// text split into alinéas at blank lines, in NFC.
    static func draft(_ input: AmendmentInput, author: Account.ID) throws -> AmendmentDraft {
        let title = LegalText.collapsingSpaces(LegalText.nfc(input.title))
        guard titleLength.contains(title.count), !title.contains("\n"),
            LegalText.firstControlCharacter(in: title) == nil
        else {
            throw HemicycleError(.invalidInput, "the title is one line of 1 to 200 characters")
        }
        let summary = LegalText.nfc(input.summary).trimmingCharacters(in: .whitespacesAndNewlines)
        guard summaryLength.contains(summary.count), LegalText.firstControlCharacter(in: summary) == nil else {
            throw HemicycleError(.invalidInput, "the summary (exposé sommaire) is at most 20,000 characters of text")
        }
        let edits = try input.changes.map { change -> ArticleEdit in
            func label(_ text: String?, _ field: String) throws -> ArticleLabel {
                guard let text, let label = ArticleLabel(heading: text) ?? ArticleLabel(text) else {
                    throw HemicycleError(
                        .invalidInput,
                        "a \(change.kind) change needs `\(field)`, an article label such as \"9\" or \"9 bis\"")
                }
                return label
            }
            func alineas() throws -> [String] {
                let text = LegalText.nfc(change.text ?? "").replacingOccurrences(of: "\r\n", with: "\n")
                let alineas = text.components(separatedBy: "\n\n").map {
                    LegalText.collapsingSpaces($0.replacingOccurrences(of: "\n", with: " "))
                }.filter { !$0.isEmpty }
                guard !alineas.isEmpty else {
                    throw HemicycleError(
                        .invalidInput,
                        "a \(change.kind) change needs `text`, the whole article, alinéas separated by blank lines")
                }
                return alineas
            }
            switch change.kind {
            case "modify": return .modify(article: try label(change.article, "article"), alineas: try alineas())
            case "insert":
                return .insert(
                    after: try label(change.after, "after"), label: try label(change.label, "label"),
                    alineas: try alineas())
            case "delete": return .delete(article: try label(change.article, "article"))
            default: throw HemicycleError(.invalidInput, "a change's kind is modify, insert or delete")
            }
        }
        return AmendmentDraft(title: title, summary: summary, author: author, edits: edits)
    }
}
