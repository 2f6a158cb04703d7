import Domain
import Foundation

/// Sessions live in PostgreSQL so any instance can answer any request.
/// Only the SHA-256 of a session token is stored (`id_hash`, computed by PostgreSQL's sha256()),
/// so a copy of the table cannot be replayed as cookies.
public struct SessionRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public struct Record: Sendable {
        public let user: User
        public let csrfToken: String
        public let createdAt: Date
        public let lastSeenAt: Date
        /// The user's role requires two-factor sign-in and they have not set it up yet.
        public let mustEnrolTOTP: Bool
    }

    /// Creates a logged-in session (the caller has deleted the old one: the id rotates at login).
    public func create(token: String, userID: Int64, csrfToken: String, clientIP: String, mustEnrolTOTP: Bool = false) async throws {
        try await pool.query(
            """
            INSERT INTO sessions (id_hash, user_id, csrf_token, client_ip, must_enrol_totp)
            VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4, $5)
            """, [token, userID, csrfToken, clientIP, mustEnrolTOTP])
    }

    /// The session and its user, in one query; nil when unknown or the user is inactive.
    public func find(token: String) async throws -> Record? {
        guard
            let row = try await pool.query(
                """
                SELECT u.id, u.username, u.full_name, u.email, u.roles, u.active, u.version, u.body,
                       s.csrf_token, s.created_at, s.last_seen_at, s.must_enrol_totp
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.id_hash = sha256(convert_to($1, 'UTF8')) AND u.active
                """, [token]
            ).first
        else { return nil }
        return Record(
            user: try UserRepository.user(row), csrfToken: try row.decode("csrf_token"),
            createdAt: try row.decode("created_at"), lastSeenAt: try row.decode("last_seen_at"),
            mustEnrolTOTP: try row.decode("must_enrol_totp"))
    }

    public func touch(token: String) async throws {
        try await pool.query("UPDATE sessions SET last_seen_at = now() WHERE id_hash = sha256(convert_to($1, 'UTF8'))", [token])
    }

    public func delete(token: String) async throws {
        try await pool.query("DELETE FROM sessions WHERE id_hash = sha256(convert_to($1, 'UTF8'))", [token])
    }

    public func count(userID: Int64) async throws -> Int {
        try await pool.query("SELECT count(*) AS n FROM sessions WHERE user_id = $1", [userID]).first!.decode("n")
    }

    // MARK: Pre-sessions of anonymous visitors (they carry the login form's CSRF token)

    public func createAnonymous(token: String, csrfToken: String) async throws {
        try await pool.query("INSERT INTO anonymous_sessions (id_hash, csrf_token) VALUES (sha256(convert_to($1, 'UTF8')), $2)", [token, csrfToken])
    }

    public func anonymousToken(token: String) async throws -> String? {
        try await pool.query(
            "SELECT csrf_token FROM anonymous_sessions WHERE id_hash = sha256(convert_to($1, 'UTF8')) AND created_at > now() - interval '12 hours'",
            [token]
        ).first?.decode("csrf_token")
    }

    public func deleteAnonymous(token: String) async throws {
        try await pool.query("DELETE FROM anonymous_sessions WHERE id_hash = sha256(convert_to($1, 'UTF8'))", [token])
    }

    /// Removes expired sessions and pre-sessions, and old login failures.
    public func sweep() async throws {
        try await pool.transaction { conn in
            try conn.query(
                "DELETE FROM sessions WHERE last_seen_at < now() - make_interval(secs => $1) OR created_at < now() - make_interval(secs => $2)",
                [SessionPolicy.idleTimeoutSeconds, SessionPolicy.absoluteTimeoutSeconds])
            try conn.query("DELETE FROM anonymous_sessions WHERE created_at < now() - interval '12 hours'")
            try conn.query("DELETE FROM login_challenges WHERE created_at < now() - interval '1 hour'")
            try conn.query("DELETE FROM form_submissions WHERE created_at < now() - interval '7 days'")
            try conn.query("DELETE FROM login_failures WHERE at < now() - interval '1 day'")
        }
    }

    // MARK: Login throttling

    /// Counts recent failures and records this attempt as one, atomically per account (an advisory
    /// lock on the username), so parallel guesses cannot all slip past the count. Returns false when
    /// the attempt is throttled (nothing recorded). A successful login clears the record.
    public func beginLoginAttempt(username: String, clientIP: String) async throws -> Bool {
        try await pool.transaction { conn in
            try conn.query("SELECT pg_advisory_xact_lock(hashtext(lower($1)))", [username])
            let row = try conn.query(
                """
                SELECT (SELECT count(*) FROM login_failures WHERE lower(username) = lower($1) AND at > now() - make_interval(mins => $3)) AS account,
                       (SELECT count(*) FROM login_failures WHERE client_ip = $2 AND at > now() - make_interval(mins => $3)) AS address
                """, [username, clientIP, LoginThrottle.windowMinutes]
            ).first!
            if LoginThrottle.isBlocked(accountFailures: try row.decode("account"), addressFailures: try row.decode("address")) {
                return false
            }
            try conn.query("INSERT INTO login_failures (username, client_ip) VALUES (lower($1), $2)", [username, clientIP])
            return true
        }
    }

    public func recordLoginFailure(username: String, clientIP: String) async throws {
        try await pool.query("INSERT INTO login_failures (username, client_ip) VALUES (lower($1), $2)", [username, clientIP])
    }

    /// Failures within the throttle window: for the account and for the client address.
    public func loginFailures(username: String, clientIP: String) async throws -> (account: Int, address: Int) {
        let row = try await pool.query(
            """
            SELECT (SELECT count(*) FROM login_failures WHERE lower(username) = lower($1) AND at > now() - make_interval(mins => $3)) AS account,
                   (SELECT count(*) FROM login_failures WHERE client_ip = $2 AND at > now() - make_interval(mins => $3)) AS address
            """, [username, clientIP, LoginThrottle.windowMinutes]
        ).first!
        return (try row.decode("account"), try row.decode("address"))
    }

    public func clearLoginFailures(username: String) async throws {
        try await pool.query("DELETE FROM login_failures WHERE lower(username) = lower($1)", [username])
    }
}
