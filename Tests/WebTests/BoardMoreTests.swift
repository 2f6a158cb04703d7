import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

final class BoardMailTests: XCTestCase {
    func testBoardMembersAreMailedWhenAMeetingIsPublishedOrCorrected() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let pool = try await TestDatabase.freshPool()
        var config = AppConfig(publicURL: "https://raadsportal.example.dk")
        config.smtpURL = "smtp://127.0.0.1:\(sink.port)"
        let app = try await TestApp.make(config: config, pool: pool, mailer: SMTPMailer(url: config.smtpURL, from: "raadsportal@example.dk"))
        try await app.pool.query(
            "INSERT INTO meetings (id, title, starts_at, place, status) VALUES (60, 'Bestyrelsesmøde', '2027-06-24 08:00:00+00', 'Dampfærgevej 22', 'draft')"
        )
        try await app.pool.query(
            "INSERT INTO agenda_items (meeting_id, number, confidential, title, case_officer, case_number) VALUES (60, 1, true, 'Hemmelig fusion af regionerne', 'X', 'EMN-2027-99999')"
        )
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/moeder/60")
            try await assertEqual(try await browser.post("/bestyrelse/moeder/60/status", [("status", "published")]).status, .seeOther)
            // The message is in the outbox with the change; the job runner hands it to the relay.
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM mail_outbox WHERE sent_at IS NULL"), 1)
            try await app.runJobs()
            let first = try await sink.wait(for: 1)
            XCTAssertEqual(first.count, 1)
            XCTAssertEqual(first[0].recipients, ["bestyrelse@raadsportal.example.dk"])
            XCTAssertEqual(first[0].subject, "Dagsorden: Bestyrelsesmøde 24. juni 2027")
            XCTAssertTrue(first[0].body.contains("er offentliggjort"))
            XCTAssertTrue(first[0].body.contains("https://raadsportal.example.dk/bestyrelse/moeder/60"))
            XCTAssertTrue(first[0].body.contains("torsdag den 24. juni 2027 kl. 10.00"))
            XCTAssertFalse(first[0].text.contains("Hemmelig"))
            XCTAssertFalse(first[0].text.contains("EMN-2027-99999"))
            // A correction of the published meeting is mailed too.
            let form = try await browser.get("/bestyrelse/moeder/60/rediger")
            let version = form.body.range(of: #"name="version" value=""#).map { form.body[$0.upperBound...].prefix { $0 != "\"" } }!
            try await browser.post(
                "/bestyrelse/moeder/60/rediger",
                [
                    ("version", String(version)), ("title", "Bestyrelsesmøde"), ("date", "24.6.2027"),
                    ("start", "11.00"), ("end", ""), ("place", "virtuelt"),
                ])
            try await app.runJobs()
            let both = try await sink.wait(for: 2)
            XCTAssertEqual(both.count, 2)
            XCTAssertTrue(both[1].body.contains("er rettet"))
            XCTAssertTrue(both[1].body.contains("Sted: virtuelt"))
        }
        await app.shutdown()
    }

    func testNoMailWithoutSMTP() async throws {
        let app = try await TestApp.make()
        XCTAssertNil(app.services.mailer)
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["SMTP_URL": "mail.example.dk", "MAIL_FROM": "a@example.dk"]))
        XCTAssertEqual(
            try AppConfig.fromEnvironment(["SMTP_URL": "smtp://127.0.0.1:2525", "MAIL_FROM": "raadsportal@example.dk"]).smtpURL,
            "smtp://127.0.0.1:2525")
        // Without a relay, a change writes no e-mail.
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/moeder/3")
            try await browser.post("/bestyrelse/moeder/3/status", [("status", "published")])
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM mail_outbox"), 0)
        await app.shutdown()
    }
}

