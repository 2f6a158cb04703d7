import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// The board secretariat builds a meeting in the browser; board members read and annotate it.
final class BoardWorkTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    static func itemFields(_ title: String, case number: String, confidential: Bool = false) -> [(String, String)] {
        var f = [
            ("title", title), ("kind", "sag"), ("case_officer", "Maren Munk-Madsen"), ("case_number", number),
            ("resume", "Et kort resumé om \(title)."), ("indstilling", "Det indstilles,\nat bestyrelsen godkender \(title)."),
            ("sagsfremstilling", "Baggrund.\n\n- første punkt\n- andet punkt"), ("oekonomi", "Ingen bemærkninger"),
            ("bemaerkninger", "Ingen bemærkninger"), ("kommunikation", "Ingen bemærkninger"),
        ]
        if confidential { f.append(("confidential", "on")) }
        return f
    }

    func testTheSecretariatBuildsPublishesAndCorrectsAMeeting() async throws {
        let app = self.app!
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/moeder/ny")
            // Errors in Danish, next to the field, with what was typed kept.
            let bad = try await browser.post(
                "/bestyrelse/moeder",
                [("title", "Bestyrelsesmøde"), ("date", "31.2.2027"), ("start", "25.00"), ("end", ""), ("place", "Dampfærgevej 22")])
            XCTAssertEqual(bad.status, .unprocessableContent)
            XCTAssertTrue(bad.body.contains("Skriv datoen som dd.mm.åååå"))
            XCTAssertTrue(bad.body.contains("Skriv tidspunktet som tt.mm"))
            XCTAssertTrue(bad.body.contains(#"value="31.2.2027""#))
            let created = try await browser.post(
                "/bestyrelse/moeder",
                [("title", "Bestyrelsesmøde"), ("date", "24.6.2027"), ("start", "9.00"), ("end", "12.00"), ("place", "Dampfærgevej 22")])
            XCTAssertEqual(created.status, .seeOther)
            let meetingPath = try XCTUnwrap(created.location)
            let meetingID = Int64(meetingPath.split(separator: "/").last!)!

            // Items: a bad case number is refused; then three items.
            try await browser.get("\(meetingPath)/punkter/ny")
            let badItem = try await browser.post("\(meetingPath)/punkter", Self.itemFields("Første sag", case: "EMN-27-1"))
            XCTAssertEqual(badItem.status, .unprocessableContent)
            XCTAssertTrue(badItem.body.contains(CaseNumber.formatHint))
            XCTAssertTrue(badItem.body.contains("Et kort resumé om Første sag."), "the text typed is kept")
            for (title, number, secret) in [
                ("Første sag", "EMN-2027-00001", false), ("Anden sag", "EMN-2027-0002", true), ("Tredje sag", "EMN-2027-00003", false),
            ] {
                let r = try await browser.post("\(meetingPath)/punkter", Self.itemFields(title, case: number, confidential: secret))
                XCTAssertEqual(r.status, .seeOther, title)
            }
            // Drafts are invisible to the public.
            try await app.run { anonymous in
                try await assertEqual(try await anonymous.get(meetingPath).status, .notFound)
                try await assertFalse(try await anonymous.get("/bestyrelse/kalender.ics").body.contains("moede-\(meetingID)@"))
            }
            // Move the third item up: numbers stay 1…3.
            let ids: [Int64] = try await app.pool.query("SELECT id FROM agenda_items WHERE meeting_id = $1 ORDER BY number", [meetingID]).rows.map {
                try $0.decode("id")
            }
            try await browser.get(meetingPath)
            try await assertEqual(try await browser.post("/bestyrelse/punkter/\(ids[2])/flyt", [("retning", "op")]).status, .seeOther)
            try await assertEqual(try await Self.titles(app, meetingID), ["Første sag", "Tredje sag", "Anden sag"])
            // Delete the first item, after a confirmation page.
            let confirm = try await browser.get("/bestyrelse/punkter/\(ids[0])/slet")
            XCTAssertTrue(confirm.body.contains("Ja, slet punktet"))
            try await assertEqual(try await browser.post("/bestyrelse/punkter/\(ids[0])/slet", [("bekraeft", "ja")]).status, .seeOther)
            try await assertEqual(try await Self.titles(app, meetingID), ["Tredje sag", "Anden sag"])
            try await assertEqual(
                try await app.count("SELECT count(*) AS n FROM agenda_items WHERE meeting_id = $1 AND number IN (1, 2)", [meetingID]), 2)

            // Publish; then a correction is recorded and shown.
            try await assertEqual(try await browser.post("\(meetingPath)/status", [("status", "published")]).status, .seeOther)
            let edit = try await browser.get("\(meetingPath)/rediger")
            XCTAssertTrue(edit.body.contains("Mødet er offentliggjort"))
            let version = edit.body.range(of: #"name="version" value=""#).map { edit.body[$0.upperBound...].prefix { $0 != "\"" } }!
            let corrected = try await browser.post(
                "\(meetingPath)/rediger",
                [
                    ("version", String(version)), ("title", "Bestyrelsesmøde"), ("date", "24.6.2027"), ("start", "10.00"), ("end", "12.00"),
                    ("place", "virtuelt"),
                ])
            XCTAssertEqual(corrected.status, .seeOther)
            let stale = try await browser.post(
                "\(meetingPath)/rediger",
                [
                    ("version", String(version)), ("title", "Bestyrelsesmøde"), ("date", "25.6.2027"), ("start", "10.00"), ("end", "12.00"),
                    ("place", "Aarhus"),
                ])
            XCTAssertEqual(stale.status, .unprocessableContent)
            XCTAssertTrue(stale.body.contains("ændret af en anden"))
            XCTAssertTrue(stale.body.contains(#"value="Aarhus""#))
            try await app.run { anonymous in
                let page = try await anonymous.get(meetingPath)
                XCTAssertEqual(page.status, .ok)
                XCTAssertTrue(page.body.contains("Rettelser efter offentliggørelsen"))
                XCTAssertTrue(page.body.contains("sted: Dampfærgevej 22 → virtuelt"))
                XCTAssertTrue(page.body.contains("kl. 10.00"))
                XCTAssertTrue(page.body.contains("1 (Offentlig)"))
                XCTAssertTrue(page.body.contains("2 (Fortrolig)"))
                XCTAssertFalse(page.body.contains("Anden sag"))
                XCTAssertFalse(page.body.contains("EMN-2027-0002"))
                let ics = try await anonymous.get("/bestyrelse/kalender.ics")
                XCTAssertEqual(ics.headers[.contentType], "text/calendar; charset=utf-8")
                XCTAssertTrue(ics.body.contains("UID:moede-\(meetingID)@raadsportalen"))
                XCTAssertTrue(ics.body.contains("DTSTART:20270624T080000Z"), "10.00 in Copenhagen summer time")
                XCTAssertFalse(ics.body.contains("Anden sag"))
            }

            // Before its day the meeting cannot be held; after it: held, decisions, minutes.
            try await assertEqual(
                try await browser.post("\(meetingPath)/status", [("status", "held")]).location, "\(meetingPath)?besked=status-afvist")
            try await app.pool.query("UPDATE meetings SET starts_at = now() - interval '2 days' WHERE id = $1", [meetingID])
            try await assertEqual(try await browser.post("\(meetingPath)/status", [("status", "held")]).location, "\(meetingPath)?besked=held")
            try await assertEqual(
                try await browser.post("\(meetingPath)/status", [("status", "published")]).location, "\(meetingPath)?besked=status-afvist")
            let secretID: Int64 = try await app.pool.query("SELECT id FROM agenda_items WHERE meeting_id = $1 AND confidential", [meetingID]).first!
                .decode("id")
            let publicID: Int64 = try await app.pool.query("SELECT id FROM agenda_items WHERE meeting_id = $1 AND NOT confidential", [meetingID])
                .first!.decode("id")
            try await browser.post("/bestyrelse/punkter/\(publicID)/beslutning", [("decision", "Bestyrelsen godkendte indstillingen.")])
            try await browser.post("/bestyrelse/punkter/\(secretID)/beslutning", [("decision", "Bestyrelsen tiltrådte det hemmelige forlig.")])
            // The public reads the decisions once the minutes are approved (sql/025).
            try await app.run { anonymous in
                let page1 = try await anonymous.get("\(meetingPath)/referat").body
                XCTAssertFalse(page1.contains("Bestyrelsen godkendte indstillingen."))
            }
            try await assertEqual(try await browser.post("\(meetingPath)/referat/kommentering", []).status, .seeOther)
            try await browser.get("\(meetingPath)/referat/godkend")
            try await assertEqual(
                try await browser.post("\(meetingPath)/referat/godkend", [("dato", DanishFormat.shortDate(Date()))]).location,
                "\(meetingPath)/referat?besked=godkendt")
            try await app.run { anonymous in
                let minutes = try await anonymous.get("\(meetingPath)/referat")
                XCTAssertTrue(minutes.body.contains("Bestyrelsen godkendte indstillingen."))
                XCTAssertFalse(minutes.body.contains("hemmelige forlig"))
            }
            let own = try await browser.get("\(meetingPath)/referat")
            XCTAssertTrue(own.body.contains("hemmelige forlig"))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'item.%' OR action LIKE 'meeting.%'"), 11)
    }

    static func titles(_ app: TestApp, _ meetingID: Int64) async throws -> [String] {
        try await app.pool.query("SELECT title FROM agenda_items WHERE meeting_id = $1 ORDER BY number", [meetingID]).rows.map {
            try $0.decode("title")
        }
    }

    func testTwoEditorsCannotOverwriteEachOther() async throws {
        let app = self.app!
        try await app.run { first in
            try await first.login("bestyrelsessekretariat")
            let form = try await first.get("/bestyrelse/punkter/2/rediger")
            let version = form.body.range(of: #"name="version" value=""#).map { form.body[$0.upperBound...].prefix { $0 != "\"" } }!
            var fields = Self.itemFields("Status på sundhedsydelser til ukrainske flygtninge", case: "EMN-2022-00443")
            fields.append(("version", String(version)))
            try await assertEqual(try await first.post("/bestyrelse/punkter/2/rediger", fields).status, .seeOther)
            var mine = Self.itemFields("Min egen titel", case: "EMN-2022-00443")
            mine.append(("version", String(version)))
            let refused = try await first.post("/bestyrelse/punkter/2/rediger", mine)
            XCTAssertEqual(refused.status, .unprocessableContent)
            XCTAssertTrue(refused.body.contains("gemt af en anden"))
            XCTAssertTrue(refused.body.contains(#"value="Min egen titel""#))
        }
        let title: String = try await app.pool.query("SELECT title FROM agenda_items WHERE id = 2").first!.decode("title")
        XCTAssertEqual(title, "Status på sundhedsydelser til ukrainske flygtninge")
    }

    func testOnlyTheBoardSecretariatEdits() async throws {
        try await app.run { browser in
            try await assertEqual(try await browser.get("/bestyrelse/moeder/ny").status, .seeOther)
            try await browser.login("bestyrelse")
            for path in ["/bestyrelse/moeder/ny", "/bestyrelse/moeder/1/rediger", "/bestyrelse/punkter/2/rediger", "/bestyrelse/punkter/3/slet"] {
                try await assertEqual(try await browser.get(path).status, .forbidden, path)
            }
            try await assertEqual(try await browser.post("/bestyrelse/punkter/2/flyt", [("retning", "op")]).status, .forbidden)
        }
    }

    func testBoardMembersMarkReadAndKeepPrivateNotes() async throws {
        let app = self.app!
        try await app.pool.query("UPDATE meetings SET starts_at = now() + interval '7 days' WHERE id = 1")
        try await app.pool.query(
            "INSERT INTO users (username, full_name, password_hash, roles) VALUES ('bestyrelse2', 'Anden Bestyrelse', $1, '{board_member}')",
            [TestApp.passwordHash])
        try await app.run { browser in
            try await browser.login("bestyrelse")
            let home = try await browser.get("/")
            XCTAssertTrue(home.body.contains("Ulæste punkter"))
            XCTAssertTrue(home.body.contains("/bestyrelse/moeder/1/punkter/3"), "confidential items are listed for board members")
            XCTAssertTrue(home.body.contains("2. Status på sundhedsydelser til ukrainske flygtninge"), "with the item's own title")
            try await browser.get("/bestyrelse/moeder/1/punkter/3")
            try await assertEqual(try await browser.post("/bestyrelse/moeder/1/punkter/3/laest", []).status, .seeOther)
            try await assertEqual(
                try await browser.post("/bestyrelse/moeder/1/punkter/3/note", [("note", "Spørg til <b>mandatet</b> & rammen")]).status, .seeOther)
            let item = try await browser.get("/bestyrelse/moeder/1/punkter/3")
            XCTAssertTrue(item.body.contains("Du har markeret punktet som læst."))
            XCTAssertTrue(item.body.contains("Spørg til &lt;b&gt;mandatet&lt;/b&gt; &amp; rammen"))
            try await assertFalse(try await browser.get("/").body.contains("/bestyrelse/moeder/1/punkter/3\""))
            try await assertTrue(try await browser.get("/bestyrelse/moeder/1").body.contains("Læst"))
        }
        try await app.run { other in
            try await other.login("bestyrelse2")
            let item = try await other.get("/bestyrelse/moeder/1/punkter/3")
            XCTAssertFalse(item.body.contains("mandatet"), "a note is seen by its author only")
            XCTAssertFalse(item.body.contains("Du har markeret punktet som læst."))
        }
        try await app.run { anonymous in
            // Not a board member: no tools, and no way to post them.
            try await anonymous.login("direktoer")
            try await anonymous.get("/bestyrelse/moeder/1/punkter/2")
            try await assertEqual(try await anonymous.post("/bestyrelse/moeder/1/punkter/2/laest", []).status, .forbidden)
        }
        // The item is checked in the statement that writes: an item the reader cannot see (its
        // meeting still a draft) or that does not exist is not found, and nothing is written.
        let status: String = try await app.pool.query("SELECT status FROM meetings WHERE id = 1").first!.decode("status")
        try await app.pool.query("UPDATE meetings SET status = 'draft' WHERE id = 1")
        try await app.run { member in
            try await member.login("bestyrelse2")
            try await member.get("/")
            try await assertEqual(try await member.post("/bestyrelse/moeder/1/punkter/2/note", [("note", "Skjult")]).status, .notFound)
            try await assertEqual(try await member.post("/bestyrelse/moeder/1/punkter/2/laest", []).status, .notFound)
            try await assertEqual(try await member.post("/bestyrelse/moeder/1/punkter/999/note", [("note", "Skjult")]).status, .notFound)
        }
        try await app.pool.query("UPDATE meetings SET status = $1 WHERE id = 1", [status])
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_notes WHERE body = 'Skjult'"), 0)
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM item_reads r JOIN users u ON u.id = r.user_id WHERE u.username = 'bestyrelse2'"), 0)
        // An empty note deletes the note.
        try await app.run { member in
            try await member.login("bestyrelse")
            try await member.get("/bestyrelse/moeder/1/punkter/3")
            try await assertEqual(try await member.post("/bestyrelse/moeder/1/punkter/3/note", [("note", " ")]).status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_notes"), 0)
    }

    func testSearchUsesDanishStemmingAndRespectsConfidentiality() async throws {
        let app = self.app!
        let secretWord = "hjemmedialyseudstyr"
        let hasSecret = try await app.count(
            "SELECT count(*) AS n FROM agenda_items WHERE confidential AND search @@ plainto_tsquery('danish', $1)", [secretWord])
        XCTAssertGreaterThan(hasSecret, 0, "the demo data has a confidential item about \(secretWord)")
        try await app.run { browser in
            let hits = try await browser.get("/bestyrelse/soeg?q=flygtning")
            XCTAssertTrue(hits.body.contains("</span> Status på sundhedsydelser til ukrainske flygtninge</a>"), "flygtning finds flygtninge")
            XCTAssertTrue(hits.body.contains("<mark>"))
            let secret = try await browser.get("/bestyrelse/soeg?q=\(secretWord)")
            XCTAssertTrue(secret.body.contains("0 resultater"))
            let hostile = try await browser.get("/bestyrelse/soeg?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%27%3B%20DROP%20TABLE%20users%3B--")
            XCTAssertEqual(hostile.status, .ok)
            XCTAssertFalse(hostile.body.contains("<script>alert(1)"))
            try await browser.login("bestyrelse")
            let member = try await browser.get("/bestyrelse/soeg?q=\(secretWord)")
            XCTAssertTrue(member.body.contains("1 resultat"))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM users"), DemoSeed.accounts.count)
    }

    /// Results come 20 to a page, and a word found in very many items is ranked among the newest
    /// 500 of them only (ranking reads every candidate), which the page says.
    func testSearchResultsArePagedAndBoundedToTheNewestItems() async throws {
        let app = self.app!
        try await app.pool.query(
            "INSERT INTO meetings (id, title, starts_at, place, status) VALUES (9001, 'Testmøde', now() - interval '30 days', 'virtuelt', 'published')"
        )
        try await app.pool.query(
            """
            INSERT INTO agenda_items (meeting_id, number, confidential, title, case_officer, case_number, resume, indstilling, sagsfremstilling)
            SELECT 9001, n, false, 'Kvantecomputere ' || n, 'Sagsbehandler', 'EMN-2026-' || lpad(n::text, 5, '0'), 'Kvantecomputere i regionerne.', '', ''
            FROM generate_series(1, 520) n
            """)
        try await app.run { browser in
            let first = try await browser.get("/bestyrelse/soeg?q=kvantecomputere")
            XCTAssertEqual(first.status, .ok)
            XCTAssertTrue(first.body.contains("Mere end 500 resultater"))
            XCTAssertTrue(first.body.contains("Søgeordene findes i mere end 500 punkter"))
            XCTAssertTrue(first.body.contains("Side 1 af 25"))
            XCTAssertTrue(first.body.contains("href=\"/bestyrelse/soeg?q=kvantecomputere&amp;side=2\""), "the next page keeps the search")
            XCTAssertEqual(first.body.components(separatedBy: "class=\"agenda-item\"").count - 1, 20)
            XCTAssertTrue(first.body.contains("Kvantecomputere 21</a>"), "equal ranks: the meeting's items in order, from the newest 500")
            XCTAssertFalse(first.body.contains("Kvantecomputere 20</a>"), "older than the newest 500")
            let last = try await browser.get("/bestyrelse/soeg?q=kvantecomputere&side=25")
            XCTAssertTrue(last.body.contains("Kvantecomputere 520</a>"))
            XCTAssertTrue(last.body.contains("Side 25 af 25"))
            try await assertEqual(try await browser.get("/bestyrelse/soeg?q=kvantecomputere&side=26").status, .notFound)
            let few = try await browser.get("/bestyrelse/soeg?q=flygtning")
            XCTAssertFalse(few.body.contains("Søgeordene findes i mere end"), "no notice when every match was ranked")
            XCTAssertFalse(few.body.contains("class=\"pager\""))
        }
    }

    func testTheAgendaPackHasEveryItemForTheReader() async throws {
        let app = self.app!
        let secretTitles: [String] = try await app.pool.query("SELECT title FROM agenda_items WHERE confidential").rows.map { try $0.decode("title") }
        try await app.run { browser in
            let pack = try await browser.get("/bestyrelse/moeder/1/pakke")
            XCTAssertEqual(pack.status, .ok)
            XCTAssertTrue(pack.body.contains("Indhold"))
            XCTAssertTrue(pack.body.contains("Tilpasning af kommissorier"))
            XCTAssertTrue(pack.body.contains("3 (Fortrolig)"))
            for t in secretTitles { XCTAssertFalse(pack.body.contains(HTMLEscape.escape(t))) }
            try await browser.login("bestyrelse")
            let full = try await browser.get("/bestyrelse/moeder/1/pakke")
            for t in secretTitles { XCTAssertTrue(full.body.contains(HTMLEscape.escape(t)), t) }
        }
    }
}
