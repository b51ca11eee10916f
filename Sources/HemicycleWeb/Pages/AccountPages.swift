import Foundation
import Hemicycle
import Hummingbird

/// Signing up, in and out, and the account page: my amendments and votes, my data as a download,
/// and erasing the account after a confirmation. Signing in opens a new session (a new cookie),
/// so a session token planted before cannot be carried into a signed-in session.
struct AccountPages {
    let engine: Engine
    let site: Site

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.get("/signup", use: signUpForm)
        group.post("/signup", use: signUp)
        group.get("/login", use: signInForm)
        group.post("/login", use: signIn)
        group.post("/logout", use: signOut)
        group.get("/account", use: account)
        group.get("/account/data", use: download)
        group.post("/account/delete", use: erase)
    }

    struct CredentialsForm: Sendable {
        let handle: String
        let next: String
        let errors: [String: String]
        let hasErrors: Bool
    }

    func form(
        _ template: String, _ context: PageContext, handle: String = "", next: String?, error: HemicycleError? = nil
    ) -> Response {
        let strings = site.strings(context.visitor.language)
        var errors: [String: String] = [:]
        if let error { errors[error.field ?? "general"] = strings.message(error) }
        return site.page(
            template,
            CredentialsForm(handle: handle, next: Pages.safeNext(next), errors: errors, hasErrors: !errors.isEmpty),
            title: strings[template + ".title"], visitor: context.visitor,
            status: error.map { $0.code == .invalidInput ? .unprocessableContent : $0.code.httpStatus } ?? .ok)
    }

    @Sendable func signUpForm(_ request: Request, context: PageContext) async throws -> Response {
        form("signup", context, next: request.uri.queryParameters.get("next"))
    }

    @Sendable func signInForm(_ request: Request, context: PageContext) async throws -> Response {
        form("login", context, next: request.uri.queryParameters.get("next"))
    }

    @Sendable func signUp(_ request: Request, context: PageContext) async throws -> Response {
        let fields = context.fields
        let handle = fields["handle"] ?? ""
        let password = fields["password"] ?? ""
        let result = await Pages.attempt { () throws(HemicycleError) -> SessionView in
            guard password == fields["confirmation"] else {
                throw HemicycleError(
                    .invalidInput, "the two passwords differ", key: "signup.mismatch", field: "confirmation")
            }
            _ = try await engine.signUp(handle: handle, password: password, address: context.clientAddress)
            return try await engine.signIn(handle: handle, password: password, address: context.clientAddress)
        }
        switch result {
        case .success(let session):
            return startSession(session, context: context, next: fields["next"] ?? "/account")
        case .failure(let error) where error.code == .invalidInput || error.code == .conflict:
            return form("signup", context, handle: handle, next: fields["next"], error: error)
        case .failure(let error):
            throw error
        }
    }

    @Sendable func signIn(_ request: Request, context: PageContext) async throws -> Response {
        let fields = context.fields
        let handle = fields["handle"] ?? ""
        let password = fields["password"] ?? ""
        let result = await Pages.attempt { () throws(HemicycleError) -> SessionView in
            try await engine.signIn(handle: handle, password: password, address: context.clientAddress)
        }
        switch result {
        case .success(let session):
            if let previous = context.visitor.identity { try? await engine.signOut(previous) }
            return startSession(session, context: context, next: fields["next"])
        case .failure(let error) where error.code == .unauthenticated || error.code == .tooManyRequests:
            var response = form("login", context, handle: handle, next: fields["next"], error: error)
            if let seconds = error.retryAfter { response.headers[.retryAfter] = String(seconds) }
            return response
        case .failure(let error):
            throw error
        }
    }

    /// The session cookie of a new session, and the way on.
    func startSession(_ session: SessionView, context: PageContext, next: String?) -> Response {
        var response = Pages.redirect(to: Pages.safeNext(next))
        let lifetime = max(60, Int(session.expiresAt.timeIntervalSinceNow))
        response.setCookie(context.visitor.cookie(Visitor.sessionCookie, session.token, maxAge: lifetime))
        return response
    }

    @Sendable func signOut(_ request: Request, context: PageContext) async throws -> Response {
        if let identity = context.visitor.identity { try await engine.signOut(identity) }
        var response = Pages.redirect(to: "/")
        response.setCookie(context.visitor.cookie(Visitor.sessionCookie, "", maxAge: 0))
        return response
    }

    struct AccountContent: Sendable {
        let handle: String
        let role: String
        let since: String
        let amendments: [Line]
        let votes: [Line]
        let comments: Int
        let hasAmendments: Bool
        let hasVotes: Bool
        let deleteError: String?
    }

    struct Line: Sendable {
        let link: String
        let text: String
        let detail: String
        /// A vote's receipt in the bill's public ledger.
        var receipt: String? = nil
    }

    @Sendable func account(_ request: Request, context: PageContext) async throws -> Response {
        try await accountPage(context, deleteError: nil)
    }

    func accountPage(_ context: PageContext, deleteError: String?) async throws -> Response {
        let identity = try context.signedIn()
        let strings = site.strings(context.visitor.language)
        let data = try await engine.exportPersonalData(of: identity)
        let amendments = data.amendments.map {
            Line(
                link: "/bills/\($0.bill)/amendments/\($0.number)",
                text: strings.format("amendment.numbered", ["number": String($0.number)]) + " — " + $0.title,
                detail: $0.bill)
        }
        let votes = data.votes.map {
            Line(
                link: "/bills/\($0.bill)/amendments/\($0.amendment)",
                text: strings.format("amendment.numbered", ["number": String($0.amendment)]),
                detail: strings["vote." + $0.value] + " · " + strings.date($0.castAt),
                receipt: $0.receipt)
        }
        return site.page(
            "account",
            AccountContent(
                handle: data.account.handle, role: strings["role." + data.account.role],
                since: strings.date(data.createdAt), amendments: amendments, votes: votes,
                comments: data.comments.count, hasAmendments: !amendments.isEmpty, hasVotes: !votes.isEmpty,
                deleteError: deleteError),
            title: strings["account.title"], visitor: context.visitor,
            status: deleteError == nil ? .ok : .unprocessableContent)
    }

    /// Everything the server holds about the person, as a JSON file to keep.
    @Sendable func download(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try context.signedIn()
        let data = try await engine.exportPersonalData(of: identity)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"hemicycle-\(data.account.handle).json\"",
            ],
            body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(data))))
    }

    /// Erases the account once the person has typed their handle to confirm.
    @Sendable func erase(_ request: Request, context: PageContext) async throws -> Response {
        let identity = try context.signedIn()
        guard context.fields["confirm"]?.lowercased() == identity.account.handle.value else {
            return try await accountPage(
                context, deleteError: site.strings(context.visitor.language)["account.deleteConfirmMissing"])
        }
        try await engine.eraseAccount(of: identity)
        var response = Pages.redirect(to: "/?erased=1")
        response.setCookie(context.visitor.cookie(Visitor.sessionCookie, "", maxAge: 0))
        return response
    }
}
