import BillArchive
import Foundation
import Legislation
import Participation
import WordDiff

extension Engine {
    /// Limits on what an amendment says: counted in scalars and bytes, as the database counts.
    static let titleLimit = TextLimit(scalars: 200)
    static let summaryLimit = TextLimit(scalars: 20_000)
    /// An alinéa's bound in characters; its words are bounded by `Limits.wordsPerAlinea`.
    static let alineaLimit = TextLimit(scalars: 100_000)

    /// A citizen proposes an amendment: the branch is written first (objects, then the ref, created
    /// only if absent), then the record with its audit row.
    public func proposeAmendment(
        to slug: BillSlug, _ input: AmendmentInput, by identity: Identity
    ) async throws(HemicycleError) -> AmendmentView {
        try await translatingErrors {
            let repository = try shelf.repository(slug)
            try await requireOpen(slug, for: .propose)
            guard let base = try Parse.version(optional: input.baseVersion, field: "baseVersion") else {
                throw HemicycleError(.invalidInput, "baseVersion is required, such as \"v2\"")
            }
            let at = now()
            try await requireQuota(
                configuration.limits.proposalsPerAccount, at: at,
                refusal: { "you have proposed \($0) amendments within the hour" }
            ) { try await participation.proposalTimes(by: identity.account.id, since: $0) }
            let pseudonym = Pseudonym.random()
            let draft = try self.draft(input, author: pseudonym)
            // The pseudonym's link first, so the doctor can tell whose the branch is from its commit.
            try await participation.registerPseudonym(pseudonym, for: identity.account.id)
            let (number, head) = try await repository.proposeAmendment(
                on: base, draft, at: Int64(at.timeIntervalSince1970))
            let recorded = try await recordedText(
                try await repository.amendmentChanges(base: base, head: head), head: head, in: repository)
            let amendment = Amendment(
                number: number, title: draft.title, summary: draft.summary, state: .proposed,
                author: identity.account.id,
                baseVersion: base, head: head, createdAt: at, updatedAt: at, pseudonym: pseudonym)
            do {
                try await participation.recordAmendment(
                    amendment, revision: recorded.revision, articles: recorded.articles,
                    dispositif: recorded.dispositif, bill: slug)
            } catch {
                // The branch exists without its record; `hemicycle doctor` rebuilds it from the trailers.
                logger.error(
                    "amendment branch written but not recorded", metadata: ["bill": "\(slug)", "number": "\(number)"])
                throw error
            }
            housekeeping.wrote(to: repository)
            return try await view(amendment, bill: slug, withDiff: true)
        }
    }

    /// The author revises their amendment: a new commit on its branch, then the record.
    public func reviseAmendment(
        _ number: Amendment.Number, of slug: BillSlug, _ input: AmendmentInput, by identity: Identity
    ) async throws(HemicycleError) -> AmendmentView {
        try await translatingErrors {
            let (slug, current) = try await ownAmendment(number, of: slug, by: identity, for: .revise)
            try await requireOpen(slug, for: .revise)
            let repository = try shelf.repository(slug)
            // A conflicted amendment is revised onto the bill's latest version (the text that no
            // longer let it apply); any other keeps its version.
            let latest = try await repository.version(nil).number
            let requested = try Parse.version(optional: input.baseVersion, field: "baseVersion")
            let target = current.state == .conflicted ? (requested ?? latest) : (requested ?? current.baseVersion)
            if current.state == .conflicted ? target != latest : target != current.baseVersion {
                throw HemicycleError(
                    .invalidInput,
                    current.state == .conflicted
                        ? "amendment \(current.number) no longer applies to \(current.baseVersion.name): revise it onto \(latest.name), the bill's current text"
                        : "amendment \(current.number) amends \(current.baseVersion.name), and a revision keeps its version: "
                            + "it cannot move onto \(target.name); propose a new amendment on \(target.name) instead")
            }
            let at = now()
            let quotaKey = "revise:" + identity.account.id.rawValue
            if let quota = configuration.limits.revisionsPerAccount,
                let wait = actions.wait(quotaKey, quota: quota, now: at.timeIntervalSince1970)
            {
                throw HemicycleError.wait(
                    .tooManyRequests, "you have revised amendments \(quota.limit) times within the hour", seconds: wait)
            }
            let draft = try self.draft(input, author: current.pseudonym)
            let head = try await repository.reviseAmendment(
                current.number, on: target, from: current.head, draft, at: Int64(at.timeIntervalSince1970))
            let recorded = try await recordedText(
                try await repository.amendmentChanges(base: target, head: head), head: head, in: repository)
            try await participation.reviseAmendment(
                bill: slug, number: current.number, from: current.head, to: head,
                onto: target == current.baseVersion ? nil : target, revision: recorded.revision,
                articles: recorded.articles, dispositif: recorded.dispositif, title: draft.title,
                summary: draft.summary, by: current.pseudonym, at: at)
            actions.record(quotaKey, at: at.timeIntervalSince1970)
            housekeeping.wrote(to: repository)
            var revised = current
            revised.head = head
            revised.baseVersion = target
            if revised.state == .conflicted { revised.state = .proposed }
            revised.title = draft.title
            revised.summary = draft.summary
            revised.updatedAt = at
            return try await view(revised, bill: slug, withDiff: true)
        }
    }

