import Domain
import Foundation

/// The assessment period: the team's observations and the dialogue meeting; genbesøg of an earlier
/// assessment; and the case's timeline from the audit log.
extension CaseRepository {
    public struct Observation: Sendable {
        public let id: Int64
        public let author: String
        public let focusArea: FocusArea?
        public let body: String
        public let createdAt: Date
    }

    public func observations(caseID: Int64) async throws -> [Observation] {
        try await pool.query(
            """
            SELECT o.id, coalesce(u.full_name, 'Slettet bruger') AS author, o.focus_area, o.body, o.created_at
            FROM case_observations o LEFT JOIN users u ON u.id = o.author_id WHERE o.case_id = $1 ORDER BY o.created_at, o.id
            """, [caseID]
        ).rows.map {
            Observation(
                id: try $0.decode("id"), author: try $0.decode("author"),
                focusArea: (try $0.decode("focus_area", as: String?.self)).flatMap(FocusArea.init(rawValue:)),
                body: try $0.decode("body"), createdAt: try $0.decode("created_at"))
        }
    }

    /// Adds an observation while the case is being assessed; a refusal otherwise (the row is locked so
    /// a letter sent at the same moment cannot slip past).
    public func addObservation(
        caseID: Int64, authorID: Int64, focusArea: FocusArea?, body: String,
        audit: AuditRepository.Entry
    ) async throws -> CaseRefusal? {
        try await pool.transaction { conn -> CaseRefusal? in
            if let refusal = try Self.requireAssessing(conn, caseID: caseID) { return refusal }
            try conn.query(
                "INSERT INTO case_observations (case_id, author_id, focus_area, body) VALUES ($1, $2, $3, $4)",
                [caseID, authorID, focusArea?.rawValue, body])
            try AuditRepository.append(audit, on: conn)
            return nil
        }
    }

    public struct Dialogue: Sendable {
        public var heldOn: Date?
        public var participants: String
        public var notes: String
    }

    public func dialogue(caseID: Int64) async throws -> Dialogue? {
        guard
            let row = try await pool.query(
                "SELECT dialogue_held_on, dialogue_participants, dialogue_notes FROM assessment_cases WHERE id = $1", [caseID]
            ).first
        else { return nil }
        return Dialogue(
            heldOn: try row.decode("dialogue_held_on"), participants: try row.decode("dialogue_participants"),
            notes: try row.decode("dialogue_notes"))
    }

    public func recordDialogue(
        caseID: Int64, heldOn: DateComponents, participants: String, notes: String,
        audit: AuditRepository.Entry
    ) async throws -> CaseRefusal? {
        try await pool.transaction { conn -> CaseRefusal? in
            if let refusal = try Self.requireAssessing(conn, caseID: caseID) { return refusal }
            try conn.query(
                """
                UPDATE assessment_cases SET dialogue_held_on = $2::date, dialogue_participants = $3, dialogue_notes = $4,
                    version = version + 1, updated_at = now() WHERE id = $1
                """, [caseID, Self.iso(heldOn), participants, notes])
            try AuditRepository.append(audit, on: conn)
            return nil
        }
    }

    static func requireAssessing(_ conn: Connection, caseID: Int64) throws -> CaseRefusal? {
        guard let row = try conn.query("SELECT state FROM assessment_cases WHERE id = $1 FOR UPDATE", [caseID]).first,
            let state = CaseState(rawValue: try row.decode("state"))
        else { return CaseRefusal("Sagen findes ikke.") }
        return AssessmentWork.isAssessing(state)
            ? nil
            : CaseRefusal("Det kan kun registreres, mens sagen er under vurdering (nu: \(state.danishName)).")
    }

    // MARK: Genbesøg and joint assessments

    public struct Links: Sendable {
        public let kind: CaseKind
        public let partnerCouncil: String
        public let previous: (id: Int64, state: CaseState)?
        public let revisits: [(id: Int64, state: CaseState)]
    }

    public func links(caseID: Int64) async throws -> Links? {
        let (row, revisits) = try await pool.pipeline(Self.linksQuery(caseID: caseID), Self.revisitsQuery(caseID: caseID))
        return try row.map { try Self.links($0, revisits: revisits) }
    }

    /// The case's kind, partner council and earlier case (with `links(_:revisits:)`).
    static func linksQuery(caseID: Int64) -> Query<Row?> {
        Query(
            """
            SELECT \(Self.linksColumns)
            FROM assessment_cases c LEFT JOIN assessment_cases prev ON prev.id = c.previous_case_id WHERE c.id = $1
            """, [caseID]
        ) { $0.first }
    }

    /// The links' columns, with `assessment_cases prev` joined on `c.previous_case_id`.
    static let linksColumns = "c.kind AS case_kind, c.partner_council, c.previous_case_id, prev.state AS previous_state"

