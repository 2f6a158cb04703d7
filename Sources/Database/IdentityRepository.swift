import Domain
import Foundation

/// Single sign-on (sql/027): sign-ins under way, users by their provider subject, the roles the
/// provider's groups give, the administrator's group → role mapping.
public struct IdentityRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    // MARK: Sign-ins under way

    public struct PendingLogin: Sendable, Equatable {
        public let nonce: String
        public let codeVerifier: String
        public let nextPath: String
    }

    /// Records a sign-in sent to the provider (only the state's hash is stored). Sign-ins older
    /// than ten minutes are dropped on the way.
    public func beginLogin(state: String, nonce: String, codeVerifier: String, nextPath: String) async throws {
        try await pool.transaction { conn in
            try conn.query("DELETE FROM oidc_logins WHERE created_at < now() - interval '10 minutes'")
            try conn.query(
                "INSERT INTO oidc_logins (state_hash, nonce, code_verifier, next_path) VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4)",
                [state, nonce, codeVerifier, nextPath])
        }
    }

    /// Takes the sign-in of `state` once: a second call with the same state (a replay) finds nothing.
    public func takeLogin(state: String) async throws -> PendingLogin? {
        guard
            let row = try await pool.query(
                """
                DELETE FROM oidc_logins WHERE state_hash = sha256(convert_to($1, 'UTF8'))
                    AND created_at > now() - interval '10 minutes'
                RETURNING nonce, code_verifier, next_path
                """, [state]
            ).first
        else { return nil }
        return PendingLogin(nonce: try row.decode("nonce"), codeVerifier: try row.decode("code_verifier"), nextPath: try row.decode("next_path"))
    }

    // MARK: Users

    public struct SignInResult: Sendable {
        public let user: User
        public let created: Bool
        public let before: RoleSources
        public let after: RoleSources
    }

    /// The user of `issuer`+`subject`, created at the first sign-in (username from the e-mail's
    /// local part or the subject, made unique), with name and e-mail refreshed from the token and
    /// the provider's roles replaced by `providerRoles` (through `replaceProviderRoles`).
    /// An inactive user is returned as it is (the caller refuses the sign-in).
    public func signIn(
        issuer: String, subject: String, fullName: String, email: String, preferredUsername: String, providerRoles: Set<Role>,
        audit: AuditRepository.Entry
    ) async throws -> SignInResult {
        try await pool.transaction { conn in
            var created = false
            var row = try conn.query(
                "SELECT \(UserRepository.columns), provider_roles FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2 FOR UPDATE",
                [issuer, subject]
            ).first
            if row == nil {
                let base = Self.usernameBase(preferred: preferredUsername, email: email, subject: subject)
                var candidate = base
                var n = 1
                while try conn.query("SELECT 1 FROM users WHERE lower(username) = lower($1)", [candidate]).first != nil {
                    n += 1
                    candidate = String(base.prefix(60)) + "-\(n)"
                }
                // No password: "!" is no bcrypt hash, so no password ever matches it.
                row = try conn.query(
                    """
                    INSERT INTO users (username, full_name, email, password_hash, roles, oidc_issuer, oidc_subject)
                    VALUES ($1, $2, $3, '!', '{}', $4, $5)
                    RETURNING \(UserRepository.columns), provider_roles
                    """, [candidate, fullName.isEmpty ? candidate : String(fullName.prefix(200)), String(email.prefix(254)), issuer, subject]
                ).first
                created = true
            }
            guard let found = row else { throw DatabaseError.decoding("no such user") }
            var user = try UserRepository.user(found)
            let before = RoleSources(all: user.roles, providerRoles: Role.set(from: try found.decode("provider_roles")))
            guard user.active else { return SignInResult(user: user, created: created, before: before, after: before) }
            if !created, !fullName.isEmpty || !email.isEmpty {
                try conn.query(
                    "UPDATE users SET full_name = COALESCE(NULLIF($2, ''), full_name), email = COALESCE(NULLIF($3, ''), email) WHERE id = $1",
                    [user.id, String(fullName.prefix(200)), String(email.prefix(254))])
                if !fullName.isEmpty { user.fullName = String(fullName.prefix(200)) }
                if !email.isEmpty { user.email = String(email.prefix(254)) }
            }
            let after = try Self.replaceProviderRoles(userID: user.id, with: providerRoles, on: conn)
            user.roles = after.all
            var entry = audit
            entry.userID = user.id
            entry.username = user.username
            entry.objectType = "user"
            entry.objectID = String(user.id)
            entry.detail =
                (created ? "ny bruger; " : "") + "roller fra udbyderen: "
                + (after.provider.isEmpty ? "ingen" : after.provider.sorted().map(\.rawValue).joined(separator: ", "))
                + (before.provider != after.provider
                    ? " (før: " + (before.provider.isEmpty ? "ingen" : before.provider.sorted().map(\.rawValue).joined(separator: ", ")) + ")"
                    : "")
            try AuditRepository.append(entry, on: conn)
            return SignInResult(user: user, created: created, before: before, after: after)
        }
    }

    /// THE one place where a sign-in replaces the roles the provider gives: the local roles stay,
    /// the provider's are replaced by `roles`. Returns the roles afterwards. (Issue 23 hooks here:
    /// a board role that goes takes the user's private notes with it.)
    public static func replaceProviderRoles(userID: Int64, with roles: Set<Role>, on conn: Connection) throws -> RoleSources {
        guard
            let row = try conn.query("SELECT roles, provider_roles FROM users WHERE id = $1 FOR UPDATE", [userID]).first
        else { throw DatabaseError.decoding("no such user") }
        let before = RoleSources(all: Role.set(from: try row.decode("roles")), providerRoles: Role.set(from: try row.decode("provider_roles")))
        let after = before.replacingProvider(with: roles)
        if after != before {
            try conn.query(
                "UPDATE users SET roles = $2, provider_roles = $3, version = version + 1, updated_at = now() WHERE id = $1",
                [userID, after.all.sorted().map(\.rawValue), after.provider.sorted().map(\.rawValue)])
        }
        return after
    }

    /// The roles of a user split by source, and the provider subject if any (the admin's user page).
    public func roleSources(userID: Int64) async throws -> (sources: RoleSources, issuer: String?, subject: String?)? {
        guard
            let row = try await pool.query(
                "SELECT roles, provider_roles, oidc_issuer, oidc_subject FROM users WHERE id = $1", [userID]
            ).first
        else { return nil }
        return (
            RoleSources(all: Role.set(from: try row.decode("roles")), providerRoles: Role.set(from: try row.decode("provider_roles"))),
            try row.decode("oidc_issuer"), try row.decode("oidc_subject")
        )
    }

    /// A username from what the provider says: its preferred username or the e-mail's local part,
    /// lower-cased and cut to the characters the portal allows; the subject when nothing is left.
    static func usernameBase(preferred: String, email: String, subject: String) -> String {
        func clean(_ s: String) -> String {
            let lowered = s.lowercased().split(separator: "@").first.map(String.init) ?? ""
            let kept = String(
                lowered.unicodeScalars.filter { CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789._-").contains($0) }.map(
                    Character.init))
            return String(kept.prefix(56))
        }
        for candidate in [preferred, email] {
            let c = clean(candidate)
            if c.count >= 2 { return c }
        }
        let s = clean(subject)
        return s.count >= 2 ? "sso-" + s.prefix(52) : "sso-bruger"
    }

    // MARK: Sessions

    /// A logged-in session begun by single sign-on, with the ID token for the provider's logout.
    public func createSession(token: String, userID: Int64, csrfToken: String, clientIP: String, idToken: String) async throws {
        try await pool.query(
            """
            INSERT INTO sessions (id_hash, user_id, csrf_token, client_ip, oidc_id_token)
            VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, $4, $5)
            """, [token, userID, csrfToken, clientIP, idToken])
    }

    /// The ID token the session began with (nil for a password sign-in).
    public func sessionIDToken(token: String) async throws -> String? {
        try await pool.query("SELECT oidc_id_token FROM sessions WHERE id_hash = sha256(convert_to($1, 'UTF8'))", [token]).first?
            .decode("oidc_id_token")
    }

    // MARK: The mapping

    public func mapping() async throws -> RoleMapping {
        let rows = try await pool.query("SELECT group_name, role FROM oidc_role_mappings ORDER BY lower(group_name), role").rows
        return RoleMapping(
            rules: try rows.compactMap { row in
                guard let role = Role(rawValue: try row.decode("role")) else { return nil }
                return RoleMapping.Rule(group: try row.decode("group_name"), role: role)
            })
    }

    /// Adds a rule (nothing when it exists); false when it existed.
    public func addRule(_ rule: RoleMapping.Rule, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query(
                "INSERT INTO oidc_role_mappings (group_name, role) VALUES ($1, $2) ON CONFLICT DO NOTHING", [rule.group, rule.role.rawValue])
            if r.affectedRows == 1 { try AuditRepository.append(audit, on: conn) }
            return r.affectedRows == 1
        }
    }

    public func removeRule(_ rule: RoleMapping.Rule, audit: AuditRepository.Entry) async throws -> Bool {
        try await pool.transaction { conn in
            let r = try conn.query("DELETE FROM oidc_role_mappings WHERE group_name = $1 AND role = $2", [rule.group, rule.role.rawValue])
            if r.affectedRows == 1 { try AuditRepository.append(audit, on: conn) }
            return r.affectedRows == 1
        }
    }
}
