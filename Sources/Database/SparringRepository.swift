import Domain
import Foundation

/// Sparring meetings: council activities of kind `sparringsmoede` with a date, the council members
/// taking part, and minutes (referat) with remarks and immediate recommendations. A planned meeting
/// is expected in its quarter (Tabel 1's pipeline); recording the minutes marks it done that month.
public struct SparringRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public struct Meeting: Sendable {
        public let id: Int64
        public let projectID: Int64
        public let projectName: String
        public let leaderID: Int64?
        public let plannedOn: Date?
        public let heldOn: Date?
        public let monthDone: Date?
        public let topic: String
        public let remarks: String
        public let version: Int
        public let expectedYear: Int?
        public let expectedQuarters: [Int]
        public var participants: [(id: Int64, name: String)] = []
        public var recommendations: [LetterRepository.Recommendation] = []
        /// What of the meeting the demo data invented (sql/022); nil for what is real.
        public var inventedNote: String?
        public var isHeld: Bool { monthDone != nil }
    }

    static let columns = """
        a.id, a.project_id, p.name AS project_name, p.project_leader_id, a.planned_on, a.held_on, a.month_done, a.topic, a.remarks, a.version,
        a.expected_year, a.expected_quarters::text[] AS quarters, a.invented_note
        """

    static func meeting(_ row: Row) throws -> Meeting {
        var meeting = Meeting(
            id: try row.decode("id"), projectID: try row.decode("project_id"), projectName: try row.decode("project_name"),
            leaderID: try row.decode("project_leader_id"), plannedOn: try row.decode("planned_on"), heldOn: try row.decode("held_on"),
            monthDone: try row.decode("month_done"), topic: try row.decode("topic"), remarks: try row.decode("remarks"),
            version: try row.decode("version"), expectedYear: try row.decode("expected_year"),
            expectedQuarters: (try row.decode("quarters", as: [String].self)).compactMap { Int($0) })
        meeting.inventedNote = try row.decode("invented_note")
        return meeting
    }

    /// Sparring meetings, newest first: all of them, or those of the projects a leader leads.
    public func list(leaderID: Int64?, offset: Int, limit: Int) async throws -> (meetings: [Meeting], total: Int) {
        let result = try await pool.query(
            """
            SELECT \(Self.columns), count(*) OVER () AS total
            FROM council_activities a JOIN projects p ON p.id = a.project_id
            WHERE a.kind = 'sparringsmoede' AND ($1::bigint IS NULL OR p.project_leader_id = $1)
            ORDER BY coalesce(a.held_on, a.planned_on, a.month_done, make_date(a.expected_year, 1, 1)) DESC NULLS LAST, a.id DESC
            OFFSET $2 LIMIT $3
            """, [leaderID, offset, limit])
        return (try result.rows.map(Self.meeting), try result.first?.decode("total") ?? 0)
    }

    public func meeting(id: Int64) async throws -> Meeting? {
        guard
            let row = try await pool.query(
                "SELECT \(Self.columns) FROM council_activities a JOIN projects p ON p.id = a.project_id WHERE a.id = $1 AND a.kind = 'sparringsmoede'",
                [id]
            ).first
        else { return nil }
        var m = try Self.meeting(row)
        m.participants = try await pool.query(
            "SELECT u.id, u.full_name FROM activity_participants ap JOIN users u ON u.id = ap.user_id WHERE ap.activity_id = $1 ORDER BY u.full_name",
            [id]
        ).rows.map { (id: try $0.decode("id"), name: try $0.decode("full_name")) }
        m.recommendations = try await pool.query(
            "SELECT focus_area, sub_theme, body FROM activity_recommendations WHERE activity_id = $1 ORDER BY position, id", [id]
        ).rows.map {
            LetterRepository.Recommendation(
                focusArea: FocusArea(rawValue: try $0.decode("focus_area")) ?? .governance,
                subTheme: try $0.decode("sub_theme"), body: try $0.decode("body"))
        }
        return m
    }

    /// Council members who may take part, with the habilitet facts about the project.
    public func candidates(projectID: Int64) async throws -> [CaseRepository.Candidate] {
        try await pool.query(
            """
            SELECT u.id, u.full_name, coalesce(m.title, '') AS title,
                   EXISTS (SELECT 1 FROM steering_group_members s WHERE s.project_id = $1
                           AND (s.user_id = u.id OR lower(s.name) = lower(u.full_name))) AS on_steering_group,
                   (SELECT d.description FROM declared_interests d WHERE d.user_id = u.id AND d.project_id = $1) AS interest
            FROM users u LEFT JOIN council_members m ON m.user_id = u.id
            WHERE u.active AND 'council_member' = ANY(u.roles) ORDER BY u.full_name
            """, [projectID]
        ).rows.map {
            CaseRepository.Candidate(
                userID: try $0.decode("id"), name: try $0.decode("full_name"), title: try $0.decode("title"),
                onSteeringGroup: try $0.decode("on_steering_group"), declaredInterest: try $0.decode("interest"),
                appointed: false, declared: false)
        }
    }

    /// Plans a sparring meeting: expected in the quarter of its date until the minutes are recorded.
    public func create(
        projectID: Int64, plannedOn: DateComponents, topic: String, councilMembers: [Int64],
        audit: AuditRepository.Entry
    ) async throws -> Int64 {
        try await pool.transaction { conn in
            let id: Int64 = try conn.query(
                """
                INSERT INTO council_activities (project_id, kind, planned_on, topic, expected_year, expected_quarters)
                VALUES ($1, 'sparringsmoede', $2::date, $3, $4, ARRAY[$5::integer]) RETURNING id
                """, [projectID, CaseRepository.iso(plannedOn), topic, plannedOn.year!, SparringRules.quarter(of: plannedOn)]
            ).first!.decode("id")
            for member in councilMembers {
                try conn.query("INSERT INTO activity_participants (activity_id, user_id) VALUES ($1, $2)", [id, member])
            }
            var entry = audit
            entry.objectID = String(id)
            try AuditRepository.append(entry, on: conn)
            return id
        }
    }

    public enum SaveResult: Sendable, Equatable { case saved, stale, notFound }

    /// Records (or corrects) the minutes; the meeting is then done in the month it was held.
    public func saveMinutes(
        id: Int64, version: Int, heldOn: DateComponents, remarks: String,
        recommendations: [LetterRepository.Recommendation], audit: AuditRepository.Entry
    ) async throws -> SaveResult {
        try await pool.transaction { conn -> SaveResult in
            guard let row = try conn.query("SELECT version FROM council_activities WHERE id = $1 AND kind = 'sparringsmoede' FOR UPDATE", [id]).first
            else { return .notFound }
            guard try row.decode("version", as: Int.self) == version else { return .stale }
            try conn.query(
                """
                UPDATE council_activities SET held_on = $2::date, month_done = date_trunc('month', $2::date)::date, expected_year = NULL,
                    expected_quarters = '{}', remarks = $3, version = version + 1 WHERE id = $1
                """, [id, CaseRepository.iso(heldOn), remarks])
            try conn.query("DELETE FROM activity_recommendations WHERE activity_id = $1", [id])
            for (i, r) in recommendations.enumerated() {
                try conn.query(
                    "INSERT INTO activity_recommendations (activity_id, position, focus_area, sub_theme, body) VALUES ($1, $2, $3, $4, $5)",
                    [id, i + 1, r.focusArea.rawValue, r.subTheme, r.body])
            }
            try AuditRepository.append(audit, on: conn)
            return .saved
        }
    }
}
