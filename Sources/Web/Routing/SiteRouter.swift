import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// The only way a route is added: through a `SiteURL`, so every path the router answers is a case
/// of the table, and the table knows which methods each path answers (for 405 and OPTIONS).
/// `requiring(_:)` gives a group whose routes check a `Capability` of the Domain policy before
/// their handler runs; handlers then check only what depends on the object.
struct SiteRouter {
    let router: Router<AppContext>
    let index: RouteIndex
    private let methods: any RouterMethods<AppContext>
    private let capability: Capability?

    init(router: Router<AppContext>, index: RouteIndex) {
        self.router = router
        self.index = index
        self.methods = router
        self.capability = nil
    }

    private init(router: Router<AppContext>, index: RouteIndex, methods: any RouterMethods<AppContext>, capability: Capability) {
        self.router = router
        self.index = index
        self.methods = methods
        self.capability = capability
    }

    /// The routes added through the result answer only users with `capability`: anyone else is
    /// sent to the login page, or gets 403 when logged in.
    func requiring(_ capability: Capability) -> SiteRouter {
        SiteRouter(
            router: router, index: index, methods: methods.group().add(middleware: CapabilityMiddleware(capability: capability)),
            capability: capability)
    }

    @discardableResult
    func get(_ url: SiteURL, use handler: @Sendable @escaping (Request, AppContext) async throws -> some ResponseGenerator) -> Self {
        on(url, .get, handler)
    }

    @discardableResult
    func post(_ url: SiteURL, use handler: @Sendable @escaping (Request, AppContext) async throws -> some ResponseGenerator) -> Self {
        on(url, .post, handler)
    }

    private func on(
        _ url: SiteURL, _ method: HTTPRequest.Method, _ handler: @Sendable @escaping (Request, AppContext) async throws -> some ResponseGenerator
    ) -> Self {
        index.add(url, method, capability)
        methods.on(RouterPath(url.path), method: method, use: handler)
        return self
    }
}

/// Which methods each route pattern answers. Filled while the routes are added (before the server
/// starts), read on every request that is not a GET and on every 404.
final class RouteIndex: @unchecked Sendable {
    struct Route {
        let url: SiteURL
        let segments: [Substring]
        var methods: Set<HTTPRequest.Method>
        /// What each method requires before its handler runs (none: the handler decides alone).
        var capabilities: [HTTPRequest.Method: Capability] = [:]
    }

    private let lock = NSLock()
    private var routes: [String: Route] = [:]

    func add(_ url: SiteURL, _ method: HTTPRequest.Method, _ capability: Capability?) {
        let pattern = url.path
        lock.withLock {
            routes[pattern, default: Route(url: url, segments: Self.segments(pattern), methods: [])].methods.insert(method)
            routes[pattern]?.capabilities[method] = capability
        }
    }

    /// Every registered route with its methods, ordered by path.
    var all: [Route] {
        lock.withLock { routes.values.sorted { $0.url.path < $1.url.path } }
    }

    /// The methods the route that `path` resolves to answers (HEAD with GET, OPTIONS always), or nil
    /// when no route matches. Like the router, a literal segment wins over a parameter.
    func methods(for path: String) -> Set<HTTPRequest.Method>? {
        let wanted = Self.segments(path)
        let candidates = lock.withLock { routes.values.filter { Self.matches($0.segments, wanted) } }
        guard let best = candidates.max(by: { Self.lessSpecific($0.segments, than: $1.segments) }) else { return nil }
        var methods = best.methods
        if methods.contains(.get) { methods.insert(.head) }
        methods.insert(.options)
        return methods
    }

    /// The `Allow` header's value, in a fixed order.
    static func allowHeader(_ methods: Set<HTTPRequest.Method>) -> String {
        let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
        return order.filter(methods.contains).map(\.rawValue).joined(separator: ", ")
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        pattern.count == path.count && zip(pattern, path).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
    }

    /// At the first position where one pattern has a literal and the other a parameter, the literal is more specific.
    private static func lessSpecific(_ a: [Substring], than b: [Substring]) -> Bool {
        for (x, y) in zip(a, b) where x.hasPrefix(":") != y.hasPrefix(":") {
            return x.hasPrefix(":")
        }
        return false
    }
}

/// A route group's rule: a user with the capability, or the login page (anonymous) or 403.
struct CapabilityMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let capability: Capability

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard try requireUser(context, request).may(capability) else { throw HTTPError(.forbidden) }
        return try await next(request, context)
    }
}

/// HTTP as clients expect it of the routes: a method a path does not answer is a 405 with `Allow`
/// (not the CSRF check's 403, nor a 404), and `OPTIONS` answers with `Allow`. GET and HEAD go
/// straight through; only a 404 from them is looked at, so pages pay nothing for this.
struct AllowedMethodsMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let index: RouteIndex

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let method = request.method
        if method == .get || method == .head {
            do {
                return try await next(request, context)
            } catch let error as HTTPError where error.status == .notFound {
                if let allowed = index.methods(for: request.uri.path), !allowed.contains(.get) {
                    throw Self.notAllowed(allowed)
                }
                throw error
            }
        }
        guard let allowed = index.methods(for: request.uri.path) else { throw HTTPError(.notFound) }
        if method == .options {
            return Response(status: .noContent, headers: [.allow: RouteIndex.allowHeader(allowed)])
        }
        guard allowed.contains(method) else { throw Self.notAllowed(allowed) }
        return try await next(request, context)
    }

    static func notAllowed(_ allowed: Set<HTTPRequest.Method>) -> HTTPError {
        HTTPError(.methodNotAllowed, headers: [.allow: RouteIndex.allowHeader(allowed)])
    }
}
