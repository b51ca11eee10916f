import EngineTestSupport
import Foundation
import HTTPTypes
import Hemicycle
import HemicycleWeb
import Hummingbird
import HummingbirdTesting
import Legislation
import TestSupport
import Testing

/// Staff and rapporteurs' pages: importing and publishing from uploads, participation, the rule
/// simulated with its chart, the moderation inbox (and its API), and the queue with opinion,
/// decision and exports.
@Suite struct StaffPageTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    let slug = "republique-numerique"

    init() async throws {
        test = try await TestEngine()
    }

    func withBrowser(_ body: @escaping @Sendable (PageBrowser) async throws -> Void) async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in try await body(PageBrowser(client)) }
    }

    /// Signs a browser in as an account made with `role`.
    func signIn(_ browser: PageBrowser, _ handle: String, _ role: Role) async throws {
        _ = try await engine.createAccount(handle: handle, password: "un mot de passe", role: role)
        _ = try await browser.get("/login")
        let page = try await browser.post("/login", [("handle", handle), ("password", "un mot de passe")])
        #expect(page.status == .seeOther)
    }

    static let draft = """
        title: Projet de loi relatif à la transparence

        # TITRE Ier
        ### Article 1er
        Les administrations publient leurs algorithmes.

        ### Article 2
        Le présent article entre en vigueur le 1er janvier 2027.
        """

    @Test func staffImportPublishDateParticipationAndAssignRapporteurs() async throws {
        try await withBrowser { browser in
            try await signIn(browser, "citoyenne", .citizen)
            #expect(try await browser.get("/staff").status == .forbidden)
            try await signIn(browser, "greffe", .staff)
            var page = try await browser.get("/staff")
            #expect(page.status == .ok)
            page = try await browser.postMultipart(
                "/staff/bills", [("slug", "transparence"), ("stage", "Texte initial"), ("date", "2026-11-02")],
                files: [("file", "projet.md", Self.draft)])
            #expect(page.status == .seeOther)
            #expect(page.location == "/bills/transparence")
            #expect(
                try await browser.get("/bills/transparence").html.contains("Projet de loi relatif à la transparence"))
            // A second version, pasted rather than uploaded.
            _ = try await browser.get("/staff/bills/transparence")
            page = try await browser.postMultipart(
                "/staff/bills/transparence/versions",
                [
                    ("stage", "Texte de la commission"), ("date", "2026-11-20"),
                    (
                        "markdown",
                        Self.draft.replacingOccurrences(of: "algorithmes", with: "algorithmes et leurs codes")
                    ),
                ])
            #expect(page.status == .seeOther)
            #expect(
                try await engine.versions(of: BillSlug("transparence")).map(\.stage).last == "Texte de la commission")
            // A malformed draft is refused on the page, with nothing published.
            page = try await browser.postMultipart(
                "/staff/bills/transparence/versions", [("stage", "Brouillon"), ("markdown", "pas de titre")])
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains(#"class="error""#))
            #expect(try await engine.versions(of: BillSlug("transparence")).count == 2)
            // Dates typed in Paris time; an order that makes no sense is refused.
            page = try await browser.post(
                "/staff/bills/transparence/participation",
                [("open", "true"), ("opensAt", "2026-01-10T09:00"), ("closesAt", "2026-01-05T18:00")])
            #expect(page.status == .unprocessableContent)
            page = try await browser.post(
                "/staff/bills/transparence/participation",
                [("open", "false"), ("opensAt", ""), ("closesAt", "2026-01-15T18:00")])
            #expect(page.status == .seeOther)
            let facts = try await engine.participationSummary(of: BillSlug("transparence"))
            #expect(facts.phase == "closed")
            #expect(facts.closesAt == ISO8601DateFormatter().date(from: "2026-01-15T17:00:00Z"))
            #expect(try await browser.get("/").html.contains("15 janvier 2026"))
            page = try await browser.post("/staff/bills/transparence/rapporteurs", [("handles", "citoyenne")])
            #expect(page.status == .seeOther)
            #expect(try await engine.rapporteurs(of: BillSlug("transparence")).rapporteurs == ["citoyenne"])
        }
    }

    @Test func theRuleIsSimulatedOnRealVoteCountsWithAChartThenSaved() async throws {
        let counts = try String(
            contentsOf: Fixtures.shared.appendingPathComponent(
                "republique-numerique/consultation-2015-vote-counts.csv"),
            encoding: .utf8)
        try await withBrowser { browser in
            try await signIn(browser, "greffe", .staff)
            _ = try await browser.get("/staff/bills/\(slug)")
            let rule = [("minimumSupports", "100"), ("requireNetSupport", "true"), ("evaluation", "continuous")]
            var page = try await browser.postMultipart(
                "/staff/bills/\(slug)/rule", rule + [("action", "simulate"), ("participants", "21330")],
                files: [("votes", "votes.csv", counts)])
            #expect(page.status == .ok)
            #expect(page.html.contains(#"<svg class="chart""#))
            #expect(page.html.contains("<rect"))
            #expect(page.html.contains("seuil : 100 soutiens"))
            #expect(page.html.contains("amendements retenus sur 1\u{202F}390"))
            #expect(try await engine.promotionRule(of: BillSlug(slug)!).rule == nil, "a simulation saves nothing")
            page = try await browser.postMultipart(
                "/staff/bills/\(slug)/rule", [("minimumShare", "abc"), ("action", "simulate")])
            #expect(page.status == .unprocessableContent)
            page = try await browser.postMultipart("/staff/bills/\(slug)/rule", rule + [("action", "save")])
            #expect(page.status == .seeOther)
            let saved = try await engine.promotionRule(of: BillSlug(slug)!).rule
            #expect(saved?.criteria == [.minimumSupports(100), .requireNetSupport])
        }
    }

    @Test func staffSeeAReportedCommentInTheInboxAndHideIt() async throws {
        let author = try await test.person("auteur")
        let bill = BillSlug(slug)!
        let comment = try await engine.addComment(
            to: bill, article: try Parse.label("7"), CommentInput(body: "Un message hors sujet.", stance: "con"),
            by: author)
        try await withBrowser { browser in
            try await signIn(browser, "signaleuse", .citizen)
            _ = try await browser.get("/bills/\(slug)/articles/7")
            var page = try await browser.post(
                "/bills/\(slug)/reports",
                [
                    ("kind", "comment"), ("target", String(comment.id)), ("reason", "hors sujet"),
                    ("back", "/bills/\(slug)/articles/7"),
                ])
            #expect(page.status == .seeOther)
            #expect(try await browser.get("/staff/moderation").status == .forbidden)
            try await signIn(browser, "moderatrice", .staff)
            page = try await browser.get("/staff/moderation")
            #expect(page.html.contains("Un message hors sujet."))
            #expect(page.html.contains("hors sujet</li>"))
            #expect(page.html.contains("/bills/\(slug)/articles/7#commentaire-\(comment.id)"))
            page = try await browser.post(
                "/staff/moderation",
                [
                    ("bill", slug), ("kind", "comment"), ("target", String(comment.id)), ("hidden", "true"),
                    ("reason", "sans rapport avec l’article"), ("back", "/staff/moderation"),
                ])
            #expect(page.status == .seeOther)
            #expect(try await browser.get("/staff/moderation").html.contains("Aucun signalement en attente."))
            let article = try await browser.get("/bills/\(slug)/articles/7").html
            #expect(!article.contains("Un message hors sujet."))
            #expect(article.contains("Commentaire masqué par la modération."))
            // A reason is required.
            page = try await browser.post(
                "/staff/moderation",
                [
                    ("bill", slug), ("kind", "comment"), ("target", String(comment.id)), ("hidden", "false"),
                    ("reason", ""),
                ])
            #expect(page.status == .unprocessableContent)
        }
        // The inbox's API, for staff only.
        let staff = try await engine.signIn(handle: "moderatrice", password: "un mot de passe").token
        let citizen = try await engine.signIn(handle: "signaleuse", password: "un mot de passe").token
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in
            let read = { (query: String, token: String) async throws -> (HTTPResponse.Status, String) in
                try await client.execute(
                    uri: "/api/v1/reports" + query, method: .get, headers: [.authorization: "Bearer \(token)"]
                ) { ($0.status, String(buffer: $0.body)) }
            }
            #expect(try await read("?state=pending", citizen).0 == .forbidden)
            let pending = try await read("?state=pending", staff)
            #expect(pending.0 == .ok && pending.1.contains(#""items":[]"#))
            let all = try await read("?state=all", staff)
            #expect(all.0 == .ok && all.1.contains(#""reasons":["hors sujet"]"#) && all.1.contains(#""hidden":true"#))
            #expect(try await read("?state=lost", staff).0 == .unprocessableContent)
        }
    }

    @Test func theRapporteurReviewsTheQueueAndDownloadsTheLiasse() async throws {
        let bill = BillSlug(slug)!
        let staff = try await test.person("greffe", .staff)
        let author = try await test.person("auteur")
        let article = try await engine.article(try Parse.label("7"), of: bill)
        let text = article.alineas.map(\.text).joined(separator: "\n\n")
            .replacingOccurrences(of: "tous les cinq ans", with: "tous les trois ans")
        let amendment = try await engine.proposeAmendment(
            to: bill,
            AmendmentInput(
                baseVersion: "v3", title: "Trois ans", summary: "Plus souvent.",
                changes: [ChangeInput(kind: "modify", article: "7", text: text)]),
            by: author)
        _ = try await engine.setPromotionRule(try Parse.rule(#"{"minimumSupports": 1}"#), of: bill, by: staff)
        let supporter = try await test.person("soutien")
        _ = try await engine.vote(.for, on: amendment.number, of: bill, token: supporter.token)
        _ = try await engine.applyPromotionRules()
        _ = try await engine.createAccount(handle: "rapporteure", password: "un mot de passe", role: .rapporteur)
        _ = try await engine.setRapporteurs(["rapporteure"], of: bill, by: staff)
        try await withBrowser { browser in
            _ = try await browser.get("/login")
            _ = try await browser.post("/login", [("handle", "rapporteure"), ("password", "un mot de passe")])
            var page = try await browser.get("/bills/\(slug)/queue")
            #expect(page.status == .ok)
            #expect(page.html.contains("Trois ans"))
            #expect(page.html.contains(#"action="/bills/\#(slug)/queue/\#(amendment.number.value)/opinion""#))
            page = try await browser.post(
                "/bills/\(slug)/queue/\(amendment.number.value)/opinion",
                [("opinion", "favorable"), ("comment", "Bonne idée.")])
            #expect(page.status == .seeOther)
            page = try await browser.post(
                "/bills/\(slug)/queue/\(amendment.number.value)/decision", [("decision", "adopted")])
            #expect(page.status == .seeOther)
            page = try await browser.get("/bills/\(slug)/queue")
            #expect(page.html.contains("<strong>favorable</strong> — Bonne idée."))
            #expect(page.html.contains("Décision : <strong>adopté</strong>"))
            let liasse = try #require(
                page.html.firstMatch(of: try Regex(#"/api/v1/bills/[a-z-]+/export\?selection=queue&amp;format=liasse"#))
            )
            let link = String(page.html[liasse.range]).replacingOccurrences(of: "&amp;", with: "&")
            let download = try await browser.get(link)
            #expect(download.status == .ok)
            #expect(download.html.contains("AMENDEMENT N° \(amendment.number.value)"))
            #expect(download.html.contains("substituer au mot : « cinq » le mot : « trois »"))
            // A page of its own: its inline style allowed, still no script.
            let policy = download.headers[.contentSecurityPolicy] ?? ""
            #expect(policy.contains("style-src 'unsafe-inline'") && policy.contains("default-src 'none'"))
            // The amendment's page shows the review.
            #expect(
                try await browser.get("/bills/\(slug)/amendments/\(amendment.number.value)").html.contains("favorable"))
        }
    }
}
