import EngineTestSupport
import Foundation
import Hemicycle
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HemicycleWeb

/// The OpenAPI document and the router agree: every JSON route is documented, every documented
/// operation is a route, and the document is served.
@Suite struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationExists() async throws {
        let test = try await TestEngine(seeded: false)
        let router = try buildRouter(engine: test.engine)
        let routed = Set(
            router.routes.compactMap { route -> String? in
                let path = "\(route.path)"
                guard path.hasPrefix("/api/") || path == "/healthz" else { return nil }
                let braced = path.split(separator: "/", omittingEmptySubsequences: false).map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }.joined(separator: "/")
                return "\(route.method.rawValue.lowercased()) \(braced)"
            })
        let paths = try #require(OpenAPIDocument.document["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
        #expect(routed.count >= 45)
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from the document")
        #expect(documented.subtracting(routed).sorted() == [], "documented operations that are no route")
        // Every operation says who may call it and answers errors with the error schema.
        for (path, operations) in paths {
            for (method, value) in operations {
                let operation = try #require(value as? [String: Any])
                #expect(operation["security"] != nil, "\(method) \(path)")
                let responses = try #require(operation["responses"] as? [String: Any])
                #expect(responses["default"] != nil, "\(method) \(path)")
            }
        }
    }

    @Test func theDocumentIsServedAsOpenAPI31() async throws {
        let test = try await TestEngine(seeded: false)
        let application = try buildApplication(engine: test.engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let document = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                #expect(document["openapi"] as? String == "3.1.0")
                let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
                #expect(schemas?["Amendment"] != nil)
            }
        }
    }

    @Test func anUndocumentedMethodIs405AndAnEmptyParameterIsAbsent() async throws {
        let test = try await TestEngine()
        let application = try buildApplication(engine: test.engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            try await client.execute(uri: "/api/v1/bills/republique-numerique/versions", method: .trace) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, POST")
            }
            #expect(try await client.execute(uri: "/api/v1/nowhere", method: .get) { $0.status } == .notFound)
            let read = { (uri: String) async throws -> NSDictionary? in
                try await client.execute(uri: uri, method: .get) {
                    try JSONSerialization.jsonObject(with: Data($0.body.readableBytesView)) as? NSDictionary
                }
            }
            let empty = try await read("/api/v1/bills/republique-numerique/articles/7?version=")
            let absent = try await read("/api/v1/bills/republique-numerique/articles/7")
            #expect(empty != nil && empty == absent && absent?["version"] as? String == "v3")
            // A label that cannot be read names no article: 404, with the nearest labels.
            try await client.execute(uri: "/api/v1/bills/republique-numerique/articles/7%20zz", method: .get) {
                response in
                #expect(response.status == .notFound)
            }
        }
    }
}
