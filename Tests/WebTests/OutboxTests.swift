import Database
import Domain
import Foundation
import HummingbirdTesting
import Logging
import TestSupport
import XCTest

@testable import Web

/// The mail outbox and the job runner against a real PostgreSQL and a real SMTP listener: written
/// with the change or not at all, handed to the relay once, retried on the schedule, failed after
/// the last try, sent again with the same Message-ID after a crash, shown to the admin.
final class OutboxTests: XCTestCase {
    func makeApp(sink: SMTPSink?, port: Int? = nil, retry: RetrySchedule = RetrySchedule(delays: [1, 1])) async throws -> TestApp {
        var config = AppConfig(publicURL: "https://raadsportal.example.dk")
        config.smtpURL = "smtp://127.0.0.1:\(port ?? sink!.port)"
        config.mailRetrySchedule = retry
        let app = try await TestApp.make(config: config, mailer: SMTPMailer(url: config.smtpURL, from: "raadsportal@raadsportal.example.dk"))
        addTeardownBlock { await app.shutdown() }
        return app
    }

    static let draft = MailDraft(to: [.role(.secretariat)], subject: "Ny indmelding: Æblemost", body: "Se sagen.", reason: "test")

    func testAMessageIsWrittenWithItsChangeOrNotAtAll() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try await makeApp(sink: sink)
        struct Refused: Error {}
        // A change that rolls back takes its message with it, and /metrics counts none.
        let queued = MailMetrics.shared.queued.value
        do {
            try await app.pool.transaction { conn in
                try Outbox.enqueue([Self.draft], on: conn)
                throw Refused()
            }
            XCTFail("the transaction should fail")
        } catch is Refused {}
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM mail_outbox"), 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM jobs"), 0)
        XCTAssertEqual(MailMetrics.shared.queued.value, queued, "raadsportal_mail_queued_total counts only committed messages")
        // One that commits is counted, once per message written.
        let written = try await Outbox(pool: app.pool).enqueue([Self.draft])
        XCTAssertGreaterThan(written, 0)
        XCTAssertEqual(MailMetrics.shared.queued.value, queued + written)
        // A stale letter save writes no request to sign.
        let (url, ids) = try await LetterTests.caseUnderAssessment(app)
        let before = try await app.count("SELECT count(*) AS n FROM mail_outbox")
        _ = ids
        let caseID = Int64(url.split(separator: "/").last!)!
        let letters = LetterRepository(pool: app.pool)
        var letter = LetterRepository.Letter()
        letter.version = 99
        letter.finalProfile = .a
        letter.recommendations = [.init(focusArea: .governance, subTheme: "x", body: "y")]
        let result = try await letters.save(
            caseID: caseID, letter, audit: .init(userID: nil, username: "t", action: "t", clientIP: "t"), askToSign: [Self.draft])
        XCTAssertEqual(result, .stale)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM mail_outbox"), before)
    }

    func testTheRunnerHandsEachMessageToTheRelayOnce() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try await makeApp(sink: sink)
        let before = MailMetrics.shared.sent.value
        let written = try await Outbox(pool: app.pool).enqueue([Self.draft])
        XCTAssertEqual(written, 1, "the demo's secretariat has one address")
        try await assertEqual(try await app.runJobs(), 1)
        try await assertEqual(try await app.runJobs(), 0, "a sent message is not sent again")
        let mails = try await sink.wait(for: 1)
        XCTAssertEqual(mails.count, 1)
        XCTAssertEqual(mails[0].recipients, ["sekretariat@raadsportal.example.dk"])
        XCTAssertEqual(mails[0].subject, "Ny indmelding: Æblemost")
        let id = try XCTUnwrap(mails[0].header("Message-ID"))
        XCTAssertTrue(id.hasPrefix("<") && id.hasSuffix("@raadsportal.example.dk>"), id)
        XCTAssertNotNil(mails[0].header("Date"))
        let entry = try await Outbox(pool: app.pool).page(state: nil, offset: 0, limit: 10).entries[0]
        XCTAssertEqual(entry.state, .sent)
        XCTAssertEqual("<\(entry.messageID)@raadsportal.example.dk>", id)
        XCTAssertTrue(entry.lastAnswer.hasPrefix("250"), entry.lastAnswer)
        XCTAssertNotNil(entry.sentAt)
        XCTAssertEqual(MailMetrics.shared.sent.value - before, 1)
    }

    func testARelayThatIsDownIsTriedAgainOnTheScheduleThenTheMessageFails() async throws {
        // A port nobody listens on.
        let gone = try SMTPSink()
        let port = gone.port
        gone.stop()
        let app = try await makeApp(sink: nil, port: port, retry: RetrySchedule(delays: [1, 1]))
        let (retriedBefore, failedBefore) = (MailMetrics.shared.retried.value, MailMetrics.shared.failed.value)
        try await Outbox(pool: app.pool).enqueue([Self.draft])
        try await app.runJobs()
        var entry = try await Outbox(pool: app.pool).page(state: nil, offset: 0, limit: 10).entries[0]
        XCTAssertEqual(entry.state, .failing)
        XCTAssertEqual(entry.attempts, 1)
        XCTAssertTrue(entry.lastAnswer.contains("cannot connect"), entry.lastAnswer)
        let next = try XCTUnwrap(entry.nextTry)
        XCTAssertGreaterThan(next, Date().addingTimeInterval(-0.5))
        try await assertEqual(try await app.runJobs(), 0, "not before its time")
        for attempt in 2...3 {
            try await Task.sleep(for: .milliseconds(1_100))
            try await assertEqual(try await app.runJobs(), 1)
            entry = try await Outbox(pool: app.pool).page(state: nil, offset: 0, limit: 10).entries[0]
            XCTAssertEqual(entry.attempts, attempt)
        }
        XCTAssertEqual(entry.state, .failed, "three tries: the first and one per delay")
        XCTAssertTrue(entry.lastAnswer.contains("no more tries after 3"), entry.lastAnswer)
        XCTAssertEqual(MailMetrics.shared.retried.value - retriedBefore, 2)
        XCTAssertEqual(MailMetrics.shared.failed.value - failedBefore, 1)
        let runs = try await JobQueue(pool: app.pool).runs(jobID: try await app.pool.query("SELECT job_id FROM mail_outbox").first!.decode("job_id"))
        XCTAssertEqual(runs.map(\.outcome), ["retry", "retry", "failed"], "each run recorded")
    }

    func testTheRelaysRefusalsRetryA4xxAndFailA5xxForOneAddress() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try await makeApp(sink: sink, retry: RetrySchedule(delays: [1, 1, 1]))
        try await app.pool.query("UPDATE users SET email = 'ukendt@raadsportal.example.dk' WHERE username = 'direktoer'")
        let secretariat = "sekretariat@raadsportal.example.dk"
        sink.answer(rcpt: secretariat, with: "451 4.3.0 midlertidig fejl")
        sink.answer(rcpt: "ukendt@raadsportal.example.dk", with: "550 5.1.1 ukendt modtager")
        try await Outbox(pool: app.pool)
            .enqueue([MailDraft(to: [.role(.secretariat), .role(.director)], subject: "Test", body: "Hej", reason: "test")])
        try await app.runJobs()
        let states = Dictionary(
            uniqueKeysWithValues: try await Outbox(pool: app.pool).page(state: nil, offset: 0, limit: 10).entries.map { ($0.recipient, $0) })
        XCTAssertEqual(states[secretariat]?.state, .failing)
        XCTAssertEqual(states[secretariat]?.lastAnswer, "RCPT TO <\(secretariat)>: 451 4.3.0 midlertidig fejl")
        XCTAssertEqual(states["ukendt@raadsportal.example.dk"]?.state, .failed, "a 5xx is not tried again")
        XCTAssertTrue(states["ukendt@raadsportal.example.dk"]?.lastAnswer.contains("550 5.1.1") ?? false)
        // The relay takes it again: the next try delivers, once.
        sink.answer(rcpt: secretariat, with: nil)
        try await Task.sleep(for: .milliseconds(1_100))
        try await assertEqual(try await app.runJobs(), 1)
        let mails = try await sink.wait(for: 1)
        XCTAssertEqual(mails.map(\.recipients), [[secretariat]])
    }

    func testAfterACrashBetweenTheRelaysAnswerAndTheCommitTheMessageGoesAgainWithTheSameMessageID() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try await makeApp(sink: sink)
        try await Outbox(pool: app.pool).enqueue([Self.draft])
        // An instance claims the message and hands it over, then dies before it records that.
        let queue = JobQueue(pool: app.pool)
        let job = try await XCTUnwrapAsync(try await queue.claim(kinds: [Outbox.jobKind], instance: "dead", lease: 1))
        let m = try await XCTUnwrapAsync(try await Outbox(pool: app.pool).message(jobID: job.id))
        let mailer = try XCTUnwrap(app.services.mailer)
        let first = await mailer.deliver(
            MailMessage(messageID: "<\(m.messageID)@raadsportal.example.dk>", to: m.recipient, subject: m.subject, body: m.body, date: m.createdAt))
        XCTAssertEqual(first, .accepted("250 queued"))
        try await assertEqual(try await app.runJobs(), 0, "its lease holds it meanwhile")
        try await Task.sleep(for: .milliseconds(1_200))
        try await assertEqual(try await app.runJobs(), 1, "another instance takes it when the lease runs out")
        let mails = try await sink.wait(for: 2)
        XCTAssertEqual(mails.count, 2)
        XCTAssertEqual(mails[0].header("Message-ID"), mails[1].header("Message-ID"), "the receiver can tell it is the same message")
        let runs = try await queue.runs(jobID: job.id)
        XCTAssertEqual(runs.map(\.outcome), ["lost", "done"])
        let late = try await queue.finish(job, .done("late"))
        XCTAssertFalse(late, "the dead instance's result is not recorded")
    }

    func testTwoInstancesNeverHandOverTheSameMessage() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try await makeApp(sink: sink)
        try await app.pool.transaction { conn in
            for i in 1...12 {
                try Outbox.enqueue([MailDraft(to: [.role(.secretariat)], subject: "Besked \(i)", body: "Hej", reason: "test")], on: conn)
            }
        }
        let a = JobRunner.standard(app.services, logger: Logger(label: "a"))
        let b = JobRunner.standard(app.services, logger: Logger(label: "b"))
        async let ranA = a.runDue()
        async let ranB = b.runDue()
        let (na, nb) = try await (ranA, ranB)
        XCTAssertEqual(na + nb, 12)
        let mails = try await sink.wait(for: 12)
        try await Task.sleep(for: .milliseconds(200))
        XCTAssertEqual(sink.received.count, 12)
        XCTAssertEqual(Set(mails.map(\.subject)).count, 12, "each message once")
    }

    func testTheAdminSeesTheOutboxAndCanRetryAMessage() async throws {
        let gone = try SMTPSink()
        let port = gone.port
        gone.stop()
        let app = try await makeApp(sink: nil, port: port, retry: RetrySchedule(delays: []))
        try await Outbox(pool: app.pool).enqueue([Self.draft])
        try await app.runJobs()
        let id: Int64 = try await app.pool.query("SELECT id FROM mail_outbox").first!.decode("id")
        try await app.run { admin in
            try await admin.login("admin")
            let page = try await admin.get("/admin/udbakke?vis=opgivet")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("sekretariat@raadsportal.example.dk"))
            XCTAssertTrue(page.body.contains("Opgivet"))
            XCTAssertTrue(page.body.contains("cannot connect"), "the relay's last answer")
            let retry = try await admin.post("/admin/udbakke/\(id)/proev-igen", [])
            XCTAssertEqual(retry.location, "/admin/udbakke?besked=proeves")
        }
        let entry = try await XCTUnwrapAsync(try await Outbox(pool: app.pool).entry(id: id))
        XCTAssertEqual(entry.state, .queued)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'mail.retried'"), 1)
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await assertEqual(try await secretariat.get("/admin/udbakke").status, .forbidden)
        }
    }
}

func XCTUnwrapAsync<T>(_ value: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    let v = try await value()
    return try XCTUnwrap(v, file: file, line: line)
}
