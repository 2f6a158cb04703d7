import Database
import Hummingbird
import Logging
import Metrics
import ServiceLifecycle

/// Builds the router with its middleware and every route: used by `serve` and by the tests.
/// Throws when the static files (`PUBLIC_DIR`) cannot be read.
public func buildRouter(_ app: AppServices) throws -> Router<AppContext> {
    try buildSite(app).router
}

/// The router and the table of its routes (which methods each path answers). Every GET route
/// answers HEAD with the same headers and no body (the router generates those endpoints).
func buildSite(_ app: AppServices) throws -> SiteRouter {
    let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
    let site = SiteRouter(router: router, index: RouteIndex())
    let cookies = app.cookies
    let staticFiles = try StaticFileMiddleware(folder: app.config.publicDirectory)
    router.add(middleware: RequestLogMiddleware(logger: app.requestLogger))
    router.add(middleware: RequestMetricsMiddleware(metrics: AppMetrics.shared))
    router.add(
        middleware: SecurityHeadersMiddleware(https: app.config.isHTTPS, formActionOrigins: app.config.oidc.map { [$0.issuerOrigin] } ?? []))
    router.add(middleware: ErrorPageMiddleware(views: app.views))
    router.add(middleware: PathGuardMiddleware())
    router.add(middleware: RepresentationMiddleware())
    router.add(middleware: staticFiles)
    router.add(middleware: AllowedMethodsMiddleware(index: site.index))
    router.add(middleware: SessionMiddleware(sessions: app.sessions, cookies: cookies, trustedProxies: Set(app.config.trustedProxies)))
    router.add(middleware: CSRFMiddleware(sessions: app.sessions, cookies: cookies, maxFormBytes: app.config.maxFormBytes))
    router.add(middleware: DraftMiddleware(sessions: app.sessions))
    router.add(middleware: ForbiddenLayoutMiddleware())
    router.add(middleware: SubmissionMiddleware(claims: SubmissionClaims(security: SecurityRepository(pool: app.pool))))

    PublicRoutes(app: app, staticFiles: staticFiles).addRoutes(to: site)
    MetricsRoutes(app: app).addRoutes(to: site)
    AuthRoutes(app: app).addRoutes(to: site)
    OIDCRoutes(app: app).addRoutes(to: site)
    TOTPRoutes(app: app).addRoutes(to: site)
    AccountRoutes(app: app).addRoutes(to: site)
    // The editing routes first: `SiteURL.newMeeting` must win over `SiteURL.meeting(.key)`.
    BoardEditRoutes(app: app).addRoutes(to: site)
    ExclusionRoutes(app: app).addRoutes(to: site)
    CalendarRoutes(app: app).addRoutes(to: site)
    ReadingRoutes(app: app).addRoutes(to: site)
    MeetingCycleRoutes(app: app).addRoutes(to: site)
    BoardRoutes(app: app).addRoutes(to: site)
    BoardBookRoutes(app: app).addRoutes(to: site)
    AttachmentRoutes(app: app).addRoutes(to: site)
    StatusNoteRoutes(app: app).addRoutes(to: site)
    CouncilRoutes(app: app).addRoutes(to: site)
    CaseRoutes(app: app).addRoutes(to: site)
    SparringRoutes(app: app).addRoutes(to: site)
    AnnualReportRoutes(app: app).addRoutes(to: site)
    OverviewRoutes(app: app).addRoutes(to: site)
    CouncilPublicRoutes(app: app).addRoutes(to: site)
    RequestRoutes(app: app).addRoutes(to: site)
    AdminRoutes(app: app).addRoutes(to: site)
    return site
}

/// The HTTP application on `HOST:PORT`. SIGTERM/SIGINT stop it gracefully (requests in flight finish).
/// `helloPort` (only `make bench` sets it) adds a bare Hummingbird "hello" server beside the portal,
/// without middleware or database, so that the benchmark can read the portal's numbers as a ratio
/// to the framework's ceiling on the same machine.
public func buildApplication(_ app: AppServices, logger: Logger, helloPort: Int? = nil) throws -> some ApplicationProtocol {
    var application = Application(
        router: try buildRouter(app),
        // Idle and slow connections are closed after a minute instead of being kept forever.
        server: .http1(configuration: .init(idleTimeout: .seconds(60))),
        configuration: .init(address: .hostname(app.config.host, port: app.config.port), serverName: "Raadsportalen"),
        logger: logger)
    application.addServices(SessionSweeper(sessions: app.sessions, logger: logger))
    application.addServices(MallocTrimmer(logger: logger))
    application.addServices(JobRunner.standard(app, logger: logger))
    if let helloPort {
        let hello = Router()
        hello.get("/hello") { _, _ in "Hello" }
        application.addServices(
            Application(
                router: hello, configuration: .init(address: .hostname(app.config.host, port: helloPort)), logger: logger))
    }
    return application
}

/// Housekeeping beside the server: expired sessions, pre-sessions and old login failures are
/// deleted every ten minutes. It stops with the application (graceful shutdown).
struct SessionSweeper: Service {
    let sessions: SessionRepository
    let logger: Logger
    var interval: Duration = .seconds(600)

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await sessions.sweep()
            } catch {
                logger.warning("session sweep failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
