import Domain
import Foundation

/// What a closed case's archive package holds besides its documents: the facts for the metadata
/// (number, dates, parties, steps) and the material as it was uploaded.
public struct CaseArchiveRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public struct Party: Sendable {
        public let role: String
        public let name: String
    }

    public struct Step: Sendable {
        public let at: Date
        public let action: String
        public let actor: String
        public let detail: String
    }

    public struct MaterialFile: Sendable {
        public let id: Int64
        public let filename: String
        public let contentType: String
        public let size: Int64
        public let uploadedAt: Date
    }

    public struct Facts: Sendable {
        public let caseID: Int64
        public let caseNumber: String?
        public let numberInvented: Bool
        public let projectName: String
        public let kind: String
        public let state: String
        public let createdAt: Date
        public let submittedAt: Date?
        public let decidedAt: Date?
        public let letterSentAt: Date?
        public let responsumSubmittedAt: Date?
        public let leadingBodies: [String]
        public let parties: [Party]
        public let steps: [Step]
        public let material: [MaterialFile]
    }

    public func facts(caseID: Int64) async throws -> Facts? {
        guard
            let row = try await pool.query(
                """
                SELECT c.id, c.case_number, c.case_number_invented, p.name, c.kind, c.state, c.created_at, c.submitted_at, c.decided_at,
                       l.sent_at, l.responsum_submitted_at, array_to_string(p.leading_bodies, chr(31)) AS bodies,
                       (SELECT u.full_name FROM users u WHERE u.id = p.project_leader_id) AS leader
                FROM assessment_cases c JOIN projects p ON p.id = c.project_id LEFT JOIN case_letters l ON l.case_id = c.id
                WHERE c.id = $1
                """, [caseID]
            ).first
        else { return nil }
        var parties: [Party] = []
        let bodies: String = try row.decode("bodies")
        for body in bodies.split(separator: "\u{1F}") { parties.append(Party(role: "ansvarlig_organisation", name: String(body))) }
        if let leader: String = try row.decode("leader") { parties.append(Party(role: "projektleder", name: leader)) }
        for r in try await pool.query(
            """
            SELECT a.role, u.full_name FROM case_appointments a JOIN users u ON u.id = a.user_id
            WHERE a.case_id = $1 ORDER BY a.role DESC, u.full_name
            """, [caseID]
        ).rows {
            let role: String = try r.decode("role")
            parties.append(Party(role: role == "assessor" ? "vurderer" : "raadsmedlem", name: try r.decode("full_name")))
        }
        let steps = try await pool.query(
            """
            SELECT a.at, a.action, a.detail,
                   CASE WHEN a.pseudonymised_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users e WHERE e.id = a.user_id AND e.erased_at IS NOT NULL)
                        THEN a.username ELSE coalesce((SELECT u.full_name FROM users u WHERE u.id = a.user_id), a.username) END AS actor
            FROM audit_log a WHERE a.object_type = 'case' AND a.object_id = $1 ORDER BY a.at, a.id
            """, [String(caseID)]
        ).rows.map {
            Step(at: try $0.decode("at"), action: try $0.decode("action"), actor: try $0.decode("actor"), detail: try $0.decode("detail"))
        }
        let material = try await pool.query(
            """
            SELECT id, filename, content_type, size_bytes, created_at FROM attachments
            WHERE case_id = $1 AND complete ORDER BY created_at, id
            """, [caseID]
        ).rows.map {
            MaterialFile(
                id: try $0.decode("id"), filename: try $0.decode("filename"), contentType: try $0.decode("content_type"),
                size: try $0.decode("size_bytes"), uploadedAt: try $0.decode("created_at"))
        }
        return Facts(
            caseID: caseID, caseNumber: try row.decode("case_number"), numberInvented: try row.decode("case_number_invented"),
            projectName: try row.decode("name"), kind: try row.decode("kind"), state: try row.decode("state"),
            createdAt: try row.decode("created_at"), submittedAt: try row.decode("submitted_at"), decidedAt: try row.decode("decided_at"),
            letterSentAt: try row.decode("sent_at"), responsumSubmittedAt: try row.decode("responsum_submitted_at"),
            leadingBodies: bodies.split(separator: "\u{1F}").map(String.init), parties: parties, steps: steps, material: material)
    }

    /// A material file's bytes, as uploaded.
    public func content(fileID: Int64) async throws -> [UInt8] {
        var out: [UInt8] = []
        for row in try await pool.query("SELECT data FROM attachment_chunks WHERE attachment_id = $1 ORDER BY seq", [fileID]).rows {
            out += try AttachmentRepository.decodeHex(try row.decode("data"))
        }
        return out
    }
}
