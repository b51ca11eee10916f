import Foundation
import Hemicycle
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// Where the server listens.
public struct WebConfiguration: Sendable {
    /// The address to bind, `127.0.0.1` by default: put a reverse proxy in front to publish it.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// Seconds a connection may stay without a request in progress (a slow head counts as none).
    public var idleTimeout: Int64
    /// Seconds within which a request's body must have arrived whole once its head has.
    public var requestDeadline: Int64
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (none by default:
    /// then the socket's peer is the client).
    public var trustedProxies: Set<String>
    /// The folder of the pages' templates, strings and assets; nil to look for the repository's
    /// `templates/` (see `Site.locate`).
    public var templates: URL?
    /// Bytes of rendered pages kept in memory, to answer the next reader of the same page
    /// without rendering it again (0: every page rendered for each reader without its copy).
    public var pageMemory: Int
    /// git processes serving clones and fetches at once (more wait for a place: 503).
    public var gitProcesses: Int
    /// Seconds one git process may serve one request (a client that stopped reading is cut off).
    public var gitTimeLimit: Int
    /// Seconds between two epochs of the bills' participation ledgers (an epoch is written only
    /// when something was recorded since the last).
    public var ledgerInterval: Int

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, idleTimeout: Int64 = 15, requestDeadline: Int64 = 60,
        trustedProxies: Set<String> = [], templates: URL? = nil, pageMemory: Int = 32 << 20, gitProcesses: Int = 4,
        gitTimeLimit: Int = 600, ledgerInterval: Int = 600
    ) {
        self.ledgerInterval = ledgerInterval
        self.pageMemory = pageMemory
        self.gitProcesses = gitProcesses
        self.gitTimeLimit = gitTimeLimit
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
        self.requestDeadline = requestDeadline
        self.trustedProxies = trustedProxies
        self.templates = templates
    }
}

/// Everything a server is built from: the engine's data, store and limits, and where it listens.
public struct ServerConfiguration: Sendable {
    /// The data directory, the participation store and the limits.
    public var engine: Configuration
    /// The address, timeouts and trusted proxies.
    public var web: WebConfiguration

    /// Creates a configuration.
    public init(engine: Configuration, web: WebConfiguration = WebConfiguration()) {
        self.engine = engine
        self.web = web
    }
}

/// The composition root: the one place a server's parts are made. It opens the participation
/// store and the engine, repairs what a crash left behind (the doctor) and imports the first
/// bills on first start — all before the server accepts a request — then builds the
/// application, whose service group runs the store's service beside the server: on a graceful
/// stop the server finishes its requests first, then the store finishes its group commit.
public func buildApplication(configuration: ServerConfiguration, logger: Logger = Logger(label: "hemicycle"))
    async throws -> some ApplicationProtocol
{
    let engine = try await Engine.open(configuration: configuration.engine, logger: logger)
    do {
        let report = try await engine.doctor(repair: true)
        for finding in report.findings { logger.warning("doctor found", metadata: ["finding": "\(finding)"]) }
        for repair in report.repairs { logger.warning("doctor repaired", metadata: ["repair": "\(repair)"]) }
        for bill in try await engine.seedIfEmpty() {
            logger.info("imported demo bill", metadata: ["slug": "\(bill.slug)", "versions": "\(bill.versions.count)"])
        }
    } catch {
        await engine.close()
        throw error
    }
    do {
        return try buildApplication(
            engine: engine, configuration: configuration.web, logger: logger,
            services: [
                ParticipationService(engine: engine), PromotionService(engine: engine, logger: logger),
                LedgerService(engine: engine, logger: logger, interval: configuration.web.ledgerInterval),
                FollowService(engine: engine, logger: logger),
            ])
    } catch {
        await engine.close()
        throw error
    }
}

/// The application over an engine already made (the composition root's last step; tests build
/// theirs this way, over an engine on a test clock).
public func buildApplication(
    engine: Engine, configuration: WebConfiguration, logger: Logger = Logger(label: "hemicycle.web"),
    services: [any Service] = []
) throws -> some ApplicationProtocol {
    let deadline = TimeAmount.seconds(configuration.requestDeadline)
    return Application(
        router: try buildRouter(
            engine: engine, templates: configuration.templates, trustedProxies: configuration.trustedProxies,
            pageMemory: configuration.pageMemory, gitProcesses: configuration.gitProcesses,
            gitTimeLimit: configuration.gitTimeLimit, logger: logger),
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestDeadlineHandler(limit: deadline)],
                idleTimeout: .seconds(configuration.idleTimeout))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Hemicycle"),
        services: services, logger: logger)
}

