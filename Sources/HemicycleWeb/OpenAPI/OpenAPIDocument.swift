import Foundation

/// The OpenAPI 3.1 document of the JSON API, served at `/api/v1/openapi.json`. A test checks that
/// every route of the router under `/api/v1` (and `/healthz`) is documented here and that every
/// operation documented here is a route, so the two cannot drift apart.
enum OpenAPIDocument {
    typealias JSON = [String: Any]
    private typealias S = OpenAPISchemas

    /// The document, encoded once.
    static let bytes: Data = {
        (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }()

    static var document: JSON {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Hemicycle",
                "version": "1",
                "description":
                    "Bills as versioned articles, amendments proposed and supported by citizens, a promotion rule per bill, the rapporteur's queue and its exports. Write routes take `Authorization: Bearer <token>` from POST /api/v1/sessions; the pages' session cookie is not accepted here.",
            ],
            "servers": [["url": "/"]],
            "components": [
                "schemas": S.all,
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
            ],
            "paths": paths,
        ]
    }

    // MARK: - Building blocks

    enum Access { case anyone, optional, signedIn }

    static func parameter(_ name: String, in place: String = "path", _ description: String, required: Bool = true)
        -> JSON
    {
        [
            "name": name, "in": place, "required": place == "path" ? true : required, "schema": S.string,
            "description": description,
        ]
    }

    static var slug: JSON {
        parameter("slug", "The bill's short name, such as republique-numerique.")
    }
    static var number: JSON {
        [
            "name": "number", "in": "path", "required": true, "schema": ["type": "integer", "minimum": 1],
            "description": "The amendment's number.",
        ]
    }
    static var label: JSON {
        parameter("label", "An article's label, such as 1er, 2 bis or L. 312-1.")
    }
    static var commentID: JSON {
        [
            "name": "id", "in": "path", "required": true, "schema": ["type": "integer", "minimum": 1],
            "description": "The comment's id.",
        ]
    }
    static func query(_ name: String, _ description: String, schema: JSON = S.string) -> JSON {
        ["name": name, "in": "query", "required": false, "schema": schema, "description": description]
    }
    static var limit: JSON {
        query("limit", "Items per page, 1 to 100.", schema: ["type": "integer", "minimum": 1, "maximum": 100])
    }
    static var cursor: JSON {
        query("cursor", "The nextCursor of the previous page.")
    }
    static var version: JSON {
        query("version", "A published version, such as v2; the latest when absent.", schema: versionSchema)
    }
    static var versionSchema: JSON { ["type": "string", "pattern": "^v?[1-9][0-9]{0,5}$"] }
    /// A version both ends of a comparison need.
    static func requiredVersion(_ name: String) -> JSON {
        [
            "name": name, "in": "query", "required": true, "schema": versionSchema,
            "description": "A version, such as v2.",
        ]
    }
    /// The rule as JSON in a query parameter.
    static var ruleQuery: JSON {
        [
            "name": "rule", "in": "query", "required": true, "description": "The rule to try, as JSON.",
            "content": ["application/json": ["schema": OpenAPISchemas.ref("Rule")]],
        ]
    }

    static func json(_ schema: JSON) -> JSON { ["application/json": ["schema": schema]] }

    static var errors: JSON {
        [
            "default": ["description": "An error: what went wrong and how to fix it.", "content": json(S.ref("Error"))]
        ]
    }

    /// One operation: its summary, who may call it, its parameters, body and answers.
    static func operation(
        _ summary: String, tag: String, access: Access = .anyone, parameters: [JSON] = [], body: JSON? = nil,
        status: String = "200", answer: JSON? = nil, content: JSON? = nil
    ) -> JSON {
        var responses = errors
        if let content {
            responses[status] = ["description": summary, "content": content]
        } else if let answer {
            responses[status] = ["description": summary, "content": json(answer)]
        } else {
            responses[status] = ["description": summary]
        }
        var operation: JSON = ["summary": summary, "tags": [tag], "responses": responses]
        if !parameters.isEmpty { operation["parameters"] = parameters }
        if let body { operation["requestBody"] = ["required": true, "content": json(body)] }
        switch access {
        case .anyone: operation["security"] = [JSON]()
        case .optional: operation["security"] = [JSON(), ["bearer": [String]()]]
        case .signedIn: operation["security"] = [["bearer": [String]()]]
        }
        return operation
    }

    static var diffFormats: JSON {
        [
            "type": "string", "enum": ["json", "text", "ansi", "html", "side-by-side", "legistic"],
        ]
    }
    static var diffContent: JSON {
        [
            "application/json": ["schema": S.array(S.ref("ArticleDiff"))],
            "text/plain": ["schema": S.string], "text/html": ["schema": S.string],
        ]
    }
}

extension OpenAPIDocument {
    /// The documented paths as segments, `{…}` standing for any one segment, with their methods.
    static let routes: [(segments: [String], methods: [String])] = {
        guard let paths = document["paths"] as? [String: [String: Any]] else { return [] }
        return paths.map { path, operations in
            (path.split(separator: "/").map(String.init), operations.keys.map { $0.uppercased() }.sorted())
        }
    }()

    /// The methods a documented path takes, for a 405 with `Allow`; nil when no documented path
    /// matches (then it is a 404).
    static func allowedMethods(for path: String) -> [String]? {
        let segments = path.split(separator: "/").map(String.init)
        for route in routes where route.segments.count == segments.count {
            let matches = zip(route.segments, segments).allSatisfy { pattern, segment in
                pattern.hasPrefix("{") || pattern == segment
            }
            if matches { return route.methods }
        }
        return nil
    }
}
