import Domain
import Foundation

/// Planning: who may be appointed (with the impartiality facts), appointments, declarations, dates.
extension CaseRepository {
    public struct Candidate: Sendable {
        public let userID: Int64
        public let name: String
        public let title: String
        public let onSteeringGroup: Bool
        public let declaredInterest: String?
        public let appointed: Bool
        public let declared: Bool
    }

    /// Everyone with `role`, with what the habilitet rule needs to know about this case's project.
    public func candidates(caseID: Int64, role: Role) async throws -> [Candidate] {
        try await pool.query(
            """
            SELECT u.id, u.full_name, coalesce(m.title, '') AS title,
                   EXISTS (SELECT 1 FROM steering_group_members s WHERE s.project_id = c.project_id
                           AND (s.user_id = u.id OR lower(s.name) = lower(u.full_name))) AS on_steering_group,
                   (SELECT d.description FROM declared_interests d WHERE d.user_id = u.id AND d.project_id = c.project_id) AS interest,
                   a.id IS NOT NULL AS appointed, a.declared_at IS NOT NULL AS declared
            FROM users u CROSS JOIN assessment_cases c
            LEFT JOIN council_members m ON m.user_id = u.id
            LEFT JOIN case_appointments a ON a.case_id = c.id AND a.user_id = u.id
            WHERE c.id = $1 AND u.active AND $2 = ANY(u.roles)
            ORDER BY u.full_name
            """, [caseID, role.rawValue]
        ).rows.map {
            Candidate(
                userID: try $0.decode("id"), name: try $0.decode("full_name"), title: try $0.decode("title"),
                onSteeringGroup: try $0.decode("on_steering_group"), declaredInterest: try $0.decode("interest"),
                appointed: try $0.decode("appointed"), declared: try $0.decode("declared"))
        }
    }

    public struct Plan: Sendable {
        public var councilMembers: [Int64]
        public var assessors: [Int64]
        public var councilCountReason: String
        /// Why the team is not 4–5, when it is not.
        public var assessorCountReason: String = ""
        public var materialDeadline: DateComponents
        public var dialogueDate: DateComponents
        public var letterDate: DateComponents
        public var partnerCouncil: String
        public init(
            councilMembers: [Int64], assessors: [Int64], councilCountReason: String, materialDeadline: DateComponents,
            dialogueDate: DateComponents, letterDate: DateComponents, partnerCouncil: String = ""
        ) {
            self.partnerCouncil = partnerCouncil
            self.councilMembers = councilMembers
            self.assessors = assessors
            self.councilCountReason = councilCountReason
            self.materialDeadline = materialDeadline
            self.dialogueDate = dialogueDate
            self.letterDate = letterDate
        }
    }

    static func iso(_ d: DateComponents) -> String { String(format: "%04d-%02d-%02d", d.year!, d.month!, d.day!) }

    /// Saves the plan and moves the case from planning to awaiting material. The caller has checked
    /// the habilitet rule; the state machine is checked here, under a row lock. `notify`'s messages go
    /// to the outbox in the same transaction (the appointed are resolved after they are appointed).
    public func savePlan(caseID: Int64, _ plan: Plan, audit: AuditRepository.Entry, notify: [MailDraft] = []) async throws -> Result<
        CaseState, CaseRefusal
    >? {
        try await pool.transaction { conn -> Result<CaseState, CaseRefusal>? in
            guard let outcome = try Self.transition(conn, caseID: caseID, .planned) else { return nil }
            guard case .success(let next) = outcome else { return outcome }
            try conn.query("DELETE FROM case_appointments WHERE case_id = $1", [caseID])
            for (ids, role) in [(plan.councilMembers, "council_member"), (plan.assessors, "assessor")] {
                for id in ids {
                    try conn.query("INSERT INTO case_appointments (case_id, user_id, role) VALUES ($1, $2, $3)", [caseID, id, role])
                }
            }
            try conn.query(
                """
                UPDATE assessment_cases SET state = $2, material_deadline = $3::date, dialogue_date = $4::date, letter_date = $5::date,
                    council_count_reason = $6, partner_council = $7, assessor_count_reason = $8, version = version + 1, updated_at = now() WHERE id = $1
                """,
                [
                    caseID, next.rawValue, Self.iso(plan.materialDeadline), Self.iso(plan.dialogueDate), Self.iso(plan.letterDate),
                    plan.councilCountReason, plan.partnerCouncil, plan.assessorCountReason,
                ])
            // A planned assessment is expected in the quarter of its desired month (or of its letter):
            // the pipeline of the annual report.
            try conn.query(
                """
                INSERT INTO council_activities (project_id, kind, partner_council, expected_year, expected_quarters, case_id)
                SELECT c.project_id, c.kind, c.partner_council, extract(year FROM d)::integer, ARRAY[extract(quarter FROM d)::integer], c.id
                FROM assessment_cases c, LATERAL (SELECT coalesce(c.desired_month, c.letter_date) AS d) w
                WHERE c.id = $1 AND w.d IS NOT NULL
                ON CONFLICT (case_id) DO UPDATE SET expected_year = EXCLUDED.expected_year, expected_quarters = EXCLUDED.expected_quarters,
                    partner_council = EXCLUDED.partner_council
                WHERE council_activities.month_done IS NULL
                """, [caseID])
            try AuditRepository.append(audit, on: conn)
            try Outbox.enqueue(notify, on: conn)
            return .success(next)
        }
    }

