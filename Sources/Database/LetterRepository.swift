import Domain
import Foundation

/// The recommendation letter of a case: saved whole (with a version), signed off by the appointed
/// council members, voided by any later edit, sent only when fully signed.
public struct LetterRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public struct Recommendation: Sendable, Equatable {
        public var focusArea: FocusArea
        public var subTheme: String
        public var body: String
        public init(focusArea: FocusArea, subTheme: String, body: String) {
            self.focusArea = focusArea
            self.subTheme = subTheme
            self.body = body
        }
    }

    public struct Letter: Sendable, Equatable {
        public var generalStatement = ""
        public var complexity: Set<ComplexityCriterion> = []
        public var risks: Set<RiskCriterion> = []
        public var comments: [String: String] = [:]  // "k:teknologi" → comment
        public var finalProfile: RiskProfile?
        public var profileReason = ""
        public var recommendations: [Recommendation] = []
        public var version = 0
        public var sentAt: Date?
        public var responsumDue: Date?
        public init() {}

        public var proposedProfile: RiskProfile { RiskProfile.propose(complexity: complexity, risks: risks) }
    }

    public func letter(caseID: Int64) async throws -> Letter {
        var l = Letter()
        if let row = try await pool.query(
            "SELECT general_statement, final_profile, profile_reason, version, sent_at, responsum_due FROM case_letters WHERE case_id = $1",
            [caseID]
        ).first {
            l.generalStatement = try row.decode("general_statement")
            l.finalProfile = (try row.decode("final_profile", as: String?.self)).flatMap(RiskProfile.init(rawValue:))
            l.profileReason = try row.decode("profile_reason")
            l.version = try row.decode("version")
            l.sentAt = try row.decode("sent_at")
            l.responsumDue = try row.decode("responsum_due")
        }
        for row in try await pool.query("SELECT code, ticked, comment FROM letter_criteria WHERE case_id = $1", [caseID]).rows {
            let code: String = try row.decode("code")
            l.comments[code] = try row.decode("comment")
            guard try row.decode("ticked", as: Bool.self) else { continue }
            if code.hasPrefix("k:"), let c = ComplexityCriterion(rawValue: String(code.dropFirst(2))) { l.complexity.insert(c) }
            if code.hasPrefix("r:"), let r = RiskCriterion(rawValue: String(code.dropFirst(2))) { l.risks.insert(r) }
        }
        l.recommendations = try await pool.query(
            "SELECT focus_area, sub_theme, body FROM recommendations WHERE case_id = $1 ORDER BY position, id", [caseID]
        ).rows.map {
            Recommendation(
                focusArea: FocusArea(rawValue: try $0.decode("focus_area")) ?? .governance, subTheme: try $0.decode("sub_theme"),
                body: try $0.decode("body"))
        }
        return l
    }

    public enum SaveResult: Sendable, Equatable {
        case saved(voidedSignOffs: Int)
        case stale, frozen
    }

    /// Saves the whole letter on the version it was read from. Any edit voids every sign-off. The
    /// council members are asked to sign (`askToSign`, to the outbox in the same transaction) when
    /// the letter first becomes complete, and again whenever an edit voided their sign-offs.
    public func save(caseID: Int64, _ l: Letter, audit: AuditRepository.Entry, askToSign: [MailDraft] = []) async throws -> SaveResult {
        try await pool.transaction { conn in
            guard let c = try conn.query("SELECT state FROM assessment_cases WHERE id = $1 FOR UPDATE", [caseID]).first,
                try c.decode("state", as: String.self) == CaseState.vurdering.rawValue
            else { return .frozen }
            let before = try conn.query(
                """
                SELECT version, final_profile IS NOT NULL AND EXISTS (SELECT 1 FROM recommendations r WHERE r.case_id = l.case_id) AS complete
                FROM case_letters l WHERE case_id = $1
                """, [caseID]
            ).first
            let current: Int = try before?.decode("version") ?? 0
            let wasComplete = try before?.decode("complete", as: Bool.self) ?? false
            guard current == l.version else { return .stale }
            try conn.query(
                """
                INSERT INTO case_letters (case_id, general_statement, final_profile, profile_reason) VALUES ($1, $2, $3, $4)
                ON CONFLICT (case_id) DO UPDATE SET general_statement = EXCLUDED.general_statement, final_profile = EXCLUDED.final_profile,
                    profile_reason = EXCLUDED.profile_reason, version = case_letters.version + 1, updated_at = now()
                """, [caseID, l.generalStatement, l.finalProfile?.rawValue, l.profileReason])
            try conn.query("DELETE FROM letter_criteria WHERE case_id = $1", [caseID])
            for c in ComplexityCriterion.allCases {
                try conn.query(
                    "INSERT INTO letter_criteria (case_id, code, ticked, comment) VALUES ($1, $2, $3, $4)",
                    [caseID, "k:" + c.rawValue, l.complexity.contains(c), l.comments["k:" + c.rawValue] ?? ""])
            }
            for r in RiskCriterion.allCases {
                try conn.query(
                    "INSERT INTO letter_criteria (case_id, code, ticked, comment) VALUES ($1, $2, $3, $4)",
                    [caseID, "r:" + r.rawValue, l.risks.contains(r), l.comments["r:" + r.rawValue] ?? ""])
            }
            try conn.query("DELETE FROM recommendations WHERE case_id = $1", [caseID])
            for (i, r) in l.recommendations.enumerated() {
                try conn.query(
                    "INSERT INTO recommendations (case_id, position, focus_area, sub_theme, body) VALUES ($1, $2, $3, $4, $5)",
                    [caseID, i + 1, r.focusArea.rawValue, r.subTheme, r.body])
            }
            let voided = try conn.query("DELETE FROM letter_signoffs WHERE case_id = $1", [caseID]).affectedRows
            var entry = audit
            if voided > 0 { entry.detail = "\(voided) godkendelse(r) annulleret" }
            try AuditRepository.append(entry, on: conn)
            if l.finalProfile != nil && !l.recommendations.isEmpty && (voided > 0 || !wasComplete) {
                try Outbox.enqueue(askToSign, on: conn)
            }
            return .saved(voidedSignOffs: voided)
        }
    }

    /// The sign-off state: appointed council members who have declared, and who has signed.
    public func signOff(caseID: Int64) async throws -> LetterSignOff {
        let appointed: [Int64] = try await pool.query(
            "SELECT user_id FROM case_appointments WHERE case_id = $1 AND role = 'council_member'", [caseID]
        ).rows.map { try $0.decode("user_id") }
        let signed: [Int64] = try await pool.query("SELECT user_id FROM letter_signoffs WHERE case_id = $1", [caseID]).rows.map {
            try $0.decode("user_id")
        }
        return LetterSignOff(appointed: Set(appointed), signed: Set(signed))
    }

    /// A council member signs off the letter (on the version they read: a newer letter needs a new read).
    /// `signedText` is kept as what the member signed (replacing an earlier one), so that if an edit
    /// voids the sign-off they can see what changed (`signedText(caseID:userID:)`).
    public func sign(caseID: Int64, userID: Int64, version: Int, signedText: String = "", audit: AuditRepository.Entry) async throws -> Result<
        Void, CaseRefusal
    > {
        try await pool.transaction { conn -> Result<Void, CaseRefusal> in
            guard let c = try conn.query("SELECT state FROM assessment_cases WHERE id = $1 FOR UPDATE", [caseID]).first,
                try c.decode("state", as: String.self) == CaseState.vurdering.rawValue
            else { return .failure(CaseRefusal("Brevet kan kun godkendes, mens sagen er under vurdering.")) }
            let current: Int = try conn.query("SELECT version FROM case_letters WHERE case_id = $1", [caseID]).first?.decode("version") ?? 0
            guard current > 0 else { return .failure(CaseRefusal("Der er endnu intet brev at godkende.")) }
            guard current == version else { return .failure(CaseRefusal("Brevet er ændret, siden du åbnede det. Læs det igen, før du godkender.")) }
            let appointed: [Int64] = try conn.query(
                "SELECT user_id FROM case_appointments WHERE case_id = $1 AND role = 'council_member' AND declared_at IS NOT NULL", [caseID]
            ).rows.map { try $0.decode("user_id") }
            let signed: [Int64] = try conn.query("SELECT user_id FROM letter_signoffs WHERE case_id = $1", [caseID]).rows.map {
                try $0.decode("user_id")
            }
            var state = LetterSignOff(appointed: Set(appointed), signed: Set(signed))
            do { try state.sign(by: userID) } catch let refusal as LetterSignOff.Refusal { return .failure(CaseRefusal(refusal.description)) } catch {
                throw error
            }
            try conn.query("INSERT INTO letter_signoffs (case_id, user_id) VALUES ($1, $2)", [caseID, userID])
            try conn.query(
                """
                INSERT INTO letter_signed_texts (case_id, user_id, body) VALUES ($1, $2, $3)
                ON CONFLICT (case_id, user_id) DO UPDATE SET body = EXCLUDED.body, signed_at = now()
                """, [caseID, userID, signedText])
            try AuditRepository.append(audit, on: conn)
            return .success(())
        }
    }

    /// The text a council member last signed off on this case, and when; nil if they never signed.
    public func signedText(caseID: Int64, userID: Int64) async throws -> (body: String, at: Date)? {
        guard
            let row = try await pool.query("SELECT body, signed_at FROM letter_signed_texts WHERE case_id = $1 AND user_id = $2", [caseID, userID])
                .first
        else { return nil }
        return (try row.decode("body"), try row.decode("signed_at"))
    }

    /// Sends the fully signed letter: the case moves on, the letter is frozen, the responsum is due.
    public func send(caseID: Int64, responsumDue: DateComponents, audit: AuditRepository.Entry, notify: [MailDraft] = []) async throws -> Result<
        Void, CaseRefusal
    > {
        try await pool.transaction { conn -> Result<Void, CaseRefusal> in
            let appointed: [Int64] = try conn.query(
                "SELECT user_id FROM case_appointments WHERE case_id = $1 AND role = 'council_member'", [caseID]
            ).rows.map { try $0.decode("user_id") }
            let signed: [Int64] = try conn.query("SELECT user_id FROM letter_signoffs WHERE case_id = $1", [caseID]).rows.map {
                try $0.decode("user_id")
            }
            let signOff = LetterSignOff(appointed: Set(appointed), signed: Set(signed))
            guard let outcome = try CaseRepository.transition(conn, caseID: caseID, .letterSent(signOff)) else {
                return .failure(CaseRefusal("Sagen findes ikke."))
            }
            guard case .success(let next) = outcome else { return outcome.map { _ in } }
            let due = String(format: "%04d-%02d-%02d", responsumDue.year!, responsumDue.month!, responsumDue.day!)
            try conn.query("UPDATE case_letters SET sent_at = now(), responsum_due = $2::date WHERE case_id = $1", [caseID, due])
            try CaseRepository.setState(conn, caseID: caseID, next)
            // The project's risk profile is the letter's.
            try conn.query(
                "UPDATE projects SET risk_profile = (SELECT final_profile FROM case_letters WHERE case_id = $1) FROM assessment_cases c WHERE c.id = $1 AND projects.id = c.project_id",
                [caseID])
            // The assessment is now one of the council's activities, done this month (Tabel 1).
            try conn.query(
                """
                INSERT INTO council_activities (project_id, kind, partner_council, month_done, case_id)
                SELECT c.project_id, c.kind, c.partner_council, date_trunc('month', now() AT TIME ZONE 'Europe/Copenhagen')::date, c.id
                FROM assessment_cases c WHERE c.id = $1
                ON CONFLICT (case_id) DO UPDATE SET month_done = EXCLUDED.month_done, partner_council = EXCLUDED.partner_council,
                    expected_year = NULL, expected_quarters = '{}'
                """, [caseID])
            try AuditRepository.append(audit, on: conn)
            try Outbox.enqueue(notify, on: conn)
            return .success(())
        }
    }
}
