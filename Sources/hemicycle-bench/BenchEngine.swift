import Foundation
import Hemicycle
import HemicycleWeb
import Legislation

/// An engine in a temporary data directory with the demo bill imported (version 2 is what
/// amendments are written against), and helpers to make citizens and amendments quickly.
struct BenchEngine {
    static let slug = BillSlug("republique-numerique")!

    let engine: Engine
    let dataDirectory: URL
    /// The labels of version 2's articles, in reading order.
    let articles: [String]

    /// Imports `bills/` into a new data directory. bcrypt's cost is lowered for the accounts
    /// made here (it is stored in each hash, so signing in later costs the same).
    static func make(bills: URL, in directory: URL, limits: Limits = .unthrottled, databaseURL: String? = nil)
        async throws -> BenchEngine
    {
        var configuration = Configuration(dataDirectory: directory, seedDirectory: bills)
        configuration.databaseURL = databaseURL
        configuration.passwordCost = 4
        // One account proposes by the thousand here: no quota, unless the suite says otherwise.
        configuration.limits = limits
        let engine = try await Engine.open(configuration: configuration)
        guard try await engine.seedIfEmpty().contains(where: { $0.slug == slug.value }) else {
            throw BenchError("\(bills.path) has no \(slug) to import")
        }
        let articles = try await engine.articles(of: slug, version: VersionNumber(2), limit: 1000).items.map(\.label)
        return BenchEngine(engine: engine, dataDirectory: directory, articles: articles)
    }

    /// A signed-in citizen: its identity and bearer token.
    func citizen(_ index: Int) async throws -> (identity: Identity, token: String) {
        let handle = "citoyen-\(index)"
        let password = "mot de passe \(index)"
        _ = try await engine.signUp(handle: handle, password: password)
        let session = try await engine.signIn(handle: handle, password: password)
        return (try await engine.authenticate(token: session.token), session.token)
    }

    /// The `index`-th distinct amendment: one article of version 2 rewritten.
    func amendment(_ index: Int) -> AmendmentInput {
        let article = articles[index % articles.count]
        return AmendmentInput(
            baseVersion: "v2", title: "Amendement de banc n° \(index)",
            summary: "Rédaction nouvelle de l’article \(article), variante \(index).",
            changes: [
                ChangeInput(
                    kind: "modify", article: article,
                    text: "Le présent article est ainsi rédigé (variante \(index)).\n\nLes dispositions du I "
                        + "s’appliquent à compter du 1er janvier 2017.")
            ])
    }
}
