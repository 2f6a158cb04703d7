import Domain
import Foundation

/// The responsum and the follow-up of each recommendation.
extension LetterRepository {
    public struct Answered: Sendable {
        public let id: Int64
        public let number: Int
        public let focusArea: FocusArea
        public let subTheme: String
        public let body: String
        public let answer: ResponsumAnswer?
        public let action: String
        public let actionDate: Date?
        public let followUp: FollowUpStatus
    }

    public func answers(caseID: Int64) async throws -> [Answered] {
        try await pool.query(
            """
            SELECT id, position, focus_area, sub_theme, body, answer, action, action_date, follow_up
            FROM recommendations WHERE case_id = $1 ORDER BY position, id
            """, [caseID]
        ).rows.map {
            Answered(
                id: try $0.decode("id"), number: try $0.decode("position"),
                focusArea: FocusArea(rawValue: try $0.decode("focus_area")) ?? .governance, subTheme: try $0.decode("sub_theme"),
                body: try $0.decode("body"), answer: (try $0.decode("answer", as: String?.self)).flatMap(ResponsumAnswer.init(rawValue:)),
                action: try $0.decode("action"), actionDate: try $0.decode("action_date"),
                followUp: FollowUpStatus(rawValue: try $0.decode("follow_up")) ?? .aaben)
        }
    }

    public struct Answer: Sendable {
        public let recommendationID: Int64
        public let answer: ResponsumAnswer
        public let action: String
        public let date: DateComponents?
        public init(recommendationID: Int64, answer: ResponsumAnswer, action: String, date: DateComponents?) {
            self.recommendationID = recommendationID
            self.answer = answer
            self.action = action
            self.date = date
        }
    }

    /// A responsum saved as a draft: what the project has written so far, any answer left open. It
    /// changes no state and tells no one; the letter shows answers only once the responsum is submitted.
    public struct DraftAnswer: Sendable {
        public let recommendationID: Int64
        public let answer: ResponsumAnswer?
        public let action: String
        public let date: DateComponents?
        public init(recommendationID: Int64, answer: ResponsumAnswer?, action: String, date: DateComponents?) {
            self.recommendationID = recommendationID
            self.answer = answer
            self.action = action
            self.date = date
        }
    }

    /// Saves the draft while the responsum is due (the letter sent, no responsum yet); false otherwise.
    public func saveResponsumDraft(caseID: Int64, _ answers: [DraftAnswer], audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn -> Bool in
            let state: String? = try conn.query("SELECT state FROM assessment_cases WHERE id = $1 FOR UPDATE", [caseID]).first?.decode("state")
            guard state == CaseState.brevSendt.rawValue else { return false }
            for a in answers {
                let date = a.date.map { String(format: "%04d-%02d-%02d", $0.year!, $0.month!, $0.day!) }
                try conn.query(
                    "UPDATE recommendations SET answer = $3, action = $4, action_date = $5::date WHERE id = $1 AND case_id = $2",
                    [a.recommendationID, caseID, a.answer?.rawValue, a.action, date])
            }
            try AuditRepository.append(audit, on: conn)
            return true
        }
    }

    /// Submits the responsum as a whole: one answer per recommendation; a second one is refused.
    public func submitResponsum(caseID: Int64, _ answers: [Answer], audit: AuditRepository.Entry, notify: [MailDraft] = []) async throws
        -> Result<Void, CaseRefusal>
    {
        try await pool.transaction { conn -> Result<Void, CaseRefusal> in
            guard let outcome = try CaseRepository.transition(conn, caseID: caseID, .responsumSubmitted) else {
                return .failure(CaseRefusal("Sagen findes ikke."))
            }
            guard case .success(let next) = outcome else { return outcome.map { _ in } }
            let ids = Set(
                try conn.query("SELECT id FROM recommendations WHERE case_id = $1", [caseID]).rows.map { try $0.decode("id", as: Int64.self) })
            guard Set(answers.map(\.recommendationID)) == ids else {
                return .failure(CaseRefusal("Besvar hver anbefaling, før responsum indsendes."))
            }
            for a in answers {
                let date = a.date.map { String(format: "%04d-%02d-%02d", $0.year!, $0.month!, $0.day!) }
                try conn.query(
                    """
                    UPDATE recommendations SET answer = $3, action = $4, action_date = $5::date,
                        follow_up = CASE WHEN $3 = 'foelges_ikke' THEN 'ikke_fulgt' ELSE 'aaben' END
                    WHERE id = $1 AND case_id = $2
                    """, [a.recommendationID, caseID, a.answer.rawValue, a.action, date])
            }
            try conn.query("UPDATE case_letters SET responsum_submitted_at = now() WHERE case_id = $1", [caseID])
            try CaseRepository.setState(conn, caseID: caseID, next)
            try AuditRepository.append(audit, on: conn)
            try Outbox.enqueue(notify, on: conn)
            return .success(())
        }
    }

    /// The project updates a recommendation's follow-up status; the audit entry (on the case, so the
    /// case's timeline shows it) is prefixed with the recommendation's number.
    public func setFollowUp(caseID: Int64, recommendationID: Int64, status: FollowUpStatus, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query(
                "UPDATE recommendations SET follow_up = $3 WHERE id = $1 AND case_id = $2 RETURNING position",
                [recommendationID, caseID, status.rawValue])
            guard let row = r.first else { return false }
            var entry = audit
            entry.detail = "Anbefaling \(try row.decode("position", as: Int.self)): " + audit.detail
            try AuditRepository.append(entry, on: conn)
            return true
        }
    }
}
