import Foundation
import Hemicycle
import Hummingbird

/// Read-only routes of published bills: list, show, versions, articles, one article, history.
struct BillsController {
    typealias Context = HemicycleRequestContext
    let engine: Engine

    /// Anyone reads bills; staff create, publish and open or close them.
    func addRoutes(to router: Router<HemicycleRequestContext>, access: Access) {
        let anyone = access.anyone(router, "/api/v1/bills")
        anyone.get(use: list)
        anyone.get(":slug", use: show)
        anyone.get(":slug/versions", use: versions)
        anyone.get(":slug/articles", use: articles)
        anyone.get(":slug/articles/:label", use: article)
        anyone.get(":slug/articles/:label/history", use: history)
        anyone.get(":slug/rule/simulate", use: simulateRule)
        anyone.get(":slug/rule", use: rule)
        let staff = access.signedIn(router, "/api/v1/bills")
        staff.patch(":slug", use: update)
        staff.post(use: create)
        staff.post(":slug/versions", use: publish)
        staff.put(":slug/rule", use: setRule)
    }

    /// `{"participation": "open" | "closed", "opensAt": "2026-12-10T09:00:00Z", "closesAt": null,
    /// "reportsToHide": 5}`, any of them; a date sent as null is cleared.
    struct BillUpdate: Decodable {
        var participation: String?
        var opensAt: ParticipationChange.DateSetting?
        var closesAt: ParticipationChange.DateSetting?
        var reportsToHide: Int?

        enum CodingKeys: String, CodingKey {
            case participation, opensAt, closesAt, reportsToHide
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            participation = try container.decodeIfPresent(String.self, forKey: .participation)
            reportsToHide = try container.decodeIfPresent(Int.self, forKey: .reportsToHide)
            opensAt = try Self.date(container, .opensAt)
            closesAt = try Self.date(container, .closesAt)
        }

        /// Absent: unchanged; null: cleared; else a date and time with its offset.
        static func date(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws
            -> ParticipationChange.DateSetting?
        {
            guard container.contains(key) else { return nil }
            if try container.decodeNil(forKey: key) { return .clear }
            let text = try container.decode(String.self, forKey: key)
            guard let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: false))
            else {
                throw HemicycleError(
                    .invalidInput,
                    "`\(key.stringValue)` is a date and time with its offset, such as 2026-12-10T09:00:00Z",
                    field: key.stringValue)
            }
            return .at(date)
        }
    }

    @Sendable func create(_ request: Request, context: SignedInContext) async throws -> EditedResponse<ImportedBill> {
        let upload = try await request.decodeBody(as: BillUpload.self, context: context)
        return EditedResponse(status: .created, response: try await engine.createBill(upload, by: context.identity))
    }

    @Sendable func publish(_ request: Request, context: SignedInContext) async throws -> EditedResponse<VersionView> {
        let upload = try await request.decodeBody(as: BillUpload.self, context: context)
        let version = try await engine.publishVersion(
            of: try context.slug(), upload, by: context.identity)
        return EditedResponse(status: .created, response: version)
    }

    @Sendable func update(_ request: Request, context: SignedInContext) async throws -> HTTPResponse.Status {
        let body = try await request.decodeBody(as: BillUpdate.self, context: context)
        let slug = try context.slug()
        var change = ParticipationChange(opensAt: body.opensAt, closesAt: body.closesAt)
        if let participation = body.participation {
            guard participation == "open" || participation == "closed" else {
                throw HemicycleError(.invalidInput, "participation is open or closed", field: "participation")
            }
            change.open = participation == "open"
        }
        guard !change.isEmpty || body.reportsToHide != nil else {
            throw HemicycleError(
                .invalidInput,
                "send `participation` (open or closed), `opensAt`, `closesAt`, `reportsToHide`, or some of them")
        }
        if !change.isEmpty {
            try await engine.changeParticipation(change, on: slug, by: context.identity)
        }
        if let count = body.reportsToHide {
            try await engine.setReportsToHide(count, on: slug, by: context.identity)
        }
        return .noContent
    }

    struct VersionList: ResponseEncodable {
        var bill: String
        var items: [VersionView]
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> BillPage {
        try await engine.listBills(
            limit: try request.pageLimit(default: 50), cursor: request.uri.queryParameters.get("cursor"))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> BillDetail {
        try await engine.bill(
            try context.slug(), version: try Parse.version(optional: request.uri.queryParameters.get("version")))
    }

    @Sendable func versions(_ request: Request, context: Context) async throws -> VersionList {
        let slug = try context.slug()
        return VersionList(bill: slug.value, items: try await engine.versions(of: slug))
    }

    @Sendable func articles(_ request: Request, context: Context) async throws -> ArticleList {
        let query = request.uri.queryParameters
        let limit = try request.pageLimit(default: 100)
        return try await engine.articles(
            of: try context.slug(), version: try Parse.version(optional: query.get("version")), limit: limit,
            cursor: query.get("cursor"))
    }

    @Sendable func article(_ request: Request, context: Context) async throws -> ArticleView {
        try await engine.article(
            try await context.articleLabel(engine), of: try context.slug(),
            version: try Parse.version(optional: request.uri.queryParameters.get("version")))
    }

    @Sendable func rule(_ request: Request, context: Context) async throws -> PromotionRuleView {
        try await engine.promotionRule(of: try context.slug())
    }

    /// The body is the rule, `{"minimumSupports": 100, "topPerArticle": 3}`, or `null` to clear it.
    @Sendable func setRule(_ request: Request, context: SignedInContext) async throws -> PromotionRuleView {
        let buffer = try await request.body.collect(upTo: 16 << 10)
        let text = String(buffer: buffer).trimmingCharacters(in: .whitespacesAndNewlines)
        let rule = text == "null" ? nil : try Parse.rule(text)
        return try await engine.setPromotionRule(rule, of: try context.slug(), by: context.identity)
    }

    /// `?rule={"minimumSupports": 100}[&participants=N]`: the rule tried on the current tallies.
    @Sendable func simulateRule(_ request: Request, context: Context) async throws -> RuleSimulationView {
        let query = request.uri.queryParameters
        guard let text = query.get("rule") else {
            throw HemicycleError(
                .invalidInput, "give the rule to simulate, as JSON", key: "rule.missing", field: "rule")
        }
        let participants = try query.get("participants").map { text throws(HemicycleError) -> Int in
            guard let count = Int(text), count >= 1 else {
                throw HemicycleError(
                    .invalidInput, "participants is a whole number, 1 or more", key: "rule.participants",
                    field: "participants")
            }
            return count
        }
        return try await engine.simulateRule(
            try Parse.rule(text), on: try context.slug(), participants: participants)
    }

    @Sendable func history(_ request: Request, context: Context) async throws -> ArticleHistory {
        try await engine.history(of: try await context.articleLabel(engine), in: try context.slug())
    }
}

extension BillDetail: ResponseEncodable {}
extension RuleSimulationView: ResponseEncodable {}
extension PromotionRuleView: ResponseEncodable {}
extension ImportedBill: ResponseEncodable {}
extension VersionView: ResponseEncodable {}
extension ArticleList: ResponseEncodable {}
extension ArticleView: ResponseEncodable {}
extension ArticleHistory: ResponseEncodable {}

extension Page: ResponseEncodable {}
