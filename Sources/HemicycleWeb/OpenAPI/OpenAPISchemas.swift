import Foundation

/// The schemas of the OpenAPI document: what each JSON body holds. They state the fields every
/// answer carries and their kinds, and allow fields added later.
enum OpenAPISchemas {
    typealias JSON = [String: Any]

    static func ref(_ name: String) -> JSON { ["$ref": "#/components/schemas/\(name)"] }
    static var string: JSON {
        ["type": "string"]
    }
    static var integer: JSON {
        ["type": "integer"]
    }
    static var boolean: JSON {
        ["type": "boolean"]
    }
    static var dateTime: JSON {
        ["type": "string", "format": "date-time"]
    }
    static var nullableString: JSON {
        ["type": ["string", "null"]]
    }
    static func array(_ items: JSON) -> JSON { ["type": "array", "items": items] }

    /// An object with these properties, the `required` ones always present.
    static func object(_ properties: [String: JSON], required: [String] = []) -> JSON {
        var schema: JSON = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required.sorted() }
        return schema
    }

    static var all: JSON {
        let tally = object(
            ["for": integer, "against": integer, "abstain": integer], required: ["for", "against", "abstain"])
        let version = object(
            [
                "number": string, "stage": string, "publishedAt": dateTime, "articleCount": integer, "commit": string,
            ], required: ["number", "stage", "publishedAt", "articleCount", "commit"])
        let amendment = object(
            [
                "number": integer, "title": string, "summary": string, "state": string, "author": string,
                "baseVersion": string, "head": string, "articles": array(string), "createdAt": dateTime,
                "updatedAt": dateTime, "hidden": boolean, "tally": ref("Tally"), "earlierTally": ref("Tally"),
                "diff": array(ref("ArticleDiff")), "myVote": ref("MyVote"), "promotion": ["type": "object"],
                "review": ref("Review"), "conflict": ["type": "object"],
            ],
            required: [
                "number", "title", "summary", "state", "author", "baseVersion", "head", "articles", "createdAt",
                "updatedAt", "hidden", "tally", "earlierTally",
            ])
        let comment = object(
            [
                "id": integer, "parent": integer, "author": string, "body": string, "stance": string,
                "deleted": boolean, "hidden": boolean, "createdAt": dateTime, "updatedAt": dateTime,
            ], required: ["id", "author", "body", "stance", "deleted", "hidden", "createdAt", "updatedAt"])
        return [
            "Error": object(
                [
                    "error": object(
                        [
                            "code": string, "key": string, "message": string, "field": string,
                            "parameters": ["type": "object", "additionalProperties": string], "requestId": string,
                        ], required: ["code", "message"])
                ], required: ["error"]),
            "Health": object(["status": string], required: ["status"]),
            "Tally": tally,
            "Version": version,
            "VersionList": object(["bill": string, "items": array(ref("Version"))], required: ["bill", "items"]),
            "BillSummary": object(
                [
                    "slug": string, "title": string, "number": string, "versions": array(ref("Version")),
                    "latestVersion": string, "articleCount": integer,
                ], required: ["slug", "title", "versions", "latestVersion", "articleCount"]),
            "BillPage": object(
                ["items": array(ref("BillSummary")), "nextCursor": nullableString], required: ["items", "nextCursor"]),
            "BillDetail": object(
                [
                    "slug": string, "title": string, "number": string, "attribution": string, "version": ref("Version"),
                    "versions": array(ref("Version")), "structure": array(["type": "object"]),
                    "exposeDesMotifs": string, "participation": string, "participationOpensAt": string,
                    "participationClosesAt": string,
                ], required: ["slug", "title", "version", "versions", "structure", "participation"]),
            "ImportedBill": object(
                ["slug": string, "title": string, "versions": array(ref("Version"))],
                required: ["slug", "title", "versions"]),
            "BillUpload": object(
                [
                    "slug": string, "stage": string, "date": string, "markdown": string,
                    "files": ["type": "object", "additionalProperties": string],
                ]),
            "BillUpdate": [
                "type": "object", "minProperties": 1,
                "properties": [
                    "participation": ["type": "string", "enum": ["open", "closed"]],
                    "opensAt": ["type": ["string", "null"], "format": "date-time"],
                    "closesAt": ["type": ["string", "null"], "format": "date-time"],
                    "reportsToHide": ["type": "integer", "minimum": 1, "maximum": 1000],
                ],
                "anyOf": ["participation", "opensAt", "closesAt", "reportsToHide"].map { ["required": [$0]] },
            ],
            "ArticleList": object(
                [
                    "bill": string, "version": string,
                    "items": array(
                        object(["label": string, "divisions": array(string)], required: ["label", "divisions"])),
                    "total": integer, "nextCursor": nullableString,
                ], required: ["bill", "version", "items", "total", "nextCursor"]),
            "Article": object(
                [
                    "bill": string, "version": string, "label": string, "heading": string,
                    "alineas": array(object(["number": integer, "text": string], required: ["number", "text"])),
                ], required: ["bill", "version", "label", "heading", "alineas"]),
            "ArticleHistory": object(
                ["bill": string, "label": string, "items": array(["type": "object"])],
                required: ["bill", "label", "items"]),
            "ArticleDiff": object(
                [
                    "label": string, "change": string, "approximate": boolean, "textChanged": boolean,
                    "typographyOnly": boolean, "operations": array(["type": "object"]), "rendered": string,
                ], required: ["label", "change", "approximate", "textChanged", "typographyOnly", "operations"]),
            "Comparison": object(
                [
                    "bill": string, "from": string, "to": string, "added": array(string), "removed": array(string),
                    "modified": array(string), "typographyOnly": array(string), "renamed": array(["type": "object"]),
                    "unchangedCount": integer, "articles": array(ref("ArticleDiff")),
                    "adopted": array(["type": "object"]),
                ], required: ["bill", "from", "to", "articles", "unchangedCount"]),
            "AmendmentDiff": object(
                ["bill": string, "number": integer, "head": string, "articles": array(ref("ArticleDiff"))]),
            "Provenance": object(
                ["bill": string, "label": string, "version": string, "alineas": array(["type": "object"])],
                required: ["bill", "label", "version", "alineas"]),
            "Amendment": amendment,
            "AmendmentList": object(
                ["items": array(ref("Amendment")), "total": integer, "nextCursor": nullableString],
                required: ["items", "total", "nextCursor"]),
            "AmendmentInput": object(
                [
                    "baseVersion": string, "title": string, "summary": string,
                    "changes": array(
                        object(
                            [
                                "kind": ["type": "string", "enum": ["modify", "insert", "delete"]], "article": string,
                                "after": string, "before": string, "label": string, "text": string,
                            ], required: ["kind"])),
                ], required: ["title", "summary", "changes"]),
            "MyVote": object(
                [
                    "value": string, "onCurrentText": boolean,
                    "receipt": [
                        "type": "string", "pattern": "^[0-9a-f]{32}$",
                        "description":
                            "The vote's receipt in the bill's public participation ledger (the `participation` branch of its git repository).",
                    ],
                ], required: ["value", "onCurrentText", "receipt"]),
            "VoteInput": object(
                ["value": ["type": "string", "enum": ["for", "against", "abstain"]]], required: ["value"]),
            "Vote": object(["value": string, "tally": ref("Tally")], required: ["value", "tally"]),
            "Comment": comment,
            "CommentList": object(
                ["items": array(ref("Comment")), "nextCursor": nullableString], required: ["items", "nextCursor"]),
            "CommentInput": object(
                [
                    "body": ["type": "string", "minLength": 1, "maxLength": 10000, "pattern": "\\S"],
                    "stance": ["type": "string", "enum": ["pro", "con", "neutral"]],
                    "parent": ["type": "integer", "minimum": 1],
                ], required: ["body"]),
            "CommentEdit": object(
                ["body": ["type": "string", "minLength": 1, "maxLength": 10000, "pattern": "\\S"]], required: ["body"]),
            "ReportInput": object(
                [
                    "bill": string, "kind": ["type": "string", "enum": ["amendment", "comment"]], "target": string,
                    "reason": string,
                ], required: ["bill", "kind", "target"]),
            "Report": object(["hidden": boolean], required: ["hidden"]),
            "ReportList": object(["items": array(["type": "object"])], required: ["items"]),
            "ModerationInbox": object(
                [
                    "state": string,
                    "items": array(
                        object(
                            [
                                "bill": string, "kind": string, "target": string, "reports": integer,
                                "lastReportedAt": dateTime, "reasons": array(string), "hidden": boolean,
                                "pending": boolean, "decidedBy": string, "decidedAt": dateTime,
                                "decisionReason": string, "excerpt": string, "onKind": string, "on": string,
                            ],
                            required: [
                                "bill", "kind", "target", "reports", "lastReportedAt", "reasons", "hidden", "pending",
                            ])),
                ], required: ["state", "items"]),
            "ModerationDecision": object(
                [
                    "kind": ["type": "string", "enum": ["amendment", "comment"]], "target": string, "hidden": boolean,
                    "reason": string,
                ], required: ["kind", "target", "hidden", "reason"]),
            "Credentials": object(["handle": string, "password": string], required: ["handle", "password"]),
            "Account": object(["id": string, "handle": string, "role": string], required: ["id", "handle", "role"]),
            "Session": object(["token": string, "expiresAt": dateTime], required: ["token", "expiresAt"]),
            "PersonalData": object(
                [
                    "account": ref("Account"), "createdAt": dateTime, "openSessions": integer,
                    "amendments": array(["type": "object"]), "votes": array(["type": "object"]),
                    "comments": array(["type": "object"]), "actions": array(["type": "object"]),
                ], required: ["account", "createdAt", "amendments", "votes", "comments", "actions"]),
            "Rule": [
                "type": "object",
                "description":
                    "criteria: minimumSupports, minimumShare, requireNetSupport, topPerArticle, minimumAgeHours; and evaluation",
            ],
            "RuleView": object(["bill": string, "rule": ["type": ["object", "null"]]], required: ["bill"]),
            "RuleSimulation": object(
                [
                    "rule": ["type": "object"], "source": string, "evaluated": integer, "promotedCount": integer,
                    "participants": integer, "promoted": array(["type": "object"]),
                    "distribution": array(["type": "object"]),
                    "supportsLine": integer,
                ], required: ["rule", "source", "evaluated", "promotedCount", "promoted", "distribution"]),
            "Queue": object(
                [
                    "bill": string, "rule": ["type": "object"], "rapporteurs": array(string), "count": integer,
                    "articles": array(["type": "object"]),
                ], required: ["bill", "rapporteurs", "count", "articles"]),
            "Review": object(
                [
                    "opinion": string, "comment": string, "opinionAt": dateTime, "decision": string,
                    "decisionAt": dateTime,
                ]),
            "Rapporteurs": object(["bill": string, "rapporteurs": array(string)], required: ["bill", "rapporteurs"]),
            "RapporteursInput": object(["rapporteurs": array(string)], required: ["rapporteurs"]),
            "OpinionInput": object(
                [
                    "opinion": [
                        "type": "string", "enum": ["favorable", "défavorable", "sagesse", "demande de retrait"],
                    ],
                    "comment": ["type": "string", "maxLength": 5000],
                ], required: ["opinion"]),
            "DecisionInput": object(
                ["decision": ["type": "string", "enum": ["adopted", "rejected", "withdrawn"]]], required: ["decision"]),
            "AdoptionInput": object(["stage": string, "amendments": array(integer)], required: ["stage"]),
            "Adoption": object(
                [
                    "bill": string, "version": string, "stage": string, "adopted": array(integer), "carried": integer,
                    "conflicted": array(["type": "object"]),
                ], required: ["bill", "version", "stage", "adopted", "carried", "conflicted"]),
        ]
    }
}
