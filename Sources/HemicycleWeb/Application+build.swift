import Hemicycle
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

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

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, idleTimeout: Int64 = 15, requestDeadline: Int64 = 60,
        trustedProxies: Set<String> = []
    ) {
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
        self.requestDeadline = requestDeadline
        self.trustedProxies = trustedProxies
    }
}

/// The composition root of the web application: the only place its parts are put together.
public func buildApplication(
    engine: Engine, configuration: WebConfiguration, logger: Logger = Logger(label: "hemicycle.web")
) -> some ApplicationProtocol {
    let deadline = TimeAmount.seconds(configuration.requestDeadline)
    return Application(
        router: buildRouter(engine: engine, trustedProxies: configuration.trustedProxies),
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [RequestDeadlineHandler(limit: deadline)],
                idleTimeout: .seconds(configuration.idleTimeout))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Hemicycle"),
        logger: logger)
}

/// The routes: health check and the JSON API under `/api/v1`.
public func buildRouter(engine: Engine, trustedProxies: Set<String> = []) -> Router<HemicycleRequestContext> {
    let router = Router(context: HemicycleRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    if !trustedProxies.isEmpty { router.add(middleware: ForwardedClient(trustedProxies: trustedProxies)) }
    router.add(middleware: EarlyRefusal())
    router.add(middleware: BearerTokenReader())
    router.get("/healthz") { _, _ in Health(status: "ok") }
    // Votes check their token inside their own write; a router's middleware applies only to the
    // routes added after it, so the lookup below is not made for them.
    AmendmentsController(engine: engine).addVoteRoutes(to: router)
    router.add(middleware: BearerAuthentication(engine: engine))
    router.addRoutes(BillsController<HemicycleRequestContext>(engine: engine).endpoints, atPath: "/api/v1/bills")
    BillsController<HemicycleRequestContext>(engine: engine).addStaffRoutes(to: router)
    // Large answers that only change with a commit, encoded once: diffs and comparisons.
    let encoded = EncodedCache(capacity: 64 << 20)
    router.addRoutes(DiffsController(engine: engine, encoded: encoded).endpoints, atPath: "/api/v1/bills")
    AccountsController(engine: engine).addRoutes(to: router)
    AmendmentsController(engine: engine, encodedDiffs: encoded).addRoutes(to: router)
    CommentsController(engine: engine).addRoutes(to: router)
    ModerationController(engine: engine).addRoutes(to: router)
    return router
}

struct Health: ResponseEncodable {
    var status: String
}
