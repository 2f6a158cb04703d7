import Domain
import Foundation

extension MinutesStatus: SQLDecodable, SQLParameter {}
extension Attendance: SQLDecodable, SQLParameter {}

/// A board meeting's cycle around its agenda (sql/025): publishing now or at a planned time,
/// marking it held, attendance, and the minutes from draft through review to approval.
public struct MeetingCycleRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public static let publishJobKind = "meeting.publish"

    public struct Member: Sendable, Equatable {
        public let id: Int64
        public let fullName: String
        public let email: String
    }

    public struct AttendanceRow: Sendable, Equatable {
        public let userID: Int64
        public let fullName: String
        public let attendance: Attendance?
        public let leftDuringItem: Int?
    }

    public struct Comment: Sendable, Equatable {
        public let author: String
        public let body: String
        public let at: Date
    }

    /// What a meeting's cycle pages need beside the meeting itself.
    public struct Cycle: Sendable {
        public let status: MeetingStatus
        public let startsAt: Date
        public let publishAt: Date?
        public let minutesStatus: MinutesStatus
        public let sentForReviewAt: Date?
        public let approvedOn: Date?
        public let approvedBy: String
        public let attendance: [AttendanceRow]
        public let comments: [Comment]
        /// Every item in full, for the check of what looks unfinished and the attendance form.
        public let items: [AgendaItem]
    }

    public enum Outcome: Sendable, Equatable {
        case done
        case notFound
        case refused(String)
    }

    /// The board members a publication tells (active users with the role and an e-mail address).
    public func boardMembers() async throws -> [Member] {
        try await pool.query(
            "SELECT id, full_name, email FROM users WHERE active AND 'board_member' = ANY(roles) ORDER BY full_name, id"
        ).rows.map { Member(id: try $0.decode("id"), fullName: try $0.decode("full_name"), email: try $0.decode("email")) }
    }

    /// The meeting's cycle, nil when there is no such meeting.
    public func cycle(meetingID: Int64) async throws -> Cycle? {
        let results = try await pool.pipeline([
            (
                """
                SELECT status, starts_at, publish_at, minutes_status, minutes_sent_at, minutes_approved_on, minutes_approved_by
                FROM meetings WHERE id = $1
                """, [meetingID]
            ),
            (
                """
                SELECT u.id, u.full_name, a.attendance, a.left_during_item
                FROM users u LEFT JOIN meeting_attendance a ON a.user_id = u.id AND a.meeting_id = $1
                WHERE (u.active AND 'board_member' = ANY(u.roles)) OR a.user_id IS NOT NULL
                ORDER BY u.full_name, u.id
                """, [meetingID]
            ),
            (
                """
                SELECT u.full_name, c.body, c.created_at FROM minutes_comments c JOIN users u ON u.id = c.user_id
                WHERE c.meeting_id = $1 ORDER BY c.created_at, c.id
                """, [meetingID]
            ),
            (
                """
                SELECT id, meeting_id, number, confidential, title, case_officer, case_number, resume, indstilling, sagsfremstilling,
                       decision, version
                FROM agenda_items WHERE meeting_id = $1 ORDER BY number
                """, [meetingID]
            ),
        ])
        guard let m = results[0].first else { return nil }
        return Cycle(
            status: MeetingStatus(rawValue: try m.decode("status")) ?? .draft, startsAt: try m.decode("starts_at"),
            publishAt: try m.decode("publish_at"), minutesStatus: try m.decode("minutes_status"),
            sentForReviewAt: try m.decode("minutes_sent_at"), approvedOn: try m.decode("minutes_approved_on"),
            approvedBy: try m.decode("minutes_approved_by"),
            attendance: try results[1].rows.map {
                AttendanceRow(
                    userID: try $0.decode("id"), fullName: try $0.decode("full_name"), attendance: try $0.decode("attendance"),
                    leftDuringItem: try $0.decode("left_during_item"))
            },
            comments: try results[2].rows.map {
                Comment(author: try $0.decode("full_name"), body: try $0.decode("body"), at: try $0.decode("created_at"))
            },
            items: try results[3].rows.map {
                AgendaItem(
                    id: try $0.decode("id"), meetingID: try $0.decode("meeting_id"), number: try $0.decode("number"),
                    confidential: try $0.decode("confidential"), title: try $0.decode("title"), caseOfficer: try $0.decode("case_officer"),
                    caseNumber: try $0.decode("case_number"), resume: try $0.decode("resume"), indstilling: try $0.decode("indstilling"),
                    sagsfremstilling: try $0.decode("sagsfremstilling"), decision: try $0.decode("decision"), version: try $0.decode("version"))
            })
    }

    /// The minutes status of the meeting an item belongs to (nil: no such item).
    public func minutesStatus(itemID: Int64) async throws -> MinutesStatus? {
        try await pool.query(
            "SELECT m.minutes_status FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = $1", [itemID]
        ).first?.decode("minutes_status")
    }

    /// Locks the meeting row and returns its status, day and planned publishing time.
    static func lock(_ conn: Connection, _ id: Int64) throws -> (status: MeetingStatus, startsAt: Date, publishAt: Date?, minutes: MinutesStatus)? {
        guard
            let row = try conn.query("SELECT status, starts_at, publish_at, minutes_status FROM meetings WHERE id = $1 FOR UPDATE", [id]).first
        else { return nil }
        return (
            MeetingStatus(rawValue: try row.decode("status")) ?? .draft, try row.decode("starts_at"), try row.decode("publish_at"),
            try row.decode("minutes_status")
        )
    }

    /// Publishes a draft now: its planned time (if any) is cleared, `notify` goes to the outbox.
    public func publish(meetingID: Int64, audit: AuditRepository.Entry, notify: [MailDraft]) async throws -> Outcome {
        try await pool.transaction { conn in
            guard let m = try Self.lock(conn, meetingID) else { return .notFound }
            guard m.status == .draft else { return .refused("Mødet er allerede offentliggjort.") }
            try Self.publish(conn, meetingID, audit: audit, notify: notify)
            return .done
        }
    }

    static func publish(_ conn: Connection, _ id: Int64, audit: AuditRepository.Entry, notify: [MailDraft]) throws {
        try conn.query(
            "UPDATE meetings SET status = 'published', publish_at = NULL, version = version + 1, updated_at = now() WHERE id = $1", [id])
        try AuditRepository.append(audit, on: conn)
        try Outbox.enqueue(notify, on: conn)
    }

    /// Plans a draft's publishing at `at` (the job runner publishes it then, once); a new time
    /// replaces the old, whose job then finds nothing to do.
    public func schedulePublish(meetingID: Int64, at: Date, now: Date, audit: AuditRepository.Entry) async throws -> Outcome {
        try await pool.transaction { conn in
            guard let m = try Self.lock(conn, meetingID) else { return .notFound }
            guard m.status == .draft else { return .refused("Mødet er allerede offentliggjort.") }
            if let problem = MeetingCycle.publishTimeProblem(at, startsAt: m.startsAt, now: now) { return .refused(problem) }
            try conn.query("UPDATE meetings SET publish_at = $2, version = version + 1, updated_at = now() WHERE id = $1", [meetingID, at])
            let stamp = Int(at.timeIntervalSince1970)
            try JobQueue.enqueue(
                kind: Self.publishJobKind, payload: "\(meetingID):\(stamp)", key: "\(Self.publishJobKind):\(meetingID):\(stamp)", runAt: at,
                on: conn)
            try AuditRepository.append(audit, on: conn)
            return .done
        }
    }

    /// The job's work: publishes the meeting if it is still a draft planned for exactly this time.
    /// `notify` is built by the caller for the meeting. Returns what happened, for the job's record.
    public func publishScheduled(payload: String, notify: @escaping @Sendable (Int64) async throws -> [MailDraft]) async throws -> String {
        let parts = payload.split(separator: ":")
        guard parts.count == 2, let id = Int64(parts[0]), let stamp = Int(parts[1]) else { return "bad payload \(payload)" }
        let mail = try await notify(id)
        return try await pool.transaction { conn in
            guard let m = try Self.lock(conn, id) else { return "meeting \(id) is gone" }
            guard m.status == .draft, let at = m.publishAt, Int(at.timeIntervalSince1970) == stamp else {
                return "meeting \(id): nothing to do (\(m.status.rawValue), planned \(m.publishAt.map { "\($0)" } ?? "never"))"
            }
            try Self.publish(
                conn, id,
                audit: .init(
                    userID: nil, username: "system", action: "meeting.published", objectType: "meeting", objectID: String(id),
                    detail: "planlagt offentliggørelse", clientIP: ""),
                notify: mail)
            return "meeting \(id) published as planned"
        }
    }

    /// Cancels a planned publishing.
    public func cancelScheduledPublish(meetingID: Int64, audit: AuditRepository.Entry) async throws -> Outcome {
        try await pool.transaction { conn in
            guard let m = try Self.lock(conn, meetingID) else { return .notFound }
            guard m.status == .draft, m.publishAt != nil else { return .refused("Der er ingen planlagt offentliggørelse.") }
            try conn.query("UPDATE meetings SET publish_at = NULL, version = version + 1, updated_at = now() WHERE id = $1", [meetingID])
            try AuditRepository.append(audit, on: conn)
            return .done
        }
    }

    /// Marks a published meeting held, on or after its day (`MeetingCycle.mayMarkHeld`).
    public func markHeld(meetingID: Int64, now: Date, audit: AuditRepository.Entry) async throws -> Outcome {
        try await pool.transaction { conn in
            guard let m = try Self.lock(conn, meetingID) else { return .notFound }
            guard MeetingCycle.mayMarkHeld(m.status, startsAt: m.startsAt, now: now) else {
                return .refused(
                    m.status == .published
                        ? "Mødet kan først markeres som afholdt på mødedagen." : "Kun et offentliggjort møde kan markeres som afholdt.")
            }
            try conn.query("UPDATE meetings SET status = 'held', version = version + 1, updated_at = now() WHERE id = $1", [meetingID])
            try AuditRepository.append(audit, on: conn)
            return .done
        }
    }

    /// A published meeting whose day has begun is held by the time its minutes move on.
    static func requireMinutesOpen(
        _ conn: Connection, _ id: Int64, _ m: (status: MeetingStatus, startsAt: Date, publishAt: Date?, minutes: MinutesStatus), now: Date
    )
        throws -> Bool
    {
        guard MeetingCycle.minutesOpen(m.status, startsAt: m.startsAt, now: now) else { return false }
        if m.status == .published {
            try conn.query("UPDATE meetings SET status = 'held', version = version + 1, updated_at = now() WHERE id = $1", [id])
        }
        return true
    }

    public struct AttendanceEntry: Sendable, Equatable {
        public let userID: Int64
        public let attendance: Attendance?
        public let leftDuringItem: Int?
        public init(userID: Int64, attendance: Attendance?, leftDuringItem: Int?) {
            self.userID = userID
            self.attendance = attendance
            self.leftDuringItem = leftDuringItem
        }
    }

    /// Records the attendance (replacing what was recorded); refused before the meeting's day and
    /// once the minutes are approved.
    public func saveAttendance(meetingID: Int64, _ entries: [AttendanceEntry], now: Date, audit: AuditRepository.Entry) async throws -> Outcome {
        try await pool.transaction { conn in
            guard let m = try Self.lock(conn, meetingID) else { return .notFound }
            guard !m.minutes.isFrozen else { return .refused("Referatet er godkendt og kan ikke længere ændres.") }
            guard MeetingCycle.minutesOpen(m.status, startsAt: m.startsAt, now: now) else {
                return .refused("Fremmødet registreres på eller efter mødedagen.")
            }
            for e in entries {
                if let attendance = e.attendance {
                    try conn.query(
                        """
                        INSERT INTO meeting_attendance (meeting_id, user_id, attendance, left_during_item) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (meeting_id, user_id) DO UPDATE
                        SET attendance = EXCLUDED.attendance, left_during_item = EXCLUDED.left_during_item, updated_at = now()
                        """, [meetingID, e.userID, attendance, attendance == .present ? e.leftDuringItem : nil])
                } else {
                    try conn.query("DELETE FROM meeting_attendance WHERE meeting_id = $1 AND user_id = $2", [meetingID, e.userID])
                }
            }
            try AuditRepository.append(audit, on: conn)
            return .done
        }
    }

    /// Sends the draft minutes to the board members for comments (the meeting becomes held if it
    /// was only published); `notify` goes to the outbox.
    public func sendForReview(meetingID: Int64, now: Date, audit: AuditRepository.Entry, notify: [MailDraft]) async throws -> Outcome {
        try await pool.transaction { conn in
            guard let m = try Self.lock(conn, meetingID) else { return .notFound }
            guard m.minutes.canMove(to: .review) else { return .refused("Referatet er ikke et udkast.") }
            guard try Self.requireMinutesOpen(conn, meetingID, m, now: now) else {
                return .refused("Referatet kan først sendes, når mødet er afholdt.")
            }
            try conn.query(
                "UPDATE meetings SET minutes_status = 'review', minutes_sent_at = now(), version = version + 1, updated_at = now() WHERE id = $1",
                [meetingID])
            try AuditRepository.append(audit, on: conn)
            try Outbox.enqueue(notify, on: conn)
            return .done
        }
    }

    /// A board member's comment on minutes sent for review.
    public func addComment(meetingID: Int64, userID: Int64, body: String, audit: AuditRepository.Entry) async throws -> Outcome {
        try await pool.transaction { conn in
            guard let m = try Self.lock(conn, meetingID) else { return .notFound }
            guard m.minutes == .review else { return .refused("Referatet er ikke til kommentering.") }
            try conn.query("INSERT INTO minutes_comments (meeting_id, user_id, body) VALUES ($1, $2, $3)", [meetingID, userID, body])
            try AuditRepository.append(audit, on: conn)
            return .done
        }
    }

    /// Approves the minutes at `day` ("yyyy-mm-dd", checked by the caller with
    /// `MeetingCycle.approvalDayProblem`); from then on they are frozen.
    public func approve(meetingID: Int64, day: String, by name: String, audit: AuditRepository.Entry) async throws -> Outcome {
        try await pool.transaction { conn in
            guard let m = try Self.lock(conn, meetingID) else { return .notFound }
            guard m.minutes.canMove(to: .approved) else {
                return .refused(m.minutes == .approved ? "Referatet er allerede godkendt." : "Referatet skal sendes til kommentering først.")
            }
            try conn.query(
                """
                UPDATE meetings SET minutes_status = 'approved', minutes_approved_on = $2::date, minutes_approved_by = $3,
                    version = version + 1, updated_at = now() WHERE id = $1
                """, [meetingID, day, name])
            try AuditRepository.append(audit, on: conn)
            return .done
        }
    }
}
