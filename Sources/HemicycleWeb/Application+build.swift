import Hemicycle
import Hummingbird
import Logging

/// Where the server listens.
public struct WebConfiguration: Sendable {
    /// The address to bind, `127.0.0.1` by default: put a reverse proxy in front to publish it.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}

/// The composition root of the web application: the only place its parts are put together.
public func buildApplication(
    engine: Engine, configuration: WebConfiguration, logger: Logger = Logger(label: "hemicycle.web")
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(engine: engine),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Hemicycle"),
        logger: logger)
}

/// The routes: health check and the JSON API under `/api/v1`.
public func buildRouter(engine: Engine) -> Router<HemicycleRequestContext> {
    let router = Router(context: HemicycleRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: BearerTokenReader())
    router.get("/healthz") { _, _ in Health(status: "ok") }
    // Votes check their token inside their own write; a router's middleware applies only to the
    // routes added after it, so the lookup below is not made for them.
    AmendmentsController(engine: engine).addVoteRoutes(to: router)
    router.add(middleware: BearerAuthentication(engine: engine))
    router.addRoutes(BillsController<HemicycleRequestContext>(engine: engine).endpoints, atPath: "/api/v1/bills")
    BillsController<HemicycleRequestContext>(engine: engine).addStaffRoutes(to: router)
    router.addRoutes(DiffsController(engine: engine).endpoints, atPath: "/api/v1/bills")
    AccountsController(engine: engine).addRoutes(to: router)
    AmendmentsController(engine: engine).addRoutes(to: router)
    CommentsController(engine: engine).addRoutes(to: router)
    ModerationController(engine: engine).addRoutes(to: router)
    return router
}

struct Health: ResponseEncodable {
    var status: String
}
