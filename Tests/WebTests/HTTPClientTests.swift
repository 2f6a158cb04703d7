import CompressNIO
import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import XCTest

@testable import Web

/// What HTTP clients expect of the answers (issue 24): entity tags and 304, gzip with its own tag,
/// ranges of downloads, HEAD, robots.txt and favicon.ico, metrics Prometheus accepts, 413 for a
/// chunked body over the limit, and file names without direction controls.
final class HTTPClientTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    /// A request with its raw answer (the test browser reads bodies as text; gzip is bytes), with
    /// the browser's cookies.
    static func raw(_ browser: Browser, _ path: String, method: HTTPRequest.Method = .get, _ headers: HTTPFields = [:])
        async throws -> TestResponse
    {
        var headers = headers
        if !browser.cookies.isEmpty { headers[.cookie] = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return try await browser.client.execute(uri: path, method: method, headers: headers, body: nil)
    }

    static func gunzip(_ buffer: ByteBuffer) throws -> String {
        var compressed = buffer
        return String(buffer: try compressed.decompress(with: .gzip()))
    }

    // MARK: Conditional requests

    func testPublicAnswersHaveATagAndAnswer304AsRFC9110Says() async throws {
        try await app.run { browser in
            for path in ["/bestyrelse/moeder/1", "/bestyrelse/kalender.ics", "/sitemap.xml", "/robots.txt", "/", "/static/css/site.css"] {
                let page = try await browser.get(path)
                XCTAssertEqual(page.status, .ok, path)
                let tag = try XCTUnwrap(page.headers[.eTag], path)
                XCTAssertTrue(tag.hasPrefix("\"") && tag.hasSuffix("\""), "a strong tag: \(tag)")
                XCTAssertNotEqual(page.headers[.cacheControl]?.contains("no-store"), true, path)
                // The same tag, a weak form of it, a list holding it and "*" are 304; another tag is 200.
                for condition in [tag, "W/" + tag, "\"andet\", " + tag, "*"] {
                    let again = try await browser.send(path, method: .get, body: nil, headers: [.ifNoneMatch: condition])
                    XCTAssertEqual(again.status, .notModified, "\(path) with If-None-Match: \(condition)")
                    XCTAssertEqual(again.body, "")
                    XCTAssertEqual(again.headers[.eTag], tag)
                    XCTAssertNil(again.headers[.contentType])
                }
                let changed = try await browser.send(path, method: .get, body: nil, headers: [.ifNoneMatch: "\"noget-andet\""])
                XCTAssertEqual(changed.status, .ok, path)
                XCTAssertEqual(changed.body, page.body)
            }
            // A page with a compressible type says that the answer depends on Accept-Encoding, and a
            // page that the navigation changes for a logged-in reader says Cookie.
            let agenda = try await browser.get("/bestyrelse/moeder/1")
            XCTAssertEqual(agenda.headers[.vary], "Accept-Encoding, Cookie")
            XCTAssertEqual(agenda.headers[.cacheControl], "no-cache")
            XCTAssertEqual(agenda.headers[.contentLanguage], "da")
            // If-Modified-Since counts against a Last-Modified date (static files have one), and
            // only without If-None-Match.
            let css = try await browser.get("/static/css/site.css")
            let modified = try XCTUnwrap(css.headers[.lastModified])
            try await assertEqual(
                try await browser.send("/static/css/site.css", method: .get, body: nil, headers: [.ifModifiedSince: modified]).status, .notModified)
            try await assertEqual(
                try await browser.send(
                    "/static/css/site.css", method: .get, body: nil, headers: [.ifModifiedSince: modified, .ifNoneMatch: "\"anden\""]
                ).status, .ok)
            try await assertEqual(
                try await browser.send(
                    "/static/css/site.css", method: .get, body: nil, headers: [.ifModifiedSince: "Mon, 01 Jan 2001 00:00:00 GMT"]
                ).status, .ok)
        }
    }

    /// A logged-in reader's pages carry a CSRF token next to reflected input: never compressed
    /// (BREACH), never tagged, and no-store, whatever the request asks.
    func testLoggedInPagesStayNoStoreUntaggedAndUncompressed() async throws {
        try await app.run { browser in
            let anonymous = try await browser.get("/bestyrelse/moeder/1")
            let tag = try XCTUnwrap(anonymous.headers[.eTag])
            try await browser.login("bestyrelse")
            for path in ["/bestyrelse/moeder/1", "/bestyrelse/soeg?q=%3Cb%3E", "/konto"] {
                let page = try await browser.send(path, method: .get, body: nil, headers: [.acceptEncoding: "gzip", .ifNoneMatch: tag])
                XCTAssertEqual(page.status, .ok, path)
                XCTAssertEqual(page.headers[.cacheControl], "no-store", path)
                XCTAssertNil(page.headers[.eTag], path)
                XCTAssertNil(page.headers[.contentEncoding], path)
                XCTAssertTrue(page.body.contains("csrf_token"), path)
            }
            // Nor the login form (a pre-session's token) or an error page.
            for path in ["/login", "/findes-ikke"] {
                let page = try await Self.raw(browser, path, [.acceptEncoding: "gzip"])
                XCTAssertNil(page.headers[.contentEncoding], path)
                XCTAssertNil(page.headers[.eTag], path)
            }
        }
    }

    // MARK: Compression

    func testGzipWhenAcceptedWithItsOwnTagAndNeverForCompressedFiles() async throws {
        try await app.run { browser in
            let client = browser
            let plain = try await Self.raw(client, "/bestyrelse/moeder/1")
            let gzip = try await Self.raw(client, "/bestyrelse/moeder/1", [.acceptEncoding: "br, gzip;q=0.8"])
            XCTAssertNil(plain.headers[.contentEncoding])
            XCTAssertEqual(gzip.headers[.contentEncoding], "gzip")
            XCTAssertEqual(gzip.headers[.vary], "Accept-Encoding, Cookie")
            XCTAssertEqual(gzip.headers[.contentLength], String(gzip.body.readableBytes))
            XCTAssertLessThan(gzip.body.readableBytes, plain.body.readableBytes / 2)
            XCTAssertEqual(try Self.gunzip(gzip.body), String(buffer: plain.body))
            // Another representation, another tag; each validates only itself.
            let plainTag = try XCTUnwrap(plain.headers[.eTag])
            let gzipTag = try XCTUnwrap(gzip.headers[.eTag])
            XCTAssertEqual(gzipTag, String(plainTag.dropLast()) + "-gz\"")
            try await assertEqual(
                try await Self.raw(client, "/bestyrelse/moeder/1", [.acceptEncoding: "gzip", .ifNoneMatch: gzipTag]).status, .notModified)
            try await assertEqual(try await Self.raw(client, "/bestyrelse/moeder/1", [.acceptEncoding: "gzip", .ifNoneMatch: plainTag]).status, .ok)
            // Refused by name or by "*;q=0"-style lists: not compressed.
            for refusal in ["gzip;q=0", "identity", "br", "*;q=0"] {
                let answer = try await Self.raw(client, "/bestyrelse/moeder/1", [.acceptEncoding: refusal])
                XCTAssertNil(answer.headers[.contentEncoding], refusal)
            }
            XCTAssertTrue(HTTPConditions.acceptsGzip("*"))
            XCTAssertFalse(HTTPConditions.acceptsGzip("*, gzip;q=0"))
            // Feeds, the sitemap and static text files are compressed; an icon and downloads are not.
            for path in ["/bestyrelse/kalender.ics", "/sitemap.xml", "/static/css/site.css", "/robots.txt"] {
                let answer = try await Self.raw(client, path, [.acceptEncoding: "gzip"])
                XCTAssertEqual(answer.headers[.contentEncoding], "gzip", path)
                XCTAssertEqual(answer.headers[.vary], "Accept-Encoding", path)
            }
            for path in ["/favicon.ico", "/it-raadet/filer/2"] {
                let answer = try await Self.raw(client, path, [.acceptEncoding: "gzip"])
                XCTAssertEqual(answer.status, .ok, path)
                XCTAssertNil(answer.headers[.contentEncoding], path)
            }
            // HEAD: the GET's headers (its length, tag and encoding), no body.
            let head = try await Self.raw(client, "/bestyrelse/moeder/1", method: .head, [.acceptEncoding: "gzip"])
            XCTAssertEqual(head.body.readableBytes, 0)
            XCTAssertEqual(head.headers[.eTag], gzipTag)
            XCTAssertEqual(head.headers[.contentLength], gzip.headers[.contentLength])
            XCTAssertEqual(head.headers[.contentEncoding], "gzip")
            try await assertEqual(
                try await Self.raw(client, "/bestyrelse/moeder/1", method: .head, [.ifNoneMatch: plainTag]).status, .notModified)
        }
    }

    // MARK: Partial downloads

    func testDownloadsAnswerOneRangeFromTheChunksThatHoldIt() async throws {
        let pdf = AttachmentTests.pdf
        XCTAssertGreaterThan(pdf.count, AttachmentRepository.chunkSize * 2)
        let app = self.app!
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/moeder/1/punkter/2")
            try await assertEqual(
                try await AttachmentTests.upload(browser, item: 2, csrf: browser.lastCSRF, filename: "stor.pdf", content: pdf).status, .seeOther)
            let id: Int64 = try await app.pool.query("SELECT max(id) AS id FROM attachments WHERE item_id = 2").first!.decode("id")
            let path = SiteURL.attachment(.value(id)).path
            let whole = try await Self.raw(browser, path)
            XCTAssertEqual(whole.status, .ok)
            XCTAssertEqual(whole.headers[.acceptRanges], "bytes")
            XCTAssertEqual(Array(buffer: whole.body), pdf)
            let tag = try XCTUnwrap(whole.headers[.eTag])
            XCTAssertEqual(whole.headers[.cacheControl], "no-store", "a logged-in reader's download stays no-store, tagged all the same")

            let boundary = AttachmentRepository.chunkSize
            let cases: [(String, Range<Int>)] = [
                ("bytes=0-99", 0..<100),
                ("bytes=\(boundary - 10)-\(boundary + 9)", (boundary - 10)..<(boundary + 10)),  // across two chunks
                ("bytes=\(boundary * 2 + 5)-", (boundary * 2 + 5)..<pdf.count),  // to the end
                ("bytes=-25", (pdf.count - 25)..<pdf.count),  // the last 25 bytes
                ("bytes=100-999999999", 100..<pdf.count),  // past the end: up to it
            ]
            for (range, expected) in cases {
                let part = try await Self.raw(browser, path, [.range: range])
                XCTAssertEqual(part.status, .partialContent, range)
                XCTAssertEqual(part.headers[.contentRange], "bytes \(expected.lowerBound)-\(expected.upperBound - 1)/\(pdf.count)", range)
                XCTAssertEqual(part.headers[.contentLength], String(expected.count), range)
                XCTAssertEqual(Array(buffer: part.body), Array(pdf[expected]), range)
            }
            // Unsatisfiable: 416 with the size; several ranges, another unit or a stale If-Range: the whole file.
            let beyond = try await Self.raw(browser, path, [.range: "bytes=\(pdf.count)-"])
            XCTAssertEqual(beyond.status, .rangeNotSatisfiable)
            XCTAssertEqual(beyond.headers[.contentRange], "bytes */\(pdf.count)")
            XCTAssertTrue(String(buffer: beyond.body).contains("Delen af filen findes ikke"))
            for (name, value) in [("range", "bytes=0-1,5-6"), ("range", "items=0-1")] {
                let answer = try await Self.raw(browser, path, [HTTPField.Name(name)!: value])
                XCTAssertEqual(answer.status, .ok, value)
                XCTAssertEqual(answer.body.readableBytes, pdf.count, value)
            }
            let stale = try await Self.raw(browser, path, [.range: "bytes=0-9", .ifRange: "\"f0-1\""])
            XCTAssertEqual(stale.status, .ok)
            try await assertEqual(try await Self.raw(browser, path, [.range: "bytes=0-9", .ifRange: tag]).status, .partialContent)
            // The tag validates a cached copy without reading the file.
            let cached = try await Self.raw(browser, path, [.ifNoneMatch: tag, .range: "bytes=0-9"])
            XCTAssertEqual(cached.status, .notModified)
            XCTAssertEqual(cached.body.readableBytes, 0)
            // HEAD: the length of the whole file, nothing sent.
            let head = try await Self.raw(browser, path, method: .head)
            XCTAssertEqual(head.headers[.contentLength], String(pdf.count))
            XCTAssertEqual(head.body.readableBytes, 0)
        }
        XCTAssertEqual(HTTPConditions.range("bytes=-0", ifRange: nil, etag: "\"x\"", size: 10), .unsatisfiable)
        XCTAssertEqual(HTTPConditions.range("bytes=5-2", ifRange: nil, etag: "\"x\"", size: 10), .whole)
        XCTAssertEqual(HTTPConditions.range("bytes=0-", ifRange: nil, etag: "\"x\"", size: 0), .unsatisfiable)
        XCTAssertEqual(HTTPConditions.range("bytes=2-4", ifRange: "W/\"x\"", etag: "\"x\"", size: 10), .whole)
    }

    // MARK: The small files every site has

    func testRobotsFaviconAndContentLanguage() async throws {
        try await app.run { browser in
            let robots = try await browser.get("/robots.txt")
            XCTAssertEqual(robots.status, .ok)
            XCTAssertEqual(robots.headers[.contentType], "text/plain; charset=utf-8")
            let lines = robots.body.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.first, "User-agent: *")
            XCTAssertTrue(lines.contains("Allow: /"))
            for disallowed in ["/raadet/sager", "/raadet/anmodninger", "/admin/brugere", "/konto", "/login", "/bestyrelse/moeder/*/rediger"] {
                XCTAssertTrue(lines.contains("Disallow: " + disallowed), disallowed)
            }
            XCTAssertTrue(lines.last?.hasPrefix("Sitemap: http") == true && lines.last?.hasSuffix("/sitemap.xml") == true, robots.body)
            // No public page of the sitemap is disallowed (a rule is a prefix; * is any run of characters).
            let rules = lines.filter { $0.hasPrefix("Disallow: ") }.map { String($0.dropFirst(10)) }
            let sitemap = try await browser.get("/sitemap.xml").body
            let paths = sitemap.matches(of: /<loc>https?:\/\/[^\/<]+([^<]*)<\/loc>/).map { String($0.1) }
            XCTAssertGreaterThan(paths.count, 5)
            for path in paths {
                for rule in rules {
                    let pattern = "^" + NSRegularExpression.escapedPattern(for: rule).replacingOccurrences(of: "\\*", with: "[^/]*")
                    XCTAssertNil(path.range(of: pattern, options: .regularExpression), "\(rule) disallows the public \(path)")
                }
            }
            let icon = try await Self.raw(browser, "/favicon.ico")
            XCTAssertEqual(icon.status, .ok)
            XCTAssertEqual(icon.headers[.contentType], "image/x-icon")
            XCTAssertEqual(Array(icon.body.readableBytesView.prefix(4)), [0, 0, 1, 0], "an ICO header")
            XCTAssertNotNil(icon.headers[.eTag])
            for path in ["/", "/bestyrelse/moeder/1", "/findes-ikke", "/bestyrelse/kalender.ics"] {
                try await assertEqual(try await browser.get(path).headers[.contentLanguage], "da")
            }
        }
    }

    // MARK: Metrics

    /// The metric names and their HELP as `promtool check metrics` wants them (the clients part of
    /// the test command runs promtool itself), and the error counter by route pattern.
    func testMetricsAreNamedAsPrometheusExpectsAndCountErrorsByRoute() async throws {
        var config = AppConfig()
        config.metricsToken = "hemmelig-token-til-prometheus"
        let app = try await TestApp.make(config: config)
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            try await browser.get("/bestyrelse/moeder/1")
            try await browser.get("/bestyrelse/moeder/2")
            try await browser.get("/findes/ikke/\(UUID().uuidString)")
            let text = try await browser.send(
                "/metrics", method: .get, body: nil, headers: [.authorization: "Bearer hemmelig-token-til-prometheus"]
            ).body
            var helped = Set<String>()
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                if line.hasPrefix("# HELP ") { helped.insert(String(words[2])) }
                if line.hasPrefix("# TYPE ") {
                    let (name, type) = (String(words[2]), String(words[3]))
                    XCTAssertTrue(helped.contains(name), "\(name) has HELP before its TYPE")
                    XCTAssertEqual(name.hasSuffix("_total"), type == "counter", "\(name) is a \(type)")
                    XCTAssertTrue(name.hasPrefix("raadsportal_"), name)
                }
            }
            XCTAssertTrue(text.contains(#"raadsportal_http_requests_total{route="/bestyrelse/moeder/{id}",method="GET",status="200"}"#))
            XCTAssertTrue(text.contains(#"raadsportal_http_request_duration_seconds_bucket{route="/bestyrelse/moeder/{id}",method="GET",le="0.05"}"#))
            XCTAssertTrue(text.contains(#"route="(ingen rute)",method="GET",status="404""#), "an unknown path is not a label of its own")
            XCTAssertFalse(text.contains("/findes/ikke"))
            XCTAssertFalse(text.contains("hb_"))
            XCTAssertTrue(text.contains("# TYPE raadsportal_db_query_errors_total counter"))
        }
        // A database that went away: 503 and a database error of the route that met it.
        let before = Self.errorCount(route: "/bestyrelse/moeder/{id}", kind: "database")
        let before5xx = Self.errorCount(route: "/bestyrelse/moeder/{id}", kind: "http_5xx")
        await app.pool.shutdown()
        try await app.run { browser in
            try await assertEqual(try await browser.get("/bestyrelse/moeder/1").status, .serviceUnavailable)
        }
        XCTAssertEqual(Self.errorCount(route: "/bestyrelse/moeder/{id}", kind: "database"), before + 1)
        XCTAssertEqual(Self.errorCount(route: "/bestyrelse/moeder/{id}", kind: "http_5xx"), before5xx + 1)
        XCTAssertFalse(
            AppMetrics.shared.registry.emitToString().contains(#"raadsportal_errors_total{route="/bestyrelse/moeder/{id}",kind="database"} 0"#))
    }

    static func errorCount(route: String, kind: String) -> Int {
        let prefix = #"raadsportal_errors_total{route=""# + route + #"",kind=""# + kind + #""} "#
        return AppMetrics.shared.registry.emitToString().split(separator: "\n").first { $0.hasPrefix(prefix) }
            .flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
    }

    // MARK: Hostile requests

    /// A body over the limit that announces no length (chunked) is found while it is read: 413
    /// and the Danish page, not 500, for an anonymous visitor's login form too.
    func testAChunkedBodyOverTheLimitIs413() async throws {
        let application = Application(router: try buildRouter(app.services), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.live) { client in
            let login = try await client.execute(uri: "/login", method: .get)
            let cookie = try XCTUnwrap(login.headers[values: .setCookie].first { $0.hasPrefix("rp_pre=") }?.split(separator: ";").first)
            let port = try XCTUnwrap(client.port)
            let chunk = String(repeating: "a", count: 8000)
            var request = "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\n"
            request += "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            request += String(repeating: "1f40\r\n" + chunk + "\r\n", count: 5) + "0\r\n\r\n"
            let answer = try await RawHTTP.exchange(port: port, request)
            XCTAssertTrue(answer.hasPrefix("HTTP/1.1 413"), String(answer.prefix(200)))
            XCTAssertTrue(answer.contains("Indholdet er for stort"))
        }
    }

    func testFileNamesLoseDirectionControlsAndANameProblemIsSaidToBeOne() async throws {
        XCTAssertEqual(SafeFileName.clean("rapport\u{202E}fdp.exe"), "rapportfdp.exe")
        XCTAssertEqual(
            SafeFileName.clean("\u{200E}a\u{200F}b\u{202A}c\u{202B}d\u{202C}e\u{202D}f\u{2066}g\u{2067}h\u{2068}i\u{2069}j\u{FEFF}.pdf"),
            "abcdefghij.pdf")
        XCTAssertEqual(SafeFileName.clean("Notat om \"flygtninge\" æøå.pdf"), "Notat om \"flygtninge\" æøå.pdf")
        XCTAssertEqual(MultipartReader.htmlFormUnescaped("a%22b%22.pdf"), "a\"b\".pdf")
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/moeder/1/punkter/2")
            let token = try XCTUnwrap(browser.lastCSRF)
            // A browser writes a quotation mark as %22: stored as the name its owner wrote.
            let quoted = try await AttachmentTests.upload(
                browser, item: 2, csrf: token, filename: "Referat %22endelig%22.pdf", content: AttachmentTests.pdf)
            XCTAssertEqual(quoted.location, "/bestyrelse/moeder/1/punkter/2?besked=bilag#bilag")
            let reversed = try await AttachmentTests.upload(
                browser, item: 2, csrf: token, filename: "faktura\u{202E}fdp.exe.pdf", content: AttachmentTests.pdf)
            XCTAssertEqual(reversed.location, "/bestyrelse/moeder/1/punkter/2?besked=bilag#bilag")
            // A quotation mark after the extension: a message about the name, not about the file's type.
            let badName = try await AttachmentTests.upload(browser, item: 2, csrf: token, filename: "rapport.pdf%22", content: AttachmentTests.pdf)
            XCTAssertEqual(badName.location, "/bestyrelse/moeder/1/punkter/2?besked=bilag-navn#bilag")
            let page = try await browser.get(try XCTUnwrap(badName.location))
            XCTAssertTrue(page.body.contains("på grund af sit navn"))
            XCTAssertFalse(page.body.contains("den er ikke en"))
        }
        let names: [String] = try await app.pool.query("SELECT filename FROM attachments WHERE item_id = 2 ORDER BY id").rows.map {
            try $0.decode("filename")
        }
        XCTAssertEqual(names, ["Referat \"endelig\".pdf", "fakturafdp.exe.pdf"])
    }
}

/// One HTTP/1.1 exchange over a plain socket, for what the test clients cannot send (a chunked body).
enum RawHTTP {
    static func exchange(port: Int, _ request: String) async throws -> String {
        try await Task.detached {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw POSIXError(.EIO) }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
            // The server may answer and close before it has read everything: a failed send is fine.
            let bytes = Array(request.utf8)
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                sent += n
            }
            var answer: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { break }
                answer += buffer[0..<n]
            }
            return String(decoding: answer, as: UTF8.self)
        }.value
    }
}
