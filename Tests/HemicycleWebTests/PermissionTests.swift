import EngineTestSupport
import Foundation
import HTTPTypes
import Hemicycle
import HemicycleWeb
import HummingbirdTesting
import Legislation
import NIOCore
import Testing

/// The permission table of the README, checked for every route and every kind of caller: a caller
/// without the right gets 401 (anonymous) or 403; a caller with it never does.
@Suite struct PermissionTests {
    enum Access: String { case everyone, signedIn, author, staff, reviewer }

    struct Route {
        var method: HTTPRequest.Method
        var path: String
        var body: String
        var access: Access
    }

    static let amendmentBody = #"""
        {"baseVersion": "v2", "title": "T", "summary": "S", "changes": [{"kind": "delete", "article": "12"}]}
        """#

    /// Every route, in the README's order; bodies are valid or harmless (the check is on access).
    static let routes: [Route] = [
        Route(method: .get, path: "/healthz", body: "", access: .everyone),
        Route(method: .get, path: "/api/v1/bills", body: "", access: .everyone),
        Route(method: .get, path: "/api/v1/bills/republique-numerique", body: "", access: .everyone),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/versions", body: "", access: .everyone),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/articles", body: "", access: .everyone),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/articles/1er", body: "", access: .everyone),
        Route(
            method: .get, path: "/api/v1/bills/republique-numerique/articles/1er/history", body: "", access: .everyone),
        Route(
            method: .get, path: "/api/v1/bills/republique-numerique/rule/simulate?rule=%7B%22minimumSupports%22:1%7D",
            body: "", access: .everyone),
        Route(
            method: .get, path: "/api/v1/bills/republique-numerique/articles/1er/diff?from=v2&to=v3", body: "",
            access: .everyone),
        Route(
            method: .get, path: "/api/v1/bills/republique-numerique/compare?from=v2&to=v3", body: "", access: .everyone),
        Route(method: .post, path: "/api/v1/accounts", body: #"{"handle": "x", "password": "y"}"#, access: .everyone),
        Route(
            method: .post, path: "/api/v1/sessions", body: #"{"handle": "autrice", "password": "un mot de passe"}"#,
            access: .everyone),
        Route(method: .get, path: "/api/v1/accounts/me/export", body: "", access: .signedIn),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/amendments", body: "", access: .everyone),
        Route(
            method: .post, path: "/api/v1/bills/republique-numerique/amendments", body: amendmentBody, access: .signedIn
        ),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/amendments/1", body: "", access: .everyone),
        Route(
            method: .get, path: "/api/v1/bills/republique-numerique/amendments/1/diff?format=text", body: "",
            access: .everyone),
        Route(
            method: .patch, path: "/api/v1/bills/republique-numerique/amendments/1", body: amendmentBody,
            access: .author),
        Route(
            method: .put, path: "/api/v1/bills/republique-numerique/amendments/1/vote", body: #"{"value": "for"}"#,
            access: .signedIn),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/amendments/1/vote", body: "", access: .signedIn),
        Route(
            method: .delete, path: "/api/v1/bills/republique-numerique/amendments/1/vote", body: "", access: .signedIn),
        Route(
            method: .get, path: "/api/v1/bills/republique-numerique/amendments/1/comments", body: "", access: .everyone),
        Route(
            method: .post, path: "/api/v1/bills/republique-numerique/amendments/1/comments", body: #"{"body": "x"}"#,
            access: .signedIn),
        Route(
            method: .get, path: "/api/v1/bills/republique-numerique/articles/1er/comments", body: "", access: .everyone),
        Route(
            method: .post, path: "/api/v1/bills/republique-numerique/articles/1er/comments", body: #"{"body": "x"}"#,
            access: .signedIn),
        Route(
            method: .patch, path: "/api/v1/bills/republique-numerique/comments/1", body: #"{"body": "y"}"#,
            access: .author),
        Route(
            method: .post, path: "/api/v1/reports",
            body: #"{"bill": "republique-numerique", "kind": "amendment", "target": "1"}"#, access: .signedIn),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/reports", body: "", access: .staff),
        Route(method: .get, path: "/api/v1/reports?state=pending", body: "", access: .staff),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/rule", body: "", access: .everyone),
        Route(
            method: .put, path: "/api/v1/bills/republique-numerique/rule", body: #"{"minimumSupports": 100}"#,
            access: .staff),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/queue", body: "", access: .everyone),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/feed.atom", body: "", access: .everyone),
        Route(method: .get, path: "/api/v1/bills/republique-numerique/rapporteurs", body: "", access: .everyone),
        Route(
            method: .get, path: "/api/v1/bills/republique-numerique/export?format=csv&selection=all", body: "",
            access: .everyone),
        Route(
            method: .put, path: "/api/v1/bills/republique-numerique/rapporteurs",
            body: #"{"rapporteurs": ["une-assigned"]}"#, access: .staff),
        Route(
            method: .post, path: "/api/v1/bills/republique-numerique/queue/1/opinion",
            body: #"{"opinion": "sagesse", "comment": "À discuter."}"#, access: .reviewer),
        Route(
            method: .post, path: "/api/v1/bills/republique-numerique/queue/1/decision",
            body: #"{"decision": "adopted"}"#, access: .reviewer),
        Route(
            method: .get, path: "/api/v1/bills/republique-numerique/articles/1er/provenance?version=v3", body: "",
            access: .everyone),
        Route(
            method: .post, path: "/api/v1/bills/republique-numerique/adoptions",
            body: #"{"stage": "Texte de la commission"}"#, access: .reviewer),
        Route(
            method: .post, path: "/api/v1/bills/republique-numerique/moderation",
            body: #"{"kind": "amendment", "target": "1", "hidden": false, "reason": "ok"}"#, access: .staff),
        Route(
            method: .patch, path: "/api/v1/bills/republique-numerique", body: #"{"participation": "open"}"#,
            access: .staff),
        Route(method: .post, path: "/api/v1/bills", body: #"{"markdown": "not a bill"}"#, access: .staff),
        Route(
            method: .post, path: "/api/v1/bills/republique-numerique/versions", body: #"{"markdown": "x"}"#,
            access: .staff),
        Route(method: .delete, path: "/api/v1/bills/republique-numerique/comments/1", body: "", access: .author),
        Route(
            method: .post, path: "/api/v1/bills/republique-numerique/amendments/1/withdraw", body: "", access: .author),
        Route(method: .delete, path: "/api/v1/accounts/me", body: "", access: .signedIn),
        // Last: it ends the session the checks above used (the erasure above ended the account,
        // so this one runs on a session opened for it; see `freshSession`).
        Route(method: .delete, path: "/api/v1/sessions/current", body: "", access: .signedIn),
    ]

    /// Routes run with a session opened just before, because an earlier route ended the caller's.
    static let freshSession: Set<String> = ["/api/v1/sessions/current"]

    /// Callers: anonymous, each role, the author of amendment 1 and comment 1 (a citizen), and the
    /// rapporteur assigned to the bill (the other rapporteur is assigned to none: as one of
    /// another bill, they review nothing here).
    static let callers: [(name: String, role: Role?, isAuthor: Bool)] = [
        ("anonymous", nil, false), ("citizen", .citizen, false), ("rapporteur", .rapporteur, false),
        ("staff", .staff, false), ("admin", .admin, false), ("author", .citizen, true),
        ("assigned", .rapporteur, false),
    ]

    static func allowed(_ access: Access, role: Role?, isAuthor: Bool, name: String) -> Bool {
        switch access {
        case .everyone: true
        case .signedIn: role != nil
        case .author: isAuthor
        case .staff: (role ?? .citizen) >= .staff
        case .reviewer: (role ?? .citizen) >= .staff || name == "assigned"
        }
    }

    @Test(arguments: 0..<7)
    func everyRouteForOneKindOfCaller(_ callerIndex: Int) async throws {
        let caller = Self.callers[callerIndex]
        let test = try await TestEngine()
        let author = try await test.person("autrice")
        let amendment = try await test.engine.proposeAmendment(
            to: "republique-numerique",
            AmendmentInput(
                baseVersion: "v2", title: "Supprimer l’article 12", summary: "Exposé.",
                changes: [ChangeInput(kind: "delete", article: "12")]), by: author)
        _ = try await test.engine.addComment(
            to: "republique-numerique", amendment: amendment.number, CommentInput(body: "x"), by: author)
        // Handles that are not reserved names (`staff`, `admin`… are refused as handles).
        let firstHandle = caller.isAuthor ? "autrice" : "une-\(caller.name)"
        if let role = caller.role, !caller.isAuthor { _ = try await test.person(firstHandle, role) }
        let engine = test.engine
        // Amendment 1 queued by a rule of one support, and the assigned rapporteur named.
        let organiser = try await test.person("une-organisatrice", .staff)
        _ = try await engine.setRapporteurs(
            caller.name == "assigned" ? ["une-assigned"] : [], of: "republique-numerique", by: organiser)
        _ = try await engine.setPromotionRule(
            try PromotionRule([.minimumSupports(1)]), of: "republique-numerique", by: organiser)
        let supporter = try await test.person("un-soutien")
        _ = try await engine.vote(.for, on: amendment.number, of: "republique-numerique", token: supporter.token)
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            var handle = firstHandle
            var erasures = 0
            var token =
                caller.role == nil ? nil : try await engine.signIn(handle: handle, password: "un mot de passe").token
            for route in Self.routes {
                if Self.freshSession.contains(route.path), caller.role != nil {
                    // The account was erased by the route before: open a session on a new one (the
                    // erased handle stays reserved for a while).
                    erasures += 1
                    handle = "\(caller.isAuthor ? "autrice" : "une-\(caller.name)")-\(erasures)"
                    _ = try await engine.createAccount(
                        handle: handle, password: "un mot de passe", role: caller.role ?? .citizen)
                    token = try await engine.signIn(handle: handle, password: "un mot de passe").token
                }
                var headers: HTTPFields = token.map { [.authorization: "Bearer \($0)"] } ?? [:]
                if !route.body.isEmpty { headers[.contentType] = "application/json" }
                try await client.execute(
                    uri: route.path, method: route.method, headers: headers,
                    body: route.body.isEmpty ? nil : ByteBuffer(string: route.body)
                ) { response in
                    let status = response.status.code
                    let denied = status == 401 || status == 403
                    if Self.allowed(route.access, role: caller.role, isAuthor: caller.isAuthor, name: caller.name) {
                        #expect(!denied, "\(caller.name) \(route.method) \(route.path) → \(status)")
                    } else {
                        #expect(
                            status == (caller.role == nil ? 401 : 403),
                            "\(caller.name) \(route.method) \(route.path) → \(status)")
                    }
                }
            }
        }
    }
}
