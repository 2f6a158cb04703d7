import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// A board member's reading aids (issue 20, point 4): "changed since you read it" word by word,
/// "Mine noter", and confidential items labelled in search results.
final class ReadingAidsTests: XCTestCase {
    func testACorrectionAfterReadingIsShownWordByWordUntilReadAgain() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let section: Int64 = try await app.pool.query(
            "SELECT s.id FROM status_note_sections s JOIN agenda_items i ON i.status_note_version_id = s.version_id WHERE i.id = 2 ORDER BY s.position LIMIT 1"
        ).first!.decode("id")
        try await app.pool.query(
            "UPDATE agenda_items SET indstilling = 'Det indstilles, at bestyrelsen tager orienteringen til efterretning.' WHERE id = 2")
        try await app.pool.query("UPDATE status_note_sections SET body = 'Regionerne behandler 120 sager om ugen.' WHERE id = $1", [section])
        try await app.run { browser in
            try await browser.login("bestyrelse")
            try await browser.get("/bestyrelse/moeder/1/punkter/2")
            try await assertEqual(try await browser.post("/bestyrelse/moeder/1/punkter/2/laest", []).status, .seeOther)
            let read = try await browser.get("/bestyrelse/moeder/1/punkter/2")
            XCTAssertTrue(read.body.contains("Du har markeret punktet som læst."))
            XCTAssertFalse(read.body.contains("Ændret siden du læste det"))
        }
        // The board secretariat corrects the item's recommendation and its status note's section.
        try await app.pool.query(
            "UPDATE agenda_items SET indstilling = 'Det indstilles, at bestyrelsen drøfter orienteringen.', version = version + 1 WHERE id = 2")
        try await app.pool.query("UPDATE status_note_sections SET body = 'Regionerne behandler 150 sager om ugen.' WHERE id = $1", [section])
        try await app.run { browser in
            try await browser.login("bestyrelse")
            let page = try await browser.get("/bestyrelse/moeder/1/punkter/2")
            XCTAssertTrue(page.body.contains("Ændret siden du læste det"))
            XCTAssertTrue(page.body.contains("<h3>Indstilling</h3>"))
            XCTAssertTrue(page.body.contains("<del><span class=\"visually-hidden\">[fjernet: </span>tager<"), "the removed words, spelled out")
            XCTAssertTrue(page.body.contains("<ins><span class=\"visually-hidden\">[tilføjet: </span>drøfter<"), "the added words, spelled out")
            XCTAssertTrue(page.body.contains("<del><span class=\"visually-hidden\">[fjernet: </span>120<"), "the status note's section")
            XCTAssertTrue(page.body.contains("<ins><span class=\"visually-hidden\">[tilføjet: </span>150<"))
            XCTAssertTrue(page.body.contains("Markér rettelserne som læst"))
            // Marking it read again: the changes are read.
            try await browser.post("/bestyrelse/moeder/1/punkter/2/laest", [])
            let again = try await browser.get("/bestyrelse/moeder/1/punkter/2")
            XCTAssertFalse(again.body.contains("Ændret siden du læste det"))
        }
        // Another member who never marked it read sees no changes block.
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            let page = try await browser.get("/bestyrelse/moeder/1/punkter/2")
            XCTAssertFalse(page.body.contains("Ændret siden du læste det"))
        }
    }

    func testMyNotesListsTheMembersOwnNotesAcrossMeetings() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let other = try await UserRepository(pool: app.pool).create(
            username: "bestyrelse2", fullName: "Bo Bestyrelse", email: "b2@raadsportal.example.dk", passwordHash: TestApp.passwordHash,
            roles: [.boardMember])
        try await app.pool.query("INSERT INTO item_notes (user_id, item_id, body) VALUES ($1, 2, 'Andens note')", [other])
        let title3: String = try await app.pool.query("SELECT title FROM agenda_items WHERE id = 3").first!.decode("title")
        try await app.run { browser in
            try await browser.login("bestyrelse")
            let empty = try await browser.get("/bestyrelse/mine-noter")
            XCTAssertEqual(empty.status, .ok)
            XCTAssertTrue(empty.body.contains("Du har ingen noter endnu"))
            try await browser.post("/bestyrelse/moeder/1/punkter/2/note", [("note", "Spørg til tallene\nog til tidsplanen")])
            try await browser.post("/bestyrelse/moeder/1/punkter/3/note", [("note", "Fortrolig tanke")])
            let page = try await browser.get("/bestyrelse/mine-noter")
            XCTAssertTrue(page.body.contains("Du har 2 noter."))
            XCTAssertTrue(page.body.contains("<p>Spørg til tallene</p><p>og til tidsplanen</p>"))
            XCTAssertTrue(page.body.contains("Fortrolig tanke"))
            XCTAssertTrue(page.body.contains(HTMLEscape.escape(title3)))
            XCTAssertTrue(page.body.contains("3 (Fortrolig)"), "a confidential item is labelled")
            XCTAssertTrue(page.body.contains("/bestyrelse/moeder/1/punkter/2#note"), "each note links to its item")
            XCTAssertFalse(page.body.contains("Andens note"), "only the member's own notes")
            let home = try await browser.get("/")
            XCTAssertTrue(home.body.contains("/bestyrelse/mine-noter"), "linked from the front page")
        }
        // Excluded from item 3: its note is no longer listed.
        try await app.pool.query(
            "INSERT INTO item_exclusions (item_id, user_id, reason) SELECT 3, id, 'Part i sagen' FROM users WHERE username = 'bestyrelse'")
        try await app.run { browser in
            try await browser.login("bestyrelse")
            let page = try await browser.get("/bestyrelse/mine-noter")
            XCTAssertTrue(page.body.contains("Du har 1 note."))
            XCTAssertFalse(page.body.contains("Fortrolig tanke"))
        }
        try await app.run { browser in
            try await assertEqual(try await browser.get("/bestyrelse/mine-noter").status, .seeOther)
            try await browser.login("raadsmedlem1")
            try await assertEqual(try await browser.get("/bestyrelse/mine-noter").status, .forbidden)
        }
    }

    func testConfidentialSearchHitsAreLabelled() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            try await browser.login("bestyrelse")
            let hit = try await browser.get("/bestyrelse/soeg?q=OK22")
            XCTAssertTrue(hit.body.contains("1 resultat"))
            XCTAssertTrue(hit.body.contains("<p class=\"badge-confidential\">Fortrolig</p>"))
            let open = try await browser.get("/bestyrelse/soeg?q=flygtninge")
            XCTAssertFalse(open.body.contains("badge-confidential"), "a public item carries no label")
        }
    }
}
