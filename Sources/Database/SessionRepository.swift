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
    public func create(
        token: String, userID: Int64, csrfToken: String, clientIP: String, mustEnrolTOTP: Bool = false, userAgent: String = ""
    ) async throws {
        try await pool.query(
            """
            INSERT INTO sessions (id_hash, user_id, csrf_token, client_ip, must_enrol_totp, user_agent)
            VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4, $5, $6)
            """, [token, userID, csrfToken, clientIP, mustEnrolTOTP, String(userAgent.prefix(300))])
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
            try conn.query("DELETE FROM preserved_forms WHERE created_at < now() - interval '12 hours'")
            try conn.query("DELETE FROM rate_events WHERE at < now() - interval '1 day'")
            try conn.query("DELETE FROM password_tokens WHERE expires_at < now() - interval '1 day'")
        }
    }

    // MARK: Login throttling (OWASP's device cookies; the rules are `LoginThrottle`)

    /// The secret that signs device cookies (made once per database by sql/028).
    public func deviceSecret() async throws -> [UInt8] {
        guard let row = try await pool.query("SELECT encode(value, 'hex') AS value FROM app_secrets WHERE name = 'device_cookie'").first
        else { return [] }
        let hex = Array(try row.decode("value", as: String.self).utf8)
        func nibble(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
        return stride(from: 0, to: hex.count - 1, by: 2).map { nibble(hex[$0]) << 4 | nibble(hex[$0 + 1]) }
    }

    /// Counts recent failures and records this attempt as one, atomically per account (an advisory
    /// lock on the username), so parallel guesses cannot all slip past the count. Returns false when
    /// the attempt is throttled (nothing recorded). `device` is the id of a valid device cookie for
    /// this account: then only that device's failures count. Otherwise the account's failures from
    /// untrusted clients (all addresses) and the address's do. A successful login deletes the
    /// attempt (`loginSucceeded`).
    public func beginLoginAttempt(username: String, clientIP: String, device: String?) async throws -> Int64? {
        try await pool.transaction { conn in
            try conn.query("SELECT pg_advisory_xact_lock(hashtext(lower($1)))", [username])
            if let device {
                let n: Int = try conn.query(
                    "SELECT count(*) AS n FROM login_failures WHERE device = $1 AND at > now() - make_interval(mins => $2)",
                    [device, LoginThrottle.windowMinutes]
                ).first!.decode("n")
                if LoginThrottle.isBlocked(deviceFailures: n) { return nil }
            } else {
                let row = try conn.query(
                    """
                    SELECT (SELECT count(*) FROM login_failures WHERE lower(username) = lower($1) AND device IS NULL
                                AND at > now() - make_interval(mins => $3)) AS account,
                           (SELECT count(*) FROM login_failures WHERE client_ip = $2 AND device IS NULL
                                AND at > now() - make_interval(mins => $3)) AS address
                    """, [username, clientIP, LoginThrottle.windowMinutes]
                ).first!
                if LoginThrottle.isBlocked(accountFailures: try row.decode("account"), addressFailures: try row.decode("address")) {
                    return nil
                }
            }
            return try conn.query(
                "INSERT INTO login_failures (username, client_ip, device) VALUES (lower($1), $2, $3) RETURNING id",
                [username, clientIP, device]
            ).first!.decode("id")
        }
    }

    public func recordLoginFailure(username: String, clientIP: String, device: String?) async throws {
        try await pool.query(
            "INSERT INTO login_failures (username, client_ip, device) VALUES (lower($1), $2, $3)", [username, clientIP, device])
    }

    /// The attempt that succeeded is no failure. The account's other failures stay counted for
    /// their hour (an attacker's guesses are not forgiven because the owner signed in); the failures
    /// of the device that signed in are cleared.
    public func loginSucceeded(attempt: Int64?, device: String?) async throws {
        if let attempt { try await pool.query("DELETE FROM login_failures WHERE id = $1", [attempt]) }
        if let device { try await pool.query("DELETE FROM login_failures WHERE device = $1", [device]) }
    }

    /// Failures within the throttle window: for the account (untrusted clients) and for the address.
    public func loginFailures(username: String, clientIP: String) async throws -> (account: Int, address: Int) {
        let row = try await pool.query(
            """
            SELECT (SELECT count(*) FROM login_failures WHERE lower(username) = lower($1) AND device IS NULL
                        AND at > now() - make_interval(mins => $3)) AS account,
                   (SELECT count(*) FROM login_failures WHERE client_ip = $2 AND device IS NULL
                        AND at > now() - make_interval(mins => $3)) AS address
            """, [username, clientIP, LoginThrottle.windowMinutes]
        ).first!
        return (try row.decode("account"), try row.decode("address"))
    }

    // MARK: Throttling anonymous forms

    /// Records an event of `kind` for `key` and says whether it is within `limit` per `windowMinutes`
    /// (an event over the limit is not recorded). Atomic per kind and key.
    public func allowEvent(kind: String, key: String, limit: Int, windowMinutes: Int = 60) async throws -> Bool {
        try await pool.transaction { conn in
            try conn.query("SELECT pg_advisory_xact_lock(hashtext($1 || ':' || $2))", [kind, key])
            let n: Int = try conn.query(
                "SELECT count(*) AS n FROM rate_events WHERE kind = $1 AND key = $2 AND at > now() - make_interval(mins => $3)",
                [kind, key, windowMinutes]
            ).first!.decode("n")
            guard n < limit else { return false }
            try conn.query("INSERT INTO rate_events (kind, key) VALUES ($1, $2)", [kind, key])
            return true
        }
    }

    // MARK: A user's sessions

    public struct Active: Sendable {
        public let createdAt: Date
        public let lastSeenAt: Date
        public let clientIP: String
        public let userAgent: String
        public let current: Bool
    }

    /// The user's sessions that have not expired, the newest first; `current` marks the caller's.
    public func active(userID: Int64, current token: String) async throws -> [Active] {
        try await pool.query(
            """
            SELECT created_at, last_seen_at, client_ip, user_agent, id_hash = sha256(convert_to($2, 'UTF8')) AS current
            FROM sessions WHERE user_id = $1
              AND last_seen_at > now() - make_interval(secs => $3) AND created_at > now() - make_interval(secs => $4)
            ORDER BY last_seen_at DESC LIMIT 100
            """, [userID, token, SessionPolicy.idleTimeoutSeconds, SessionPolicy.absoluteTimeoutSeconds]
        ).rows.map {
            Active(
                createdAt: try $0.decode("created_at"), lastSeenAt: try $0.decode("last_seen_at"), clientIP: try $0.decode("client_ip"),
                userAgent: try $0.decode("user_agent"), current: try $0.decode("current"))
        }
    }

    /// Ends every session of the user but `keep`; returns how many ended.
    @discardableResult
    public func endOthers(userID: Int64, keep token: String) async throws -> Int {
        try await pool.query(
            "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> sha256(convert_to($2, 'UTF8'))", [userID, token]
        ).affectedRows
    }

    public func setUserAgent(token: String, userAgent: String) async throws {
        try await pool.query(
            "UPDATE sessions SET user_agent = $2 WHERE id_hash = sha256(convert_to($1, 'UTF8'))", [token, String(userAgent.prefix(300))])
    }

    // MARK: Forms sent after the session expired

    public struct Draft: Sendable {
        public let action: String
        public let page: String
        public let fields: [String: [String]]
    }

    /// Keeps a form's fields for the pre-session `preSession` (one per pre-session: a newer one replaces it).
    public func preserve(preSession: String, action: String, page: String, fields: [String: [String]]) async throws {
        let json = String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)
        try await pool.query(
            """
            INSERT INTO preserved_forms (id_hash, action, page, fields) VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4::jsonb)
            ON CONFLICT (id_hash) DO UPDATE SET action = excluded.action, page = excluded.page, fields = excluded.fields, created_at = now()
            """, [preSession, action, page, json])
    }

    /// Hands the pre-session's kept form to the session that signed in; returns the page it belongs to.
    public func adoptDraft(preSession: String, session: String) async throws -> String? {
        try await pool.query(
            """
            UPDATE preserved_forms SET id_hash = sha256(convert_to($2, 'UTF8')), created_at = now()
            WHERE id_hash = sha256(convert_to($1, 'UTF8')) AND created_at > now() - interval '12 hours' RETURNING page
            """, [preSession, session]
        ).first?.decode("page")
    }

    /// The session's kept form (once: it is deleted as it is read).
    public func takeDraft(session: String) async throws -> Draft? {
        guard
            let row = try await pool.query(
                "DELETE FROM preserved_forms WHERE id_hash = sha256(convert_to($1, 'UTF8')) RETURNING action, page, fields::text AS fields",
                [session]
            ).first
        else { return nil }
        let fields = try JSONDecoder().decode([String: [String]].self, from: Data((try row.decode("fields", as: String.self)).utf8))
        return Draft(action: try row.decode("action"), page: try row.decode("page"), fields: fields)
    }
}
