import Database
import Domain
import Foundation
import Logging

/// The retention rules (`RetentionPolicy`, from `AppConfig.retention`) carried out by the job
/// runner once a day (at midnight UTC) as the recurring kind `privacy.retention`: each run's result in `job_runs`
/// says what it removed ("sessions 3, login attempts 12, …"), and a run that removed anything is
/// also an audit entry. Idempotent; two instances never run an occurrence twice (the queue), and a
/// run takes an advisory lock besides (`PrivacyRepository.applyRetention`).
enum PrivacyJobs {
    static let kind = "privacy.retention"

    static func register(on runner: JobRunner, app: AppServices, now: @escaping @Sendable () -> Date = { Date() }) {
        let privacy = PrivacyRepository(pool: app.pool)
        let policy = app.config.retention
        runner.register(kind: kind, lease: 600, retry: RetrySchedule(delays: []), schedule: .every(seconds: 86_400)) { _ in
            let report = try await privacy.applyRetention(policy, now: now())
            let removed = report.sessions + report.loginAttempts + report.auditPseudonymised + report.privateNotes + report.mails + report.exports
            return .done(report.summary) { conn in
                guard removed > 0 else { return }
                try AuditRepository.append(
                    .init(userID: nil, username: "system", action: "privacy.retention", objectType: "privacy", detail: report.summary, clientIP: ""),
                    on: conn)
            }
        }
    }
}
