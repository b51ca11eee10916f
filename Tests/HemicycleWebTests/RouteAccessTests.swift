import EngineTestSupport
import Foundation
import Hemicycle
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HemicycleWeb

/// Each group of routes states who may reach it, so where a route is registered does not matter.
@Suite struct RouteAccessTests {
    let test: TestEngine
    var engine: Engine { test.engine }

    init() async throws {
        test = try await TestEngine()
    }

    @Test func aRouteAddedAfterTheOthersIsStillProtected() async throws {
        _ = try await test.person("retardataire")
        let token = try await engine.signIn(handle: "retardataire", password: "un mot de passe").token
        let router = try buildRouter(engine: engine)
        // A later feature's routes, registered after every other route: one for signed-in people,
        // one for anyone that still learns who asks.
        let access = Access(engine: engine)
        access.signedIn(router, "/api/v1/later").get("mine") { _, context in context.identity.account.handle.value }
        access.anyone(router, "/api/v1/later").get("who") { _, context in
            context.identity?.account.handle.value ?? "anonyme"
        }
        try await Application(router: router).test(.router) { client throws in
            let get = { (path: String, token: String?) async throws -> (HTTPResponse.Status, String) in
                try await client.execute(
                    uri: path, method: .get, headers: token.map { [.authorization: "Bearer \($0)"] } ?? [:]
                ) { ($0.status, String(buffer: $0.body)) }
            }
            #expect(try await get("/api/v1/later/mine", nil).0 == .unauthorized)
            #expect(try await get("/api/v1/later/mine", "forged").0 == .unauthorized)
            #expect(try await get("/api/v1/later/mine", token) == (.ok, "retardataire"))
            #expect(try await get("/api/v1/later/who", nil) == (.ok, "anonyme"))
            #expect(try await get("/api/v1/later/who", token) == (.ok, "retardataire"))
            #expect(try await get("/api/v1/later/who", "forged").0 == .unauthorized)
            // The routes registered before are as protected as ever.
            #expect(try await get("/api/v1/accounts/me/export", nil).0 == .unauthorized)
            #expect(try await get("/api/v1/accounts/me/export", token).0 == .ok)
        }
    }
}
