import Domain
import Foundation

/// The secretariat's overview of the council's work: every case with the dates that make it late,
/// and the recommendations' follow-up status per project. One query each; the page filters.
public struct OverviewRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public struct CaseRow: Sendable {
        public let id: Int64
        public let project: String
        public let leadingBodies: [String]
        public let state: CaseState
        public let submittedAt: Date?
        public let materialDeadline: Date?
        public let materialReceived: Date?
        public let responsumDue: Date?
        /// What of the case the demo data invented (sql/021); nil for what is real.
        public var invented: String?
    }

    public func cases() async throws -> [CaseRow] {
        try await pool.query(
            """
            SELECT c.id, p.name, p.leading_bodies, c.state, c.submitted_at, c.material_deadline, c.material_received_at, l.responsum_due,
                   c.invented_note
            FROM assessment_cases c JOIN projects p ON p.id = c.project_id LEFT JOIN case_letters l ON l.case_id = c.id
            WHERE c.state <> 'kladde' ORDER BY c.submitted_at DESC NULLS LAST, c.id DESC
            """
        ).rows.map {
            var row = CaseRow(
                id: try $0.decode("id"), project: try $0.decode("name"), leadingBodies: try $0.decode("leading_bodies"),
                state: CaseState(rawValue: try $0.decode("state")) ?? .kladde, submittedAt: try $0.decode("submitted_at"),
                materialDeadline: try $0.decode("material_deadline"), materialReceived: try $0.decode("material_received_at"),
                responsumDue: try $0.decode("responsum_due"))
            row.invented = try $0.decode("invented_note")
            return row
        }
    }

    public struct FollowUpRow: Sendable {
        public let project: String
        public let leadingBodies: [String]
        public let sentAt: Date
        public let status: FollowUpStatus
        public let count: Int
        /// The case's recommendations are the demo's (sql/021): their follow-up status is invented.
        public var invented = false
    }

    /// Recommendations of sent letters, counted per project, year sent and follow-up status.
    public func followUps() async throws -> [FollowUpRow] {
        try await pool.query(
            """
            SELECT p.name, p.leading_bodies, min(l.sent_at) AS sent_at, r.follow_up, count(*) AS n, c.invented_note IS NOT NULL AS invented
            FROM recommendations r JOIN case_letters l ON l.case_id = r.case_id JOIN assessment_cases c ON c.id = r.case_id
            JOIN projects p ON p.id = c.project_id
            WHERE l.sent_at IS NOT NULL
            GROUP BY p.name, p.leading_bodies, c.id, r.follow_up ORDER BY min(l.sent_at), p.name
            """
        ).rows.map {
            var row = FollowUpRow(
                project: try $0.decode("name"), leadingBodies: try $0.decode("leading_bodies"), sentAt: try $0.decode("sent_at"),
                status: FollowUpStatus(rawValue: try $0.decode("follow_up")) ?? .aaben, count: try $0.decode("n"))
            row.invented = try $0.decode("invented")
            return row
        }
    }
}
