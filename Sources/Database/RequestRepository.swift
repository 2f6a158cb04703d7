import Domain
import Foundation

/// Requests from projects: a sparringsmøde, or an assessment of one region's own project. The
/// secretariat accepts (creating the sparring meeting or a prefilled intake) or declines with a message.
public struct RequestRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public enum Kind: String, Sendable, CaseIterable {
        case sparring
        case regionalAssessment = "regional_assessment"

        public var danishName: String {
            switch self {
            case .sparring: "Sparringsmøde"
            case .regionalAssessment: "Risikovurdering af en regions eget projekt"
            }
        }
    }

    /// Where a request stands: waiting for the secretariat, or answered once.
    public enum Status: String, Sendable, CaseIterable, SQLDecodable, SQLParameter {
        case new
        case accepted
        case declined

        public var danishName: String {
            switch self {
            case .new: "Afventer rådssekretariatet"
            case .accepted: "Accepteret"
            case .declined: "Afvist"
            }
        }
    }

    /// When a sparringsmøde lies, seen from a risk assessment of the project.
    public enum Timing: String, Sendable, CaseIterable {
        case before = "foer"
        case after = "efter"

        public var danishName: String {
            switch self {
            case .before: "Før en risikovurdering"
            case .after: "Efter en risikovurdering"
            }
        }
    }

    /// Who wants one region's own project assessed.
    public enum AskedBy: String, Sendable, CaseIterable {
        case regions = "regionerne"
        case regionalDirectors = "regionsdirektoererne"

        public var danishName: String {
            switch self {
            case .regions: "Regionerne"
            case .regionalDirectors: "Regionsdirektørerne"
            }
        }
    }

    public struct Request: Sendable {
        public var id: Int64 = 0
        public var kind: Kind
        public var projectID: Int64?
        public var projectName: String
        public var requestedBy: Int64?
        public var requesterName: String = ""
        /// A sparringsmøde's timing (nil for an assessment request).
        public var timing: Timing?
        public var challenge: String = ""
        public var wishedDates: String = ""
        /// Who wants a regional assessment (nil for a sparring request).
        public var askedBy: AskedBy?
        public var reason: String = ""
        public var status: Status = .new
        public var answer: String = ""
        public var createdAt: Date = Date()
        public var activityID: Int64?
        public var caseID: Int64?
        public init(kind: Kind, projectName: String) {
            self.kind = kind
            self.projectName = projectName
        }
    }

    static let columns = """
        r.id, r.kind, r.project_id, r.project_name, r.requested_by, coalesce(u.full_name, '') AS requester, r.timing, r.challenge,
        r.wished_dates, r.asked_by, r.reason, r.status, r.answer, r.created_at, r.activity_id, r.case_id
        """

    static func request(_ row: Row) throws -> Request {
        var r = Request(kind: Kind(rawValue: try row.decode("kind")) ?? .sparring, projectName: try row.decode("project_name"))
        r.id = try row.decode("id")
        r.projectID = try row.decode("project_id")
        r.requestedBy = try row.decode("requested_by")
        r.requesterName = try row.decode("requester")
        r.timing = Timing(rawValue: try row.decode("timing"))
        r.challenge = try row.decode("challenge")
        r.wishedDates = try row.decode("wished_dates")
        r.askedBy = AskedBy(rawValue: try row.decode("asked_by"))
        r.reason = try row.decode("reason")
        r.status = try row.decode("status")
        r.answer = try row.decode("answer")
        r.createdAt = try row.decode("created_at")
        r.activityID = try row.decode("activity_id")
        r.caseID = try row.decode("case_id")
        return r
    }

    /// A project leader's own requests, or all of them (the secretariat), newest first.
    public func list(requestedBy: Int64?, status: Status? = nil) async throws -> [Request] {
        try await pool.query(
            """
            SELECT \(Self.columns) FROM project_requests r LEFT JOIN users u ON u.id = r.requested_by
            WHERE ($1::bigint IS NULL OR r.requested_by = $1) AND ($2::text IS NULL OR r.status = $2)
            ORDER BY r.created_at DESC, r.id DESC LIMIT 200
            """, [requestedBy, status]
        ).rows.map(Self.request)
    }

    public func request(id: Int64) async throws -> Request? {
        try await pool.query("SELECT \(Self.columns) FROM project_requests r LEFT JOIN users u ON u.id = r.requested_by WHERE r.id = $1", [id])
            .first.map(Self.request)
    }

    public func create(_ r: Request, audit: AuditRepository.Entry) async throws -> Int64 {
        try await pool.transaction { conn in
            let id: Int64 = try conn.query(
                """
                INSERT INTO project_requests (kind, project_id, project_name, requested_by, timing, challenge, wished_dates, asked_by, reason)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
                """,
                [
                    r.kind.rawValue, r.projectID, r.projectName, r.requestedBy, r.timing?.rawValue ?? "", r.challenge, r.wishedDates,
                    r.askedBy?.rawValue ?? "", r.reason,
                ]
            ).first!.decode("id")
            var entry = audit
            entry.objectID = String(id)
            try AuditRepository.append(entry, on: conn)
            return id
        }
    }

    public enum Decision: Sendable {
        /// A sparringsmøde on this day with these council members.
        case sparring(plannedOn: DateComponents, councilMembers: [Int64])
        /// An intake draft for the project leader to complete (one region's own project, with the reason prefilled).
        case intake
        case decline
    }

    /// Decides a new request once: nil when it was already decided.
    public func decide(id: Int64, _ decision: Decision, answer: String, userID: Int64, audit: AuditRepository.Entry) async throws -> Request? {
        try await pool.transaction { conn -> Request? in
            guard
                let row = try conn.query(
                    "SELECT \(Self.columns) FROM project_requests r LEFT JOIN users u ON u.id = r.requested_by WHERE r.id = $1 AND r.status = $2 FOR UPDATE OF r",
                    [id, Status.new]
                ).first
            else { return nil }
            var r = try Self.request(row)
            switch decision {
            case .decline:
                r.status = .declined
            case .sparring(let day, let members):
                guard let projectID = r.projectID else { return nil }
                let activityID: Int64 = try conn.query(
                    """
                    INSERT INTO council_activities (project_id, kind, planned_on, topic, expected_year, expected_quarters)
                    VALUES ($1, 'sparringsmoede', $2::date, $3, $4, ARRAY[$5::integer]) RETURNING id
                    """, [projectID, CaseRepository.iso(day), String(r.challenge.prefix(300)), day.year!, SparringRules.quarter(of: day)]
                ).first!.decode("id")
                for m in members { try conn.query("INSERT INTO activity_participants (activity_id, user_id) VALUES ($1, $2)", [activityID, m]) }
                r.activityID = activityID
                r.status = .accepted
            case .intake:
                // The project as a draft intake of one region's own project, led by the one who asked.
                let projectID: Int64
                if let existing = r.projectID {
                    projectID = existing
                } else {
                    projectID = try conn.query(
                        """
                        INSERT INTO projects (name, kind, project_leader_id) VALUES ($1, 'regional', $2)
                        ON CONFLICT (lower(name)) DO UPDATE SET updated_at = projects.updated_at RETURNING id
                        """, [r.projectName, r.requestedBy]
                    ).first!.decode("id")
                }
                let reasonText =
                    (r.askedBy ?? .regions).danishName + " ønsker risikovurderingen: " + r.reason
                r.caseID = try conn.query(
                    """
                    INSERT INTO assessment_cases (project_id, state, request_text, contact, created_by) VALUES ($1, 'kladde', $2, $3, $4) RETURNING id
                    """, [projectID, reasonText, r.requesterName, r.requestedBy]
                ).first!.decode("id")
                r.projectID = projectID
                r.status = .accepted
            }
            try conn.query(
                """
                UPDATE project_requests SET status = $2, answer = $3, decided_by = $4, decided_at = now(), activity_id = $5, case_id = $6, project_id = $7
                WHERE id = $1
                """, [id, r.status, answer, userID, r.activityID, r.caseID, r.projectID])
            r.answer = answer
            try AuditRepository.append(audit, on: conn)
            return r
        }
    }
}
