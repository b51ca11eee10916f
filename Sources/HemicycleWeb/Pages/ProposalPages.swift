import Foundation
import Hemicycle
import Hummingbird
import Legislation

/// Proposing an amendment: the article's text prefilled, a preview of the diff before sending (a
/// POST that shows the form again with the diff), modifying, inserting before or after, or
/// deleting an article, and the engine's refusals shown beside the field they are about.
struct ProposalPages {
    let engine: Engine
    let site: Site

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.get("/bills/:slug/amendments/new", use: form)
        group.post("/bills/:slug/amendments/new", use: submit)
    }

    struct ProposalContent: Sendable {
        let slug: String
        let billTitle: String
        let version: String
        let articles: [Choice]
        let references: [Choice]
        let kinds: [Choice]
        let positions: [Choice]
        let label: String
        let text: String
        let title: String
        let summary: String
        let preview: [AmendmentPages.DiffBlock]
        let hasPreview: Bool
        let errors: [String: String]
        let hasErrors: Bool
    }

    struct Choice: Sendable {
        let value: String
        let text: String
        let selected: Bool
    }

    /// What the form holds, from the query (first display) or the posted fields.
    struct Draft {
        var kind = "modify"
        var article = ""
        var position = "after"
        var reference = ""
        var label = ""
        var text: String?
        var title = ""
        var summary = ""

        init() {}

        init(_ fields: FormFields) {
            kind = fields["kind"] ?? "modify"
            article = fields["article"] ?? ""
            position = fields["position"] == "before" ? "before" : "after"
            reference = fields["reference"] ?? ""
            label = fields["label"] ?? ""
            text = fields["text"]
            title = fields["title"] ?? ""
            summary = fields["summary"] ?? ""
        }

        var change: ChangeInput {
            switch kind {
            case "insert":
                ChangeInput(
                    kind: "insert", after: position == "after" ? reference : nil,
                    before: position == "before" ? reference : nil, label: label, text: text)
            case "delete": ChangeInput(kind: "delete", article: article)
            default: ChangeInput(kind: "modify", article: article, text: text)
            }
        }
    }

    @Sendable func form(_ request: Request, context: PageContext) async throws -> Response {
        _ = try context.signedIn()
        var draft = Draft()
        draft.article = request.uri.queryParameters.get("article").map { $0.removingPercentEncoding ?? $0 } ?? ""
        draft.reference = draft.article
        return try await page(context, draft: draft, preview: false, error: nil)
    }

    @Sendable func submit(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try context.signedIn()
        let slug = try context.slug()
        var draft = Draft(context.fields)
        if context.fields["action"] == "load" {
            draft.text = nil
            return try await page(context, draft: draft, preview: false, error: nil)
        }
        if context.fields["action"] == "preview" {
            return try await page(context, draft: draft, preview: true, error: nil)
        }
        let latest = try await engine.bill(slug).version.number
        let input = AmendmentInput(
            baseVersion: latest, title: draft.title, summary: draft.summary, changes: [draft.change])
        switch await Pages.attempt({ () throws(HemicycleError) in
            try await engine.proposeAmendment(to: slug, input, by: identity)
        }) {
        case .success(let view):
            return Pages.redirect(to: "/bills/\(slug.value)/amendments/\(view.number.value)")
        case .failure(let error) where [.invalidInput, .limitExceeded, .notFound, .conflict].contains(error.code):
            return try await page(context, draft: draft, preview: true, error: error)
        case .failure(let error):
            throw error
        }
    }

    func page(_ context: PageContext, draft: Draft, preview: Bool, error: HemicycleError?) async throws -> Response {
        let strings = site.strings(context.visitor.language)
        let slug = try context.slug()
        let bill = try await engine.bill(slug)
        var labels: [String] = []
        var cursor: String?
        repeat {
            let page = try await engine.articles(of: slug, cursor: cursor)
            labels += page.items.map(\.label)
            cursor = page.nextCursor
        } while cursor != nil
        var draft = draft
        if draft.article.isEmpty || !labels.contains(draft.article) { draft.article = labels.first ?? "" }
        if draft.reference.isEmpty || !labels.contains(draft.reference) { draft.reference = draft.article }
        let current = try await currentText(slug, draft.article)
        let text = draft.text ?? current
        var blocks: [AmendmentPages.DiffBlock] = []
        if preview {
            let (label, before, after): (String, String, String) =
                switch draft.kind {
                case "insert": (draft.label, "", text)
                case "delete": (draft.article, current, "")
                default: (draft.article, current, text)
                }
            blocks = [
                AmendmentPages.DiffBlock(
                    label: label,
                    change: strings[
                        "change." + (draft.kind == "modify" ? "modified" : draft.kind == "insert" ? "added" : "removed")
                    ],
                    html: Engine.diff(before, after, format: .html))
            ]
        }
        var errors: [String: String] = [:]
        if let error {
            let field: String =
                switch error.field {
                case "article", "after", "before": draft.kind == "insert" ? "reference" : "article"
                case let field?: field
                case nil: "general"
                }
            errors[field] = strings.message(error)
        }
        let choices = { (selected: String) in labels.map { Choice(value: $0, text: $0, selected: $0 == selected) } }
        let content = ProposalContent(
            slug: slug.value, billTitle: bill.title, version: bill.version.number, articles: choices(draft.article),
            references: choices(draft.reference),
            kinds: ["modify", "insert", "delete"].map {
                Choice(value: $0, text: strings["propose.kind." + $0], selected: $0 == draft.kind)
            },
            positions: ["after", "before"].map {
                Choice(value: $0, text: strings["propose.position." + $0], selected: $0 == draft.position)
            },
            label: draft.label, text: text, title: draft.title, summary: draft.summary, preview: blocks,
            hasPreview: !blocks.isEmpty, errors: errors, hasErrors: !errors.isEmpty)
        return site.page(
            "propose", content, title: strings["propose.title"] + " — " + bill.title, visitor: context.visitor,
            status: error.map { $0.code == .invalidInput ? .unprocessableContent : $0.code.httpStatus } ?? .ok)
    }

    /// An article's text as the form edits it: alinéas separated by blank lines.
    func currentText(_ slug: BillSlug, _ label: String) async throws -> String {
        guard !label.isEmpty, let parsed = try? Parse.label(label) else { return "" }
        return try await engine.article(parsed, of: slug).alineas.map(\.text).joined(separator: "\n\n")
    }
}
