import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

final class StatusNoteTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    func testTheReaderSeesWhatChangedSinceThePreviousMeeting() async throws {
        try await app.run { browser in
            // 21 June 2022: the item carries the later version, compared with 28 April.
            let later = try await browser.get("/bestyrelse/moeder/2/punkter/1")
            XCTAssertEqual(later.status, .ok)
            XCTAssertTrue(later.body.contains("Statusnotat: Sundhedsydelser til ukrainske flygtninge"))
            XCTAssertTrue(later.body.contains("i forhold til versionen af 28. april 2022"))
            XCTAssertTrue(later.body.contains("status ændret fra »Afventer« til »I gang«"))
            XCTAssertTrue(later.body.contains("Nyt afsnit"))
            XCTAssertTrue(later.body.contains("Tolkebistand"))
            XCTAssertTrue(later.body.contains("Uændret"))
            XCTAssertTrue(later.body.contains(#"<a href="https://www.retsinformation.dk/eli/lta/2022/442">"#))
            XCTAssertTrue(later.body.contains("20 + 20 + 20 = 60"))
            // 28 April: the first version, nothing to compare with.
            let first = try await browser.get("/bestyrelse/moeder/1/punkter/2")
            XCTAssertTrue(first.body.contains("Statusnotat: Sundhedsydelser til ukrainske flygtninge"))
            XCTAssertFalse(first.body.contains("i forhold til versionen"))
            XCTAssertFalse(first.body.contains("Tolkebistand"))
        }
    }

    func testTheSecretariatWritesANewVersion() async throws {
        let app = self.app!
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/statusnotater")
            let bad = try await browser.post("/bestyrelse/statusnotater/1/versioner", [("dated", "i morgen")])
            XCTAssertEqual(bad.status, .unprocessableContent)
            XCTAssertTrue(bad.body.contains("Skriv versionens dato"))
            let duplicate = try await browser.post("/bestyrelse/statusnotater/1/versioner", [("dated", "21.6.2022")])
            XCTAssertTrue(duplicate.body.contains("findes allerede en version"))
            let created = try await browser.post("/bestyrelse/statusnotater/1/versioner", [("dated", "22.9.2022")])
            XCTAssertEqual(created.status, .seeOther)
            let editor = try await browser.get(created.location!)
            XCTAssertTrue(editor.body.contains("Tolkebistand"), "a new version starts as a copy of the latest")
            let versionPath = created.location!
            // Keep one section, change its state, add one; the rest is emptied and so removed.
            let saved = try await browser.post(
                versionPath,
                [
                    ("heading_0", "Lovgrundlag"), ("body_0", "Særloven gælder fortsat."), ("state_0", "afsluttet"),
                    ("refs_0", "https://www.retsinformation.dk/eli/lta/2022/442"),
                    ("heading_1", ""), ("body_1", ""), ("state_1", "i_gang"), ("refs_1", ""),
                    ("heading_2", "Evaluering"), ("body_2", "Ordningen evalueres."), ("state_2", "afventer"), ("refs_2", ""),
                ])
            XCTAssertEqual(saved.status, .seeOther)
            let badRef = try await browser.post(
                versionPath, [("heading_0", "X"), ("body_0", "Y"), ("state_0", "i_gang"), ("refs_0", "javascript:alert(1)")])
            XCTAssertEqual(badRef.status, .unprocessableContent)
            // Over-long headings and references are refused with a message, the typed text kept.
            let longHeading = try await browser.post(
                versionPath,
                [
                    ("heading_0", String(repeating: "Ø", count: 301)), ("body_0", "Behold mig"), ("state_0", "i_gang"), ("refs_0", ""),
                ])
            XCTAssertEqual(longHeading.status, .unprocessableContent)
            XCTAssertTrue(longHeading.body.contains("højst være 300 tegn") && longHeading.body.contains("Behold mig"))
            let longRef = try await browser.post(
                versionPath,
                [
                    ("heading_0", "X"), ("body_0", "Y"), ("state_0", "i_gang"), ("refs_0", "https://" + String(repeating: "a", count: 2_000)),
                ])
            XCTAssertEqual(longRef.status, .unprocessableContent)
        }
        let versionID: Int64 = try await app.pool.query("SELECT id FROM status_note_versions WHERE dated = '2022-09-22'").first!.decode("id")
        let headings: [String] = try await app.pool.query(
            "SELECT heading FROM status_note_sections WHERE version_id = $1 ORDER BY position", [versionID]
        ).rows.map { try $0.decode("heading") }
        XCTAssertEqual(headings, ["Lovgrundlag", "Evaluering"])
        try await app.run { browser in
            try await browser.login("bestyrelse")
            try await assertEqual(try await browser.get("/bestyrelse/statusnotater").status, .forbidden)
        }
    }
}