    /// The author withdraws their amendment; its branch stays, for the record.
    public func withdrawAmendment(_ number: Amendment.Number, of slug: BillSlug, by identity: Identity)
        async throws(HemicycleError)
        -> AmendmentView
    {
        try await translatingErrors {
            let (slug, current) = try await ownAmendment(number, of: slug, by: identity, for: .withdraw)
            let at = now()
            var withdrawn = current
            withdrawn.state = try await participation.applyAmendment(
                .withdraw, bill: slug, number: current.number, by: current.pseudonym, at: at)
            withdrawn.updatedAt = at
            return try await view(withdrawn, bill: slug, withDiff: false)
        }
    }

    /// The amendment, if it exists, belongs to this person and its state allows `action` (the
    /// store checks the state again in the action's transaction; this check saves a git write).
    private func ownAmendment(
        _ number: Amendment.Number, of slug: BillSlug, by identity: Identity, for action: AmendmentAction
    ) async throws -> (BillSlug, Amendment) {
        let (slug, amendment) = try await existingAmendment(number, of: slug)
        guard amendment.author == identity.account.id else {
            throw HemicycleError(.forbidden, "only the author of amendment \(number) may change it")
        }
        if case .failure(let refusal) = amendment.state.after(action, number: amendment.number) {
            throw HemicycleError(refusal)
        }
        return (slug, amendment)
    }

