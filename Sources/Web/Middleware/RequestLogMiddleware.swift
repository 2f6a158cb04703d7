import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOConcurrencyHelpers

/// What the request log learns while a request passes the inner middleware: who asked.
public final class RequestRecord: Sendable {
    private let storage = NIOLockedValueBox<Int64?>(nil)
    public var userID: Int64? {
        get { storage.withLockedValue { $0 } }
        set { storage.withLockedValue { $0 = newValue } }
    }
    public init() {}
}

/// One log line per request: time, request id, method, route pattern, status, duration and user id.
/// The request id comes from `X-Request-Id` (when it looks like an id) or is made, and is echoed in
/// the response, so an operator can follow one request through the log. The line never holds a
/// query string, a form value, a cookie or a page's content: only the route's pattern.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let logger: Logger

    static func requestID(_ request: Request) -> String {
        if let given = request.headers[.xRequestID], (1...128).contains(given.utf8.count),
            given.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 45 || $0 == 95 || $0 == 46 })
        {
            return given
        }
        return Tokens.hex(bytes: 12)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let id = Self.requestID(request)
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        let record = RequestRecord()
        context.requestRecord = record
        do {
            var response = try await next(request, context)
            response.headers[.xRequestID] = id
            log(request, context, id: id, status: response.status.code, start: start, record: record)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, context, id: id, status: status, start: start, record: record)
            throw error
        }
    }

    /// The route's pattern, or what answered without one: a static file, or a path no route has
    /// (a 404, or a method refused before any route was chosen).
    static func routeLabel(_ context: Context, _ request: Request) -> String {
        // Hummingbird names the pattern of a path no route has "NotFound".
        if let pattern = context.endpointPath, pattern != "NotFound" { return pattern }
        return request.uri.path.hasPrefix(StaticFileMiddleware.prefix) ? "(statisk fil)" : "(ingen rute)"
    }

    func log(_ request: Request, _ context: Context, id: String, status: Int, start: ContinuousClock.Instant, record: RequestRecord) {
        let elapsed = ContinuousClock.now - start
        // Hundredths of a millisecond, formatted by hand (String(format:) goes through Foundation).
        let hundredths = elapsed.components.seconds * 100_000 + elapsed.components.attoseconds / 10_000_000_000_000
        let fraction = hundredths % 100
        let duration = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
        var metadata: Logger.Metadata = [
            "request_id": .string(id), "method": .string(request.method.rawValue),
            "route": .string(Self.routeLabel(context, request)),
            "status": .stringConvertible(status), "duration_ms": .string(duration),
        ]
        if let user = record.userID { metadata["user_id"] = .stringConvertible(user) }
        logger.info("request", metadata: metadata)
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
}
