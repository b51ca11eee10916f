import Hemicycle
import Hummingbird

/// Sign-up, sign-in and sign-out.
struct AccountsController {
    let engine: Engine

    func addRoutes(to router: Router<HemicycleRequestContext>, access: Access) {
        let anyone = access.anyone(router, "/api/v1")
        anyone.post("accounts", use: signUp)
        anyone.post("sessions", use: signIn)
        access.signedIn(router, "/api/v1/sessions").delete("current", use: signOut)
        let me = access.signedIn(router, "/api/v1/accounts/me")
        me.get("export", use: export)
        me.delete(use: erase)
    }

    /// `{"handle": "…", "password": "…"}`, for both sign-up and sign-in.
    struct Credentials: Decodable {
        var handle: String
        var password: String
    }

    @Sendable func signUp(_ request: Request, context: HemicycleRequestContext) async throws -> EditedResponse<
        AccountView
    > {
        let credentials = try await request.decodeBody(
            as: Credentials.self, context: context, example: BodyExample.credentials)
        let account = try await engine.signUp(
            handle: credentials.handle, password: credentials.password, address: context.clientAddress)
        return EditedResponse(status: .created, response: account)
    }

    @Sendable func signIn(_ request: Request, context: HemicycleRequestContext) async throws -> EditedResponse<
        SessionView
    > {
        let credentials = try await request.decodeBody(
            as: Credentials.self, context: context, example: BodyExample.credentials)
        let session = try await engine.signIn(
            handle: credentials.handle, password: credentials.password, address: context.clientAddress)
        return EditedResponse(status: .created, response: session)
    }

    @Sendable func signOut(_ request: Request, context: SignedInContext) async throws -> HTTPResponse.Status {
        try await engine.signOut(context.identity)
        return .noContent
    }

    @Sendable func export(_ request: Request, context: SignedInContext) async throws -> PersonalDataView {
        try await engine.exportPersonalData(of: context.identity)
    }

    @Sendable func erase(_ request: Request, context: SignedInContext) async throws -> HTTPResponse.Status {
        try await engine.eraseAccount(of: context.identity)
        return .noContent
    }
}

extension PersonalDataView: ResponseEncodable {}
extension AccountView: ResponseEncodable {}
extension SessionView: ResponseEncodable {}
