import Domain
import Foundation

/// The evaluation questionnaire's versions (sql/024): the current one is the newest; saving makes a
/// new version and never changes an old one, so an answer keeps the questions it answered.
public struct EvaluationRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    static let columns = "id, questions, scale_max, low_label, high_label"

    /// A version from a row with `questions`, `scale_max`, `low_label`, `high_label` and its id in `id`.
    static func questionnaire(_ row: Row, id: String = "id") throws -> EvaluationQuestionnaire {
        EvaluationQuestionnaire(
            id: try row.decode(id), questions: try row.decode("questions"), scaleMax: try row.decode("scale_max"),
            lowLabel: try row.decode("low_label"), highLabel: try row.decode("high_label"))
    }

    /// The version a new evaluation answers.
    public func current() async throws -> EvaluationQuestionnaire {
        let rows = try await pool.query("SELECT \(Self.columns) FROM evaluation_questionnaires ORDER BY id DESC LIMIT 1")
        guard let row = rows.first else { return .version1 }
        return try Self.questionnaire(row)
    }

    public func version(_ id: Int64) async throws -> EvaluationQuestionnaire? {
        try await pool.query("SELECT \(Self.columns) FROM evaluation_questionnaires WHERE id = $1", [id]).first.map { try Self.questionnaire($0) }
    }

    /// A version with when it was made, by whom and how many evaluations answered it.
    public struct Version: Sendable {
        public let questionnaire: EvaluationQuestionnaire
        public let createdAt: Date
        public let createdBy: String?
        public let answers: Int
    }

    /// Every version, newest first.
    public func versions() async throws -> [Version] {
        let rows = try await pool.query(
            """
            SELECT q.id, q.questions, q.scale_max, q.low_label, q.high_label, q.created_at, u.full_name,
                   (SELECT count(*) FROM case_evaluations e WHERE e.questionnaire_id = q.id) AS answers
            FROM evaluation_questionnaires q LEFT JOIN users u ON u.id = q.created_by
            ORDER BY q.id DESC
            """)
        return try rows.rows.map {
            Version(
                questionnaire: try Self.questionnaire($0), createdAt: try $0.decode("created_at"), createdBy: try $0.decode("full_name"),
                answers: try $0.decode("answers"))
        }
    }

    /// Saves `q` as a new version unless it equals the current one; returns the version now current.
    public func save(_ q: EvaluationQuestionnaire, userID: Int64, audit: AuditRepository.Entry) async throws -> Int64 {
        try await pool.transaction { conn in
            // One save at a time, so two secretaries saving together make two versions in order.
            try conn.query("LOCK TABLE evaluation_questionnaires IN SHARE ROW EXCLUSIVE MODE")
            if let row = try conn.query("SELECT \(Self.columns) FROM evaluation_questionnaires ORDER BY id DESC LIMIT 1").first {
                let current = try Self.questionnaire(row)
                if current.sameContent(as: q) { return current.id }
            }
            let id: Int64 = try conn.query(
                """
                INSERT INTO evaluation_questionnaires (questions, scale_max, low_label, high_label, created_by)
                VALUES ($1, $2, $3, $4, $5) RETURNING id
                """, [q.questions, q.scaleMax, q.lowLabel, q.highLabel, userID]
            ).first!.decode("id")
            var entry = audit
            entry.objectID = String(id)
            try AuditRepository.append(entry, on: conn)
            return id
        }
    }
}
