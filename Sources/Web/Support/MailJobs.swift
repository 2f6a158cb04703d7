import Database
import Domain
import Foundation
import NIOConcurrencyHelpers
import Prometheus

/// The outbox's counters on `/metrics`, in the application's registry: messages written, handed to
/// the relay, tried again after a passing failure, and given up on. The alert on the last is in
/// docs/operations.md.
final class MailMetrics: Sendable {
    static let shared = MailMetrics(registry: AppMetrics.shared.registry)

    /// A Prometheus counter that also keeps its value for this process to read (tests).
    final class Tally: Sendable {
        let counter: Prometheus.Counter
        private let count = NIOLockedValueBox(0)
        init(_ counter: Prometheus.Counter) { self.counter = counter }
        func increment(by n: Int = 1) {
            counter.increment(by: Int64(n))
            count.withLockedValue { $0 += n }
        }
        var value: Int { count.withLockedValue { $0 } }
    }

    let queued, sent, retried, failed: Tally

    init(registry: PrometheusCollectorRegistry) {
        func counter(_ name: String, _ help: String) -> Tally {
            Tally(
                registry.makeCounter(
                    descriptor: .init(namespace: "raadsportal", subsystem: "mail", metricName: name, unitName: "total", helpText: help)))
        }
        queued = counter("queued", "E-mails written to the outbox by this instance")
        sent = counter("sent", "E-mails the relay accepted, handed over by this instance")
        retried = counter("retried", "Hand-offs that failed for a passing reason and will be tried again")
        failed = counter("failed", "E-mails given up on: refused by the relay (5xx) or out of tries")
        let queued = self.queued
        Outbox.observeQueued { queued.increment(by: $0) }
    }

    /// Counts a finished run of a mail job.
    func record(_ outcome: JobQueue.Outcome) {
        switch outcome {
        case .done: sent.increment()
        case .retry: retried.increment()
        case .failed: failed.increment()
        }
    }
}

/// The jobs that send mail: the outbox's messages, the reminders and the 8 o'clock digest.
enum MailJobs {
    static let reminderScan = "reminders.scan"
    static let reminderDigest = "reminders.digest"

    /// Registers the mail job and the reminders on `runner`, when a relay is configured.
    /// `now` is the reminders' clock (tests and `REMINDERS_NOW` fix it).
    static func register(on runner: JobRunner, app: AppServices, mailer: any Mailer, now: @escaping @Sendable () -> Date) {
        let outbox = Outbox(pool: app.pool)
        let domain = MailFormat.domain(of: app.config.mailFrom)
        _ = MailMetrics.shared
        runner.register(kind: Outbox.jobKind, lease: 180, retry: app.config.mailRetrySchedule) { job in
            guard let m = try await outbox.message(jobID: job.id) else { return .failed("the message is no longer in the outbox") }
            let message = MailMessage(messageID: "<\(m.messageID)@\(domain)>", to: m.recipient, subject: m.subject, body: m.body, date: m.createdAt)
            switch await mailer.deliver(message) {
            case .accepted(let answer): return .done(answer, alongside: { try Outbox.markSent(jobID: job.id, on: $0) })
            case .transient(let answer): return .retry(answer)
            case .permanent(let answer): return .failed(answer)
            }
        }
        runner.observe(kind: Outbox.jobKind) { MailMetrics.shared.record($0) }

        let reminders = ReminderRepository(pool: app.pool)
        let baseURL = app.baseURL
        // A scan or a digest that fails is not tried again: the next occurrence does the work.
        runner.register(kind: reminderScan, retry: RetrySchedule(delays: []), schedule: .every(seconds: app.config.reminderScanSeconds)) { _ in
            let at = now()
            guard OfficeHours.isOpen(at) else { return .done("outside office hours (working days \(OfficeHours.opens)–\(OfficeHours.closes))") }
            let today = OfficeHours.day(at)
            let due = try await reminders.candidates(today: today, now: at).filter { ReminderRules.isDue($0.occasion, today: today) }
            let r = try await reminders.record(due.map { ReminderText.reminder($0, baseURL: baseURL) })
            return .done("\(r.mailed) mailed, \(r.forDigest) for the digest, \(r.off) turned off, \(r.already) given before")
        }
        runner.register(kind: reminderDigest, retry: RetrySchedule(delays: []), schedule: .workingDaysAt(hour: OfficeHours.opens, minute: 0)) { _ in
            let n = try await reminders.sendDigests { user, lines in ReminderText.digest(userID: user, lines, baseURL: baseURL) }
            return .done("\(n) digest(s)")
        }
    }
}

