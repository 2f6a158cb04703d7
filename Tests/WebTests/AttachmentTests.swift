import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

final class AttachmentTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    static let boundary = "----RaadsportalTestBoundary7MA4YWxkTrZu0gW"

    static func multipart(csrf: String?, submissionID: String? = nil, filename: String, content: [UInt8]) -> String {
        var body = ""
        if let csrf { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(csrf)\r\n" }
        if let submissionID { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"submission_id\"\r\n\r\n\(submissionID)\r\n" }
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        return body + String(decoding: content, as: UTF8.self) + "\r\n--\(boundary)--\r\n"
    }

    static func upload(_ browser: Browser, item: Int64, csrf: String?, filename: String, content: [UInt8]) async throws -> Browser.Page {
        try await upload(browser, path: "/bestyrelse/punkter/\(item)/bilag", csrf: csrf, filename: filename, content: content)
    }

    static func upload(
        _ browser: Browser, path: String, csrf: String?, submissionID: String? = nil, filename: String,
        content: [UInt8]
    ) async throws -> Browser.Page {
        try await browser.send(
            path, method: .post, body: multipart(csrf: csrf, submissionID: submissionID, filename: filename, content: content),
            contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// A small but real-looking PDF, spanning several upload chunks.
    static let pdf: [UInt8] = Array(("%PDF-1.4\n" + String(repeating: "1 0 obj << /Type /Catalog >> endobj\n", count: 20_000) + "%%EOF\n").utf8)

    /// An upload form sent twice with its one-time id (double click, back button) stores the file
    /// once, and the second is answered like the first; a refused upload leaves the id free.
    func testAnUploadSentTwiceIsStoredOnce() async throws {
        let app = self.app!
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            let page = try await browser.get("/bestyrelse/moeder/1/punkter/2")
            let token = try XCTUnwrap(browser.lastCSRF)
            let id = try XCTUnwrap(page.body.firstMatch(of: /name="submission_id" value="([0-9a-f]{32})"/)?.1).description
            let path = "/bestyrelse/punkter/2/bilag"
            let refused = try await Self.upload(
                browser, path: path, csrf: token, submissionID: id, filename: "ondt.pdf", content: Array("<html>".utf8))
            XCTAssertEqual(refused.location, "/bestyrelse/moeder/1/punkter/2?besked=bilag-type#bilag")
            let first = try await Self.upload(browser, path: path, csrf: token, submissionID: id, filename: "notat.pdf", content: Self.pdf)
            let again = try await Self.upload(browser, path: path, csrf: token, submissionID: id, filename: "notat.pdf", content: Self.pdf)
            XCTAssertEqual(first.status, .seeOther)
            XCTAssertEqual(again.status, .seeOther)
            XCTAssertEqual(again.location, first.location)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM attachments WHERE item_id = 2"), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM form_submissions WHERE written AND location IS NOT NULL"), 1)
    }

    func testUploadDownloadAndConfidentiality() async throws {
        let app = self.app!
        XCTAssertGreaterThan(Self.pdf.count, AttachmentRepository.chunkSize * 2)
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/moeder/1/punkter/2")
            let token = try XCTUnwrap(browser.lastCSRF)
            // The public item 2 and the confidential item 3 each get a file with an awkward name.
            let ok = try await Self.upload(browser, item: 2, csrf: token, filename: "Notat om \\\"flygtninge\\\" æøå.pdf", content: Self.pdf)
            XCTAssertEqual(ok.status, .seeOther)
            XCTAssertEqual(ok.location, "/bestyrelse/moeder/1/punkter/2?besked=bilag#bilag")
            try await assertEqual(
                try await Self.upload(browser, item: 3, csrf: token, filename: "../../etc/fortro\nligt.pdf", content: Self.pdf).status, .seeOther)
            // Refused by content: HTML or an executable named .pdf.
            let html = try await Self.upload(
                browser, item: 2, csrf: token, filename: "ondt.pdf", content: Array("<html><script>alert(1)</script></html>".utf8))
            XCTAssertEqual(html.location, "/bestyrelse/moeder/1/punkter/2?besked=bilag-type#bilag")
            let elf = try await Self.upload(browser, item: 2, csrf: token, filename: "program.pdf", content: [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0])
            XCTAssertEqual(elf.location, "/bestyrelse/moeder/1/punkter/2?besked=bilag-type#bilag")
            try await assertTrue(try await browser.get(elf.location!).body.contains("Filen blev afvist"))
            // Without the CSRF token, or with a wrong one: 403 and nothing stored.
            try await assertEqual(try await Self.upload(browser, item: 2, csrf: nil, filename: "a.pdf", content: Self.pdf).status, .forbidden)
            try await assertEqual(try await Self.upload(browser, item: 2, csrf: "forkert", filename: "a.pdf", content: Self.pdf).status, .forbidden)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM attachments WHERE item_id IN (2, 3)"), 2)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM attachments WHERE NOT complete"), 0)
        let names: [String] = try await app.pool.query("SELECT filename FROM attachments WHERE item_id IN (2, 3) ORDER BY id").rows.map {
            try $0.decode("filename")
        }
        XCTAssertEqual(names[0], "Notat om \"flygtninge\" æøå.pdf")
        XCTAssertFalse(names[1].contains("/"))
        XCTAssertFalse(names[1].contains("\n"))
        let publicID: Int64 = try await app.pool.query("SELECT id FROM attachments WHERE item_id = 2").first!.decode("id")
        let secretID: Int64 = try await app.pool.query("SELECT id FROM attachments WHERE item_id = 3").first!.decode("id")

        try await app.run { anonymous in
            let item = try await anonymous.get("/bestyrelse/moeder/1/punkter/2")
            XCTAssertTrue(item.body.contains("Notat om &quot;flygtninge&quot; æøå.pdf"))
            XCTAssertTrue(item.body.contains("kB)"))
            let file = try await anonymous.get("/bestyrelse/bilag/\(publicID)")
            XCTAssertEqual(file.status, .ok)
            XCTAssertEqual(Array(file.body.utf8), Self.pdf, "the bytes come back unchanged")
            XCTAssertEqual(file.headers[.contentType], "application/pdf")
            XCTAssertEqual(file.headers[.xContentTypeOptions], "nosniff")
            let disposition = try XCTUnwrap(file.headers[.contentDisposition])
            XCTAssertTrue(
                disposition.hasPrefix(
                    "attachment; filename=\"Notat om _flygtninge_ ___.pdf\"; filename*=UTF-8''Notat%20om%20%22flygtninge%22%20%C3%A6%C3%B8%C3%A5.pdf"),
                disposition)
            // The confidential item's attachment does not exist for the public, nor its count.
            try await assertEqual(try await anonymous.get("/bestyrelse/bilag/\(secretID)").status, .notFound)
            try await assertFalse(try await anonymous.get("/bestyrelse/moeder/1/pakke").body.contains("/bestyrelse/bilag/\(secretID)"))
        }
        try await app.run { member in
            try await member.login("bestyrelse")
            let file = try await member.get("/bestyrelse/bilag/\(secretID)")
            XCTAssertEqual(file.status, .ok)
            XCTAssertEqual(file.headers[.cacheControl], "no-store")
            try await assertTrue(try await member.get("/bestyrelse/moeder/1/pakke").body.contains("/bestyrelse/bilag/\(secretID)"))
            // Board members read, they do not upload.
            try await member.get("/bestyrelse/moeder/1/punkter/2")
            try await assertEqual(
                try await Self.upload(member, item: 2, csrf: member.lastCSRF, filename: "a.pdf", content: Self.pdf).status, .forbidden)
        }
    }

    func testMultipartIsRefusedOutsideUploadRoutes() async throws {
        let app = self.app!
        try await app.run { browser in
            try await browser.login("admin")
            try await browser.get("/")
            let page = try await browser.send(
                "/logout", method: .post, body: Self.multipart(csrf: nil, filename: "x.pdf", content: Self.pdf),
                contentType: "multipart/form-data; boundary=\(Self.boundary)")
            XCTAssertEqual(page.status, .forbidden)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions"), 1)
    }

    /// The limit is reached while the file streams in (the body is within the Content-Length margin),
    /// with a lowered limit so that the test sends 1 MiB, not 50 (the 50 MB default is the one the
    /// operations part's robustness check uploads against, in a release build).
    func testOversizedUploadGets413AndLeavesNothing() async throws {
        XCTAssertEqual(AppConfig().maxUploadBytes, 50 * 1024 * 1024)
        var config = AppConfig()
        config.maxUploadBytes = 1024 * 1024
        let app = try await TestApp.make(config: config)
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            let form = try await browser.get("/bestyrelse/moeder/1/punkter/2")
            XCTAssertTrue(form.body.contains("1 MB"), "the form states the configured limit")
            var big = Array("%PDF-1.4\n".utf8)
            big += [UInt8](repeating: 0x41, count: 1024 * 1024 + 1)
            let page = try await Self.upload(browser, item: 2, csrf: browser.lastCSRF, filename: "stor.pdf", content: big)
            XCTAssertEqual(page.status, .contentTooLarge)
            XCTAssertTrue(page.body.contains("Indholdet er for stort"))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM attachments WHERE item_id IN (2, 3)"), 0)
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM attachment_chunks c JOIN attachments a ON a.id = c.attachment_id WHERE a.item_id IN (2, 3)"), 0)
    }
}
