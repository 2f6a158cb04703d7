import Database
import Domain
import Foundation
import HummingbirdTesting
import Logging
import TestSupport
import XCTest

@testable import Web

/// Reminders at a fixed "now": once per occasion and recipient, only on working days 8–17, by each
/// user's choice (immediately, the 8 o'clock digest, off), an own step never off.
final class ReminderTests: XCTestCase {
    /// Tuesday 4 March 2025 10.00, Copenhagen.
    static let tuesday = DanishFormat.instant(year: 2025, month: 3, day: 4, hour: 10)!

    struct Setup {
        let app: TestApp
        let sink: SMTPSink
        let caseID: Int64
        let leaderID: Int64
    }

    func setUp(now: Date = tuesday) async throws -> (Setup, JobRunner) {
        let sink = try SMTPSink()
        addTeardownBlock { sink.stop() }
        var config = AppConfig(publicURL: "https://raadsportal.example.dk")
        config.smtpURL = "smtp://127.0.0.1:\(sink.port)"
        let mailer = SMTPMailer(url: config.smtpURL, from: "raadsportal@raadsportal.example.dk")!
        let app = try await TestApp.make(config: config, mailer: mailer)
        addTeardownBlock { await app.shutdown() }
        // The demo's case awaiting material: its deadline on Thursday 6 March, two working days ahead.
        let row = try await app.pool.query(
            """
            SELECT c.id, p.project_leader_id FROM assessment_cases c JOIN projects p ON p.id = c.project_id
            WHERE c.state = 'afventer_materiale' ORDER BY c.id LIMIT 1
            """
        ).first!
        let caseID: Int64 = try row.decode("id")
        try await app.pool.query("UPDATE assessment_cases SET material_deadline = '2025-03-06' WHERE id = $1", [caseID])
        let runner = JobRunner(pool: app.pool, logger: Logger(label: "test.reminders"))
        MailJobs.register(on: runner, app: app.services, mailer: mailer, now: { now })
        return (Setup(app: app, sink: sink, caseID: caseID, leaderID: try row.decode("project_leader_id")), runner)
    }

    func scan(_ runner: JobRunner, _ app: TestApp) async throws {
        try await JobQueue(pool: app.pool).enqueue(kind: MailJobs.reminderScan)
        try await runner.runDue()
    }

    func mails(_ s: Setup, to user: String, containing text: String) -> [SMTPSink.Message] {
        s.sink.received.filter { $0.recipients == ["\(user)@raadsportal.example.dk"] && $0.text.contains(text) }
    }

    func testAMaterialReminderGoesOncePerOccasion() async throws {
        let (s, runner) = try await setUp()
        try await scan(runner, s.app)
        _ = try await s.sink.wait(for: 1)
        XCTAssertEqual(mails(s, to: "projektleder", containing: "skal sendes senest torsdag den 6. marts 2025").count, 1)
        let mail = try XCTUnwrap(mails(s, to: "projektleder", containing: "Påmindelse").first)
        XCTAssertTrue(mail.body.contains("https://raadsportal.example.dk/raadet/sager/\(s.caseID)"))
        XCTAssertTrue(mail.body.contains("https://raadsportal.example.dk/konto"), "it says where to choose")
        // Scanned again (by this or another instance): nothing new.
        let count = s.sink.received.count
        try await scan(runner, s.app)
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(s.sink.received.count, count)
        try await assertEqual(
            try await s.app.count("SELECT count(*) AS n FROM reminders WHERE occasion = $1", ["material:case-\(s.caseID):2025-03-06"]), 1)
        // A new deadline is a new occasion.
        try await s.app.pool.query("UPDATE assessment_cases SET material_deadline = '2025-03-05' WHERE id = $1", [s.caseID])
        try await scan(runner, s.app)
        _ = try await s.sink.wait(for: count + 1)
        XCTAssertEqual(mails(s, to: "projektleder", containing: "senest onsdag den 5. marts 2025").count, 1)
    }

    func testNothingOutsideOfficeHoursOrOnAWeekend() async throws {
        for now in [
            DanishFormat.instant(year: 2025, month: 3, day: 4, hour: 7, minute: 59)!, DanishFormat.instant(year: 2025, month: 3, day: 4, hour: 17)!,
            DanishFormat.instant(year: 2025, month: 3, day: 8, hour: 10)!,
        ] {
            let (s, runner) = try await setUp(now: now)
            try await scan(runner, s.app)
            try await assertEqual(try await s.app.count("SELECT count(*) AS n FROM reminders"), 0)
            try await assertEqual(try await s.app.count("SELECT count(*) AS n FROM mail_outbox"), 0)
            XCTAssertEqual(runner.count("reminders.scan.done"), 1)
        }
    }

