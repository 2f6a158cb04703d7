import Database
import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import Prometheus

/// The operator's metrics in Prometheus text format, named as Prometheus expects them (`promtool
/// check metrics` passes): counters end in `_total`, durations are in seconds, every metric has
/// HELP, and labels hold bounded values only (a route's pattern, never its path; a known method;
/// a status code). A series appears when it first counts something: nothing is labelled "200" in
/// an error counter. Requests are counted by `RequestMetricsMiddleware`; the pool, login failures
/// and sessions are read when scraped.
public final class AppMetrics: Sendable {
    /// One registry per process.
    public static let shared = AppMetrics()

    public let registry = PrometheusCollectorRegistry()
    let poolSize, poolOpen, poolInUse, poolWaiting, loginFailures, sessionsActive: Prometheus.Gauge
    /// The pool's count of failed statements, brought up to date at each scrape.
    let queryErrors: Prometheus.Counter
    private let queryErrorsCounted = NIOLockedValueBox<Int>(0)
    private let perRoute = NIOLockedValueBox<[RouteKey: RouteSeries]>([:])

    static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    private init() {
        let registry = self.registry
        func gauge(_ name: String, _ help: String) -> Prometheus.Gauge {
            registry.makeGauge(descriptor: .init(namespace: "raadsportal", metricName: name, unitName: "", helpText: help))
        }
        poolSize = gauge("db_pool_size", "Connections the database pool may open")
        poolOpen = gauge("db_pool_open", "Database connections open")
        poolInUse = gauge("db_pool_in_use", "Database connections checked out")
        poolWaiting = gauge("db_pool_waiting", "Requests waiting for a database connection")
        loginFailures = gauge("login_failures_last_hour", "Failed logins in the last hour, all instances")
        sessionsActive = gauge("sessions_active", "Logged-in sessions seen in the last 30 minutes")
        queryErrors = registry.makeCounter(
            descriptor: .init(
                namespace: "raadsportal", metricName: "db_query_errors", unitName: "total",
                helpText: "Database statements that failed since the instance started, all callers"))
    }

    private struct RouteKey: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct RouteSeries {
        let requests: Prometheus.Counter
        let duration: DurationHistogram
    }

    /// The methods counted by name; anything else a client invents is "other".
    static func methodLabel(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .get, .head, .post, .put, .patch, .delete, .options: method.rawValue
        default: "other"
        }
    }

    /// One answered request: counted by route, method and status, timed by route and method; a
    /// 5xx answer is also an error of its route.
    func request(route: String, method: HTTPRequest.Method, status: Int, duration: Duration) {
        let key = RouteKey(route: route, method: Self.methodLabel(method), status: status)
        let series = perRoute.withLockedValue { cache in
            if let known = cache[key] { return known }
            let made = RouteSeries(
                requests: registry.makeCounter(
                    descriptor: .init(
                        namespace: "raadsportal", metricName: "http_requests", unitName: "total",
                        helpText: "HTTP requests answered, by route pattern, method and status code"),
                    labels: [("route", key.route), ("method", key.method), ("status", String(status))]),
                duration: registry.makeDurationHistogram(
                    descriptor: .init(
                        namespace: "raadsportal", metricName: "http_request_duration", unitName: "seconds",
                        helpText: "Time from a request's arrival to its answer's head, by route pattern and method"),
                    labels: [("route", key.route), ("method", key.method)], buckets: Self.durationBuckets))
            cache[key] = made
            return made
        }
        series.requests.increment()
        series.duration.record(duration)
        if status >= 500 { error(route: route, kind: .serverError) }
    }

    enum ErrorKind: String {
        /// An answer with a 5xx status.
        case serverError = "http_5xx"
        /// A database error that reached the error page (the pool-wide count is `db_query_errors_total`).
        case database
    }

    func error(route: String, kind: ErrorKind) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "raadsportal", metricName: "errors", unitName: "total",
                helpText: "Errors by route pattern: answers with a 5xx status (http_5xx) and database errors (database)"),
            labels: [("route", route), ("kind", kind.rawValue)]
        ).increment()
    }

    /// The current values, as text for Prometheus.
    func scrape(_ app: AppServices) async throws -> String {
        let stats = app.pool.stats
        poolSize.set(Double(app.config.databasePoolSize))
        poolOpen.set(Double(stats.open))
        poolInUse.set(Double(stats.open - stats.idle))
        poolWaiting.set(Double(stats.waiting))
        let total = app.pool.queryErrors
        let new = queryErrorsCounted.withLockedValue { counted in
            defer { counted = max(counted, total) }
            return max(0, total - counted)
        }
        if new > 0 { queryErrors.increment(by: Int64(new)) }
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

/// Counts and times every request for `/metrics`, by the route's pattern (the router's, as the
/// request log names it), after the error page has turned any error into an answer.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let metrics: AppMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            let status = Int(response.status.code)
            metrics.request(
                route: RequestLogMiddleware.routeLabel(context, request), method: request.method, status: status,
                duration: ContinuousClock.now - start)
            return response
        } catch {
            let status = Int((error as? any HTTPResponseError)?.status.code ?? 500)
            metrics.request(
                route: RequestLogMiddleware.routeLabel(context, request), method: request.method, status: status,
                duration: ContinuousClock.now - start)
            throw error
        }
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
