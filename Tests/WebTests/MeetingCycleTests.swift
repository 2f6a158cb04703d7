import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import XCTest

@testable import Web

/// The board meeting's cycle (issue 20, points 1 and 3), end to end through HTTP against
/// PostgreSQL: the board secretariat publishes after a confirmation, marks the meeting held on its
/// day, records attendance and decisions, sends the minutes for review; a board member comments;
/// the secretariat approves them at a date, after which they are frozen and public for public items.
final class MeetingCycleTests: XCTestCase {
    static func today() -> String { DanishFormat.shortDate(Date()) }

    /// A meeting today at 23.59 (so its day has begun, whatever the hour the test runs).
    static func createTodaysMeeting(_ browser: Browser) async throws -> (id: Int64, path: String) {
        let created = try await browser.post(
            "/bestyrelse/moeder",
            [("title", "Bestyrelsesmøde"), ("date", MeetingCycleTests.today()), ("start", "23.59"), ("end", ""), ("place", "Dampfærgevej 22")])
        XCTAssertEqual(created.status, .seeOther)
        let path = try XCTUnwrap(created.location)
        return (Int64(path.split(separator: "/").last!)!, path)
    }

    static func item(_ title: String, _ caseNumber: String, confidential: Bool, officer: String, indstilling: String) -> [(String, String)] {
        var f = [
            ("title", title), ("kind", "sag"), ("case_officer", officer), ("case_number", caseNumber), ("resume", confidential ? "" : "Resumé."),
            ("indstilling", indstilling), ("sagsfremstilling", ""), ("oekonomi", "Ingen bemærkninger"), ("bemaerkninger", "Ingen bemærkninger"),
            ("kommunikation", "Ingen bemærkninger"),
        ]
        if confidential { f.append(("confidential", "on")) }
        return f
    }

