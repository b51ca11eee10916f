import EngineTestSupport
import Foundation
import HTTPTypes
import Hemicycle
import Hummingbird
import HummingbirdTesting
import Legislation
import TestSupport
import Testing

@testable import HemicycleWeb

/// The pages, read and used as a browser would over the router: every page in both languages
/// with its security headers, sign-up to vote to comment to report, the form guard on every
/// state-changing route, and escaping of what people write.
@Suite struct PageTests {
    let test: TestEngine
    var engine: Engine { test.engine }
    let slug = "republique-numerique"

    /// The demo bill with amendment 1, on article 7 of v3.
    init() async throws {
        test = try await TestEngine()
        let author = try await test.person("auteur")
        let slug = try #require(BillSlug("republique-numerique"))
        let article = try await test.engine.article(try Parse.label("7"), of: slug)
        let text = article.alineas.map(\.text).joined(separator: "\n\n")
            .replacingOccurrences(of: "tous les cinq ans", with: "tous les trois ans")
        _ = try await test.engine.proposeAmendment(
            to: slug,
            AmendmentInput(
                baseVersion: "v3", title: "Réviser la liste des licences tous les trois ans",
                summary: "Cinq ans, c’est trop long pour suivre l’évolution des licences libres.",
                changes: [ChangeInput(kind: "modify", article: "7", text: text)]),
            by: author)
    }

    func withBrowser(_ body: @escaping @Sendable (PageBrowser) async throws -> Void) async throws {
        let application = try buildApplication(engine: engine, configuration: WebConfiguration())
        try await application.test(.router) { client in try await body(PageBrowser(client)) }
    }

    func signUp(_ browser: PageBrowser, _ handle: String) async throws {
        try await browser.get("/signup")
        let page = try await browser.post(
            "/signup",
            [
                ("handle", handle), ("password", "un mot de passe sûr"), ("confirmation", "un mot de passe sûr"),
                ("next", "/account"),
            ])
        #expect(page.status == .seeOther)
        #expect(page.location == "/account")
    }

