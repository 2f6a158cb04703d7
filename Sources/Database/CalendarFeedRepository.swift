import Domain
import Foundation

/// A board member's personal calendar feed: a secret token in the URL, stored only as its SHA-256
/// hash. Renewing replaces the token, so the old URL stops answering.
public struct CalendarFeedRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    /// When the user's current feed URL was made, nil when they have none.
    public func createdAt(userID: Int64) async throws -> Date? {
        try await pool.query("SELECT created_at FROM calendar_feeds WHERE user_id = $1", [userID]).first?.decode("created_at")
    }

    /// Stores a new token for the user (replacing any old one), with an audit entry.
    public func renew(userID: Int64, token: String, audit: AuditRepository.Entry) async throws {
        try await pool.transaction { conn in
            try conn.query(
                """
                INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, sha256(convert_to($2, 'UTF8')))
                ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()
                """, [userID, token])
            try AuditRepository.append(audit, on: conn)
        }
    }

    /// The active user a token belongs to, nil for an unknown (or renewed) token.
    public func user(token: String) async throws -> User? {
        try await pool.query(
            """
            SELECT \(UserRepository.columns) FROM calendar_feeds f JOIN users u ON u.id = f.user_id
            WHERE f.token_hash = sha256(convert_to($1, 'UTF8')) AND u.active
            """, [token]
        ).first.map(UserRepository.user)
    }
}

extension BoardRepository {
    /// A meeting in a calendar feed: the meeting, how many times it has changed (the event's
    /// SEQUENCE) and when it last changed (LAST-MODIFIED).
    public struct CalendarMeeting: Sendable {
        public let meeting: Meeting
        public let sequence: Int
        public let lastModified: Date
    }

    /// The meetings of a calendar feed, oldest first: published and held ones, drafts too with
    /// `includeDrafts`. `meetings.version` counts every change of the meeting (time, place, title,
    /// status, corrections), so the event's SEQUENCE grows whenever a calendar should update it.
    public func calendarMeetings(includeDrafts: Bool) async throws -> [CalendarMeeting] {
        try await pool.query(
            "SELECT \(Self.meetingColumns), m.updated_at FROM meetings m WHERE $1 OR m.status <> 'draft' ORDER BY m.starts_at, m.id",
            [includeDrafts]
        ).rows.map {
            let meeting = try Self.meeting($0)
            return CalendarMeeting(meeting: meeting, sequence: max(0, meeting.version - 1), lastModified: try $0.decode("updated_at"))
        }
    }
}
