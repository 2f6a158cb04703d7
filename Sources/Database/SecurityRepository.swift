import Domain
import Foundation

/// Two-factor sign-in (TOTP secrets, the roles that require it, the step between password and
/// code) and the one-time ids of forms that create something.
public struct SecurityRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    // MARK: A user's authenticator

    public struct TOTPState: Sendable {
        public let secret: String?
        public let enabledAt: Date?
        public var enabled: Bool { enabledAt != nil }
    }

    public func totp(userID: Int64) async throws -> TOTPState {
        let row = try await pool.query("SELECT totp_secret, totp_enabled_at FROM users WHERE id = $1", [userID]).first
        return TOTPState(secret: try row?.decode("totp_secret"), enabledAt: try row?.decode("totp_enabled_at"))
    }

    /// A new secret, waiting for its first code (an enabled one is never replaced here).
    public func startTOTP(userID: Int64, secret: String) async throws {
        try await pool.query(
            "UPDATE users SET totp_secret = $2, totp_last_step = 0 WHERE id = $1 AND totp_enabled_at IS NULL", [userID, secret])
    }

    /// Turns two-factor sign-in on once a code was right; the user's other sessions end and the
    /// sessions waiting to set it up are freed.
    public func enableTOTP(userID: Int64, step: Int64) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query(
                """
                UPDATE users SET totp_enabled_at = now(), totp_last_step = $2
                WHERE id = $1 AND totp_secret IS NOT NULL AND totp_enabled_at IS NULL
                """, [userID, step])
            return r.affectedRows == 1
        }
    }

    public func disableTOTP(userID: Int64) async throws {
        try await pool.transaction { conn in
            try conn.query("UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = 0 WHERE id = $1", [userID])
            try conn.query("DELETE FROM totp_recovery_codes WHERE user_id = $1", [userID])
        }
    }

    /// Records `step` as used; false when it (or a later one) was used already: a code works once.
    public func useStep(userID: Int64, step: Int64) async throws -> Bool {
        try await pool.query("UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2", [userID, step]).affectedRows == 1
    }

    // MARK: Recovery codes (ten, single use, only their SHA-256 stored)

    /// Upper case, without spaces and dashes: how a code is hashed.
    public static func normalizedRecoveryCode(_ code: String) -> String {
        String(code.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(64))
    }

    /// Replaces the user's recovery codes with `codes` (the old ones stop working).
    public func replaceRecoveryCodes(userID: Int64, codes: [String]) async throws {
        try await pool.transaction { conn in
            try conn.query("DELETE FROM totp_recovery_codes WHERE user_id = $1", [userID])
            for code in codes {
                try conn.query(
                    "INSERT INTO totp_recovery_codes (user_id, code_hash) VALUES ($1, sha256(convert_to($2, 'UTF8'))) ON CONFLICT DO NOTHING",
                    [userID, Self.normalizedRecoveryCode(code)])
            }
        }
    }

    /// Uses a recovery code: true once per code.
    public func useRecoveryCode(userID: Int64, code: String) async throws -> Bool {
        let normalized = Self.normalizedRecoveryCode(code)
        guard normalized.count >= 10 else { return false }
        return try await pool.query(
            """
            UPDATE totp_recovery_codes SET used_at = now()
            WHERE user_id = $1 AND code_hash = sha256(convert_to($2, 'UTF8')) AND used_at IS NULL
            """, [userID, normalized]
        ).affectedRows == 1
    }

    public func recoveryCodesLeft(userID: Int64) async throws -> Int {
        try await pool.query("SELECT count(*) AS n FROM totp_recovery_codes WHERE user_id = $1 AND used_at IS NULL", [userID]).first!.decode("n")
    }

    // MARK: Roles that require it

    public func requiredRoles() async throws -> Set<Role> {
        Set(
            try await pool.query("SELECT role FROM role_policies WHERE require_totp").rows.compactMap {
                Role(rawValue: try $0.decode("role"))
            })
    }

    /// Sets the roles that require two-factor sign-in. Logged-in users of a newly required role who
    /// have not set it up must do so before they can go on.
    public func setRequiredRoles(_ roles: Set<Role>) async throws {
        let codes = roles.map(\.rawValue).sorted()
        try await pool.transaction { conn in
            try conn.query(
                """
                INSERT INTO role_policies (role, require_totp, updated_at)
                SELECT r, r = ANY($1::text[]), now() FROM unnest(ARRAY['project_leader','secretariat','council_member','assessor',
                    'board_secretariat','board_member','director','admin']) r
                ON CONFLICT (role) DO UPDATE SET require_totp = excluded.require_totp, updated_at = now()
                """, [codes])
            try conn.query(
                """
                UPDATE sessions s SET must_enrol_totp = true FROM users u
                WHERE u.id = s.user_id AND u.totp_enabled_at IS NULL AND u.roles && $1::text[]
                """, [codes])
        }
    }

    public struct RoleCount: Sendable {
        public let role: Role
        public let users: Int
        public let enabled: Int
    }

    /// Per role: active users, and how many of them have two-factor sign-in on.
    public func roleCounts() async throws -> [Role: RoleCount] {
        var result: [Role: RoleCount] = [:]
        for row in try await pool.query(
            """
            SELECT r AS role, count(*) AS users, count(*) FILTER (WHERE u.totp_enabled_at IS NOT NULL) AS enabled
            FROM users u, unnest(u.roles) r WHERE u.active GROUP BY r
            """
        ).rows {
            guard let role = Role(rawValue: try row.decode("role")) else { continue }
            result[role] = RoleCount(role: role, users: try row.decode("users"), enabled: try row.decode("enabled"))
        }
        return result
    }

    // MARK: Between password and code

    public struct Challenge: Sendable {
        public let userID: Int64
        public let next: String
        public let attempts: Int
        /// The password step's attempt (a `login_failures` row until the code is right too).
        public let attempt: Int64?
    }

    public func createChallenge(token: String, userID: Int64, next: String, attempt: Int64? = nil) async throws {
        try await pool.query(
            "INSERT INTO login_challenges (id_hash, user_id, next_path, attempt_id) VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4)",
            [token, userID, next, attempt])
    }

    /// A challenge younger than five minutes.
    public func challenge(token: String) async throws -> Challenge? {
        guard
            let row = try await pool.query(
                """
                SELECT user_id, next_path, attempts, attempt_id FROM login_challenges
                WHERE id_hash = sha256(convert_to($1, 'UTF8')) AND created_at > now() - interval '5 minutes'
                """, [token]
            ).first
        else { return nil }
        return Challenge(
            userID: try row.decode("user_id"), next: try row.decode("next_path"), attempts: try row.decode("attempts"),
            attempt: try row.decode("attempt_id"))
    }

    /// Counts a wrong code; returns the attempts so far.
    public func failChallenge(token: String) async throws -> Int {
        try await pool.query(
            "UPDATE login_challenges SET attempts = attempts + 1 WHERE id_hash = sha256(convert_to($1, 'UTF8')) RETURNING attempts",
            [token]
        ).first?.decode("attempts") ?? Int.max
    }

    public func deleteChallenge(token: String) async throws {
        try await pool.query("DELETE FROM login_challenges WHERE id_hash = sha256(convert_to($1, 'UTF8'))", [token])
    }

    // MARK: One-time form submissions

    public enum Claim: Sendable, Equatable {
        /// First time: go on and write.
        case first
        /// Done before: answer with where the first answer went.
        case done(location: String)
        /// The first is still being handled (or its process died before it answered).
        case pending
        /// Someone else's id.
        case foreign
        /// The first attempt's write was committed, but its process died before it answered.
        case written
    }

    /// How long an unanswered claim holds: past the statement timeout (30 s) the first attempt
    /// cannot still be writing; if it never marked a write (see `ConnectionPool.transaction`), its
    /// process died before writing, and a new attempt may go on.
    public static let claimLifetimeSeconds = 40

    /// Claims a form's one-time id (the page's id and the form's address) for `userID`.
    public func claim(submission id: String, path: String, userID: Int64?) async throws -> Claim {
        if try await pool.query(
            "INSERT INTO form_submissions (id, path, user_id) VALUES ($1, $2, $3) ON CONFLICT (id, path) DO NOTHING",
            [id, path, userID]
        ).affectedRows == 1 {
            return .first
        }
        guard
            let row = try await pool.query(
                """
                SELECT location, user_id, written, created_at < now() - make_interval(secs => $3) AS stale
                FROM form_submissions WHERE id = $1 AND path = $2
                """,
                [id, path, Self.claimLifetimeSeconds]
            ).first
        else { return .pending }
        guard (try row.decode("user_id", as: Int64?.self)) == userID else { return .foreign }
        if let location: String = try row.decode("location") { return .done(location: location) }
        if try row.decode("written", as: Bool.self) { return .written }
        if try row.decode("stale", as: Bool.self) {
            // Taken over by this attempt (only one can: the row is updated under its old timestamp).
            let taken =
                try await pool.query(
                    """
                    UPDATE form_submissions SET created_at = now()
                    WHERE id = $1 AND path = $2 AND location IS NULL AND NOT written AND created_at < now() - make_interval(secs => $3)
                    """, [id, path, Self.claimLifetimeSeconds]
                ).affectedRows == 1
            return taken ? .first : .pending
        }
        return .pending
    }

    public func complete(submission id: String, path: String, location: String) async throws {
        try await pool.query("UPDATE form_submissions SET location = $3 WHERE id = $1 AND path = $2", [id, path, location])
    }

    /// The first attempt did not write (a validation error, say): the form may be sent again.
    public func release(submission id: String, path: String) async throws {
        try await pool.query("DELETE FROM form_submissions WHERE id = $1 AND path = $2 AND location IS NULL", [id, path])
    }
}