    /// The appointee's impartiality declaration. Returns false if they are not appointed.
    public func declare(caseID: Int64, userID: Int64, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query(
                "UPDATE case_appointments SET declared_at = now() WHERE case_id = $1 AND user_id = $2 AND declared_at IS NULL", [caseID, userID])
            if r.affectedRows == 1 { try AuditRepository.append(audit, on: conn) }
            return r.affectedRows == 1
        }
    }

    /// A person declares an interest in a project (so they cannot be appointed to it).
    public func declareInterest(userID: Int64, projectID: Int64, description: String) async throws {
        try await pool.query(
            """
            INSERT INTO declared_interests (user_id, project_id, description) VALUES ($1, $2, $3)
            ON CONFLICT (user_id, project_id) DO UPDATE SET description = EXCLUDED.description, declared_at = now()
            """, [userID, projectID, description])
    }

    public func appointedCaseIDs(userID: Int64) async throws -> [Int64] {
        try await pool.query("SELECT case_id FROM case_appointments WHERE user_id = $1", [userID]).rows.map { try $0.decode("case_id") }
    }

    public struct Appointment: Sendable {
        public let userID: Int64
        public let name: String
        public let role: Role
        public let declared: Bool
    }

    public func appointments(caseID: Int64) async throws -> [Appointment] {
        try await pool.run(Self.appointmentsQuery(caseID: caseID))
    }

    static func appointmentsQuery(caseID: Int64) -> Query<[Appointment]> {
        Query(
            """
            SELECT a.user_id, (SELECT u.full_name FROM users u WHERE u.id = a.user_id) AS full_name, a.role,
                   a.declared_at IS NOT NULL AS declared
            FROM case_appointments a WHERE a.case_id = $1 ORDER BY a.role DESC, full_name
            """, [caseID]
        ) { result in
            try result.rows.map {
                Appointment(
                    userID: try $0.decode("user_id"), name: try $0.decode("full_name"),
                    role: Role(rawValue: try $0.decode("role")) ?? .assessor, declared: try $0.decode("declared"))
            }
        }
    }

    public struct Dates: Sendable {
        public let material: Date?
        public let dialogue: Date?
        public let letter: Date?
        public let reason: String
        public let materialReceived: Date?
        public var assessorReason: String = ""
    }

    public func dates(caseID: Int64) async throws -> Dates {
        try await pool.run(Self.datesQuery(caseID: caseID))
    }

    static func datesQuery(caseID: Int64) -> Query<Dates> {
        Query("SELECT \(Self.datesColumns) FROM assessment_cases c WHERE c.id = $1", [caseID]) { result in
            try result.first.map(Self.dates) ?? Dates(material: nil, dialogue: nil, letter: nil, reason: "", materialReceived: nil)
        }
    }

    static let datesColumns =
        "c.material_deadline, c.dialogue_date, c.letter_date, c.council_count_reason, c.material_received_at, c.assessor_count_reason"

    static func dates(_ row: Row) throws -> Dates {
        Dates(
            material: try row.decode("material_deadline"), dialogue: try row.decode("dialogue_date"),
            letter: try row.decode("letter_date"), reason: try row.decode("council_count_reason"),
            materialReceived: try row.decode("material_received_at"), assessorReason: try row.decode("assessor_count_reason"))
    }

    /// The project has sent its material: the case moves to assessment and the clock starts.
    public func materialReceived(caseID: Int64, audit: AuditRepository.Entry, notify: [MailDraft] = []) async throws -> Result<
        CaseState, CaseRefusal
    >? {
        try await pool.transaction { conn -> Result<CaseState, CaseRefusal>? in
            guard let outcome = try Self.transition(conn, caseID: caseID, .materialReceived) else { return nil }
            guard case .success(let next) = outcome else { return outcome }
            let files: Int = try conn.query(
                "SELECT count(*) AS n FROM attachments WHERE case_id = $1 AND complete", [caseID]
            ).first!.decode("n")
            guard files > 0 else { return .failure(CaseRefusal("Upload mindst ét dokument (fx PID), før materialet sendes.")) }
            try conn.query(
                "UPDATE assessment_cases SET state = $2, material_received_at = now(), version = version + 1, updated_at = now() WHERE id = $1",
                [caseID, next.rawValue])
            try AuditRepository.append(audit, on: conn)
            try Outbox.enqueue(notify, on: conn)
            return .success(next)
        }
    }
}