    func testTheSecretariatWalksAMeetingFromDraftToApprovedMinutes() async throws {
        var config = AppConfig(publicURL: "https://raadsportal.example.dk")
        config.smtpURL = "smtp://127.0.0.1:9"  // mail is written to the outbox; nothing delivers it here
        let app = try await TestApp.make(config: config)
        let memberID: Int64 = try await app.pool.query("SELECT id FROM users WHERE username = 'bestyrelse'").first!.decode("id")
        let (id, path) = try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            // »Nyt møde« is visible on the list of meetings.
            let page1 = try await browser.get("/bestyrelse/moeder").body
            XCTAssertTrue(page1.contains(#"href="/bestyrelse/moeder/ny""#))
            let (id, path) = try await MeetingCycleTests.createTodaysMeeting(browser)
            try await browser.get("\(path)/punkter/ny")
            try await assertEqual(
                try await browser.post(
                    "\(path)/punkter",
                    MeetingCycleTests.item(
                        "Åben sag", "EMN-2026-00001", confidential: false, officer: "Sara Sagsbehandler",
                        indstilling: "Det indstilles,\nat bestyrelsen godkender planen.")
                ).status, .seeOther)
            // An item the form would not accept (no case officer), as an annual report's proposal or an import may leave one.
            try await app.pool.query(
                """
                INSERT INTO agenda_items (meeting_id, number, confidential, title, case_officer, case_number, indstilling)
                VALUES ($1, 2, true, 'Lukket sag', '', 'EMN-2026-00002', E'Det indstilles,\\nat bestyrelsen ')
                """, [id])

            // The meeting page links to the confirmation, which says what happens, who is told, and what looks unfinished.
            let meeting = try await browser.get(path)
            XCTAssertTrue(meeting.body.contains(#"href="\#(path)/offentliggoer""#))
            let confirm = try await browser.get("\(path)/offentliggoer")
            XCTAssertEqual(confirm.status, .ok)
            XCTAssertTrue(confirm.body.contains("Det sker, når du bekræfter"))
            XCTAssertTrue(confirm.body.contains("Bente Bestyrelsesmedlem &lt;bestyrelse@raadsportal.example.dk&gt;"), "the board member is named")
            XCTAssertTrue(confirm.body.contains("Punkt 2 (Lukket sag): indstillingen er kun skabelonen"))
            XCTAssertTrue(confirm.body.contains("Punkt 2 (Lukket sag): ingen sagsbehandler"))
            XCTAssertTrue(confirm.body.contains("Punkt 2 (Lukket sag): fortroligt punkt uden indhold"))
            XCTAssertFalse(confirm.body.contains("Punkt 1 (Åben sag):"), "a finished item is not listed")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM meetings WHERE id = $1 AND status = 'draft'", [id]), 1)

            // Publish now: published, and the board is mailed with the change.
            try await assertEqual(try await browser.post("\(path)/offentliggoer", [("naar", "nu")]).location, "\(path)?besked=published")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM meetings WHERE id = $1 AND status = 'published'", [id]), 1)
            try await assertEqual(
                try await app.count(
                    "SELECT count(*) AS n FROM mail_outbox WHERE reason = 'meeting.published' AND recipient = 'bestyrelse@raadsportal.example.dk'"), 1
            )

            // Held (its day has begun), after a confirmation that lists the items without a decision.
            let held = try await browser.get("\(path)/afholdt")
            XCTAssertTrue(held.body.contains("Punkt 1 (Åben sag): ingen beslutning registreret endnu"))
            try await assertEqual(try await browser.post("\(path)/afholdt", []).location, "\(path)?besked=held")
            let page2 = try await browser.get("/bestyrelse/moeder").body
            XCTAssertTrue(page2.contains("Afholdt"))

            // Attendance: the member attended and left during item 2; a wrong item is refused with the form kept.
            try await browser.get("\(path)/fremmoede")
            let wrong = try await browser.post("\(path)/fremmoede", [("a-\(memberID)", "apologies"), ("l-\(memberID)", "1")])
            XCTAssertEqual(wrong.status, .unprocessableContent)
            XCTAssertTrue(wrong.body.contains("kun den, der deltog"))
            try await browser.get("\(path)/fremmoede")
            try await assertEqual(
                try await browser.post("\(path)/fremmoede", [("a-\(memberID)", "present"), ("l-\(memberID)", "2")]).location,
                "\(path)/referat?besked=fremmoede")

            // Decisions per item.
            let itemIDs: [Int64] = try await app.pool.query("SELECT id FROM agenda_items WHERE meeting_id = $1 ORDER BY number", [id]).rows.map {
                try $0.decode("id")
            }
            try await browser.post("/bestyrelse/punkter/\(itemIDs[0])/beslutning", [("decision", "Bestyrelsen godkendte planen.")])
            try await browser.post("/bestyrelse/punkter/\(itemIDs[1])/beslutning", [("decision", "Bestyrelsen tiltrådte den lukkede aftale.")])
            let draft = try await browser.get("\(path)/referat")
            XCTAssertTrue(draft.body.contains("Referatets status: Udkast"))
            XCTAssertTrue(draft.body.contains("Bente Bestyrelsesmedlem (forlod mødet under punkt 2)"))

            // Approval before review is refused; then sent for review, with an e-mail to the board.
            try await assertEqual(try await browser.post("\(path)/referat/godkend", [("dato", MeetingCycleTests.today())]).status, .conflict)
            try await browser.get("\(path)/referat")
            try await assertEqual(try await browser.post("\(path)/referat/kommentering", []).location, "\(path)/referat?besked=kommentering")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM mail_outbox WHERE reason = 'minutes.review'"), 1)
            return (id, path)
        }

        // Before approval the public reads no decisions; the member reads them and comments.
        try await app.run { anonymous in
            let page = try await anonymous.get("\(path)/referat")
            XCTAssertFalse(page.body.contains("Bestyrelsen godkendte planen."))
            XCTAssertTrue(page.body.contains("Referatet er endnu ikke godkendt"))
            // Nor on the item's page or in the agenda pack (one rule: MinutesStatus.showsDecisions).
            let item = try await anonymous.get("\(path)/punkter/1")
            XCTAssertEqual(item.status, .ok)
            XCTAssertFalse(item.body.contains("Bestyrelsen godkendte planen."), "a decision is public only with approved minutes")
            let pack = try await anonymous.get("\(path)/pakke")
            XCTAssertFalse(pack.body.contains("Bestyrelsen godkendte planen."))
            try await assertEqual(try await anonymous.post("\(path)/referat/kommentarer", [("kommentar", "x")]).status, .forbidden)
        }
        try await app.run { member in
            try await member.login("bestyrelse")
            let page = try await member.get("\(path)/referat")
            XCTAssertTrue(page.body.contains("Bestyrelsen godkendte planen."))
            let inReview = try await member.get("\(path)/punkter/1")
            XCTAssertTrue(inReview.body.contains("Bestyrelsen godkendte planen."), "the board reads it in review")
            XCTAssertTrue(page.body.contains("Bestyrelsen tiltrådte den lukkede aftale."))
            try await assertEqual(
                try await member.post("\(path)/referat/kommentarer", [("kommentar", "Punkt 1: skriv »planen for 2027«.")]).location,
                "\(path)/referat?besked=kommentar#kommentarer")
            try await assertEqual(try await member.get("\(path)/referat/godkend").status, .forbidden)
            try await assertEqual(try await member.post("\(path)/referat/godkend", [("dato", MeetingCycleTests.today())]).status, .forbidden)
        }

        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            let withComment = try await browser.get("\(path)/referat")
            XCTAssertTrue(withComment.body.contains("Punkt 1: skriv »planen for 2027«."))
            // The approval's date: a date in the future is refused, today is accepted.
            let approve = try await browser.get("\(path)/referat/godkend")
            XCTAssertTrue(approve.body.contains("kan ikke længere ændres"))
            let future = try await browser.post("\(path)/referat/godkend", [("dato", "1.1.2099")])
            XCTAssertEqual(future.status, .unprocessableContent)
            XCTAssertTrue(future.body.contains("fremtiden"))
            try await browser.get("\(path)/referat/godkend")
            try await assertEqual(
                try await browser.post("\(path)/referat/godkend", [("dato", MeetingCycleTests.today())]).location, "\(path)/referat?besked=godkendt")

            // Frozen: a decision, removing an item, the attendance are refused; the database refuses too.
            let itemID: Int64 = try await app.pool.query("SELECT id FROM agenda_items WHERE meeting_id = $1 AND number = 1", [id]).first!.decode("id")
            try await assertEqual(
                try await browser.post("/bestyrelse/punkter/\(itemID)/beslutning", [("decision", "Ændret bagefter.")]).location,
                "\(path)/referat?besked=laast")
            let decision: String = try await app.pool.query("SELECT decision FROM agenda_items WHERE id = $1", [itemID]).first!.decode("decision")
            XCTAssertEqual(decision, "Bestyrelsen godkendte planen.")
            try await browser.get("/bestyrelse/punkter/\(itemID)/slet")
            try await assertEqual(
                try await browser.post("/bestyrelse/punkter/\(itemID)/slet", [("bekraeft", "ja")]).location, "\(path)/referat?besked=laast")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM agenda_items WHERE id = $1", [itemID]), 1)
            try await browser.get("\(path)/fremmoede")
            try await assertEqual(try await browser.post("\(path)/fremmoede", [("a-\(memberID)", "apologies")]).status, .conflict)
            try await assertEqual(
                try await app.count("SELECT count(*) AS n FROM meeting_attendance WHERE meeting_id = $1 AND attendance = 'present'", [id]), 1)
            do {
                try await app.pool.query("UPDATE agenda_items SET decision = 'Bagdør' WHERE id = $1", [itemID])
                XCTFail("the database must refuse a change to approved minutes")
            } catch {}
            let page3 = try await browser.get("\(path)/referat").body
            XCTAssertTrue(page3.contains("Godkendt den \(DanishFormat.longDate(Date()))"))
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'minutes.approved' AND object_id = $1", [String(id)]), 1)

        // The approved minutes are public for public items; the confidential item is »2 (Fortrolig)«.
        try await app.run { anonymous in
            let page = try await anonymous.get("\(path)/referat")
            XCTAssertTrue(page.body.contains("Godkendt den \(DanishFormat.longDate(Date()))"))
            XCTAssertTrue(page.body.contains("Bestyrelsen godkendte planen."))
            XCTAssertTrue(page.body.contains("2 (Fortrolig)"))
            XCTAssertFalse(page.body.contains("lukkede aftale"))
            XCTAssertFalse(page.body.contains("Lukket sag"))
            XCTAssertFalse(page.body.contains("planen for 2027"), "comments are the board's")
            XCTAssertTrue(page.body.contains("Bente Bestyrelsesmedlem"), "attendance is part of the approved minutes")
            let approvedItem = try await anonymous.get("\(path)/punkter/1")
            XCTAssertTrue(approvedItem.body.contains("Bestyrelsen godkendte planen."))
            let approvedPack = try await anonymous.get("\(path)/pakke")
            XCTAssertTrue(approvedPack.body.contains("Bestyrelsen godkendte planen."))
        }
    }

    func testOtherRolesAreRefusedTheCycle() async throws {
        let app = try await TestApp.make()
        for who in ["bestyrelse", "sekretariat", "admin", "raadsmedlem1"] {
            try await app.run { browser in
                try await browser.login(who)
                let page4 = try await browser.get("/bestyrelse/moeder").body
                XCTAssertFalse(page4.contains(#"href="/bestyrelse/moeder/ny""#), who)
                for page in [
                    "/bestyrelse/moeder/3/offentliggoer", "/bestyrelse/moeder/1/afholdt", "/bestyrelse/moeder/1/fremmoede",
                    "/bestyrelse/moeder/1/referat/godkend",
                ] {
                    try await assertEqual(try await browser.get(page).status, .forbidden, "\(who) \(page)")
                }
                try await browser.get("/bestyrelse/moeder")
                try await assertEqual(try await browser.post("/bestyrelse/moeder/3/offentliggoer", [("naar", "nu")]).status, .forbidden, who)
                try await assertEqual(try await browser.post("/bestyrelse/moeder/1/referat/kommentering", []).status, .forbidden, who)
            }
        }
        try await app.run { anonymous in
            let page5 = try await anonymous.get("/bestyrelse/moeder").body
            XCTAssertFalse(page5.contains(#"href="/bestyrelse/moeder/ny""#))
            try await assertEqual(try await anonymous.get("/bestyrelse/moeder/3/offentliggoer").status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM meetings WHERE id = 3 AND status = 'draft'"), 1)
        // The board secretariat does not comment: that is the members'.
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/moeder")
            try await assertEqual(try await browser.post("/bestyrelse/moeder/1/referat/kommentarer", [("kommentar", "x")]).status, .forbidden)
        }
    }

    func testAMeetingIsHeldOnlyOnOrAfterItsDayAndAPastMeetingIsNeverShownAsNotHeld() async throws {
        let app = try await TestApp.make()
        // The demo's 2022 meetings are held, and meeting 1's minutes are approved.
        try await app.run { anonymous in
            let list = try await anonymous.get("/bestyrelse/moeder")
            XCTAssertFalse(list.body.contains("Offentliggjort"), "no past meeting is shown as only published")
            let minutes = try await anonymous.get("/bestyrelse/moeder/1/referat")
            XCTAssertFalse(minutes.body.contains("endnu ikke afholdt"))
            XCTAssertTrue(minutes.body.contains("Godkendt den 21. juni 2022"))
            let page6 = try await anonymous.get("/bestyrelse/moeder/2/referat").body
            XCTAssertFalse(page6.contains("endnu ikke afholdt"))
        }
        // A published meeting whose date has passed, not marked held, shows as held.
        try await app.pool.query(
            "INSERT INTO meetings (id, title, starts_at, place, status) VALUES (9100, 'Glemt møde', now() - interval '3 days', 'virtuelt', 'published')"
        )
        // A published meeting tomorrow cannot be held yet.
        try await app.pool.query(
            "INSERT INTO meetings (id, title, starts_at, place, status) VALUES (9101, 'Kommende møde', now() + interval '2 days', 'virtuelt', 'published')"
        )
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            let list = try await browser.get("/bestyrelse/moeder")
            // The forgotten meeting's row says »Afholdt«; the coming one's says »Offentliggjort«.
            let rows = list.body.components(separatedBy: "<tr>")
            XCTAssertTrue(rows.first { $0.contains("Glemt møde") }?.contains("<td>Afholdt</td>") ?? false)
            XCTAssertTrue(rows.first { $0.contains("Kommende møde") }?.contains("<td>Offentliggjort</td>") ?? false)
            let forgotten = try await browser.get("/bestyrelse/moeder/9100")
            XCTAssertTrue(forgotten.body.contains("<dd>Afholdt</dd>"))
            let page7 = try await browser.get("/bestyrelse/moeder/9100/referat").body
            XCTAssertFalse(page7.contains("endnu ikke afholdt"))
            let early = try await browser.get("/bestyrelse/moeder/9101/afholdt")
            XCTAssertTrue(early.body.contains("først markeres som afholdt på mødedagen"))
            XCTAssertFalse(early.body.contains(">Markér som afholdt</button>"))
            try await assertEqual(try await browser.post("/bestyrelse/moeder/9101/afholdt", []).status, .conflict)
            try await browser.get("/bestyrelse/moeder/9101")
            try await assertEqual(
                try await browser.post("/bestyrelse/moeder/9101/referat/kommentering", []).location, "/bestyrelse/moeder/9101/referat?besked=afvist")
            try await assertEqual(try await browser.post("/bestyrelse/moeder/9100/afholdt", []).location, "/bestyrelse/moeder/9100?besked=held")
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM meetings WHERE id = 9101 AND status = 'published'"), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM meetings WHERE id = 9100 AND status = 'held'"), 1)
    }

    func testScheduledPublishingHappensOnceByTheJobRunner() async throws {
        var config = AppConfig(publicURL: "https://raadsportal.example.dk")
        config.smtpURL = "smtp://127.0.0.1:9"
        let app = try await TestApp.make(config: config)
        let at = Date().addingTimeInterval(3 * 3600)
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            // A time that has passed is refused with what was typed kept.
            try await browser.get("/bestyrelse/moeder/3/offentliggoer")
            let past = try await browser.post("/bestyrelse/moeder/3/offentliggoer", [("naar", "planlagt"), ("dato", "1.1.2020"), ("tid", "9.00")])
            XCTAssertEqual(past.status, .unprocessableContent)
            XCTAssertTrue(past.body.contains("Tidspunktet er passeret"))
            XCTAssertTrue(past.body.contains(#"value="1.1.2020""#))
            try await browser.get("/bestyrelse/moeder/3/offentliggoer")
            try await assertEqual(
                try await browser.post(
                    "/bestyrelse/moeder/3/offentliggoer",
                    [("naar", "planlagt"), ("dato", DanishFormat.shortDate(at)), ("tid", DanishFormat.clock(at))]
                ).location, "/bestyrelse/moeder/3?besked=planlagt")
            let page8 = try await browser.get("/bestyrelse/moeder/3").body
            XCTAssertTrue(page8.contains("Offentliggøres automatisk"))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'meeting.publish' AND state = 'queued'"), 1)
        // Not yet due: nothing happens.
        try await app.runJobs()
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM meetings WHERE id = 3 AND status = 'draft'"), 1)
        // The clock moves past the time: two instances' runners race; the meeting is published once.
        try await app.pool.query("UPDATE jobs SET run_at = now() - interval '1 second' WHERE kind = 'meeting.publish'")
        let second = JobRunner.standard(app.services, logger: Logger(label: "test.jobs.second"))
        async let a = app.jobs.runDue()
        async let b = second.runDue()
        _ = try await (a, b)
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM meetings WHERE id = 3 AND status = 'published' AND publish_at IS NULL"), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'meeting.published' AND object_id = '3'"), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM mail_outbox WHERE reason = 'meeting.published'"), 1)
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM job_runs r JOIN jobs j ON j.id = r.job_id WHERE j.kind = 'meeting.publish'"), 1)
        // Run again: nothing more.
        try await app.pool.query("UPDATE jobs SET state = 'queued', run_at = now() WHERE kind = 'meeting.publish'")
        try await app.runJobs()
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'meeting.published' AND object_id = '3'"), 1)
    }
}
