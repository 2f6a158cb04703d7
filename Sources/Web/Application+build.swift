import Database
import Hummingbird
import Logging

/// Builds the router with its middleware and every route: used by `serve` and by the tests.
public func buildRouter(_ app: AppServices) -> Router<AppContext> {
    let router = Router(context: AppContext.self)
    let cookies = app.cookies
    router.add(middleware: SecurityHeadersMiddleware(https: app.config.isHTTPS))
    router.add(middleware: ErrorPageMiddleware(views: app.views))
    router.add(middleware: FileMiddleware(
        app.config.publicDirectory, urlBasePath: "/static",
        cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(86_400)])]), searchForIndexHtml: false))
    router.add(middleware: SessionMiddleware(sessions: app.sessions, cookies: cookies, trustedProxies: Set(app.config.trustedProxies)))
    router.add(middleware: CSRFMiddleware(sessions: app.sessions, cookies: cookies, maxFormBytes: app.config.maxFormBytes))

    PublicRoutes(app: app).addRoutes(to: router)
    AuthRoutes(app: app).addRoutes(to: router)
    BoardRoutes(app: app).addRoutes(to: router)
    CouncilRoutes(app: app).addRoutes(to: router)
    AdminRoutes(app: app).addRoutes(to: router)
    return router
}

/// The HTTP application on `HOST:PORT`. SIGTERM/SIGINT stop it gracefully (requests in flight finish).
public func buildApplication(_ app: AppServices, logger: Logger) -> some ApplicationProtocol {
    Application(
        router: buildRouter(app),
        configuration: .init(address: .hostname(app.config.host, port: app.config.port), serverName: "Raadsportalen"),
        logger: logger)
}
