import Foundation

/// The council's material library: documents with a title, a description, an order and an
/// audience; each upload is a new version of the document's file, the newest being the current.
/// Also the few texts of the public pages that the secretariat edits (its contact details).
public struct LibraryRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public enum Audience: String, Sendable, CaseIterable {
        case everyone = "public"
        case projectLeaders = "project_leaders"

        public var danishName: String {
            switch self {
            case .everyone: "Alle (offentlig)"
            case .projectLeaders: "Projektledere (kræver login)"
            }
        }
    }

    public struct Document: Sendable {
        public var id: Int64 = 0
        public var title: String
        public var description: String
        public var position: Int
        public var audience: Audience
        public var version: Int = 0
        /// The current file (the newest version), if any.
        public var currentFileID: Int64?
        public var currentFileName: String?
        public var currentFileSize: Int?
        public var versions: Int = 0
        public init(title: String, description: String, position: Int, audience: Audience) {
            self.title = title
            self.description = description
            self.position = position
            self.audience = audience
        }
    }

    static let columns = """
        d.id, d.title, d.description, d.position, d.audience, d.version,
        f.id AS file_id, f.filename, f.size_bytes,
        (SELECT count(*) FROM attachments a WHERE a.library_document_id = d.id AND a.complete) AS versions
        """
    static let currentFile = """
        LEFT JOIN LATERAL (SELECT a.id, a.filename, a.size_bytes FROM attachments a WHERE a.library_document_id = d.id AND a.complete
                           ORDER BY a.created_at DESC, a.id DESC LIMIT 1) f ON true
        """

    static func document(_ row: Row) throws -> Document {
        var d = Document(
            title: try row.decode("title"), description: try row.decode("description"), position: try row.decode("position"),
            audience: Audience(rawValue: try row.decode("audience")) ?? .projectLeaders)
        d.id = try row.decode("id")
        d.version = try row.decode("version")
        d.currentFileID = try row.decode("file_id")
        d.currentFileName = try row.decode("filename")
        d.currentFileSize = try row.decode("size_bytes")
        d.versions = try row.decode("versions")
        return d
    }

    /// The documents a reader may see: the public ones, and the project leaders' when `includeRestricted`.
    public func documents(includeRestricted: Bool) async throws -> [Document] {
        try await pool.query(
            "SELECT \(Self.columns) FROM library_documents d \(Self.currentFile) WHERE $1 OR d.audience = 'public' ORDER BY d.position, d.title, d.id",
            [includeRestricted]
        ).rows.map(Self.document)
    }

    public func document(id: Int64) async throws -> Document? {
        try await pool.query("SELECT \(Self.columns) FROM library_documents d \(Self.currentFile) WHERE d.id = $1", [id]).first.map(Self.document)
    }

    public func create(_ d: Document, audit: AuditRepository.Entry) async throws -> Int64 {
        try await pool.transaction { conn in
            let id: Int64 = try conn.query(
                "INSERT INTO library_documents (title, description, position, audience) VALUES ($1, $2, $3, $4) RETURNING id",
                [d.title, d.description, d.position, d.audience.rawValue]
            ).first!.decode("id")
            var entry = audit
            entry.objectID = String(id)
            try AuditRepository.append(entry, on: conn)
            return id
        }
    }

    /// Saves title, description, order and audience; false when someone else saved first.
    public func update(_ d: Document, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query(
                """
                UPDATE library_documents SET title = $3, description = $4, position = $5, audience = $6, version = version + 1, updated_at = now()
                WHERE id = $1 AND version = $2
                """, [d.id, d.version, d.title, d.description, d.position, d.audience.rawValue])
            if r.affectedRows == 1 { try AuditRepository.append(audit, on: conn) }
            return r.affectedRows == 1
        }
    }

    // MARK: Site texts

    public func text(_ key: String) async throws -> (body: String, version: Int) {
        guard let row = try await pool.query("SELECT body, version FROM site_texts WHERE key = $1", [key]).first else { return ("", 0) }
        return (try row.decode("body"), try row.decode("version"))
    }

    /// Saves a text if `version` is the stored one (0 for a text not yet stored).
    public func saveText(_ key: String, body: String, version: Int, userID: Int64, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query(
                """
                INSERT INTO site_texts (key, body, updated_by) SELECT $1, $2, $4 WHERE $3 = 0
                ON CONFLICT (key) DO NOTHING
                """, [key, body, version, userID])
            var saved = r.affectedRows == 1
            if !saved && version > 0 {
                saved =
                    try conn.query(
                        "UPDATE site_texts SET body = $2, version = version + 1, updated_by = $4, updated_at = now() WHERE key = $1 AND version = $3",
                        [key, body, version, userID]
                    ).affectedRows == 1
            }
            if saved { try AuditRepository.append(audit, on: conn) }
            return saved
        }
    }
}
