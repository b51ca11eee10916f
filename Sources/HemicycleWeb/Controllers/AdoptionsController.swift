import Foundation
import Hemicycle
import Hummingbird
import Legislation

/// Adoption and provenance: staff or the assigned rapporteur adopt the amendments decided
/// `adopted` as the next version (the engine says who may); anyone asks where each alinéa of an
/// article comes from.
struct AdoptionsController {
    let engine: Engine

    func addRoutes(to router: Router<HemicycleRequestContext>, access: Access) {
        let anyone = access.anyone(router, "/api/v1/bills/:slug")
        anyone.get("articles/:label/provenance", use: provenance)
        let signedIn = access.signedIn(router, "/api/v1/bills/:slug")
        signedIn.post("adoptions", use: adopt)
    }

    /// `{"stage": "Texte de la commission", "amendments": [12, 7, 31]}`; without `amendments`,
    /// every amendment decided adopted, in the bill's article order.
    struct AdoptionInput: Decodable {
        var stage: String
        var amendments: [Int]?
    }

    @Sendable func adopt(_ request: Request, context: SignedInContext) async throws -> EditedResponse<AdoptionView> {
        let input = try await request.decodeBody(as: AdoptionInput.self, context: context)
        let adoption = try await engine.adopt(
            try context.slug(), stage: input.stage, amendments: input.amendments, by: context.identity)
        return EditedResponse(status: .created, response: adoption)
    }

    @Sendable func provenance(_ request: Request, context: HemicycleRequestContext) async throws -> ProvenanceView {
        try await engine.provenance(
            of: try await context.articleLabel(engine), in: try context.slug(),
            at: try Parse.version(optional: request.uri.queryParameters.get("version")))
    }
}

extension AdoptionView: ResponseEncodable {}
extension ProvenanceView: ResponseEncodable {}
