import Hemicycle
import Hummingbird
import WordDiff

/// Diff routes: a whole bill between two versions, and one article between two versions.
struct DiffsController {
    typealias Context = HemicycleRequestContext
    let engine: Engine
    /// Encoded answers by their tag: published versions never change, so neither do these.
    var encoded = EncodedCache(capacity: 0)

    /// Anyone compares versions.
    func addRoutes(to router: Router<HemicycleRequestContext>, access: Access) {
        let anyone = access.anyone(router, "/api/v1/bills/:slug")
        anyone.get("compare", use: compare)
        anyone.get("articles/:label/diff", use: articleDiff)
    }

    @Sendable func compare(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let format = try Self.format(query.get("format"), allowed: [.json, .html])
        let slug = try context.slug()
        let (from, to) = try Parse.versionPair(query.get("from"), query.get("to"))
        let quiet = try Parse.flag(query.get("ignoreTypography"), field: "ignoreTypography")
        let tag = try await engine.comparisonTag(slug, from: from, to: to, format: format, ignoreTypography: quiet)
        if let unchanged = ConditionalGet.notModified(request, tag: tag) { return unchanged }
        let (engine, encoder) = (engine, HemicycleRequestContext.encoder)
        let body = try await encoded.bytes(for: tag) {
            let comparison = try await engine.compare(
                slug, from: from, to: to, format: format == .json ? .json : .html, ignoreTypography: quiet)
            return format == .json
                ? ByteBuffer(bytes: try encoder.encode(comparison))
                : ByteBuffer(string: ComparisonPage.render(comparison))
        }
        let type = format == .json ? "application/json; charset=utf-8" : "text/html; charset=utf-8"
        return ConditionalGet.tagged(
            Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: body)), tag: tag)
    }

    @Sendable func articleDiff(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let format = try Self.format(query.get("format"), allowed: DiffFormat.allCases)
        let label = try await context.articleLabel(engine)
        let slug = try context.slug()
        let (from, to) = try Parse.versionPair(query.get("from"), query.get("to"))
        let quiet = try Parse.flag(query.get("ignoreTypography"), field: "ignoreTypography")
        let tag = try await engine.comparisonTag(
            slug, from: from, to: to, article: label, format: format, ignoreTypography: quiet)
        if let unchanged = ConditionalGet.notModified(request, tag: tag) { return unchanged }
        let diff = try await engine.articleDiff(
            label, of: slug, from: from, to: to, format: format, ignoreTypography: quiet)
        let response: Response
        switch format {
        case .json: response = try context.responseEncoder.encode(diff, from: request, context: context)
        case .html, .sideBySide: response = Self.html(diff.rendered ?? "")
        case .text, .ansi, .legistic:
            response = Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: diff.rendered ?? "")))
        }
        return ConditionalGet.tagged(response, tag: tag)
    }

    static func format(_ text: String?, allowed: [DiffFormat]) throws -> DiffFormat {
        guard let text else { return .json }
        guard let format = DiffFormat(rawValue: text), allowed.contains(format) else {
            throw HemicycleError(
                .invalidInput, "format must be one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return format
    }

    static func html(_ body: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

extension ArticleDiffView: ResponseEncodable {}
extension BillComparisonView: ResponseEncodable {}

/// The comparison of two versions as an HTML fragment: the summary, then each changed article
/// with its inline diff (already escaped by the renderer).
enum ComparisonPage {
    static func render(_ comparison: BillComparisonView) -> String {
        let escape = HTMLRenderer.escape
        var html = "<section class=\"comparison\">\n"
        html += "<h2>\(escape(comparison.bill)) : \(escape(comparison.from)) → \(escape(comparison.to))</h2>\n"
        html += "<p>\(comparison.added.count) ajoutés, \(comparison.removed.count) supprimés, "
        html += "\(comparison.modified.count) modifiés, "
        html += "\(comparison.typographyOnly.count) modifiés seulement dans leur typographie, "
        html += "\(comparison.renamed.count) renumérotés, "
        html += "\(comparison.unchangedCount) inchangés</p>\n"
        for article in comparison.articles {
            html += "<article class=\"\(escape(article.change))\"><h3>Article \(escape(article.label))"
            if let previous = article.previousLabel { html += " (ancien article \(escape(previous)))" }
            html += "</h3>\n" + (article.rendered ?? "") + "</article>\n"
        }
        return html + "</section>\n"
    }
}
