import Domain
import Foundation

/// Status notes: running matters with dated versions of sections.
public struct StatusNoteRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public struct Version: Sendable, Equatable {
        public let id: Int64
        public let noteID: Int64
        public let noteTitle: String
        public let dated: Date
        /// What of the version the demo invented (see sql/021), nil for what is real.
        public let invented: String?
    }

    static func version(_ row: Row) throws -> Version {
        Version(
            id: try row.decode("id"), noteID: try row.decode("note_id"), noteTitle: try row.decode("note_title"), dated: try row.decode("dated"),
            invented: try row.decode("invented_note"))
    }

    static let versionColumns = "v.id, v.note_id, n.title AS note_title, v.dated, v.invented_note"

    /// Every version of every note, newest first (for lists and the item form's choice).
    public func versions() async throws -> [Version] {
        try await pool.query(
            "SELECT \(Self.versionColumns) FROM status_note_versions v JOIN status_notes n ON n.id = v.note_id ORDER BY n.title, v.dated DESC"
        ).rows.map(Self.version)
    }

    public func notes() async throws -> [(id: Int64, title: String)] {
        try await pool.query("SELECT id, title FROM status_notes ORDER BY title").rows.map { (try $0.decode("id"), try $0.decode("title")) }
    }

    /// In a transaction, so that a form's one-time id is marked written in the same commit.
    public func createNote(title: String) async throws -> Int64 {
        try await pool.transaction { try $0.query("INSERT INTO status_notes (title) VALUES ($1) RETURNING id", [title]).first!.decode("id") }
    }

    public func version(id: Int64) async throws -> Version? {
        try await pool.query(
            "SELECT \(Self.versionColumns) FROM status_note_versions v JOIN status_notes n ON n.id = v.note_id WHERE v.id = $1", [id]
        ).first.map(Self.version)
    }

    /// A version's sections and those of the version before it (by date), if there is one.
    public func sectionsWithPrevious(versionID: Int64) async throws -> (current: [StatusSection], previous: [StatusSection]?, previousDated: Date?) {
        let prev = try await pool.query(
            """
            SELECT v.id, v.dated FROM status_note_versions v JOIN status_note_versions c ON c.note_id = v.note_id
            WHERE c.id = $1 AND v.dated < c.dated ORDER BY v.dated DESC LIMIT 1
            """, [versionID]
        ).first
        let previousID: Int64? = try prev?.decode("id")
        var current: [StatusSection] = []
        var previous: [StatusSection] = []
        for row in try await pool.query(
            "SELECT version_id, heading, body, state, legal_refs FROM status_note_sections WHERE version_id = $1 OR version_id = $2 ORDER BY position, id",
            [versionID, previousID]
        ).rows {
            let section = StatusSection(
                heading: try row.decode("heading"), body: try row.decode("body"),
                state: SectionState(rawValue: try row.decode("state")) ?? .iGang,
                legalRefs: (try row.decode("legal_refs", as: String.self)).split(whereSeparator: \.isNewline)
                    .map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty })
            if try row.decode("version_id", as: Int64.self) == versionID { current.append(section) } else { previous.append(section) }
        }
        return (current, previousID == nil ? nil : previous, try prev?.decode("dated"))
    }

    /// A new version dated `dated`, starting as a copy of the latest earlier version's sections.
    public func createVersion(noteID: Int64, dated: String) async throws -> Int64 {
        try await pool.transaction { conn in
            let id: Int64 = try conn.query(
                "INSERT INTO status_note_versions (note_id, dated) VALUES ($1, $2::date) RETURNING id", [noteID, dated]
            ).first!.decode("id")
            try conn.query(
                """
                INSERT INTO status_note_sections (version_id, position, heading, body, state, legal_refs)
                SELECT $1, s.position, s.heading, s.body, s.state, s.legal_refs FROM status_note_sections s
                WHERE s.version_id = (SELECT v.id FROM status_note_versions v WHERE v.note_id = $2 AND v.dated < $3::date ORDER BY v.dated DESC LIMIT 1)
                """, [id, noteID, dated])
            return id
        }
    }

    /// Replaces a version's sections (the editor saves them all at once).
    public func saveSections(versionID: Int64, _ sections: [StatusSection], audit: AuditRepository.Entry) async throws {
        try await pool.transaction { conn in
            try conn.query("DELETE FROM status_note_sections WHERE version_id = $1", [versionID])
            for (i, s) in sections.enumerated() {
                try conn.query(
                    "INSERT INTO status_note_sections (version_id, position, heading, body, state, legal_refs) VALUES ($1, $2, $3, $4, $5, $6)",
                    [versionID, i + 1, s.heading, s.body, s.state.rawValue, s.legalRefs.joined(separator: "\n")])
            }
            try AuditRepository.append(audit, on: conn)
        }
    }

    /// The status-note version an item carries, if any.
    public func versionID(forItem itemID: Int64) async throws -> Int64? {
        try await pool.query("SELECT status_note_version_id FROM agenda_items WHERE id = $1", [itemID]).first?.decode("status_note_version_id")
    }

    public func attach(versionID: Int64?, toItem itemID: Int64) async throws {
        // An unknown version id becomes "none" rather than a foreign-key error.
        try await pool.query(
            "UPDATE agenda_items SET status_note_version_id = (SELECT id FROM status_note_versions WHERE id = $2) WHERE id = $1",
            [itemID, versionID])
    }
}
