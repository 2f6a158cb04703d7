import Crypto
import Foundation
import Hummingbird
import NIOCore

/// Serves the files of `Public/` under `/static`, read once at start: they are few and small (a
/// style sheet and an icon). It answers ahead of the router and the session middleware, from
/// memory, so a style sheet never waits for a session lookup or the disk. Browsers keep a file
/// for a day and revalidate it by its ETag or date; `RepresentationMiddleware` answers those
/// conditions and compresses the text files.
struct StaticFileMiddleware: RouterMiddleware {
    typealias Context = AppContext

    struct File: Sendable {
        let body: ByteBuffer
        let contentType: String
        let etag: String
        let lastModified: String
    }

    static let prefix = "/static/"
    let files: [String: File]

    /// Every file below `folder`, by its path below it ("css/site.css").
    init(folder: String) throws {
        let root = URL(fileURLWithPath: folder, isDirectory: true).standardizedFileURL
        var files: [String: File] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            let data = try Data(contentsOf: url)
            let digest = SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined()
            let modified = try url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate ?? Date()
            files[path] = File(
                body: ByteBuffer(bytes: data), contentType: Self.contentType(path), etag: "\"\(digest)\"",
                lastModified: HTTPConditions.httpDate(modified))
        }
        self.files = files
    }

    static func contentType(_ path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        default: "application/octet-stream"
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(Self.prefix) else { return try await next(request, context) }
        // Only names of files that exist: nothing else under /static (no folders, no "..").
        guard request.method == .get || request.method == .head, let file = files[String(path.dropFirst(Self.prefix.count))]
        else { throw HTTPError(.notFound) }
        return Self.response(file)
    }

    /// The file's answer; `RepresentationMiddleware` turns it into a 304 or a HEAD answer.
    static func response(_ file: File) -> Response {
        Response(
            status: .ok,
            headers: [.cacheControl: "public, max-age=86400", .eTag: file.etag, .lastModified: file.lastModified, .contentType: file.contentType],
            body: .init(byteBuffer: file.body))
    }
}
