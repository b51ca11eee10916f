import Foundation

extension OpenAPIDocument {
    private typealias S = OpenAPISchemas

    /// Every route of the JSON API, by path and method.
    static var paths: JSON {
        let bills = "/api/v1/bills"
        let bill = "/api/v1/bills/{slug}"
        let amendment = "/api/v1/bills/{slug}/amendments/{number}"
        let article = "/api/v1/bills/{slug}/articles/{label}"
        return [
            "/healthz": ["get": operation("The server answers.", tag: "health", answer: S.ref("Health"))],
            "/api/v1/openapi.json": [
                "get": operation("This document.", tag: "health", answer: ["type": "object"])
            ],
            "/api/v1/accounts": [
                "post": operation(
                    "Sign up as a citizen.", tag: "accounts", body: S.ref("Credentials"), status: "201",
                    answer: S.ref("Account"))
            ],
            "/api/v1/sessions": [
                "post": operation(
                    "Sign in: a bearer token.", tag: "accounts", body: S.ref("Credentials"), status: "201",
                    answer: S.ref("Session"))
            ],
            "/api/v1/sessions/current": [
                "delete": operation("Sign out.", tag: "accounts", access: .signedIn, status: "204")
            ],
            "/api/v1/accounts/me/export": [
                "get": operation(
                    "Everything held about me.", tag: "accounts", access: .signedIn, answer: S.ref("PersonalData"))
            ],
            "/api/v1/accounts/me": [
                "delete": operation("Erase my account.", tag: "accounts", access: .signedIn, status: "204")
            ],
            bills: [
                "get": operation(
                    "The bills.", tag: "bills", parameters: [limit, cursor], answer: S.ref("BillPage")),
                "post": operation(
                    "Staff: import a bill.", tag: "bills", access: .signedIn, body: S.ref("BillUpload"),
                    status: "201", answer: S.ref("ImportedBill")),
            ],
            bill: [
                "get": operation("A bill.", tag: "bills", parameters: [slug, version], answer: S.ref("BillDetail")),
                "patch": operation(
                    "Staff: open, close or date participation; the reports that hide an item.", tag: "bills",
                    access: .signedIn, parameters: [slug], body: S.ref("BillUpdate"), status: "204"),
            ],
            bill + "/versions": [
                "get": operation("A bill's versions.", tag: "bills", parameters: [slug], answer: S.ref("VersionList")),
                "post": operation(
                    "Staff: publish a version.", tag: "bills", access: .signedIn, parameters: [slug],
                    body: S.ref("BillUpload"), status: "201", answer: S.ref("Version")),
            ],
            bill + "/articles": [
                "get": operation(
                    "A bill's articles.", tag: "bills", parameters: [slug, version, limit, cursor],
                    answer: S.ref("ArticleList"))
            ],
            article: [
                "get": operation(
                    "An article's text.", tag: "bills", parameters: [slug, label, version], answer: S.ref("Article"))
            ],
            article + "/history": [
                "get": operation(
                    "The versions in which an article changed.", tag: "bills", parameters: [slug, label],
                    answer: S.ref("ArticleHistory"))
            ],
            article + "/provenance": [
                "get": operation(
                    "Who wrote each alinéa.", tag: "bills", parameters: [slug, label, version],
                    answer: S.ref("Provenance"))
            ],
            article + "/diff": [
                "get": operation(
                    "An article between two versions.", tag: "diffs",
                    parameters: [
                        slug, label, requiredVersion("from"), requiredVersion("to"),
                        query("format", "The rendering.", schema: diffFormats),
                        query("ignoreTypography", "Hide typography-only changes.", schema: S.boolean),
                    ],
                    content: [
                        "application/json": ["schema": S.ref("ArticleDiff")], "text/plain": ["schema": S.string],
                        "text/html": ["schema": S.string],
                    ])
            ],
            article + "/comments": [
                "get": operation(
                    "Comments on an article.", tag: "comments", parameters: [slug, label, limit, cursor],
                    answer: S.ref("CommentList")),
                "post": operation(
                    "Comment on an article.", tag: "comments", access: .signedIn, parameters: [slug, label],
                    body: S.ref("CommentInput"), status: "201", answer: S.ref("Comment")),
            ],
            bill + "/compare": [
                "get": operation(
                    "Two versions compared.", tag: "diffs",
                    parameters: [
                        slug, requiredVersion("from"), requiredVersion("to"),
                        query("format", "The rendering of each article.", schema: diffFormats),
                        query("ignoreTypography", "Hide typography-only changes.", schema: S.boolean),
                    ],
                    content: [
                        "application/json": ["schema": S.ref("Comparison")], "text/plain": ["schema": S.string],
                        "text/html": ["schema": S.string],
                    ])
            ],
            bill + "/rule": [
                "get": operation("The promotion rule.", tag: "rule", parameters: [slug], answer: S.ref("RuleView")),
                "put": operation(
                    "Staff: set (or clear, with null) the promotion rule.", tag: "rule", access: .signedIn,
                    parameters: [slug], body: ["oneOf": [S.ref("Rule"), ["type": "null"]]], answer: S.ref("RuleView")),
            ],
            bill + "/rule/simulate": [
                "get": operation(
                    "A rule tried on the current tallies.", tag: "rule",
                    parameters: [
                        slug, ruleQuery,
                        query("participants", "Participants counted.", schema: ["type": "integer", "minimum": 1]),
                    ], answer: S.ref("RuleSimulation"))
            ],
            bill + "/amendments": [
                "get": operation(
                    "A bill's amendments.", tag: "amendments",
                    parameters: [
                        slug,
                        query(
                            "state", "Only this state.",
                            schema: [
                                "type": "string",
                                "enum": [
                                    "proposed", "withdrawn", "promoted", "adopted", "rejected", "conflicted", "open",
                                ],
                            ]),
                        query("article", "Only on this article."),
                        query(
                            "sort", "The order.", schema: ["type": "string", "enum": ["number", "newest", "support"]]),
                        limit,
                        query(
                            "cursor", "The nextCursor of the previous page.",
                            schema: ["type": "string", "pattern": "^[0-9]{1,9}(\\.[0-9]{1,9})?$"]),
                    ], answer: S.ref("AmendmentList")),
                "post": operation(
                    "Propose an amendment.", tag: "amendments", access: .signedIn, parameters: [slug],
                    body: S.ref("AmendmentInput"), status: "201", answer: S.ref("Amendment")),
            ],
            amendment: [
                "get": operation(
                    "An amendment, with the caller's vote when signed in.", tag: "amendments", access: .optional,
                    parameters: [slug, number], answer: S.ref("Amendment")),
                "patch": operation(
                    "Revise one's amendment.", tag: "amendments", access: .signedIn, parameters: [slug, number],
                    body: S.ref("AmendmentInput"), answer: S.ref("Amendment")),
            ],
            amendment + "/diff": [
                "get": operation(
                    "An amendment's diff.", tag: "amendments",
                    parameters: [
                        slug, number, query("format", "The rendering.", schema: diffFormats),
                        query("ignoreTypography", "Hide typography-only changes.", schema: S.boolean),
                    ], content: diffContent)
            ],
            amendment + "/withdraw": [
                "post": operation(
                    "Withdraw one's amendment.", tag: "amendments", access: .signedIn, parameters: [slug, number],
                    answer: S.ref("Amendment"))
            ],
            amendment + "/vote": [
                "get": operation(
                    "My vote on an amendment.", tag: "votes", access: .signedIn, parameters: [slug, number],
                    answer: S.ref("MyVote")),
                "put": operation(
                    "Vote for, against or abstain.", tag: "votes", access: .signedIn, parameters: [slug, number],
                    body: S.ref("VoteInput"), answer: S.ref("Vote")),
                "delete": operation(
                    "Withdraw my vote.", tag: "votes", access: .signedIn, parameters: [slug, number], status: "204"),
            ],
            amendment + "/comments": [
                "get": operation(
                    "Comments on an amendment.", tag: "comments", parameters: [slug, number, limit, cursor],
                    answer: S.ref("CommentList")),
                "post": operation(
                    "Comment on an amendment.", tag: "comments", access: .signedIn, parameters: [slug, number],
                    body: S.ref("CommentInput"), status: "201", answer: S.ref("Comment")),
            ],
            bill + "/comments/{id}": [
                "patch": operation(
                    "Edit one's comment.", tag: "comments", access: .signedIn, parameters: [slug, commentID],
                    body: S.ref("CommentEdit"), status: "204"),
                "delete": operation(
                    "Delete one's comment.", tag: "comments", access: .signedIn, parameters: [slug, commentID],
                    status: "204"),
            ],
            "/api/v1/reports": [
                "post": operation(
                    "Report an amendment or a comment.", tag: "moderation", access: .signedIn,
                    body: S.ref("ReportInput"), status: "201", answer: S.ref("Report")),
                "get": operation(
                    "Staff: the moderation inbox of every bill.", tag: "moderation", access: .signedIn,
                    parameters: [
                        query(
                            "state", "pending (the default) or all.",
                            schema: ["type": "string", "enum": ["pending", "all"]])
                    ], answer: S.ref("ModerationInbox")),
            ],
            bill + "/reports": [
                "get": operation(
                    "Staff: a bill's reports.", tag: "moderation", access: .signedIn, parameters: [slug],
                    answer: S.ref("ReportList"))
            ],
            bill + "/moderation": [
                "post": operation(
                    "Staff: hide or restore an item, with a reason.", tag: "moderation", access: .signedIn,
                    parameters: [slug], body: S.ref("ModerationDecision"), status: "204")
            ],
            bill + "/queue": [
                "get": operation("The rapporteur's queue.", tag: "queue", parameters: [slug], answer: S.ref("Queue"))
            ],
            bill + "/queue/{number}/opinion": [
                "post": operation(
                    "Rapporteur: give an opinion.", tag: "queue", access: .signedIn, parameters: [slug, number],
                    body: S.ref("OpinionInput"), answer: S.ref("Review"))
            ],
            bill + "/queue/{number}/decision": [
                "post": operation(
                    "Rapporteur: decide.", tag: "queue", access: .signedIn, parameters: [slug, number],
                    body: S.ref("DecisionInput"), answer: S.ref("Review"))
            ],
            bill + "/rapporteurs": [
                "get": operation(
                    "A bill's rapporteurs.", tag: "queue", parameters: [slug], answer: S.ref("Rapporteurs")),
                "put": operation(
                    "Staff: assign rapporteurs.", tag: "queue", access: .signedIn, parameters: [slug],
                    body: S.ref("RapporteursInput"), answer: S.ref("Rapporteurs")),
            ],
            bill + "/feed.atom": [
                "get": operation(
                    "The queue's events as an Atom feed.", tag: "queue", parameters: [slug],
                    content: ["application/atom+xml": ["schema": S.string]])
            ],
            bill + "/export": [
                "get": operation(
                    "The amendments for the debate, as a download.", tag: "queue",
                    parameters: [
                        slug,
                        query(
                            "format", "The file's format.",
                            schema: ["type": "string", "enum": ["csv", "json", "markdown", "liasse", "akn"]]),
                        query(
                            "selection", "Which amendments.",
                            schema: ["type": "string", "enum": ["queue", "adopted", "all"]]),
                        query("separator", "semicolon for a CSV with semicolons."),
                    ],
                    content: [
                        "text/csv": ["schema": S.string], "application/json": ["schema": ["type": "object"]],
                        "text/markdown": ["schema": S.string], "text/html": ["schema": S.string],
                        "application/zip": ["schema": ["type": "string", "contentMediaType": "application/zip"]],
                    ])
            ],
            bill + "/adoptions": [
                "post": operation(
                    "Staff or the assigned rapporteur: adopt the amendments decided adopted as a new version.",
                    tag: "adoption", access: .signedIn, parameters: [slug], body: S.ref("AdoptionInput"),
                    status: "201", answer: S.ref("Adoption"))
            ],
        ]
    }
}
