import Foundation
import Hemicycle
import Hummingbird
import Legislation
import Synchronization

/// The rapporteur's queue: anyone reads it, its rapporteurs and its feed; staff assign the
/// rapporteurs; the assigned rapporteurs (or staff) give opinions and decisions — the engine
/// and the store say who may, so every caller reaches the handlers.
struct QueueController {
    let engine: Engine
    /// Exports and feeds made lately, shared by the readers of the same one.
    let encoded: EncodedCache
    /// The exports being made.
    let exports = Gate(capacity: 1)

    func addRoutes(to router: Router<HemicycleRequestContext>, access: Access) {
        let anyone = access.anyone(router, "/api/v1/bills/:slug")
        anyone.get("queue", use: queue)
        anyone.get("rapporteurs", use: rapporteurs)
        anyone.get("feed.atom", use: feed)
        anyone.get("export", use: export)
        let signedIn = access.signedIn(router, "/api/v1/bills/:slug")
        signedIn.put("rapporteurs", use: setRapporteurs)
        signedIn.post("queue/:number/opinion", use: opinion)
        signedIn.post("queue/:number/decision", use: decision)
    }

    /// `{"rapporteurs": ["handle", …]}`.
    struct RapporteursInput: Decodable {
        var rapporteurs: [String]
    }

    /// `{"opinion": "défavorable", "comment": "…"}`.
    struct OpinionInput: Decodable {
        var opinion: String
        var comment: String?
    }

    /// `{"decision": "adopted" | "rejected" | "withdrawn"}`.
    struct DecisionInput: Decodable {
        var decision: String
    }

    /// The queue as of at most 5 s ago: it reads every queued amendment's diff, so a flood of
    /// readers shares one reading every 5 s.
    @Sendable func queue(_ request: Request, context: HemicycleRequestContext) async throws -> Response {
        let slug = try context.slug()
        let (engine, encoder) = (engine, context.responseEncoder)
        let period = Int(Date().timeIntervalSince1970 / Self.queuePeriod)
        let bytes = try await encoded.bytes(for: "queue\u{1F}\(slug.value)\u{1F}\(period)") {
            let queue = try await engine.queue(of: slug)
            let data = try encoder.encode(queue)
            return ByteBuffer(bytes: data)
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: bytes))
    }

    /// How long the queue is served as it was read.
    static let queuePeriod: TimeInterval = 5

    @Sendable func rapporteurs(_ request: Request, context: HemicycleRequestContext) async throws -> RapporteursView {
        try await engine.rapporteurs(of: try context.slug())
    }

    @Sendable func setRapporteurs(_ request: Request, context: SignedInContext) async throws -> RapporteursView {
        let input = try await request.decodeBody(as: RapporteursInput.self, context: context)
        return try await engine.setRapporteurs(input.rapporteurs, of: try context.slug(), by: context.identity)
    }

    @Sendable func opinion(_ request: Request, context: SignedInContext) async throws -> ReviewView {
        let input = try await request.decodeBody(as: OpinionInput.self, context: context)
        return try await engine.giveOpinion(
            try Parse.opinion(input.opinion), comment: input.comment ?? "", on: try context.amendmentNumber(),
            of: try context.slug(), by: context.identity)
    }

    @Sendable func decision(_ request: Request, context: SignedInContext) async throws -> ReviewView {
        let input = try await request.decodeBody(as: DecisionInput.self, context: context)
        return try await engine.decide(
            try Parse.decision(input.decision), on: try context.amendmentNumber(), of: try context.slug(),
            by: context.identity)
    }

    /// `?format=csv|json|markdown|liasse|akn&selection=queue|adopted|all[&separator=semicolon]`:
    /// the amendments for the debate, as a download, as of at most 30 s ago.
    @Sendable func export(_ request: Request, context: HemicycleRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let format = try Parse.exportFormat(query.get("format") ?? "csv")
        let selection = try Parse.exportSelection(query.get("selection") ?? "queue")
        let semicolons = format == .csv && (query.get("separator").map { $0 == "semicolon" || $0 == ";" } ?? false)
        let slug = try context.slug()
        let engine = engine
        // An export of a whole bill costs seconds: one is made per bill, selection and format
        // every 30 s, and readers asking meanwhile get that one (or wait for it).
        let period = Int(Date().timeIntervalSince1970 / Self.exportPeriod)
        let key = ["export", slug.value, selection.rawValue, format.rawValue, semicolons ? ";" : ",", "\(period)"]
            .joined(separator: "\u{1F}")
        let gate = exports
        let bytes = try await encoded.bytes(for: key) {
            // One export is made at a time: someone cycling through every bill, selection and
            // format gets 503 rather than the diff workers everyone else needs.
            guard gate.enter() else {
                throw HemicycleError.wait(.unavailable, "another export is being prepared", seconds: 5)
            }
            defer { gate.leave() }
            let export = try await engine.export(of: slug, selection: selection)
            return ByteBuffer(bytes: try await engine.renderExport(export, as: format, semicolons: semicolons).data)
        }
        let name = "\(slug.value)-amendements-\(selection.rawValue).\(format.fileExtension)"
        var response = Response(
            status: .ok,
            headers: [
                .contentType: format.contentType,
                .contentDisposition: format == .liasse
                    ? "inline; filename=\"\(name)\"" : "attachment; filename=\"\(name)\"",
            ],
            body: ResponseBody(byteBuffer: bytes))
        // The liasse is a printable page of its own, its style inline.
        if format == .liasse {
            response.headers[.contentSecurityPolicy] = SecurityHeaders<HemicycleRequestContext>.documentPolicy
        }
        return response
    }

    /// How long an export is served as it was made.
    static let exportPeriod: TimeInterval = 30

    /// The queue's promotions, opinions and decisions as an Atom feed, newest first, as of at
    /// most 30 s ago.
    @Sendable func feed(_ request: Request, context: HemicycleRequestContext) async throws -> Response {
        let slug = try context.slug()
        let engine = engine
        // Feed readers poll: the feed is made once per bill every 30 s and shared.
        let period = Int(Date().timeIntervalSince1970 / Self.exportPeriod)
        let bytes = try await encoded.bytes(for: "feed\u{1F}\(slug.value)\u{1F}\(period)") {
            ByteBuffer(string: QueueFeed.atom(try await engine.queue(of: slug), bill: slug.value))
        }
        return Response(
            status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8"],
            body: ResponseBody(byteBuffer: bytes))
    }
}

extension QueueView: ResponseEncodable {}
extension ReviewView: ResponseEncodable {}
extension RapporteursView: ResponseEncodable {}