    @Test(arguments: [("fr", "21 janvier 2016", "Projets de loi"), ("en", "21 January 2016", "Bills")])
    func everyPageRendersInBothLanguagesWithItsSafetyHeaders(language: String, date: String, bills: String)
        async throws
    {
        try await withBrowser { browser in
            browser.acceptLanguage = language == "en" ? "en-GB,en;q=0.9" : "fr-FR"
            try await signUp(browser, "lectrice")
            let paths = [
                "/", "/bills/\(slug)", "/bills/\(slug)?version=v1", "/bills/\(slug)/compare?from=v2&to=v3",
                "/bills/\(slug)/compare?from=v1&to=v2&view=inline&typography=true", "/bills/\(slug)/articles/7",
                "/bills/\(slug)/articles/2%20bis", "/bills/\(slug)/amendments/1",
                "/bills/\(slug)/amendments/1?view=table",
                "/bills/\(slug)/amendments/new?article=7", "/account",
            ]
            for path in paths {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.html.contains(#"<html lang="\#(language)">"#), "\(path)")
                #expect(page.html.contains(bills), "\(path)")
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(path)")
                #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(path)")
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                #expect(!page.html.contains("<script"), "\(path)")
                #expect(!page.html.contains(" style="), "\(path)")
                // A field with no value shows nothing, never Swift's word for it.
                #expect(!page.html.contains(#""nil""#) && !page.html.contains(">nil<"), "\(path)")
            }
            #expect(try await browser.get("/bills/\(slug)").html.contains(date))
            // French typography as written in the bill: guillemets and non-breaking hyphens intact.
            let article = try await browser.get("/bills/\(slug)/articles/7").html
            #expect(article.contains("«\u{00A0}Art.\u{00A0}11.\u{00A0}–\u{00A0}Sous réserve"))
            #expect(article.contains("L.\u{00A0}300\u{2011}2"))
            // Each alinéa numbered, with the version that wrote it.
            #expect(article.contains(#"<li value="1"><span class="visually-hidden">"#))
            #expect(article.contains(#"<span class="provenance">"#))
        }
    }

    @Test func theLanguageSwitchIsRememberedAndAcceptLanguageIsTheDefault() async throws {
        try await withBrowser { browser in
            #expect(try await browser.get("/").html.contains(#"<html lang="fr">"#))
            let switched = try await browser.get("/?lang=en")
            #expect(switched.html.contains(#"<html lang="en">"#))
            #expect(switched.headers[values: .setCookie].contains { $0.hasPrefix("hemicycle_lang=en") })
            #expect(try await browser.get("/bills/\(slug)").html.contains(#"<html lang="en">"#))
            browser.acceptLanguage = "fr"
            #expect(try await browser.get("/").html.contains(#"<html lang="en">"#), "a choice outweighs the header")
        }
        #expect(Language.choose(query: nil, cookie: nil, acceptLanguage: "de-DE, en-GB;q=0.8, fr;q=0.5") == .en)
        #expect(Language.choose(query: nil, cookie: nil, acceptLanguage: "de-DE") == .fr)
        #expect(Language.choose(query: nil, cookie: "en", acceptLanguage: "fr") == .en)
    }

    @Test func datesAndNumbersAreWrittenForTheLanguage() throws {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("templates")
        let french = try Strings.load(.fr, from: folder)
        let english = try Strings.load(.en, from: folder)
        let day = try #require(ISO8601DateFormatter().date(from: "2016-01-15T12:00:00Z"))
        #expect(french.date(day) == "15 janvier 2016")
        #expect(english.date(day) == "15 January 2016")
        #expect(french.number(1946) == "1\u{202F}946")
        #expect(english.number(1946) == "1,946")
    }

    @Test func bothStringFilesHaveTheSameKeysAndEveryTemplateTextExists() throws {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("templates")
        let french = try Strings.load(.fr, from: folder)
        let english = try Strings.load(.en, from: folder)
        #expect(Set(french.texts.keys) == Set(english.texts.keys))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".mustache")
        }
        let pattern = try Regex(#"\{\{[#^/]?t\.([A-Za-z0-9_.\-]+)\}\}"#)
        var used = 0
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: pattern) {
                let key = String(text[match.output[1].range!])
                #expect(french.texts[key] != nil, "\(file) uses t.\(key), which fr.json lacks")
                used += 1
            }
        }
        #expect(used > 100)
    }

    @Test func onlyTheDiffTemplateShowsMarkupAsIs() throws {
        let folder = Fixtures.repositoryRoot.appendingPathComponent("templates")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let raw = text.contains("{{{") || text.contains("{{&")
            #expect(raw == (file == "diff.mustache"), "\(file)")
        }
    }

    @Test func aCitizenSignsUpVotesCommentsRepliesAndReportsThroughThePages() async throws {
        try await withBrowser { browser in
            try await signUp(browser, "marianne")
            let amendment = "/bills/\(slug)/amendments/1"
            var page = try await browser.get(amendment)
            #expect(page.html.contains(#"value="for" aria-pressed="false""#))
            page = try await browser.post(amendment + "/vote", [("value", "for")])
            #expect(page.status == .seeOther)
            page = try await browser.get(amendment)
            #expect(page.html.contains(#"value="for" aria-pressed="true""#))
            #expect(page.html.contains(#"value="against" aria-pressed="false""#))
            #expect(page.html.contains(#"<span class="value">1</span> pour"#))
            page = try await browser.post(
                amendment + "/comments",
                [("body", "Une licence révisée tous les cinq ans : enfin !"), ("stance", "pro")])
            #expect(page.status == .seeOther)
            let anchor = try #require(page.location?.split(separator: "#").last.map(String.init))
            let id = try #require(anchor.split(separator: "-").last.map(String.init))
            page = try await browser.post(
                amendment + "/comments", [("body", "Et pourquoi pas tous les trois ans ?"), ("parent", id)])
            #expect(page.status == .seeOther)
            page = try await browser.get(amendment)
            #expect(page.html.contains(#"<span class="stance stance-pro">Pour</span>"#))
            // The reply sits inside its parent's list item.
            let parent = try #require(page.html.range(of: #"id="\#(anchor)""#))
            let reply = try #require(page.html.range(of: "Et pourquoi pas tous les trois ans ?"))
            #expect(parent.upperBound < reply.lowerBound)
            page = try await browser.post(
                "/bills/\(slug)/reports",
                [("kind", "comment"), ("target", id), ("reason", "hors sujet"), ("back", amendment)])
            #expect(page.status == .seeOther)
            #expect(page.location == amendment + "?reported=1")
            #expect(try await browser.get(page.location!).html.contains("votre signalement a été transmis"))
            page = try await browser.post(amendment + "/vote", [("value", "withdraw")])
            #expect(try await browser.get(amendment).html.contains(#"<span class="value">0</span> pour"#))
        }
    }

    @Test func aReplyUnderAHiddenCommentIsShownAsItself() async throws {
        let bill = try #require(BillSlug(slug))
        let number = try #require(Amendment.Number(1))
        let first = try await engine.addComment(
            to: bill, amendment: number, CommentInput(body: "Propos déplacés."), by: try await test.person("vif"))
        let reply = try await engine.addComment(
            to: bill, amendment: number, CommentInput(body: "Réponse mesurée.", parent: first.id),
            by: try await test.person("calme"))
        try await engine.moderate(
            .comment(first.id), on: bill, hidden: true, reason: "injurieux", by: try await test.person("greffe", .staff)
        )
        try await withBrowser { browser in
            try await signUp(browser, "lecteur")
            let page = try await browser.get("/bills/\(slug)/amendments/1").html
            // The hidden comment says so once; its reply keeps its text and its own forms.
            #expect(page.components(separatedBy: "Commentaire masqué par la modération").count == 2)
            #expect(!page.contains("Propos déplacés."))
            #expect(page.contains("Réponse mesurée."))
            #expect(page.contains(#"id="reply-\#(reply.id)""#) && page.contains(#"id="report-\#(reply.id)""#))
            #expect(!page.contains(#"id="reply-\#(first.id)""#))
        }
    }

    @Test func everyStateChangingPageRouteRefusesAForgedForm() async throws {
        let router = try buildRouter(engine: engine)
        // Every POST but the JSON API's and git's (neither reads a cookie; git's change nothing).
        let forms = router.routes.filter {
            $0.method == .post && !"\($0.path)".hasPrefix("/api") && !"\($0.path)".hasPrefix("/git/")
        }.map { "\($0.path)" }
        #expect(forms.count >= 9)
        try await withBrowser { browser in
            try await signUp(browser, "victime")
            _ = try await browser.get("/bills/\(slug)/amendments/1")
            let token = browser.csrf
            for route in forms {
                let path = route.replacingOccurrences(of: ":slug", with: slug)
                    .replacingOccurrences(of: ":number", with: "1").replacingOccurrences(of: ":label", with: "7")
                let fields = [
                    ("value", "for"), ("body", "forgé"), ("kind", "comment"), ("target", "1"), ("reason", "x"),
                    ("confirm", "victime"), ("handle", "victime"), ("password", "un mot de passe sûr"),
                ]
                let missing = try await browser.post(path, fields, csrf: "")
                #expect(missing.status == .forbidden, "\(path) without a token")
                let wrong = try await browser.post(path, fields, csrf: String(token.reversed()))
                #expect(wrong.status == .forbidden, "\(path) with another token")
                let foreign = try await browser.post(path, fields, headers: [.origin: "https://evil.example"])
                #expect(foreign.status == .forbidden, "\(path) from another origin")
                let crossSite = try await browser.post(
                    path, fields, headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"])
                #expect(crossSite.status == .forbidden, "\(path) from another site")
                #expect(missing.html.contains("autre site") || missing.html.contains("another site"))
            }
            // Nothing happened: still signed in, no vote, no comment.
            let page = try await browser.get("/bills/\(slug)/amendments/1")
            #expect(page.html.contains("victime"))
            #expect(page.html.contains(#"<span class="value">0</span>"#))
            #expect(page.html.contains("(0)"))
            let same = try await browser.post(
                "/bills/\(slug)/amendments/1/vote", [("value", "for")], headers: [.origin: "http://localhost"])
            #expect(same.status == .seeOther, "our own origin is accepted")
        }
    }

    @Test func aSessionCookieCannotCallTheJSONAPI() async throws {
        try await withBrowser { browser in
            try await signUp(browser, "cookie")
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[.cookie] = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            for (method, path, body) in [
                (HTTPRequest.Method.put, "/api/v1/bills/\(slug)/amendments/1/vote", #"{"value": "for"}"#),
                (.post, "/api/v1/bills/\(slug)/amendments/1/comments", #"{"body": "forgé"}"#),
                (.post, "/api/v1/bills/\(slug)/amendments", #"{"title": "x", "summary": "x", "changes": []}"#),
            ] {
                let status = try await browser.client.execute(
                    uri: path, method: method, headers: headers, body: ByteBuffer(string: body)
                ) { $0.status }
                #expect(status == .unauthorized, "\(path)")
            }
            #expect(
                try await browser.get("/bills/\(slug)/amendments/1").html.contains(#"<span class="value">0</span>"#))
        }
    }

    @Test func whatPeopleWriteIsEscapedEvenWithCombiningMarks() async throws {
        let hostile = "\"\u{301}><img src=x onerror=alert(1)> <script>alert(2)</script> '\u{301}"
        let closing = "\"\u{301}>"
        try await withBrowser { browser in
            try await signUp(browser, "malicieuse")
            var page = try await browser.get("/bills/\(slug)/amendments/new?article=7")
            page = try await browser.post(
                "/bills/\(slug)/amendments/new",
                [
                    ("kind", "modify"), ("article", "7"), ("text", "Nouveau texte " + hostile),
                    ("title", "Titre " + hostile),
                    ("summary", hostile), ("action", "submit"),
                ])
            #expect(page.status == .seeOther)
            let amendment = try #require(page.location)
            _ = try await browser.post(amendment + "/comments", [("body", hostile)])
            for path in [amendment, amendment + "?view=table", "/bills/\(slug)/articles/7", "/account"] {
                let html = try await browser.get(path).html
                #expect(!html.contains("<img"), "\(path)")
                #expect(!html.contains("<script"), "\(path)")
                #expect(!html.contains(closing), "\(path)")
                #expect(html.contains("&lt;script&gt;"), "\(path)")
            }
        }
    }

    @Test func aProposalIsPreviewedThenRefusedBesideItsFieldThenProposed() async throws {
        try await withBrowser { browser in
            try await signUp(browser, "autrice")
            var page = try await browser.get("/bills/\(slug)/amendments/new?article=2%20bis")
            #expect(
                page.html.contains("code des relations entre le public et l’administration, la première occurrence"))
            let fields = [("kind", "modify"), ("article", "2 bis"), ("text", "Le présent article est abrogé.")]
            page = try await browser.post("/bills/\(slug)/amendments/new", fields + [("action", "preview")])
            #expect(page.status == .ok)
            #expect(page.html.contains("<ins>"))
            #expect(page.html.contains("<del>"))
            page = try await browser.post(
                "/bills/\(slug)/amendments/new", fields + [("title", ""), ("summary", "x"), ("action", "submit")])
            #expect(page.status == .unprocessableContent)
            #expect(page.html.contains(#"id="title-error""#))
            #expect(page.html.contains("Le présent article est abrogé."), "what was typed is kept")
            page = try await browser.post(
                "/bills/\(slug)/amendments/new",
                fields + [("title", "Abroger l’article 2 bis"), ("summary", "Il est inutile."), ("action", "submit")])
            #expect(page.status == .seeOther)
            #expect(try await browser.get(page.location!).html.contains("Abroger l’article 2 bis"))
        }
    }

    @Test func signingInRotatesTheSessionAndFailuresAreThrottled() async throws {
        try await withBrowser { browser in
            try await signUp(browser, "rotation")
            let first = try #require(browser.cookies[Visitor.sessionCookie])
            _ = try await browser.get("/login")
            let page = try await browser.post("/login", [("handle", "rotation"), ("password", "un mot de passe sûr")])
            #expect(page.status == .seeOther)
            #expect(
                page.headers[values: .setCookie].contains { $0.contains("HttpOnly") && $0.contains("SameSite=Lax") })
            let second = try #require(browser.cookies[Visitor.sessionCookie])
            #expect(first != second)
            #expect(try await browser.get("/account").status == .ok)
            // The old session was closed with the sign-in.
            #expect((try? await engine.authenticate(token: first)) == nil)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<8 {
                _ = try await browser.get("/login")
                statuses.append(
                    try await browser.post("/login", [("handle", "rotation"), ("password", "faux")]).status)
            }
            #expect(statuses.first == .unauthorized)
            #expect(statuses.contains(.tooManyRequests))
        }
    }

    @Test func pagesThatNeedAPersonSendOthersToSignInAndBack() async throws {
        try await withBrowser { browser in
            let page = try await browser.get("/account")
            #expect(page.status == .seeOther)
            #expect(page.location == "/login?next=%2Faccount")
            #expect(try await browser.get("/login?next=%2Faccount").html.contains(#"value="/account""#))
            #expect(Pages.safeNext("//evil.example/x") == "/")
            #expect(Pages.safeNext("/\\evil.example") == "/")
            #expect(Pages.safeNext("https://evil.example") == "/")
        }
    }

    @Test func theStylesheetIsServedUnderItsHashForAYear() async throws {
        try await withBrowser { browser in
            let html = try await browser.get("/").html
            let link = try #require(html.firstMatch(of: try Regex(#"/assets/hemicycle\.[0-9a-f]{12}\.css"#)))
            let path = String(html[link.range])
            let asset = try await browser.get(path)
            #expect(asset.status == .ok)
            #expect(asset.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(asset.headers[.contentType] == "text/css; charset=utf-8")
            #expect(asset.html.contains("@media print"))
            #expect(try await browser.get("/assets/hemicycle.000000000000.css").status == .notFound)
        }
    }

    @Test func aPageReadAgainUnchangedIs304AndAVoteChangesIt() async throws {
        let voter = try await test.person("votante")
        try await withBrowser { browser in
            let path = "/bills/\(slug)/amendments/1"
            let first = try await browser.get(path)
            let tag = try #require(first.headers[.eTag])
            let again = try await browser.client.execute(
                uri: path, method: .get,
                headers: [.ifNoneMatch: tag, .cookie: "hemicycle_form=\(browser.cookies["hemicycle_form"] ?? "")"]
            ) { $0.status }
            #expect(again == .notModified)
            // A vote through this server shows at once.
            let token = try await engine.signIn(handle: "votante", password: "un mot de passe").token
            let voted = try await browser.client.execute(
                uri: "/api/v1/bills/\(slug)/amendments/1/vote", method: .put,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"value": "for"}"#)
            ) { $0.status }
            #expect(voted == .ok)
            let after = try await browser.client.execute(
                uri: path, method: .get,
                headers: [.ifNoneMatch: tag, .cookie: "hemicycle_form=\(browser.cookies["hemicycle_form"] ?? "")"]
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(after.0 == .ok)
            #expect(after.1.contains(#"<span class="value">1</span> pour"#))
            // A change made elsewhere (another node, the command line) shows within a second.
            let tagAfter = try #require(try await browser.get(path).headers[.eTag])
            _ = try await engine.vote(.against, on: 1, of: BillSlug(slug)!, token: voter.token)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await browser.get(path).headers[.eTag] != tagAfter)
            // Anonymous readers all see the same page (no form token in it), under one tag.
            let anonymous = { () async throws -> (String?, String) in
                try await browser.client.execute(uri: path, method: .get) {
                    ($0.headers[.eTag], String(buffer: $0.body))
                }
            }
            let (one, page) = try await anonymous()
            let (two, _) = try await anonymous()
            #expect(one != nil && one == two)
            #expect(!page.contains(#"name="csrf""#))
            // Another reader, another language: another tag.
            browser.acceptLanguage = "en"
            #expect(try await browser.get("/?lang=en").headers[.eTag] != nil)
            #expect(try await browser.get(path).headers[.eTag] != tag)
        }
    }

    @Test func anAddressIsKeptByWhatThePageReadsAndAReaderGetsNoCookieUntilAForm() async throws {
        try await withBrowser { browser in
            let path = "/bills/\(slug)/amendments/1"
            let read = { (address: String) async throws -> (String?, [String], String) in
                try await browser.client.execute(uri: address, method: .get) {
                    ($0.headers[.eTag], $0.headers[values: .setCookie], String(buffer: $0.body))
                }
            }
            let (plain, cookies, _) = try await read(path + "?view=table")
            // What the page does not read changes neither its tag nor its text.
            let (other, _, page) = try await read(path + "?view=table&r=%3Cscript%3E&utm=x")
            #expect(plain != nil && plain == other)
            #expect(!page.contains("utm") && !page.contains("script"))
            #expect(page.contains("?view=table&amp;lang=en"))
            #expect(try await read(path).0 != plain)
            // Reading sets no cookie; the first form shown does, and its token checks out.
            #expect(cookies.isEmpty)
            let (_, formCookies, login) = try await read("/login")
            let secret = try #require(
                formCookies.first { $0.hasPrefix("hemicycle_form=") }?.dropFirst("hemicycle_form=".count)
                    .prefix { $0 != ";" })
            #expect(login.contains(#"value="\#(Visitor.csrfToken(secret: String(secret)))""#))
        }
    }

    @Test func paragraphsAreSplitOnBlankLinesAsFoundationSplitsThem() {
        let texts = [
            "", "   ", "une ligne", "  marges\u{A0} ", "a\n\nb", "a\nb", "a\n\n\nb", "a\r\n\r\nb\r\nc",
            "a\r\n\nb", "\n\npremier\n\n\n\nsecond\n\n", "« alinéa »\u{A0};\n \n suite", "a\r\rb\n\n\tc\t",
            "1er\u{202F}: x\n\n\u{A0}\n\ny", "é\u{301}\n\n\u{301}z",
        ]
        for text in texts {
            let foundation = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            #expect(Pages.paragraphs(text) == foundation, "\(text.debugDescription)")
        }
    }

    @Test func urlSafeBase64MatchesFoundationsWithoutPadding() {
        for count in 0..<40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 251) }
            let expected = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Pages.base64URL(bytes) == expected)
        }
    }
}
