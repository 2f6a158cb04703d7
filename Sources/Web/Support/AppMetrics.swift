import Database
import Foundation
import Hummingbird
import Metrics
import Prometheus

/// The operator's metrics in Prometheus text format. Requests by route and status and a latency
/// histogram per route come from Hummingbird's `MetricsMiddleware` through swift-metrics; the
/// database pool, query errors, login failures and active sessions are read when scraped.
public final class AppMetrics: Sendable {
    /// One registry per process: swift-metrics can be bootstrapped only once.
    public static let shared = AppMetrics()

    public let registry = PrometheusCollectorRegistry()
    let poolSize, poolOpen, poolInUse, poolWaiting, queryErrors, loginFailures, sessionsActive: Prometheus.Gauge

    private init() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        poolSize = registry.makeGauge(
            descriptor: .init(namespace: "raadsportal", metricName: "db_pool_size", unitName: "", helpText: "Connections the pool may open"))
        poolOpen = registry.makeGauge(
            descriptor: .init(namespace: "raadsportal", metricName: "db_pool_open", unitName: "", helpText: "Connections open"))
        poolInUse = registry.makeGauge(
            descriptor: .init(namespace: "raadsportal", metricName: "db_pool_in_use", unitName: "", helpText: "Connections checked out"))
        poolWaiting = registry.makeGauge(
            descriptor: .init(namespace: "raadsportal", metricName: "db_pool_waiting", unitName: "", helpText: "Requests waiting for a connection"))
        queryErrors = registry.makeGauge(
            descriptor: .init(
                namespace: "raadsportal", metricName: "db_query_errors", unitName: "", helpText: "Database errors since start (monotonic)"))
        loginFailures = registry.makeGauge(
            descriptor: .init(
                namespace: "raadsportal", metricName: "login_failures_last_hour", unitName: "", helpText: "Failed logins in the last hour"))
        sessionsActive = registry.makeGauge(
            descriptor: .init(namespace: "raadsportal", metricName: "sessions_active", unitName: "", helpText: "Logged-in sessions not yet expired"))
    }

    /// The current values, as text for Prometheus.
    func scrape(_ app: AppServices) async throws -> String {
        let stats = app.pool.stats
        poolSize.set(Double(app.config.databasePoolSize))
        poolOpen.set(Double(stats.open))
        poolInUse.set(Double(stats.open - stats.idle))
        poolWaiting.set(Double(stats.waiting))
        queryErrors.set(Double(app.pool.queryErrors))
        let row = try await app.pool.query(
            """
            SELECT (SELECT count(*) FROM login_failures WHERE at > now() - interval '1 hour') AS failures,
                   (SELECT count(*) FROM sessions WHERE last_seen_at > now() - interval '30 minutes') AS sessions
            """
        ).first
        loginFailures.set(Double(try row?.decode("failures", as: Int.self) ?? 0))
        sessionsActive.set(Double(try row?.decode("sessions", as: Int.self) ?? 0))
        return registry.emitToString()
    }
}

/// `/metrics`, for the operator's Prometheus: from the configured addresses (`METRICS_ALLOW`, by
/// default this machine) or with `Authorization: Bearer METRICS_TOKEN`. Anyone else gets 404.
struct MetricsRoutes {
    let app: AppServices

    func addRoutes(to router: SiteRouter) {
        router.get(.metrics) { request, context in
            guard Self.allowed(request, context, config: app.config) else { throw HTTPError(.notFound) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: .init(string: try await AppMetrics.shared.scrape(app))))
        }
    }

    static func allowed(_ request: Request, _ context: AppContext, config: AppConfig) -> Bool {
        // The client as resolved through trusted proxies (TRUSTED_PROXIES), not the proxy itself.
        if config.metricsAllow.contains(context.clientIP) { return true }
        guard !config.metricsToken.isEmpty, let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        return Tokens.constantTimeEquals(String(header.dropFirst(7)), config.metricsToken)
    }
}