final class SubtopicTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    func testGeneralBriefingsCarrySubtopicsWithTheirOwnCaseNumbers() async throws {
        let app = self.app!
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/punkter/9/rediger")
            let bad = try await browser.post(
                "/bestyrelse/punkter/9/emner", [("subtopic_title", "Nyt emne"), ("subtopic_case_number", "EMN-22-1"), ("subtopic_body", "Tekst")])
            XCTAssertEqual(bad.status, .unprocessableContent)
            XCTAssertTrue(bad.body.contains(CaseNumber.formatHint))
            XCTAssertTrue(bad.body.contains(#"value="Nyt emne""#))
            try await assertEqual(
                try await browser.post(
                    "/bestyrelse/punkter/9/emner",
                    [
                        ("subtopic_title", "Regionernes klimaregnskab"), ("subtopic_case_number", "EMN-2022-01234"),
                        ("subtopic_body", "Klimaregnskabet for 2021 foreligger."),
                    ]
                ).status, .seeOther)
        }
        try await app.run { anonymous in
            let item = try await anonymous.get("/bestyrelse/moeder/1/punkter/9")
            XCTAssertTrue(item.body.contains("Regionernes klimaregnskab"))
            XCTAssertTrue(item.body.contains("(EMN-2022-01234)"))
            let hits = try await anonymous.get("/bestyrelse/soeg?q=klimaregnskab")
            XCTAssertTrue(hits.body.contains("Generelle orienteringer"), "sub-topics are searched with their item")
            // Status-note sections are searched with the item that carries them.
            let tolk = try await anonymous.get("/bestyrelse/soeg?q=tolkebistand")
            XCTAssertTrue(tolk.body.contains("/bestyrelse/moeder/2/punkter/1"))
        }
        let id: Int64 = try await app.pool.query("SELECT id FROM agenda_subtopics WHERE case_number = 'EMN-2022-01234'").first!.decode("id")
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/punkter/9/rediger")
            try await assertEqual(try await browser.post("/bestyrelse/emner/\(id)/slet", []).status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM agenda_subtopics WHERE id = $1", [id]), 0)
    }
}

final class HostileAgendaInputTests: XCTestCase {
    /// Script tags, event handlers, `javascript:` links, SQL and Danish text in every text field of
    /// an agenda item come back inert and unchanged on every page that shows them.
    func testEveryItemFieldComesBackInert() async throws {
        let app = try await TestApp.make()
        let hostile = [
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "'; DROP TABLE users; --",
            "Æblegrød på Ærø 🇩🇰",
        ].joined(separator: "\n\n")
        let fields = ["title", "case_officer", "resume", "indstilling", "sagsfremstilling", "oekonomi", "bemaerkninger", "kommunikation"]
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/moeder/1/punkter/ny")
            var form = fields.map { ($0, $0 == "indstilling" ? "Det indstilles,\n" + hostile : hostile) }
            form += [("case_number", "EMN-2022-00777"), ("kind", "sag")]
            let created = try await browser.post("/bestyrelse/moeder/1/punkter", form)
            XCTAssertEqual(created.status, .seeOther)
            try await browser.post(
                "/bestyrelse/punkter/\(try await app.count("SELECT max(id)::int AS n FROM agenda_items"))/beslutning", [("decision", hostile)])
            for path in [
                "/bestyrelse/moeder/1", "/bestyrelse/moeder/1/punkter/11", "/bestyrelse/moeder/1/pakke", "/bestyrelse/moeder/1/referat",
                "/bestyrelse/soeg?q=%C3%A6blegr%C3%B8d",
                "/bestyrelse/punkter/\(try await app.count("SELECT max(id)::int AS n FROM agenda_items"))/rediger",
            ] {
                let page = try await browser.get(path)
                XCTAssertEqual(page.status, .ok, path)
                XCTAssertFalse(page.body.contains("<script>alert"), path)
                XCTAssertFalse(page.body.contains("<img src=x"), path)
                XCTAssertFalse(page.body.contains("href=\"javascript:"), path)
                XCTAssertTrue(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || path.contains("soeg"), path)
                XCTAssertTrue(page.body.contains("Æblegrød på Ærø 🇩🇰"), path)
            }
        }
        let stored: String = try await app.pool.query("SELECT sagsfremstilling FROM agenda_items WHERE case_number = 'EMN-2022-00777'").first!.decode(
            "sagsfremstilling")
        XCTAssertEqual(stored, hostile, "stored unchanged")
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM users"), DemoSeed.accounts.count)
        await app.shutdown()
    }

    func testSearchRanksTitleMatchesFirst() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            // "Årsrapport" is item 7's title; other items mention it only in passing, if at all.
            let page = try await browser.get("/bestyrelse/soeg?q=%C3%A5rsrapport")
            let first = try XCTUnwrap(page.body.range(of: "<h2 class=\"item-heading\">"))
            XCTAssertTrue(page.body[first.upperBound...].prefix(200).contains("Årsrapport for Regionernes It-råd"))
        }
        await app.shutdown()
    }
}