/// The routes: health check, the JSON API under `/api/v1` and the pages. Each controller states
/// who may reach each of its route groups (`Access`); the middleware here applies to every route.
/// The pages' templates are read from `templates` (nil: the repository's); a folder that is
/// missing or malformed stops the start-up with what is wrong. `pageMemory` bytes of rendered
/// pages are kept for their next readers; at most `gitProcesses` git processes serve clones at
/// once, each for `gitTimeLimit` seconds at most.
public func buildRouter(
    engine: Engine, templates: URL? = nil, trustedProxies: Set<String> = [], pageMemory: Int = 32 << 20,
    gitProcesses: Int = 4, gitTimeLimit: Int = 600, logger: Logger = Logger(label: "hemicycle.web")
) throws -> Router<HemicycleRequestContext> {
    guard let folder = templates ?? Site.locate() else {
        throw SiteError("cannot find the templates folder: run from the repository, or set HEMICYCLE_TEMPLATES")
    }
    let site = try Site.load(from: folder)
    let router = Router(context: HemicycleRequestContext.self)
    router.add(middleware: SecurityHeaders())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: EmptyQueryParameters())
    // Every write answered, API or page, shows at once in the pages' tags.
    let cache = PageCache(engine: engine, site: site, memory: pageMemory)
    router.add(middleware: PageCache.WriteCounter(tags: cache.tags))
    if !trustedProxies.isEmpty { router.add(middleware: ForwardedClient(trustedProxies: trustedProxies)) }
    router.add(middleware: EarlyRefusal())
    router.add(middleware: BearerTokenReader())
    router.get("/healthz") { _, _ in Health(status: "ok") }
    router.get("/api/v1/openapi.json") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(data: OpenAPIDocument.bytes)))
    }
    let access = Access(engine: engine)
    // Large answers that only change with a commit, encoded once: diffs and comparisons.
    let encoded = EncodedCache(capacity: 64 << 20)
    BillsController(engine: engine).addRoutes(to: router, access: access)
    DiffsController(engine: engine, encoded: encoded).addRoutes(to: router, access: access)
    AccountsController(engine: engine).addRoutes(to: router, access: access)
    AmendmentsController(engine: engine, encodedDiffs: encoded).addRoutes(to: router, access: access)
    CommentsController(engine: engine).addRoutes(to: router, access: access)
    ModerationController(engine: engine).addRoutes(to: router, access: access)
    QueueController(engine: engine, encoded: encoded).addRoutes(to: router, access: access)
    AdoptionsController(engine: engine).addRoutes(to: router, access: access)
    UploadPack.ignoreBrokenPipes()
    let uploadPack = UploadPack(
        gate: Gate(capacity: gitProcesses), timeLimit: .seconds(gitTimeLimit), logger: logger)
    GitHTTP(engine: engine, uploadPack: uploadPack).addRoutes(to: router)
    router.get("/assets/:name") { _, context in try site.assets.response(for: context.parameters.require("name")) }
    let pages = router.group().add(middleware: PageSession(engine: engine)).add(middleware: PageErrors(site: site))
        .add(middleware: FormGuard()).group(context: PageContext.self)
    BillPages(engine: engine, site: site, cache: cache).addRoutes(to: pages)
    AccountPages(engine: engine, site: site).addRoutes(to: pages)
    ArticlePages(engine: engine, site: site, cache: cache).addRoutes(to: pages)
    AmendmentPages(engine: engine, site: site, cache: cache).addRoutes(to: pages)
    ComparePages(engine: engine, site: site, cache: cache).addRoutes(to: pages)
    ProposalPages(engine: engine, site: site).addRoutes(to: pages)
    QueuePages(engine: engine, site: site).addRoutes(to: pages)
    let staffPages = StaffPages(engine: engine, site: site)
    staffPages.addRoutes(to: pages)
    RulePages(engine: engine, site: site, staffPages: staffPages).addRoutes(to: pages)
    ModerationPages(engine: engine, site: site).addRoutes(to: pages)
    return router
}

struct Health: ResponseEncodable {
    var status: String
}
