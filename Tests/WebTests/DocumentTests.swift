import Database
import Domain
import Foundation
import Logging
import TestSupport
import XCTest

@testable import Web

extension TestApp {
    /// Runs the document renders that are due, as the job runner of any instance would; how many ran.
    func renderDocuments() async throws -> Int {
        let runner = JobRunner(pool: pool, logger: Logger(label: "test.documents"))
        Documents.register(on: runner, app: services)
        return try await runner.runDue()
    }
}

/// The letter and the annual report as PDFs: rendered by the job runner with the real engine
/// (scripts/render_pdf.py), stored per version in PostgreSQL, never rendered while a request waits.
/// The PDFs themselves are read by qpdf, pdffonts, pdfua, pikepdf and pdftotext in
/// Tests/Documents/check_pdfs.py.
final class DocumentTests: XCTestCase {
    func testAPDFIsRenderedByTheJobOncePerVersionAndServedFromTheStore() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            // The demo's draft (report 2). Not rendered yet: the reader is told to come back, and one render is queued however
            // often they ask.
            let started = Date()
            let pending = try await secretariat.get("/aarsrapporter/2/pdf")
            XCTAssertEqual(pending.status, .accepted)
            XCTAssertLessThan(Date().timeIntervalSince(started), 2.5, "a request waits about a second at most")
            XCTAssertEqual(pending.headers[.retryAfter], "3")
            XCTAssertTrue(pending.body.contains("Dokumentet dannes, prøv igen om et øjeblik"))
            XCTAssertTrue(pending.body.contains(#"href="/aarsrapporter/2/pdf""#))
            try await assertEqual(try await secretariat.get("/aarsrapporter/2/pdf").status, .accepted)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'document.render' AND state = 'queued'"), 1)
            try await assertEqual(try await app.renderDocuments(), 1)

            let pdf = try await secretariat.get("/aarsrapporter/2/pdf")
            XCTAssertEqual(pdf.status, .ok)
            XCTAssertEqual(pdf.headers[.contentType], "application/pdf")
            XCTAssertTrue(pdf.body.hasPrefix("%PDF-1.7"))
            XCTAssertTrue(pdf.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"aarsrapport-2022-2023.pdf\"") ?? false)
            let etag = try XCTUnwrap(pdf.headers[.eTag])
            let unchanged = try await secretariat.send("/aarsrapporter/2/pdf", method: .get, body: nil, headers: [.ifNoneMatch: etag])
            XCTAssertEqual(unchanged.status, .notModified)

            // An edit is a new version: rendered anew, the one before kept for a reader still fetching it.
            let form = try await secretariat.get("/aarsrapporter/2/rediger")
            let saved = try await secretariat.post(
                "/aarsrapporter/2/rediger",
                [
                    ("version", LetterTests.version(form)), ("title", "Regionernes It-råd – Årsrapport 2023"), ("from_year", "2022"),
                    ("to_year", "2023"), ("foreword", "Forord ≥ → Łukasz Ševčík „citat“ æøå"),
                ])
            XCTAssertEqual(saved.status, .seeOther)
            try await assertEqual(try await secretariat.get("/aarsrapporter/2/pdf").status, .accepted)
            try await assertEqual(try await app.renderDocuments(), 1)
            let edited = try await secretariat.get("/aarsrapporter/2/pdf")
            XCTAssertEqual(edited.status, .ok)
            XCTAssertNotEqual(edited.headers[.eTag], etag)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM rendered_documents WHERE document = 'report:2'"), 2)
        }
        // Another reader of the same version gets the stored file: nothing is rendered again.
        try await app.run { member in
            try await member.login("raadsmedlem1")
            try await assertEqual(try await member.get("/aarsrapporter/2/pdf").status, .ok)
        }
        try await assertEqual(try await app.renderDocuments(), 0)
        // A reader who may not read the draft does not learn that it exists.
        try await app.run { leader in
            try await leader.login("projektleder")
            try await assertEqual(try await leader.get("/aarsrapporter/2/pdf").status, .notFound)
        }
    }

    /// A render that ends while the request waits (`AppConfig.documentWait`, a second unless set) is
    /// served by that request: the reader gets the PDF, not the page that asks them to come back.
    func testARequestServesARenderThatEndsWhileItWaits() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        XCTAssertEqual(app.services.config.documentWait, .seconds(1), "the production wait")
        // Another instance's job runner, as fast as the request needs: once the request has queued
        // the render, it stores a PDF for that version 0.3 s later.
        let runner = Task {
            var key: String?
            while key == nil {
                try await Task.sleep(for: .milliseconds(20))
                key = try await app.pool.query("SELECT dedupe_key FROM jobs WHERE kind = 'document.render' AND payload = 'report:1'")
                    .first?.decode("dedupe_key")
            }
            try await Task.sleep(for: .milliseconds(300))
            let stamp = String(try XCTUnwrap(key).split(separator: ":").last!)
            try await DocumentRepository(pool: app.pool).store(
                document: "report:1", stamp: stamp, pdf: Array("%PDF-1.7 stand-in".utf8), renderMilliseconds: 300)
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let started = Date()
            let answer = try await secretariat.get("/aarsrapporter/1/pdf")
            XCTAssertEqual(answer.status, .ok, "served within the wait")
            XCTAssertEqual(answer.body, "%PDF-1.7 stand-in")
            XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.3, "it waited for the render")
        }
        try await runner.value
    }

    func testSendingALetterRendersItsPDFBeforeAnyoneAsks() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        // The demo's letter of case 8 waits for two sign-offs; then the secretariat sends it.
        for member in ["raadsmedlem1", "raadsmedlem2"] {
            try await app.run { browser in
                try await browser.login(member)
                let letter = try await browser.get("/raadet/sager/8/brev")
                let signed = try await browser.post("/raadet/sager/8/brev/godkend", [("version", LetterTests.version(letter))])
                XCTAssertEqual(signed.status, .seeOther, String(signed.body.prefix(3000)))
            }
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await assertEqual(try await secretariat.get("/raadet/sager/8/brev/pdf").status, .notFound, "a draft letter has no PDF")
            try await secretariat.get("/raadet/sager/8/brev")
            try await assertEqual(
                try await secretariat.post("/raadet/sager/8/brev/send", [("responsum_due", "1.6.2027"), ("bekraeft", "ja")]).status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'document.render' AND payload = 'letter:8'"), 1)
        try await assertEqual(try await app.renderDocuments(), 1)
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let pdf = try await secretariat.get("/raadet/sager/8/brev/pdf")
            XCTAssertEqual(pdf.status, .ok)
            XCTAssertTrue(pdf.headers[.contentDisposition]?.contains("Anbefalingsbrev") ?? false)
        }
    }

    func testTheSecretariatRecordsTheCaseNumberThatTheLetterCarries() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let page = try await secretariat.get("/raadet/sager/8")
            XCTAssertTrue(page.body.contains("EMN-2024-00217 <span class=\"invented\">(opdigtet demo-nummer)</span>"))
            XCTAssertTrue(page.body.contains(#"<label for="case_number">Sagsnummer i EMN</label>"#))
            let bad = try await secretariat.post("/raadet/sager/8/sagsnummer", [("case_number", "2024-300")])
            XCTAssertEqual(bad.status, .unprocessableContent)
            XCTAssertTrue(bad.body.contains(CaseNumber.formatHint))
            XCTAssertTrue(bad.body.contains(#"value="2024-300""#), "what was typed stays in the field")
            let saved = try await secretariat.post("/raadet/sager/8/sagsnummer", [("case_number", " emn-2024-00300 ")])
            XCTAssertEqual(saved.location, "/raadet/sager/8?besked=sagsnummer")
            let after = try await secretariat.get("/raadet/sager/8")
            XCTAssertTrue(after.body.contains("<dd>EMN-2024-00300</dd>"), "a number typed by the secretariat is not marked as made up")
            let letter = try await secretariat.get("/raadet/sager/8/brev")
            XCTAssertTrue(letter.body.contains("Sagsnr. EMN-2024-00300"))
            XCTAssertTrue(letter.body.contains("Henrik Storm, formand for projektets styregruppe"))
            try await assertEqual(try await secretariat.post("/raadet/sager/8/sagsnummer", [("case_number", "")]).status, .seeOther)
            let cleared = try await secretariat.get("/raadet/sager/8")
            XCTAssertFalse(cleared.body.contains("EMN-2024-00300"))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'case.number'"), 2)
        try await app.run { member in
            try await member.login("raadsmedlem1")
            let page = try await member.get("/raadet/sager/8")
            XCTAssertFalse(page.body.contains("case_number"), "only the secretariat records it")
            try await assertEqual(try await member.post("/raadet/sager/8/sagsnummer", [("case_number", "EMN-2024-00301")]).status, .forbidden)
        }
    }
}
