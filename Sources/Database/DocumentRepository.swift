import Foundation

/// The documents the portal writes itself as PDFs: what a letter prints beyond its page (the
/// addressees, the case number, the signatures' dates), the cache of rendered PDFs per document
/// version, and the render jobs that fill it.
public struct DocumentRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    /// The letter's heading and signature block: who it is addressed to, its case number, and who
    /// signed it when.
    public struct LetterParties: Sendable, Equatable {
        public struct Signature: Sendable, Equatable {
            public let userID: Int64
            public let name: String
            public let signedAt: Date
        }
        /// The chair of the project's steering group, if the intake named one.
        public let steeringChair: String?
        /// The project leader's name, if the project has one with an account.
        public let projectLeader: String?
        public let caseNumber: String?
        /// The demo's numbers are made up; the pages say so.
        public let caseNumberInvented: Bool
        public let signatures: [Signature]
        /// The chair's name is the demo's (the seeds name no steering groups): the project carries an
        /// invented note (sql/021), and the pages say so.
        public var steeringChairInvented = false
    }

    public func letterParties(caseID: Int64) async throws -> LetterParties {
        try await pool.run(Self.letterPartiesQuery(caseID: caseID))
    }

    /// One statement, so a page can send it in its pipeline.
    public static func letterPartiesQuery(caseID: Int64) -> Query<LetterParties> {
        Query(
            """
            SELECT c.case_number, c.case_number_invented, p.invented_note IS NOT NULL AS chair_invented,
                   (SELECT s.name FROM steering_group_members s WHERE s.project_id = p.id AND s.is_chair ORDER BY s.position LIMIT 1) AS chair,
                   (SELECT u.full_name FROM users u WHERE u.id = p.project_leader_id) AS leader,
                   (SELECT coalesce(json_agg(json_build_object('id', s.user_id, 'name', u.full_name,
                                                               'at', to_char(s.signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                                             ORDER BY s.signed_at, u.full_name), '[]')::text
                    FROM letter_signoffs s JOIN users u ON u.id = s.user_id WHERE s.case_id = c.id) AS signatures
            FROM assessment_cases c JOIN projects p ON p.id = c.project_id WHERE c.id = $1
            """, [caseID]
        ) { result in
            guard let row = result.first else {
                return LetterParties(steeringChair: nil, projectLeader: nil, caseNumber: nil, caseNumberInvented: false, signatures: [])
            }
            struct Signed: Decodable {
                let id: Int64
                let name: String
                let at: String
            }
            let json: String = try row.decode("signatures")
            let signed = try JSONDecoder().decode([Signed].self, from: Data(json.utf8))
            var parties = LetterParties(
                steeringChair: try row.decode("chair"), projectLeader: try row.decode("leader"), caseNumber: try row.decode("case_number"),
                caseNumberInvented: try row.decode("case_number_invented"),
                signatures: try signed.map {
                    guard let at = try? Date($0.at, strategy: .iso8601) else { throw DatabaseError.decoding("signed_at \($0.at)") }
                    return LetterParties.Signature(userID: $0.id, name: $0.name, signedAt: at)
                })
            parties.steeringChairInvented = try row.decode("chair_invented")
            return parties
        }
    }

    /// The case's number and whether it is made up (the demo's).
    public func caseNumber(caseID: Int64) async throws -> (number: String?, invented: Bool) {
        guard let row = try await pool.query("SELECT case_number, case_number_invented FROM assessment_cases WHERE id = $1", [caseID]).first
        else { return (nil, false) }
        return (try row.decode("case_number"), try row.decode("case_number_invented"))
    }

    /// Records the case's number (nil clears it); a number typed by the secretariat is a real one.
    public func setCaseNumber(caseID: Int64, _ number: String?, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let changed = try conn.query(
                "UPDATE assessment_cases SET case_number = $2, case_number_invented = false, updated_at = now() WHERE id = $1",
                [caseID, number]
            ).affectedRows
            guard changed == 1 else { return false }
            try AuditRepository.append(audit, on: conn)
            return true
        }
    }

    // MARK: The cache of rendered PDFs

    /// The PDF of `document` at `stamp`, if it has been rendered.
    public func cached(document: String, stamp: String) async throws -> [UInt8]? {
        guard
            let hex: String = try await pool.query(
                "SELECT pdf FROM rendered_documents WHERE document = $1 AND stamp = $2", [document, stamp]
            ).first?.decode("pdf")
        else { return nil }
        return try AttachmentRepository.decodeHex(hex)
    }

    /// How many versions of one document are kept: the current one and a few before it (a reader
    /// may still be fetching the one before an edit).
    public static let versionsKept = 3

    /// Stores a rendered PDF and drops the document's older versions beyond `versionsKept`.
    public func store(document: String, stamp: String, pdf: [UInt8], renderMilliseconds: Int) async throws {
        try await pool.transaction { conn in
            try conn.query(
                """
                INSERT INTO rendered_documents (document, stamp, pdf, render_ms) VALUES ($1, $2, $3, $4)
                ON CONFLICT (document, stamp) DO NOTHING
                """, [document, stamp, ByteA(pdf), renderMilliseconds])
            try conn.query(
                """
                DELETE FROM rendered_documents WHERE document = $1 AND stamp NOT IN (
                    SELECT stamp FROM rendered_documents WHERE document = $1 ORDER BY rendered_at DESC, stamp LIMIT $2)
                """, [document, Self.versionsKept])
        }
    }

    /// Asks for `document` to be rendered by the job of `kind` (one job per document version: its
    /// key holds the stamp). A job of that key that has finished (its PDF since dropped, or its
    /// render failed) is queued again. Returns the job's id.
    @discardableResult
    public func requestRender(kind: String, document: String, stamp: String) async throws -> Int64 {
        let key = "\(kind):\(document):\(stamp)"
        return try await pool.transaction { conn in
            if let id: Int64 = try conn.query(
                """
                INSERT INTO jobs (kind, payload, dedupe_key) VALUES ($1, $2, $3)
                ON CONFLICT (dedupe_key) DO UPDATE SET state = 'queued', run_at = now(), finished_at = NULL
                    WHERE jobs.state <> 'queued'
                RETURNING id
                """, [kind, document, key]
            ).first?.decode("id") {
                return id
            }
            // Already queued or running.
            return try conn.query("SELECT id FROM jobs WHERE dedupe_key = $1", [key]).first!.decode("id")
        }
    }

    /// Render time of the document's stored versions, newest first (for tests and the benchmark).
    public func renders(document: String) async throws -> [(stamp: String, milliseconds: Int)] {
        try await pool.query(
            "SELECT stamp, render_ms FROM rendered_documents WHERE document = $1 ORDER BY rendered_at DESC, stamp", [document]
        ).rows.map { (try $0.decode("stamp"), try $0.decode("render_ms")) }
    }
}
