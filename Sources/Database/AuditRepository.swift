import Foundation

/// The append-only audit log (a trigger refuses UPDATE and DELETE).
public struct AuditRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public struct Entry: Sendable {
        public var id: Int64 = 0
        public var at: Date = Date()
        public var userID: Int64?
        public var username: String
        public var action: String
        public var objectType: String
        public var objectID: String
        public var detail: String
        public var clientIP: String

        public init(
            userID: Int64?, username: String, action: String, objectType: String = "", objectID: String = "",
            detail: String = "", clientIP: String
        ) {
            self.userID = userID
            self.username = username
            self.action = action
            self.objectType = objectType
            self.objectID = objectID
            self.detail = detail
            self.clientIP = clientIP
        }
    }

    static let insert = """
        INSERT INTO audit_log (user_id, username, action, object_type, object_id, detail, client_ip)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """

    static func parameters(_ e: Entry) -> [any SQLParameter] {
        [e.userID, e.username, e.action, e.objectType, e.objectID, e.detail, e.clientIP]
    }

    public func append(_ entry: Entry) async throws {
        try await pool.query(Self.insert, Self.parameters(entry))
    }

    /// Appends within a caller's transaction, so the change and its record commit together.
    public static func append(_ entry: Entry, on conn: Connection) throws {
        try conn.query(insert, parameters(entry))
    }

    public func page(offset: Int, limit: Int) async throws -> (entries: [Entry], total: Int) {
        let result = try await pool.query(
            """
            SELECT id, at, user_id, username, action, object_type, object_id, detail, client_ip,
                   (SELECT count(*) FROM audit_log) AS total
            FROM audit_log ORDER BY at DESC, id DESC OFFSET $1 LIMIT $2
            """, [offset, limit])
        let entries = try result.rows.map { row in
            var e = Entry(
                userID: try row.decode("user_id"), username: try row.decode("username"), action: try row.decode("action"),
                objectType: try row.decode("object_type"), objectID: try row.decode("object_id"),
                detail: try row.decode("detail"), clientIP: try row.decode("client_ip"))
            e.id = try row.decode("id")
            e.at = try row.decode("at")
            return e
        }
        let total: Int = try result.first?.decode("total") ?? 0
        return (entries, total)
    }

    /// Which entries the log shows: one kind of object (and one object), one person, a period of days
    /// in Danish time (both ends included). Empty means no filter.
    public struct Filter: Sendable, Equatable {
        public var objectType = ""
        public var objectID = ""
        public var userID: Int64?
        /// "YYYY-MM-DD"
        public var from: String?
        public var to: String?
        public init() {}
    }

    /// An entry with the names it refers to: the person who acted, and the object's name (a case's
    /// project, a request's project, a user, a report, a document, a file), as they are now.
    public struct NamedEntry: Sendable {
        public let entry: Entry
        public let actorName: String?
        public let objectName: String?
    }

    public func page(filter: Filter, offset: Int, limit: Int) async throws -> (entries: [NamedEntry], total: Int) {
        let conditions = """
            ($1 = '' OR a.object_type = $1) AND ($2 = '' OR a.object_id = $2) AND ($3::bigint IS NULL OR a.user_id = $3::bigint)
            AND ($4::date IS NULL OR a.at >= $4::date::timestamp AT TIME ZONE 'Europe/Copenhagen')
            AND ($5::date IS NULL OR a.at < ($5::date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen')
            """
        let parameters: [any SQLParameter] = [filter.objectType, filter.objectID, filter.userID, filter.from, filter.to]
        let total: Int = try await pool.query("SELECT count(*) AS n FROM audit_log a WHERE \(conditions)", parameters).first?.decode("n") ?? 0
        let result = try await pool.query(
            """
            SELECT a.id, a.at, a.user_id, a.username, a.action, a.object_type, a.object_id, a.detail, a.client_ip,
                   CASE WHEN a.pseudonymised_at IS NULL OR u.erased_at IS NOT NULL THEN u.full_name END AS actor_name,
                   CASE a.object_type
                       WHEN 'case' THEN (SELECT p.name FROM assessment_cases c JOIN projects p ON p.id = c.project_id WHERE c.id::text = a.object_id)
                       WHEN 'project_request' THEN (SELECT r.project_name FROM project_requests r WHERE r.id::text = a.object_id)
                       WHEN 'user' THEN (SELECT o.full_name FROM users o WHERE o.id::text = a.object_id)
                       WHEN 'annual_report' THEN (SELECT r.title FROM annual_reports r WHERE r.id::text = a.object_id)
                       WHEN 'library_document' THEN (SELECT d.title FROM library_documents d WHERE d.id::text = a.object_id)
                   END AS object_name
            FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
            WHERE \(conditions)
            ORDER BY a.at DESC, a.id DESC OFFSET $6 LIMIT $7
            """, parameters + [offset, limit])
        let entries = try result.rows.map { row in
            var e = Entry(
                userID: try row.decode("user_id"), username: try row.decode("username"), action: try row.decode("action"),
                objectType: try row.decode("object_type"), objectID: try row.decode("object_id"),
                detail: try row.decode("detail"), clientIP: try row.decode("client_ip"))
            e.id = try row.decode("id")
            e.at = try row.decode("at")
            return NamedEntry(entry: e, actorName: try row.decode("actor_name"), objectName: try row.decode("object_name"))
        }
        return (entries, total)
    }

    /// The people the log's filter offers: every account, by name.
    public func people() async throws -> [(id: Int64, name: String)] {
        try await pool.query("SELECT id, full_name FROM users ORDER BY full_name, id").rows.map { (try $0.decode("id"), try $0.decode("full_name")) }
    }
}
