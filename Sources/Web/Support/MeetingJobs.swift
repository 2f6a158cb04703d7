import Database
import Domain
import Foundation

/// The board's planned publishing: a draft meeting publishes itself at its `publish_at`, once, on
/// whichever instance's job runner takes the job (`MeetingCycleRepository.schedulePublish` queues
/// it with a key per meeting and time; the repository publishes only a draft still planned for
/// exactly that time, under the meeting's row lock, so two instances or a changed time publish
/// nothing twice).
enum MeetingJobs {
    static func register(on runner: JobRunner, app: AppServices) {
        let cycles = MeetingCycleRepository(pool: app.pool)
        runner.register(kind: MeetingCycleRepository.publishJobKind, lease: 60, retry: RetrySchedule(delays: [30, 300])) { job in
            let message = try await cycles.publishScheduled(payload: job.payload) { id in
                guard let m = try await app.board.meeting(id: id, includeDrafts: true) else { return [] }
                return BoardEditRoutes(app: app).boardMail(meetingID: id, title: m.title, startsAt: m.startsAt, place: m.place, corrected: false)
            }
            return .done(message)
        }
    }
}
