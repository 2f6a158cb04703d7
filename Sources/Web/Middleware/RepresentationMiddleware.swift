import CompressNIO
import HTTPTypes
import Hummingbird
import NIOCore

/// What caches and clients expect of the answers anyone may read (public pages, the iCal feed, the
/// sitemap, robots.txt, static files, public downloads):
/// - an entity tag (`ETag`, from the body's SHA-256 when the handler set none) and 304 Not
///   Modified to `If-None-Match` or `If-Modified-Since`, so a poller fetches a page again only
///   when it changed;
/// - gzip when the client accepts it and the type is text, with `Vary: Accept-Encoding` and a tag
///   of its own (`"…-gz"`): the compressed bytes are another representation;
/// - `Cache-Control: no-cache` unless the handler chose: store, but ask before reusing.
///
/// An answer meant for one reader is left exactly as it is: never tagged, never compressed. Those
/// are the answers with `Cache-Control: no-store` (every page of a logged-in user, which
/// `SessionMiddleware` marks, the login forms and every error page) and answers that set a cookie.
/// Compressing a page that holds a CSRF token next to input the request reflects would let an
/// attacker who sees the sizes on the wire guess the token byte by byte (BREACH).
///
/// HEAD is handled here as the GET it mirrors (RFC 9110 9.3.2): the inner layers answer a GET,
/// and the headers this middleware derives from the body (length, tag, encoding) are those the
/// GET would have had, then the body is dropped. Conditions hold for 304 the same way.
struct RepresentationMiddleware: RouterMiddleware {
    typealias Context = AppContext

    /// Bodies above this size are sent as they are: pages are far smaller, downloads stream and
    /// set their own tags.
    static let maxBufferedBytes = 4 * 1024 * 1024
    /// Below this, gzip's header and checksum eat most of what it saves.
    static let minCompressedBytes = 512
    /// zlib's fastest level: a page is small, and most of the saving comes at any level (the public
    /// agenda: 6.6 kB → 2.5 kB at level 1, 2.4 kB at the default 6), for about a third less CPU.
    static let gzip = CompressionAlgorithm.gzip(configuration: .init(compressionLevel: .fastestCompression))

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        let isHead = request.method == .head
        var inner = request
        if isHead {
            var head = request.head
            head.method = .get
            inner = Request(head: head, body: request.body)
        }
        let response = try await represent(try await next(inner, context), for: request)
        return isHead ? response.createHeadResponse() : response
    }

    func represent(_ original: Response, for request: Request) async throws -> Response {
        var response = original
        guard response.status == .ok || response.status == .partialContent else { return response }
        if Self.isPublic(response.headers) {
            let compressible = Self.isCompressible(response.headers)
            if compressible { Self.addVary("Accept-Encoding", to: &response.headers) }
            // Every page shows who is logged in (the navigation): the session cookie changes it.
            if response.headers[.contentType]?.hasPrefix("text/html") == true { Self.addVary("Cookie", to: &response.headers) }
            if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-cache" }
            let gzip =
                compressible && response.status == .ok && response.headers[.contentEncoding] == nil
                && HTTPConditions.acceptsGzip(request.headers[.acceptEncoding])
                && (response.body.contentLength ?? 0) >= Self.minCompressedBytes
            if response.headers[.eTag] == nil || gzip, let length = response.body.contentLength, length <= Self.maxBufferedBytes {
                let body = try await Self.collect(response.body)
                let tag = response.headers[.eTag] ?? HTTPConditions.entityTag(of: body.readableBytesView)
                response.headers[.eTag] = gzip ? HTTPConditions.gzipTag(tag) : tag
                if gzip, !Self.notModified(request, response) {
                    var input = body
                    response.body = .init(byteBuffer: try input.compress(with: Self.gzip))
                    response.headers[.contentEncoding] = "gzip"
                } else {
                    response.body = .init(byteBuffer: body)
                }
            }
        }
        return Self.notModified(request, response) ? Self.notModifiedResponse(response) : response
    }

    static func notModified(_ request: Request, _ response: Response) -> Bool {
        HTTPConditions.notModified(request.headers, etag: response.headers[.eTag], lastModified: response.headers[.lastModified])
    }

    /// 304 with the fields a cache updates its stored answer from (RFC 9110 15.4.5), no body and
    /// none of the body's own fields.
    static func notModifiedResponse(_ response: Response) -> Response {
        var headers = response.headers
        for name in [HTTPField.Name.contentType, .contentLength, .contentEncoding, .contentRange, .contentDisposition, .contentLanguage] {
            headers[name] = nil
        }
        var answer = Response(status: .notModified, headers: headers)
        answer.headers[.contentLength] = nil
        return answer
    }

    /// An answer for anyone: not `no-store`, and it sets no cookie.
    static func isPublic(_ headers: HTTPFields) -> Bool {
        headers[.setCookie] == nil && !(headers[.cacheControl]?.contains("no-store") ?? false)
    }

    /// Text worth compressing, not yet encoded, and not a download that answers ranges of its
    /// stored bytes. Images other than SVG, PDFs and office files are compressed already.
    static func isCompressible(_ headers: HTTPFields) -> Bool {
        guard headers[.contentEncoding] == nil, headers[.acceptRanges] == nil, let type = headers[.contentType]?.lowercased() else { return false }
        return type.hasPrefix("text/") || type.hasPrefix("application/xml") || type.hasPrefix("application/json")
            || type.hasPrefix("image/svg+xml") || type.hasPrefix("application/javascript")
    }

    static func addVary(_ name: String, to headers: inout HTTPFields) {
        let existing = headers[.vary] ?? ""
        let names = existing.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !names.contains(name.lowercased()), !names.contains("*") else { return }
        headers[.vary] = existing.isEmpty ? name : existing + ", " + name
    }

    /// The body's bytes (a page is one buffer already: no copy is made then).
    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let collector = Collector()
        try await body.write(collector)
        return collector.buffer
    }

    private final class Collector: ResponseBodyWriter {
        var buffer = ByteBuffer()

        func write(_ piece: ByteBuffer) async throws {
            if buffer.readableBytes == 0 {
                buffer = piece
            } else {
                var piece = piece
                buffer.writeBuffer(&piece)
            }
        }

        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
