import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// Exclusion from a confidential item (inhabilitet), by the role that owns it: the board
/// secretariat marks a board member, who then reads the item as the public does.
final class ExclusionTests: XCTestCase {
    func testTheBoardSecretariatExcludesAMemberWhoThenReadsTheItemAsThePublic() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let member: Int64 = try await app.pool.query("SELECT id FROM users WHERE username = 'bestyrelse'").first!.decode("id")
        let title: String = try await app.pool.query("SELECT title FROM agenda_items WHERE id = 3").first!.decode("title")
        // Meeting 1 in the coming days, so that its unread items are on the member's front page.
        try await app.pool.query("UPDATE meetings SET starts_at = now() + interval '2 days', ends_at = NULL WHERE id = 1")

        try await app.run { browser in
            try await browser.login("bestyrelse")
            let before = try await browser.get("/")
            XCTAssertTrue(before.body.contains(HTMLEscape.escape(title)), "item 3 is unread on the front page")
            try await assertEqual(try await browser.get("/bestyrelse/moeder/1/punkter/3").status, .ok)
            // A board member may not exclude anyone.
            try await assertEqual(try await browser.get("/bestyrelse/punkter/3/inhabilitet").status, .forbidden)
            let refused = try await browser.post("/bestyrelse/punkter/3/inhabilitet", [("member", String(member)), ("reason", "x")])
            XCTAssertEqual(refused.status, .forbidden)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_exclusions"), 0)

        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            // A public item: the form says exclusion changes nothing.
            let open = try await browser.get("/bestyrelse/punkter/2/inhabilitet")
            XCTAssertEqual(open.status, .ok)
            XCTAssertTrue(open.body.contains("Punktet er offentligt"))
            let page = try await browser.get("/bestyrelse/punkter/3/inhabilitet")
            XCTAssertTrue(page.body.contains("Bente Bestyrelsesmedlem"), "the board member is offered")
            XCTAssertFalse(page.body.contains("Punktet er offentligt"))
            XCTAssertFalse(page.body.contains("Maren Munk-Madsen (bestyrelsessekretariat)"), "the board secretariat is not offered")
            // No reason: an error summary linking to the field, the choice kept.
            let bad = try await browser.post("/bestyrelse/punkter/3/inhabilitet", [("member", String(member)), ("reason", "  ")])
            XCTAssertEqual(bad.status, .badRequest)
            XCTAssertTrue(bad.body.contains("href=\"#reason\""))
            XCTAssertTrue(bad.body.contains("value=\"\(member)\" selected"))
            let done = try await browser.post(
                "/bestyrelse/punkter/3/inhabilitet", [("member", String(member)), ("reason", "Medlemmet er part i sagen")])
            XCTAssertEqual(done.status, .seeOther)
            let after = try await browser.get(done.location!)
            XCTAssertTrue(after.body.contains("Inhabiliteten er registreret."))
            XCTAssertTrue(after.body.contains("Medlemmet er part i sagen"))
            // The board secretariat itself still reads the item.
            try await assertEqual(try await browser.get("/bestyrelse/moeder/1/punkter/3").status, .ok)
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'item.exclusion.added' AND object_id = '3'"), 1)

        try await app.run { browser in
            try await browser.login("bestyrelse")
            try await assertEqual(try await browser.get("/bestyrelse/moeder/1/punkter/3").status, .notFound)
            let agenda = try await browser.get("/bestyrelse/moeder/1")
            XCTAssertTrue(agenda.body.contains("3 (Fortrolig)"))
            XCTAssertFalse(agenda.body.contains(HTMLEscape.escape(title)))
            let home = try await browser.get("/")
            XCTAssertFalse(home.body.contains(HTMLEscape.escape(title)), "no longer in the unread list")
            let search = try await browser.get("/bestyrelse/soeg?q=OK22")
            XCTAssertTrue(search.body.contains("0 resultater"))
        }

        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/punkter/3/inhabilitet")
            let lifted = try await browser.post("/bestyrelse/punkter/3/inhabilitet/\(member)/ophaev", [])
            XCTAssertEqual(lifted.status, .seeOther)
            let again = try await browser.post("/bestyrelse/punkter/3/inhabilitet/\(member)/ophaev", [])
            XCTAssertEqual(again.status, .notFound, "nothing left to lift")
        }
        try await app.run { browser in
            try await browser.login("bestyrelse")
            try await assertEqual(try await browser.get("/bestyrelse/moeder/1/punkter/3").status, .ok)
        }
    }
}
