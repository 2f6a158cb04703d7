import Domain
import Foundation

/// The council's assessment cases: intake by a project leader, decisions on requests.
public struct CaseRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public struct Summary: Sendable {
        public let id: Int64
        public let projectID: Int64
        public let projectName: String
        public let state: CaseState
        public let requirement: AssessmentRequirement?
        public let shortNotice: Bool
        public let desiredMonth: Date?
        public let submittedAt: Date?
        public let leaderID: Int64?
        public let version: Int
        /// What of the case, and of its project, the demo data invented (sql/021); nil for what is real.
        public let invented: String?
        public let projectInvented: String?
    }

    static let summaryColumns = """
        c.id, c.project_id, p.name AS project_name, c.state, c.requirement, c.short_notice, c.desired_month, c.submitted_at,
        p.project_leader_id, c.version, c.invented_note AS case_invented, p.invented_note AS project_invented
        """

    static func summary(_ row: Row) throws -> Summary {
        Summary(
            id: try row.decode("id"), projectID: try row.decode("project_id"), projectName: try row.decode("project_name"),
            state: CaseState(rawValue: try row.decode("state")) ?? .kladde,
            requirement: (try row.decode("requirement", as: String?.self)).flatMap(Self.requirement),
            shortNotice: try row.decode("short_notice"), desiredMonth: try row.decode("desired_month"),
            submittedAt: try row.decode("submitted_at"), leaderID: try row.decode("project_leader_id"), version: try row.decode("version"),
            invented: try row.decode("case_invented"), projectInvented: try row.decode("project_invented"))
    }

    static func requirement(_ code: String) -> AssessmentRequirement? {
        switch code {
        case "mandatory": .mandatory
        case "voluntary": .voluntary
        case "regionalRequest": .regionalRequest
        default: nil
        }
    }

    static func code(_ r: AssessmentRequirement?) -> String? {
        switch r {
        case .mandatory: "mandatory"
        case .voluntary: "voluntary"
        case .regionalRequest: "regionalRequest"
        case nil: nil
        }
    }

    /// Cases, all of them or a project leader's own, newest first.
    public func list(leaderID: Int64?, states: [CaseState]? = nil) async throws -> [Summary] {
        try await pool.query(
            """
            SELECT \(Self.summaryColumns) FROM assessment_cases c JOIN projects p ON p.id = c.project_id
            WHERE ($1::bigint IS NULL OR p.project_leader_id = $1) AND ($2::text[] IS NULL OR c.state = ANY($2::text[]))
            ORDER BY c.updated_at DESC, c.id DESC LIMIT 500
            """, [leaderID, states.map { $0.map(\.rawValue) }]
        ).rows.map(Self.summary)
    }

    /// Everything a case page shows, in one round trip to PostgreSQL. The case's own row (summary, intake, decision, dates and links) is one
    /// statement; its lists are four more. (A statement each made the page a third as fast.)
    /// The caller checks access on `summary` and `appointments` before showing any of it.
    public struct Page: Sendable {
        public let summary: Summary
        public let appointments: [Appointment]
        public let intake: IntakeDraft?
        public let decision: Decision?
        public let dates: Dates
        public let links: Links?
        public let timeline: [TimelineEntry]
        public let materialFiles: [AttachmentRepository.Info]
        /// The EMN number the secretariat recorded (issue 19), and whether it is the demo's invented one.
        public let caseNumber: (number: String?, invented: Bool)
        public let costChanges: [CostChange]
    }

    public func page(id: Int64) async throws -> Page? {
        // One round trip for the whole page: the case number and the cost figures travel in the same
        // pipeline (as two extra sequential queries they cost the case page ~20 % of its rate).
        let (row, appointments, revisits, timeline, files, costChanges) = try await pool.pipeline(
            Self.caseRowQuery(id: id), Self.appointmentsQuery(caseID: id), Self.revisitsQuery(caseID: id),
            Self.timelineQuery(caseID: id), AttachmentRepository.listQuery(caseID: id), Self.costChangesQuery(caseID: id))
        guard let row else { return nil }
        return Page(
            summary: try Self.summary(row), appointments: appointments, intake: try Self.intake(row),
            decision: try Self.decision(row), dates: try Self.dates(row), links: try Self.links(row, revisits: revisits),
            timeline: timeline, materialFiles: files,
            caseNumber: (try row.decode("case_number"), try row.decode("case_number_invented")), costChanges: costChanges)
    }

    static func caseRowQuery(id: Int64) -> Query<Row?> {
        Query(
            """
            SELECT \(Self.summaryColumns), \(Self.intakeColumns), \(Self.decisionColumns), \(Self.datesColumns), \(Self.linksColumns),
                c.case_number, c.case_number_invented
            FROM assessment_cases c JOIN projects p ON p.id = c.project_id LEFT JOIN assessment_cases prev ON prev.id = c.previous_case_id
            WHERE c.id = $1
            """, [id]
        ) { $0.first }
    }

    public func summary(id: Int64) async throws -> Summary? {
        try await pool.run(Self.summaryQuery(id: id))
    }

    static func summaryQuery(id: Int64) -> Query<Summary?> {
        Query("SELECT \(Self.summaryColumns) FROM assessment_cases c JOIN projects p ON p.id = c.project_id WHERE c.id = $1", [id]) { result in
            try result.first.map(Self.summary)
        }
    }

    /// The intake as it was saved, for the form.
    public func intake(caseID: Int64) async throws -> IntakeDraft? {
        try await pool.run(Self.intakeQuery(caseID: caseID))
    }

    static func intakeQuery(caseID: Int64) -> Query<IntakeDraft?> {
        Query(
            "SELECT c.desired_month, \(Self.intakeColumns) FROM assessment_cases c JOIN projects p ON p.id = c.project_id WHERE c.id = $1",
            [caseID]
        ) { try $0.first.map(Self.intake) }
    }

    /// The intake's columns (with `c.desired_month`, which the summary has too).
    static let intakeColumns = """
        p.name, p.purpose, p.kind, p.leading_bodies, p.leading_other, p.budget_mio::text AS budget,
        p.regional_share_mio::text AS share, p.rsi_phase, c.contact, c.request_reasons, c.request_text, c.scope,
        (SELECT string_agg(s.name, E'\\n' ORDER BY s.position) FROM steering_group_members s WHERE s.project_id = p.id AND NOT s.is_chair) AS members,
        (SELECT s.name FROM steering_group_members s WHERE s.project_id = p.id AND s.is_chair LIMIT 1) AS chair
        """

    static func intake(_ row: Row) throws -> IntakeDraft {
        var d = IntakeDraft()
        d.name = try row.decode("name")
        d.purpose = try row.decode("purpose")
        d.kind = (try row.decode("kind", as: String?.self)).flatMap(ProjectKind.init(rawValue:))
        let bodies: [String] = try row.decode("leading_bodies")
        d.regions = bodies.filter { LeadingBodies.regions.contains($0) }
        d.otherBodies = try row.decode("leading_other")
        d.budget = (try row.decode("budget", as: String?.self)).flatMap(Double.init).map { DanishFormat.number($0) } ?? ""
        d.regionalShare = (try row.decode("share", as: String?.self)).flatMap(Double.init).map { DanishFormat.number($0) } ?? ""
        d.phase = RSIPhase(rawValue: try row.decode("rsi_phase"))
        d.chair = try row.decode("chair", as: String?.self) ?? ""
        d.members = try row.decode("members", as: String?.self) ?? ""
        if let month: Date = try row.decode("desired_month") {
            let c = DanishFormat.calendar.dateComponents(in: TimeZone(identifier: "UTC")!, from: month)
            d.desiredMonth = YearMonth(year: c.year!, month: c.month!)?.description ?? ""
        }
        d.contact = try row.decode("contact")
        // The seed's examples are stored by code; a reason written instead is stored as written.
        let reasons = try row.decode("request_reasons", as: [String].self)
        d.reasons = Set(reasons.compactMap(RequestReason.init(rawValue:)))
        d.otherReason = reasons.filter { RequestReason(rawValue: $0) == nil }.joined(separator: ", ")
        d.reasonText = try row.decode("request_text")
        d.scope = (try row.decode("scope", as: String?.self)).flatMap(ProjectScope.init(rawValue:))
        return d
    }

    public enum SaveResult: Sendable, Equatable {
        case saved(caseID: Int64)
        case stale
        case notEditable
    }

    /// Saves the intake as a draft (`state` kladde) or submitted (`state` from the state machine).
    /// A new intake creates the project and its case; an existing one is updated only while it is a
    /// draft of this project leader, and only on the version the form was read from. The messages
    /// `notify` makes for the saved case (its id) go to the outbox in the same transaction.
    public func saveIntake(
        caseID: Int64?, version: Int, _ d: IntakeDraft, leaderID: Int64, state: CaseState,
        shortNotice: Bool, audit: AuditRepository.Entry, notify: (@Sendable (Int64) -> [MailDraft])? = nil
    ) async throws -> SaveResult {
        let month = d.month.map { String(format: "%04d-%02d-01", $0.year, $0.month) }
        let bodies = d.regions + (d.otherBodies.trimmingWhitespace().isEmpty ? [] : [d.otherBodies.trimmingWhitespace()])
        let projectParameters: [any SQLParameter] = [
            d.name.trimmingWhitespace(), d.purpose, d.kind?.rawValue, bodies, d.otherBodies.trimmingWhitespace(),
            d.budgetMillions, d.regionalShareMillions, d.phase?.rawValue ?? "",
        ]
        let caseParameters: [any SQLParameter] = [
            state.rawValue, Self.code(d.requirement), d.reasons.map(\.rawValue).sorted() + [d.otherReason].filter { !$0.isEmpty }, d.reasonText,
            month, d.contact, shortNotice,
            state == .kladde ? false : true,
        ]
        return try await pool.transaction { conn in
            let projectID: Int64
            let id: Int64
            if let caseID {
                guard
                    let row = try conn.query(
                        """
                        SELECT c.project_id, c.state, c.version, p.project_leader_id FROM assessment_cases c JOIN projects p ON p.id = c.project_id
                        WHERE c.id = $1 FOR UPDATE OF c
                        """, [caseID]
                    ).first,
                    try row.decode("project_leader_id", as: Int64?.self) == leaderID,
                    try row.decode("state", as: String.self) == CaseState.kladde.rawValue
                else { return .notEditable }
                guard try row.decode("version", as: Int.self) == version else { return .stale }
                projectID = try row.decode("project_id")
                id = caseID
                try conn.query(
                    """
                    UPDATE projects SET name = $2, purpose = $3, kind = $4, leading_bodies = $5, leading_other = $6, budget_mio = $7::numeric,
                        regional_share_mio = $8::numeric, rsi_phase = $9, version = version + 1, updated_at = now() WHERE id = $1
                    """, [projectID] + projectParameters)
                try conn.query(
                    """
                    UPDATE assessment_cases SET state = $2, requirement = $3, request_reasons = $4, request_text = $5, desired_month = $6::date,
                        contact = $7, short_notice = $8, submitted_at = CASE WHEN $9 THEN now() END, version = version + 1, updated_at = now()
                    WHERE id = $1
                    """, [id] + caseParameters)
                try conn.query("DELETE FROM steering_group_members WHERE project_id = $1", [projectID])
            } else {
                projectID = try conn.query(
                    """
                    INSERT INTO projects (name, purpose, kind, leading_bodies, leading_other, budget_mio, regional_share_mio, rsi_phase, project_leader_id)
                    VALUES ($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8, $9) RETURNING id
                    """, projectParameters + [leaderID]
                ).first!.decode("id")
                id = try conn.query(
                    """
                    INSERT INTO assessment_cases (project_id, state, requirement, request_reasons, request_text, desired_month, contact,
                        short_notice, submitted_at, created_by)
                    VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, CASE WHEN $9 THEN now() END, $10) RETURNING id
                    """, [projectID] + caseParameters + [leaderID]
                ).first!.decode("id")
            }
            try conn.query("UPDATE assessment_cases SET scope = $2 WHERE id = $1", [id, d.scope?.rawValue])
            // The steering group, matched to user accounts by full name where one exists (for habilitet).
            var position = 0
            for (name, chair) in ([(d.chair, true)] + d.memberNames.map { ($0, false) }) where !name.trimmingWhitespace().isEmpty {
                position += 1
                try conn.query(
                    """
                    INSERT INTO steering_group_members (project_id, position, name, is_chair, user_id)
                    VALUES ($1, $2, $3, $4, (SELECT id FROM users WHERE lower(full_name) = lower($3) LIMIT 1))
                    """, [projectID, position, name.trimmingWhitespace(), chair])
            }
            var entry = audit
            entry.objectID = String(id)
            try AuditRepository.append(entry, on: conn)
            if let notify { try Outbox.enqueue(notify(id), on: conn) }
            return .saved(caseID: id)
        }
    }

    /// Locks the case row and asks the state machine for the state after `event`: nil when the case
    /// does not exist, a refusal when the event is not allowed now. Every transition goes through here.
    static func transition(_ conn: Connection, caseID: Int64, _ event: CaseEvent) throws -> Result<CaseState, CaseRefusal>? {
        guard let row = try conn.query("SELECT state FROM assessment_cases WHERE id = $1 FOR UPDATE", [caseID]).first else { return nil }
        do {
            return .success(try AssessmentCase.apply(event, to: CaseState(rawValue: try row.decode("state")) ?? .kladde))
        } catch let refusal as CaseRefusal {
            return .failure(refusal)
        }
    }

    static func setState(_ conn: Connection, caseID: Int64, _ state: CaseState) throws {
        try conn.query("UPDATE assessment_cases SET state = $2, version = version + 1, updated_at = now() WHERE id = $1", [caseID, state.rawValue])
    }

    /// Records Regionsdirektørkredsen's or RSI's decision on a request below the threshold.
    public func decide(
        caseID: Int64, accepted: Bool, message: String, userID: Int64?, decidedBy: String, decidedBody: String = "",
        audit: AuditRepository.Entry, notify: [MailDraft] = []
    ) async throws -> Result<CaseState, CaseRefusal>? {
        try await pool.transaction { conn -> Result<CaseState, CaseRefusal>? in
            guard let outcome = try Self.transition(conn, caseID: caseID, .decide(accepted: accepted)) else { return nil }
            guard case .success(let next) = outcome else { return outcome }
            try conn.query(
                """
                UPDATE assessment_cases SET state = $2, decided_at = now(), decided_by_user = $3, decided_by_name = $4, decision_message = $5,
                    decided_by_body = $6, version = version + 1, updated_at = now() WHERE id = $1
                """, [caseID, next.rawValue, userID, decidedBy, message, decidedBody])
            try AuditRepository.append(audit, on: conn)
            try Outbox.enqueue(notify, on: conn)
            return .success(next)
        }
    }

    public struct Decision: Sendable {
        public let decidedAt: Date?
        public let decidedBy: String
        public let message: String
        /// The body that took the decision, e.g. "Regionernes Sundheds-It (RSI)".
        public var body = ""
    }

    /// The decision's columns. The name is a subquery so that it is an index lookup: with a join,
    /// the generic plan hashed the whole users table on every case page.
    static let decisionColumns = """
        c.decided_at, coalesce(nullif(c.decided_by_name, ''), (SELECT du.full_name FROM users du WHERE du.id = c.decided_by_user), '') AS decided_by,
        c.decision_message, c.decided_by_body
        """

    static func decision(_ row: Row) throws -> Decision? {
        guard let decidedAt: Date = try row.decode("decided_at") else { return nil }
        var d = Decision(decidedAt: decidedAt, decidedBy: try row.decode("decided_by"), message: try row.decode("decision_message"))
        d.body = try row.decode("decided_by_body")
        return d
    }
}