    /// Checks an input and turns it into a draft: title, summary and every alinéa checked for
    /// size (scalars, bytes, combining runs), control and bidirectional characters; the number
    /// of changes, of alinéas per article and of words per alinéa bounded (`Limits`), so that
    /// no amendment costs much to store, diff or read. Texts are split into alinéas at blank
    /// lines, in NFC.
    func draft(_ input: AmendmentInput, author: Pseudonym) throws -> AmendmentDraft {
        let limits = configuration.limits
        let title = try Self.inField("title") {
            LegalText.collapsingSpaces(
                try Self.checkedText(input.title, field: "the title", limit: Self.titleLimit, multiline: false))
        }
        guard !title.isEmpty else {
            throw HemicycleError(.invalidInput, "the title is one line of 1 to 200 characters", field: "title")
        }
        let summary = try Self.inField("summary") {
            try Self.checkedText(
                input.summary.replacingOccurrences(of: "\r\n", with: "\n"), field: "the summary (exposé sommaire)",
                limit: Self.summaryLimit, multiline: true
            ).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard input.changes.count <= limits.changesPerAmendment else {
            throw HemicycleError(
                .limitExceeded,
                "an amendment makes at most \(limits.changesPerAmendment) changes; this one makes \(input.changes.count)"
            )
        }
        let edits = try input.changes.map { change -> ArticleEdit in
            func label(_ text: String?, _ field: String) throws -> ArticleLabel {
                guard let text, !BidiControls.containsAny(text) else {
                    throw HemicycleError(
                        .invalidInput,
                        "a \(change.kind) change needs `\(field)`, an article label such as \"9\" or \"9 bis\" (one writing system, no control characters)",
                        field: field)
                }
                switch ArticleLabel.read(ArticleLabel.labelPart(ofHeading: text) ?? text) {
                case .success(let label): return label
                case .failure(let problem):
                    throw HemicycleError(
                        .invalidInput,
                        "`\(field)` of a \(change.kind) change is not an article label: \(problem.message); labels read like 9, 9 bis or L. 312-1",
                        field: field)
                }
            }
            func alineas(_ article: ArticleLabel) throws -> [String] {
                try Self.inField("text") { try checkedAlineas(article) }
            }
            func checkedAlineas(_ article: ArticleLabel) throws -> [String] {
                let raw = (change.text ?? "").replacingOccurrences(of: "\r\n", with: "\n")
                let paragraphs = raw.components(separatedBy: "\n\n")
                guard paragraphs.count <= limits.alineasPerArticle else {
                    throw HemicycleError(
                        .limitExceeded,
                        "article \(article) of an amendment has at most \(limits.alineasPerArticle) alinéas; this one has \(paragraphs.count)"
                    )
                }
                var alineas: [String] = []
                for (index, paragraph) in paragraphs.enumerated() {
                    let alinea = LegalText.collapsingSpaces(
                        try Self.checkedText(
                            paragraph, field: "alinéa \(index + 1) of article \(article)", limit: Self.alineaLimit,
                            multiline: true
                        ).replacingOccurrences(of: "\n", with: " "))
                    guard !alinea.isEmpty else { continue }
                    let words = Self.wordCount(alinea, atMost: limits.wordsPerAlinea + 1)
                    guard words <= limits.wordsPerAlinea else {
                        throw HemicycleError(
                            .limitExceeded,
                            "alinéa \(index + 1) of article \(article) has more than \(limits.wordsPerAlinea) words; split it"
                        )
                    }
                    alineas.append(alinea)
                }
                guard !alineas.isEmpty else {
                    throw HemicycleError(
                        .invalidInput,
                        "a \(change.kind) change needs `text`, the whole article, alinéas separated by blank lines")
                }
                return alineas
            }
            switch change.kind {
            case "modify":
                let article = try label(change.article, "article")
                return .modify(article: article, alineas: try alineas(article))
            case "insert":
                let article = try label(change.label, "label")
                let placement: Placement
                switch (change.after, change.before) {
                case (let after?, nil): placement = .after(try label(after, "after"))
                case (nil, let before?): placement = .before(try label(before, "before"))
                default:
                    throw HemicycleError(
                        .invalidInput,
                        "an insert change names where the article goes: `after` an article, or `before` one (such as \"before\": \"1er\"), not both",
                        field: change.after == nil ? "after" : "before")
                }
                return .insert(at: placement, label: article, alineas: try alineas(article))
            case "delete": return .delete(article: try label(change.article, "article"))
            default: throw HemicycleError(.invalidInput, "a change's kind is modify, insert or delete")
            }
        }
        return AmendmentDraft(title: title, summary: summary, author: author, edits: edits)
    }

    /// Runs `body`, naming `field` in an error that names none, so a form shows it beside the field.
    static func inField<T>(_ field: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as HemicycleError {
            if error.field == nil { error.field = field }
            throw error
        }
    }

    /// The words of a text (runs of letters and digits), counted up to `atMost`.
    static func wordCount(_ text: String, atMost: Int) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let isWordScalar = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordScalar && !inWord {
                count += 1
                if count >= atMost { return count }
            }
            inWord = isWordScalar
        }
        return count
    }
}
