import Domain
import Foundation

/// Accounts: users, their roles and password hashes.
public struct UserRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    static let columns = "id, username, full_name, email, roles, active, version, body"

    static func user(_ row: Row) throws -> User {
        var user = User(
            id: try row.decode("id"), username: try row.decode("username"), fullName: try row.decode("full_name"),
            email: try row.decode("email"), roles: Role.set(from: try row.decode("roles")),
            active: try row.decode("active"), version: try row.decode("version"))
        user.body = try row.decode("body")
        return user
    }

    /// Records the body a director belongs to ("" for none).
    public func setBody(id: Int64, body: String) async throws {
        try await pool.query("UPDATE users SET body = $2 WHERE id = $1", [id, body])
    }

    public func find(id: Int64) async throws -> User? {
        try await pool.query("SELECT \(Self.columns) FROM users WHERE id = $1", [id]).first.map(Self.user)
    }

    /// The user and their password hash, for login.
    public func credentials(username: String) async throws -> (User, String)? {
        guard
            let row = try await pool.query(
                "SELECT \(Self.columns), password_hash FROM users WHERE lower(username) = lower($1)", [username]
            ).first
        else { return nil }
        return (try Self.user(row), try row.decode("password_hash"))
    }

    public func passwordHash(id: Int64) async throws -> String? {
        try await pool.query("SELECT password_hash FROM users WHERE id = $1", [id]).first?.decode("password_hash")
    }

    public struct Page: Sendable {
        public let users: [User]
        public let total: Int
    }

    public func list(offset: Int, limit: Int) async throws -> Page {
        let result = try await pool.query(
            "SELECT \(Self.columns), count(*) OVER () AS total FROM users ORDER BY lower(username) OFFSET $1 LIMIT $2",
            [offset, limit])
        // Past the last page the window count is missing: ask for it.
        let total: Int
        if let first = result.first { total = try first.decode("total") } else { total = offset == 0 ? 0 : try await count() }
        return Page(users: try result.rows.map(Self.user), total: total)
    }

    /// E-mail addresses of the active users with a role (for notifications).
    public func emails(role: Role) async throws -> [String] {
        try await pool.query(
            "SELECT email FROM users WHERE active AND $1 = ANY(roles) AND email <> '' ORDER BY id", [role.rawValue]
        ).rows.map { try $0.decode("email") }
    }

    public func count() async throws -> Int {
        try await pool.query("SELECT count(*) AS n FROM users").first!.decode("n")
    }

    /// Creates a user; throws `DatabaseError.uniqueViolation` when the username is taken. In a
    /// transaction, so that a form's one-time id is marked written in the same commit.
    public func create(username: String, fullName: String, email: String, passwordHash: String, roles: Set<Role>) async throws -> Int64 {
        try await pool.transaction { conn in
            try conn.query(
                "INSERT INTO users (username, full_name, email, password_hash, roles) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                [username, fullName, email, passwordHash, roles.sorted().map(\.rawValue)]
            ).first!.decode("id")
        }
    }

    /// Saves name, e-mail, roles and the active flag if nobody changed the user since `version`.
    /// Returns false when the version is stale. Deactivating ends the user's sessions.
    public func update(
        id: Int64, version: Int, fullName: String, email: String, roles: Set<Role>, active: Bool,
        endSessions: Bool = false
    ) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query(
                """
                UPDATE users SET full_name = $3, email = $4, roles = $5, active = $6, version = version + 1, updated_at = now()
                WHERE id = $1 AND version = $2
                """, [id, version, fullName, email, roles.sorted().map(\.rawValue), active])
            if r.affectedRows == 1 && (!active || endSessions) {
                try conn.query("DELETE FROM sessions WHERE user_id = $1", [id])
            }
            return r.affectedRows == 1
        }
    }

    /// Ends every session of the user.
    public func endSessions(userID: Int64) async throws {
        try await pool.query("DELETE FROM sessions WHERE user_id = $1", [userID])
    }

    /// Sets a new password hash and ends every session of the user except `keepSession`.
    public func setPassword(id: Int64, hash: String, keepSessionToken: String? = nil) async throws {
        try await pool.transaction { conn in
            try conn.query("UPDATE users SET password_hash = $2, version = version + 1, updated_at = now() WHERE id = $1", [id, hash])
            try conn.query(
                "DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR id_hash <> sha256(convert_to($2::text, 'UTF8')))",
                [id, keepSessionToken])
        }
    }

    /// Creates the user or, if the username exists, resets name, roles, password and activates it.
    public func upsert(username: String, fullName: String, email: String, passwordHash: String, roles: Set<Role>) async throws -> Int64 {
        try await pool.query(
            """
            INSERT INTO users (username, full_name, email, password_hash, roles) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (lower(username)) DO UPDATE SET full_name = EXCLUDED.full_name, email = EXCLUDED.email,
                password_hash = EXCLUDED.password_hash, roles = EXCLUDED.roles, active = true,
                version = users.version + 1, updated_at = now()
            RETURNING id
            """, [username, fullName, email, passwordHash, roles.sorted().map(\.rawValue)]
        ).first!.decode("id")
    }
}
