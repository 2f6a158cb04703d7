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
}