extension CaseRepository {
    /// The project's evaluation, answering questionnaire version `questionnaireID`; it closes the case (once).
    public func submitEvaluation(
        caseID: Int64, questionnaireID: Int64, scores: [Int], comment: String, audit: AuditRepository.Entry
    ) async throws -> Result<Void, CaseRefusal>? {
        try await pool.transaction { conn -> Result<Void, CaseRefusal>? in
            guard let outcome = try Self.transition(conn, caseID: caseID, .evaluationSubmitted) else { return nil }
            guard case .success(let next) = outcome else { return outcome.map { _ in } }
            try conn.query(
                "INSERT INTO case_evaluations (case_id, questionnaire_id, scores, comment) VALUES ($1, $2, $3::int[], $4)",
                [caseID, questionnaireID, scores.map(String.init), comment])
            try Self.setState(conn, caseID: caseID, next)
            try AuditRepository.append(audit, on: conn)
            return .success(())
        }
    }
}

extension CaseRepository {
    /// What awaits a user in the council's process, for the front page: one query over their cases.
    public struct Task: Sendable {
        public let caseID: Int64
        public let project: String
        public let what: String
        /// When it is due (a date column's day, as midnight UTC); nil when the process sets no date.
        public let due: Date?
    }

    public func awaiting(userID: Int64, roles: Set<Role>) async throws -> [Task] {
        try await pool.query(
            """
            SELECT c.id, p.name, c.state, c.short_notice,
                   p.project_leader_id = $1 AS own,
                   EXISTS (SELECT 1 FROM case_appointments a WHERE a.case_id = c.id AND a.user_id = $1 AND a.declared_at IS NULL) AS must_declare,
                   EXISTS (SELECT 1 FROM case_appointments a WHERE a.case_id = c.id AND a.user_id = $1 AND a.role = 'council_member'
                           AND a.declared_at IS NOT NULL) AS signer,
                   EXISTS (SELECT 1 FROM case_appointments a WHERE a.case_id = c.id AND a.user_id = $1 AND a.role = 'assessor'
                           AND a.declared_at IS NOT NULL) AS assessor,
                   EXISTS (SELECT 1 FROM letter_signoffs s WHERE s.case_id = c.id AND s.user_id = $1) AS signed,
                   EXISTS (SELECT 1 FROM case_letters l WHERE l.case_id = c.id AND l.final_profile IS NOT NULL) AS letter_ready,
                   c.desired_month, (c.desired_month - interval '3 months')::date AS notice_by, c.material_deadline, c.dialogue_date,
                   c.letter_date, (SELECT l.responsum_due FROM case_letters l WHERE l.case_id = c.id) AS responsum_due
            FROM assessment_cases c JOIN projects p ON p.id = c.project_id
            WHERE c.state NOT IN ('afvist', 'afsluttet')
            ORDER BY c.updated_at DESC LIMIT 200
            """, [userID]
        ).rows.compactMap { row -> Task? in
            let state = CaseState(rawValue: try row.decode("state")) ?? .kladde
            let id: Int64 = try row.decode("id")
            let project: String = try row.decode("name")
            let own: Bool = try row.decode("own", as: Bool?.self) ?? false
            func task(_ what: String, due column: String? = nil) throws -> Task {
                Task(caseID: id, project: project, what: what, due: try column.flatMap { try row.decode($0, as: Date?.self) })
            }
            // An appointee declares before seeing the material, so only until the letter is sent: a case
            // that has moved past the assessment no longer asks for it.
            if [.planlaegning, .afventerMateriale, .vurdering].contains(state), try row.decode("must_declare", as: Bool.self) {
                return try task("Afgiv habilitetserklæring", due: "material_deadline")
            }
            if own && roles.contains(.projectLeader) {
                switch state {
                case .kladde: return try task("Gør indmeldingen færdig", due: "notice_by")
                case .afventerMateriale: return try task("Upload og send materialet", due: "material_deadline")
                case .brevSendt: return try task("Skriv responsum", due: "responsum_due")
                case .responsumModtaget: return try task("Udfyld evalueringen")
                default: break
                }
            }
            if state == .vurdering, try row.decode("signer", as: Bool.self), try row.decode("letter_ready", as: Bool.self),
                !(try row.decode("signed", as: Bool.self))
            {
                return try task("Godkend anbefalingsbrevet", due: "letter_date")
            }
            if state == .vurdering, try row.decode("assessor", as: Bool.self) { return try task("Registrér observationer", due: "dialogue_date") }
            if state == .afventerBeslutning && (roles.contains(.director) || roles.contains(.secretariat)) {
                return try task("Beslut anmodningen om risikovurdering")
            }
            if state == .planlaegning && roles.contains(.secretariat) {
                return try task(
                    try row.decode("short_notice", as: Bool.self) ? "Planlæg risikovurderingen (kort varsel)" : "Planlæg risikovurderingen",
                    due: "desired_month")
            }
            return nil
        }
    }
}
