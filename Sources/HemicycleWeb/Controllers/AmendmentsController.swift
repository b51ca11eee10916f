import Foundation
import Hemicycle
import Hummingbird
import Legislation
import WordDiff

/// Amendments: anyone reads them; a signed-in person proposes, and the author revises or withdraws.
struct AmendmentsController {
    let engine: Engine
    /// Encoded amendment diffs, by commit.
    var encodedDiffs = EncodedCache(capacity: 0)

    func addRoutes(to router: Router<HemicycleRequestContext>, access: Access) {
        let path: RouterPath = "/api/v1/bills/:slug/amendments"
        let anyone = access.anyone(router, path)
        anyone.get(use: list)
        anyone.get(":number", use: show)
        anyone.get(":number/diff", use: diff)
        let signedIn = access.signedIn(router, path)
        signedIn.post(use: propose)
        signedIn.patch(":number", use: revise)
        signedIn.post(":number/withdraw", use: withdraw)
        signedIn.get(":number/vote", use: myVote)
        // The token of a vote is checked by the vote's own write.
        let voter = access.voter(router, "/api/v1/bills/:slug/amendments/:number/vote")
        voter.put(use: vote)
        voter.delete(use: withdrawVote)
    }

    @Sendable func list(_ request: Request, context: HemicycleRequestContext) async throws -> AmendmentList {
        let query = request.uri.queryParameters
        let limit = try request.pageLimit(default: 50)
        return try await engine.amendments(
            of: try context.slug(), state: try query.get("state").map(Parse.amendmentState),
            article: try query.get("article").map { try Parse.label($0, field: "article") },
            sort: try query.get("sort").map(Parse.amendmentOrder) ?? .number, limit: limit,
            cursor: query.get("cursor"))
    }

    @Sendable func show(_ request: Request, context: HemicycleRequestContext) async throws -> Response {
        let number = try context.amendmentNumber()
        let slug = try context.slug()
        let tag = try await engine.amendmentTag(number, of: slug, for: context.identity)
        if let unchanged = ConditionalGet.notModified(request, tag: tag) { return unchanged }
        // The diff, the heavy part, is encoded once per commit and kept; the rest (tallies,
        // state) is read and encoded each time, and the two are joined.
        let view = try await engine.amendment(number, of: slug, withDiff: false, for: context.identity)
        let encoder = context.responseEncoder
        if !view.hidden, let diff = try await encodedDiff(number, of: slug, head: view.head, encoder: encoder) {
            return ConditionalGet.tagged(try Self.joined(view, diff: diff, encoder: encoder), tag: tag)
        }
        // Hidden, or revised between the two reads: the whole answer read at once.
        let whole = try await engine.amendment(number, of: slug, for: context.identity)
        return ConditionalGet.tagged(
            try context.responseEncoder.encode(whole, from: request, context: context), tag: tag)
    }

    /// `?format=json|text|ansi|html|side-by-side[&ignoreTypography=true]`: the amendment's diff,
    /// article by article, as JSON or rendered.
    @Sendable func diff(_ request: Request, context: HemicycleRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let format = try DiffsController.format(query.get("format"), allowed: DiffFormat.allCases)
        let quiet = try Parse.flag(query.get("ignoreTypography"), field: "ignoreTypography")
        let number = try context.amendmentNumber()
        guard
            let (head, views) = try await engine.amendmentDiff(
                number, of: try context.slug(), format: format, ignoreTypography: quiet)
        else {
            throw HemicycleError(
                .notFound, "amendment \(number) is hidden pending review", key: "amendment.hidden",
                parameters: ["number": "\(number)"])
        }
        // The commit names the text for good, so the tag is the commit and the way it is shown.
        let tag = "\"\(head)-\(format.rawValue)\(quiet ? "-quiet" : "")\""
        if let unchanged = ConditionalGet.notModified(request, tag: tag) { return unchanged }
        let response: Response
        switch format {
        case .json: response = try context.responseEncoder.encode(views, from: request, context: context)
        case .text, .ansi, .legistic:
            let text = views.map { "== Article \($0.label) (\($0.change)) ==\n\($0.rendered ?? "")" }
                .joined(separator: "\n\n")
            response = Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
        case .html, .sideBySide:
            let html = views.map {
                "<section class=\"\(HTMLRenderer.escape($0.change))\"><h3>Article \(HTMLRenderer.escape($0.label))</h3>\n\($0.rendered ?? "")</section>"
            }.joined(separator: "\n")
            response = DiffsController.html(html + "\n")
        }
        return ConditionalGet.tagged(response, tag: tag)
    }