    func testTheDigestCollectsAUsersRemindersAtEight() async throws {
        let (s, runner) = try await setUp()
        try await s.app.pool.query(
            "INSERT INTO reminder_preferences (user_id, kind, choice) VALUES ($1, 'material', 'digest')", [s.leaderID])
        try await scan(runner, s.app)
        XCTAssertTrue(mails(s, to: "projektleder", containing: "Påmindelse").isEmpty, "not mailed at once")
        try await assertEqual(
            try await s.app.count(
                "SELECT count(*) AS n FROM reminders WHERE user_id = $1 AND choice = 'digest' AND digested_at IS NULL", [s.leaderID]), 1)
        try await JobQueue(pool: s.app.pool).enqueue(kind: MailJobs.reminderDigest)
        try await runner.runDue()
        _ = try await s.sink.wait(for: 1)
        let digest = mails(s, to: "projektleder", containing: "Det venter på dig i Rådsportalen")
        XCTAssertEqual(digest.count, 1)
        XCTAssertTrue(digest[0].body.contains("skal sendes senest torsdag den 6. marts 2025"))
        // The next digest has nothing for them.
        try await JobQueue(pool: s.app.pool).enqueue(kind: MailJobs.reminderDigest, key: "again")
        try await runner.runDue()
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(mails(s, to: "projektleder", containing: "Det venter på dig").count, 1)
    }

    func testAnUnreadAgendaTwoWorkingDaysBeforeTheMeetingAndChoicesOnTheAccountPage() async throws {
        let (s, runner) = try await setUp()
        try await s.app.pool.query(
            "INSERT INTO meetings (id, title, starts_at, place, status) VALUES (70, 'Bestyrelsesmøde', '2025-03-06 09:00:00+00', 'Dampfærgevej 22', 'published')"
        )
        try await s.app.pool.query(
            "INSERT INTO agenda_items (meeting_id, number, confidential, title, case_officer, case_number) VALUES (70, 1, true, 'Hemmelig sag', 'X', 'EMN-2025-00001')"
        )
        try await s.app.run { browser in
            try await browser.login("bestyrelse")
            let account = try await browser.get("/konto")
            XCTAssertTrue(account.body.contains("Ulæste punkter på dagsordenen"))
            XCTAssertTrue(account.body.contains(#"value="off""#), "a board member may turn the agenda reminder off")
            try await assertEqual(try await browser.post("/konto/paamindelser", [("reminder_agenda", "immediately")]).status, .seeOther)
        }
        try await scan(runner, s.app)
        _ = try await s.sink.wait(for: 1)
        let agenda = mails(s, to: "bestyrelse", containing: "som du ikke har læst")
        XCTAssertEqual(agenda.count, 1)
        XCTAssertTrue(agenda[0].body.contains("/bestyrelse/moeder/70"))
        XCTAssertFalse(agenda[0].text.contains("Hemmelig"), "never an item's content")
        // The project leader's material reminder is their own step: digest yes, off no.
        try await s.app.run { leader in
            try await leader.login("projektleder")
            let account = try await leader.get("/konto")
            XCTAssertTrue(account.body.contains("Materiale, der skal sendes"))
            XCTAssertFalse(account.body.contains(#"name="reminder_material" value="off""#))
            try await assertEqual(try await leader.post("/konto/paamindelser", [("reminder_material", "off")]).status, .badRequest)
            let saved = try await leader.post("/konto/paamindelser", [("reminder_material", "digest"), ("reminder_responsum", "immediately")])
            XCTAssertEqual(saved.location, "/konto?besked=paamindelser#paamindelser")
            let after = try await leader.get("/konto?besked=paamindelser")
            XCTAssertTrue(after.body.contains(#"id="reminder_material_digest" name="reminder_material" value="digest" checked"#))
        }
        try await assertEqual(
            try await s.app.count(
                "SELECT count(*) AS n FROM reminder_preferences WHERE user_id = $1 AND kind = 'material' AND choice = 'digest'", [s.leaderID]),
            1)
        do {
            try await s.app.pool.query("UPDATE reminder_preferences SET choice = 'off' WHERE user_id = $1 AND kind = 'material'", [s.leaderID])
            XCTFail("the table refuses an own step turned off")
        } catch DatabaseError.checkViolation {}
    }
}