    /// The genbesøg made of this case.
    static func revisitsQuery(caseID: Int64) -> Query<[(id: Int64, state: CaseState)]> {
        Query("SELECT id, state FROM assessment_cases WHERE previous_case_id = $1 ORDER BY id", [caseID]) {
            try $0.rows.map { (id: try $0.decode("id", as: Int64.self), state: CaseState(rawValue: try $0.decode("state")) ?? .kladde) }
        }
    }

    static func links(_ row: Row, revisits: [(id: Int64, state: CaseState)]) throws -> Links {
        let previousID: Int64? = try row.decode("previous_case_id")
        let previousState = (try row.decode("previous_state", as: String?.self)).flatMap(CaseState.init(rawValue:))
        return Links(
            kind: try row.decode("case_kind"), partnerCouncil: try row.decode("partner_council"),
            previous: previousID.map { ($0, previousState ?? .kladde) }, revisits: revisits)
    }

    /// Creates a genbesøg: a new assessment of the same project, linked to the earlier one, straight
    /// into planning (the project was assessed before, so no new intake or decision is needed).
    public func createRevisit(previousCaseID: Int64, userID: Int64, audit: AuditRepository.Entry) async throws -> Result<Int64, CaseRefusal>? {
        try await pool.transaction { conn -> Result<Int64, CaseRefusal>? in
            guard
                let row = try conn.query(
                    "SELECT state, project_id, requirement, contact, partner_council FROM assessment_cases WHERE id = $1 FOR UPDATE", [previousCaseID]
                ).first
            else { return nil }
            let open =
                try conn.query(
                    "SELECT 1 FROM assessment_cases WHERE previous_case_id = $1 AND state NOT IN ('afvist', 'afsluttet') LIMIT 1", [previousCaseID]
                ).first != nil
            if let refusal = AssessmentWork.revisitRefusal(previous: CaseState(rawValue: try row.decode("state")) ?? .kladde, openRevisit: open) {
                return .failure(refusal)
            }
            let id: Int64 = try conn.query(
                """
                INSERT INTO assessment_cases (project_id, kind, state, requirement, contact, partner_council, previous_case_id, submitted_at, created_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8) RETURNING id
                """,
                [
                    try row.decode("project_id", as: Int64.self), CaseKind.genbesoeg, CaseState.planlaegning,
                    try row.decode("requirement", as: String?.self), try row.decode("contact", as: String.self),
                    try row.decode("partner_council", as: String.self), previousCaseID, userID,
                ]
            ).first!.decode("id")
            var entry = audit
            entry.objectID = String(id)
            try AuditRepository.append(entry, on: conn)
            return .success(id)
        }
    }

    // MARK: Timeline

    public struct TimelineEntry: Sendable {
        public let at: Date
        public let action: String
        public let actor: String
        /// What the entry recorded besides the action (shown for the steps that carry one, such as a follow-up's note).
        public let detail: String
    }

    /// What happened to the case, oldest first, from the append-only audit log.
    static func timelineQuery(caseID: Int64) -> Query<[TimelineEntry]> {
        Query(
            """
            SELECT a.at, a.action,
                   CASE WHEN a.pseudonymised_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users e WHERE e.id = a.user_id AND e.erased_at IS NOT NULL)
                        THEN a.username ELSE coalesce((SELECT u.full_name FROM users u WHERE u.id = a.user_id), a.username) END AS actor, a.detail
            FROM audit_log a WHERE a.object_type = 'case' AND a.object_id = $1 ORDER BY a.at, a.id LIMIT 500
            """, [String(caseID)]
        ) { result in
            try result.rows.map {
                TimelineEntry(
                    at: try $0.decode("at"), action: try $0.decode("action"), actor: try $0.decode("actor"), detail: try $0.decode("detail"))
            }
        }
    }
}

extension CaseRepository {
    /// The e-mail addresses of a case's people: the project leader and the appointed, by role.
    public struct People: Sendable {
        public var leader: [String] = []
        public var councilMembers: [String] = []
        public var assessors: [String] = []
    }

    public func people(caseID: Int64) async throws -> People {
        var people = People()
        for row in try await pool.query(
            """
            SELECT 'leader' AS role, u.email FROM assessment_cases c JOIN projects p ON p.id = c.project_id
                JOIN users u ON u.id = p.project_leader_id WHERE c.id = $1 AND u.active AND u.email <> ''
            UNION ALL
            SELECT a.role, u.email FROM case_appointments a JOIN users u ON u.id = a.user_id
                WHERE a.case_id = $1 AND u.active AND u.email <> ''
            """, [caseID]
        ).rows {
            let email: String = try row.decode("email")
            switch try row.decode("role", as: String.self) {
            case "leader": people.leader.append(email)
            case "council_member": people.councilMembers.append(email)
            default: people.assessors.append(email)
            }
        }
        return people
    }
}
