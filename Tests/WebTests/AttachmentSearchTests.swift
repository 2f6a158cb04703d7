import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// Search inside the attachments (issue 21): the job runner reads the text of each page of a PDF
/// (and of the PDF LibreOffice makes of a DOCX), each sheet of an XLSX; the search finds it with the
/// Danish configuration and says which attachment and which page or sheet; an attachment is as
/// visible as its item (confidentiality, exclusion); a file that cannot be read is marked and
/// blocks nothing.
final class AttachmentSearchTests: XCTestCase {
    func testSearchFindsWordsInsideTheAttachments() async throws {
        let app = try await TestApp.make(demoExtractions: true)
        // The demo's attachments are read by the jobs the seed queued.
        try await app.runJobs()
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM attachment_extractions WHERE state = 'ok'"), 4)
        // "tolkeudgifterne" occurs only inside item 7's PDF (its page 2), nowhere in an item's text.
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM agenda_items WHERE search @@ websearch_to_tsquery('danish', 'tolkeudgifterne')"), 0)
        try await app.run { browser in
            let page = try await browser.get("/bestyrelse/soeg?q=tolkeudgifterne")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("1 resultat"), page.body)
            XCTAssertTrue(page.body.contains("Årsrapport for Regionernes It-råd"))
            XCTAssertTrue(page.body.contains("I bilaget »Bilag 7.1 Notat om tolkning (opdigtet demo-bilag).pdf«, side 2"))
            XCTAssertTrue(page.body.contains("<mark>tolkeudgifterne</mark>"))
            // Stemming: another form of the word finds the same page.
            let stem = try await browser.get("/bestyrelse/soeg?q=tolkeudgift")
            XCTAssertTrue(stem.body.contains("side 2"))
            // A sheet of the XLSX, by its name; a page of the PDF LibreOffice made of the DOCX.
            let sheet = try await browser.get("/bestyrelse/soeg?q=kvartalsm%C3%B8derne")
            XCTAssertTrue(sheet.body.contains("arket »Mødekalender«"), sheet.body)
            let docx = try await browser.get("/bestyrelse/soeg?q=arkitekturprincipperne")
            XCTAssertTrue(docx.body.contains("I bilaget »Bilag 8.1 Høringsnotat (opdigtet demo-bilag).docx«, side 1"), docx.body)
        }
    }

    /// The confidential item's attachment: found by the board, not by the public, not by a member
    /// excluded from the item.
    func testConfidentialityAndExclusionApplyToAttachments() async throws {
        let app = try await TestApp.make(demoExtractions: true)
        try await app.runJobs()
        let query = "/bestyrelse/soeg?q=mandatrammen"
        try await app.run { browser in
            let page = try await browser.get(query)
            XCTAssertTrue(page.body.contains("0 resultater"), page.body)
            XCTAssertFalse(page.body.contains("Forhandlingsoplæg"))
        }
        try await app.run { browser in
            try await browser.login("bestyrelse")
            let page = try await browser.get(query)
            XCTAssertTrue(page.body.contains("1 resultat"), page.body)
            XCTAssertTrue(page.body.contains("I bilaget »Bilag 1.1 Forhandlingsoplæg (opdigtet demo-bilag).pdf«, side 1"))
        }
        try await app.pool.query(
            "INSERT INTO item_exclusions (item_id, user_id, reason) SELECT 1, id, 'Inhabil' FROM users WHERE username = 'bestyrelse'")
        try await app.run { browser in
            try await browser.login("bestyrelse")
            let page = try await browser.get(query)
            XCTAssertTrue(page.body.contains("0 resultater"), page.body)
            XCTAssertFalse(page.body.contains("Forhandlingsoplæg"))
        }
    }

    /// An upload is read by a job queued with it; a file that cannot be read is marked, its job is
    /// done, and the book still comes (saying the file cannot be shown in it).
    func testUploadIsReadAndAnUnreadableFileBlocksNothing() async throws {
        let app = try await TestApp.make(demoExtractions: true)
        try await app.runJobs()
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            let form = try await browser.get("/bestyrelse/moeder/1/punkter/2")
            let id = try XCTUnwrap(form.body.firstMatch(of: /name="submission_id" value="([0-9a-f]{32})"/)?.1).description
            let bad = AttachmentTests.pdf  // a PDF header and objects, no cross-reference table: poppler cannot read it
            let page = try await AttachmentTests.upload(
                browser, path: "/bestyrelse/punkter/2/bilag", csrf: browser.lastCSRF, submissionID: id, filename: "ødelagt.pdf", content: bad)
            XCTAssertEqual(page.status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'attachment.extract' AND state = 'queued'"), 1)
        try await app.runJobs()
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM attachment_extractions e JOIN attachments a ON a.id = e.attachment_id WHERE a.filename = 'ødelagt.pdf' AND e.state = 'unreadable'"
            ), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'attachment.extract' AND state <> 'done'"), 0)
        let book = try await app.run { browser in try await BoardBookTests.fetchBook(app, browser) }
        XCTAssertEqual(book.status, .ok)
        let text = try BoardBookTests.read(book.bytes)
        XCTAssertTrue(text.qpdfOK)
        XCTAssertTrue(text.text.contains("ødelagt.pdf"))
        XCTAssertTrue(text.text.contains("kan ikke vises i bogen"))
    }
}