    /// The encoded diff of the amendment at `head`; nil when it is no longer at `head`.
    func encodedDiff(_ number: Amendment.Number, of slug: BillSlug, head: String, encoder: JSONEncoder) async throws
        -> ByteBuffer?
    {
        struct Moved: Error {}
        let engine = engine
        do {
            return try await encodedDiffs.bytes(for: "amendment-diff\u{1F}\(slug)\u{1F}\(head)") {
                guard let (current, views) = try await engine.amendmentDiff(number, of: slug), current == head else {
                    throw Moved()
                }
                return ByteBuffer(bytes: try encoder.encode(views))
            }
        } catch is Moved {
            return nil
        }
    }

    /// The amendment's JSON with `diff` (already encoded) as its last member, the large buffer
    /// sent as it is, not copied.
    static func joined(_ view: AmendmentView, diff: ByteBuffer, encoder: JSONEncoder) throws -> Response {
        var view = view
        view.diff = nil
        var head = ByteBuffer(bytes: try encoder.encode(view))
        guard head.readableBytes > 2, head.getInteger(at: head.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "}")
        else { throw HemicycleError(.internal, "an amendment did not encode as a JSON object") }
        head.moveWriterIndex(to: head.writerIndex - 1)
        head.writeString(#","diff":"#)
        let tail = ByteBuffer(string: "}")
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(contentsOf: [head, diff, tail]))
    }

    @Sendable func myVote(_ request: Request, context: SignedInContext) async throws -> MyVoteView {
        try await engine.myVote(on: context.amendmentNumber(), of: context.slug(), by: context.identity)
    }

    @Sendable func propose(_ request: Request, context: SignedInContext) async throws -> EditedResponse<AmendmentView> {
        let input = try await request.decodeBody(
            as: AmendmentInput.self, context: context, example: BodyExample.amendment)
        let amendment = try await engine.proposeAmendment(
            to: try context.slug(), input, by: context.identity)
        return EditedResponse(status: .created, response: amendment)
    }

    @Sendable func revise(_ request: Request, context: SignedInContext) async throws -> AmendmentView {
        let input = try await request.decodeBody(
            as: AmendmentInput.self, context: context, example: BodyExample.amendment)
        return try await engine.reviseAmendment(
            try context.amendmentNumber(), of: try context.slug(), input, by: context.identity)
    }

    @Sendable func withdraw(_ request: Request, context: SignedInContext) async throws -> AmendmentView {
        try await engine.withdrawAmendment(
            try context.amendmentNumber(), of: try context.slug(), by: context.identity)
    }

    /// `{"value": "for" | "against" | "abstain"}`.
    struct VoteBody: Decodable {
        var value: String
    }

    @Sendable func vote(_ request: Request, context: VoterContext) async throws -> VoteView {
        let body = try await request.decodeBody(as: VoteBody.self, context: context, example: BodyExample.vote)
        return try await engine.vote(
            try Parse.voteValue(body.value), on: try context.amendmentNumber(), of: try context.slug(),
            token: context.token)
    }

    @Sendable func withdrawVote(_ request: Request, context: VoterContext) async throws -> HTTPResponse.Status {
        try await engine.withdrawVote(
            on: try context.amendmentNumber(), of: try context.slug(), token: context.token)
        return .noContent
    }
}

extension AmendmentView: ResponseEncodable {}
extension AmendmentList: ResponseEncodable {}
extension MyVoteView: ResponseEncodable {}