/// The reminders' words. Each names the project or meeting and links to it; none carries content.
enum ReminderText {
    static func reminder(_ c: ReminderRepository.Candidate, baseURL: String) -> ReminderRepository.Reminder {
        let day = DanishFormat.calendar.date(from: c.occasion.day).map(DanishFormat.weekdayDate) ?? ""
        let caseURL = c.caseID.map { SiteURL.caseDetail(.value($0)).path } ?? ""
        let (subject, line, path): (String, String, String)
        switch c.occasion.kind {
        case .material:
            subject = "Påmindelse: materiale til risikovurderingen af \(c.title)"
            line = "Materialet (PID og governancedokumenter) til risikovurderingen af »\(c.title)« skal sendes senest \(day)."
            path = caseURL
        case .responsum:
            subject = "Påmindelse: responsum for \(c.title)"
            line = "Responsum på It-rådets anbefalinger til »\(c.title)« skal sendes senest \(day)."
            path = c.caseID.map { SiteURL.caseLetter(.value($0)).path } ?? ""
        case .signOff:
            subject = "Påmindelse: anbefalingsbrevet til \(c.title) venter på din godkendelse"
            line = "Anbefalingsbrevet til »\(c.title)« har ventet på din godkendelse siden \(day)."
            path = c.caseID.map { SiteURL.caseLetter(.value($0)).path } ?? ""
        case .impartiality:
            subject = "Påmindelse: afgiv din habilitetserklæring for \(c.title)"
            line = "Du blev udpeget til risikovurderingen af »\(c.title)« \(day) og har endnu ikke afgivet din habilitetserklæring."
            path = caseURL
        case .agenda:
            let when = c.startsAt.map { "\(DanishFormat.weekdayDate($0)) \(DanishFormat.time($0))" } ?? day
            subject = "Påmindelse: ulæste punkter til \(c.title) \(c.startsAt.map(DanishFormat.longDate) ?? "")"
            line = "Der er punkter på dagsordenen til \(c.title.lowercased()) \(when), som du ikke har læst."
            path = c.meetingID.map { SiteURL.meeting(.value($0)).path } ?? ""
        }
        let link = baseURL + path
        let body = [
            line, "", "Se det i Rådsportalen: \(link)", "",
            "Du vælger på din kontoside, om du får påmindelser med det samme eller samlet kl. 8: \(baseURL)\(SiteURL.account.path)",
        ].joined(separator: "\n")
        return ReminderRepository.Reminder(
            candidate: c, line: line, link: link,
            mail: MailDraft(to: [.user(c.userID)], subject: subject, body: body, reason: "reminder.\(c.occasion.kind.rawValue)"))
    }

    static func digest(userID: Int64, _ lines: [(line: String, link: String)], baseURL: String) -> MailDraft {
        var body = ["Det venter på dig i Rådsportalen:", ""]
        for item in lines { body += ["- " + item.line, "  " + item.link, ""] }
        body.append("Du vælger på din kontoside, om du får påmindelser med det samme eller samlet kl. 8: \(baseURL)\(SiteURL.account.path)")
        return MailDraft(
            to: [.user(userID)], subject: lines.count == 1 ? "Påmindelse fra Rådsportalen" : "\(lines.count) påmindelser fra Rådsportalen",
            body: body.joined(separator: "\n"), reason: "reminder.digest")
    }
}
