import Domain
import Foundation

/// Accounts people manage themselves: single-use tokens that set a password (a reset asked for by
/// e-mail, the welcome of an approved account), and the requests for an account that new project
/// leaders send and the council secretariat decides. Tokens are stored as their SHA-256 only.
public struct AccountRepository: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public enum TokenPurpose: String, Sendable, SQLDecodable, SQLParameter {
        case reset
        case welcome
    }

    /// How long a token sets a password: one hour for a reset, three days for a welcome.
    public static func lifetimeSeconds(_ purpose: TokenPurpose) -> Int { purpose == .reset ? 3600 : 3 * 24 * 3600 }

    // MARK: Password reset

    /// Active users with this username or e-mail address (and an address to write to).
    public func resetCandidates(_ identifier: String) async throws -> [User] {
        try await pool.query(
            """
            SELECT \(UserRepository.columns) FROM users
            WHERE active AND email <> '' AND (lower(email) = lower($1) OR lower(username) = lower($1)) ORDER BY id LIMIT 5
            """, [identifier]
        ).rows.map(UserRepository.user)
    }

    /// Stores a token for the user and writes its e-mail in the same transaction.
    public func issueToken(_ token: String, userID: Int64, purpose: TokenPurpose, mail: MailDraft) async throws {
        try await pool.transaction { conn in
            try conn.query(
                """
                INSERT INTO password_tokens (id_hash, user_id, purpose, expires_at)
                VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, now() + make_interval(secs => $4))
                """, [token, userID, purpose, Self.lifetimeSeconds(purpose)])
            _ = try Outbox.enqueue([mail], on: conn)
        }
    }

    /// The user a token may set the password of, or nil (unknown, used or expired).
    public func tokenUser(_ token: String) async throws -> (user: User, purpose: TokenPurpose)? {
        guard
            let row = try await pool.query(
                """
                SELECT u.id, u.username, u.full_name, u.email, u.roles, u.active, u.version, u.body, t.purpose FROM password_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.id_hash = sha256(convert_to($1, 'UTF8')) AND t.used_at IS NULL AND t.expires_at > now() AND u.active
                """, [token]
            ).first
        else { return nil }
        return (try UserRepository.user(row), try row.decode("purpose"))
    }

    /// Uses the token (once) to set the password: every session of the user ends, and the user's
    /// other unused tokens stop working. Returns the user's id, or nil when the token is not valid.
    public func setPassword(token: String, hash: String) async throws -> Int64? {
        try await pool.transaction { conn in
            guard
                let userID: Int64 = try conn.query(
                    """
                    UPDATE password_tokens t SET used_at = now() FROM users u
                    WHERE t.id_hash = sha256(convert_to($1, 'UTF8')) AND t.used_at IS NULL AND t.expires_at > now()
                      AND u.id = t.user_id AND u.active
                    RETURNING t.user_id
                    """, [token]
                ).first?.decode("user_id")
            else { return nil }
            try conn.query("UPDATE users SET password_hash = $2, version = version + 1, updated_at = now() WHERE id = $1", [userID, hash])
            try conn.query("UPDATE password_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL", [userID])
            try conn.query("DELETE FROM sessions WHERE user_id = $1", [userID])
            return userID
        }
    }

    // MARK: Requests for an account

    public enum RequestState: String, Sendable, SQLDecodable, SQLParameter {
        case pending
        case approved
        case declined
    }

    public struct Request: Sendable {
        public let id: Int64
        public let fullName: String
        public let email: String
        public let organisation: String
        public let project: String
        public let message: String
        public let state: RequestState
        public let createdAt: Date
        public let decidedAt: Date?
        public let decisionMessage: String
        public let userID: Int64?
    }

    static let requestColumns =
        "id, full_name, email, organisation, project, message, state, created_at, decided_at, decision_message, user_id"

    static func request(_ row: Row) throws -> Request {
        Request(
            id: try row.decode("id"), fullName: try row.decode("full_name"), email: try row.decode("email"),
            organisation: try row.decode("organisation"), project: try row.decode("project"), message: try row.decode("message"),
            state: try row.decode("state"), createdAt: try row.decode("created_at"), decidedAt: try row.decode("decided_at"),
            decisionMessage: try row.decode("decision_message"), userID: try row.decode("user_id"))
    }

    /// Records a request and writes the secretariat's e-mails in the same transaction.
    public func createRequest(
        fullName: String, email: String, organisation: String, project: String, message: String, notify: [MailDraft]
    ) async throws -> Int64 {
        try await pool.transaction { conn in
            let id: Int64 = try conn.query(
                """
                INSERT INTO account_requests (full_name, email, organisation, project, message) VALUES ($1, $2, $3, $4, $5) RETURNING id
                """, [fullName, email, organisation, project, message]
            ).first!.decode("id")
            _ = try Outbox.enqueue(notify, on: conn)
            return id
        }
    }

    /// Pending requests first (oldest first), then the 50 latest decided.
    public func requests() async throws -> [Request] {
        try await pool.query(
            """
            (SELECT \(Self.requestColumns) FROM account_requests WHERE state = 'pending' ORDER BY created_at LIMIT 500)
            UNION ALL
            (SELECT \(Self.requestColumns) FROM account_requests WHERE state <> 'pending' ORDER BY decided_at DESC LIMIT 50)
            """
        ).rows.map(Self.request)
    }

    public func request(id: Int64) async throws -> Request? {
        try await pool.query("SELECT \(Self.requestColumns) FROM account_requests WHERE id = $1", [id]).first.map(Self.request)
    }

    public enum Outcome: Sendable, Equatable {
        case done(userID: Int64?)
        /// Decided by someone else already.
        case alreadyDecided
        /// The username is taken.
        case usernameTaken
    }

    /// Approves a pending request: a project-leader account (nothing else) is created with an
    /// unusable password, a welcome token (`welcomeToken`) and its e-mail (`mail(userID)`) are
    /// written, and the request is marked, all in one transaction.
    public func approve(
        id: Int64, by decider: Int64, username: String, unusableHash: String, welcomeToken: String,
        mail: @escaping @Sendable (Int64) -> MailDraft, audit: AuditRepository.Entry
    ) async throws -> Outcome {
        try await pool.transaction { conn in
            guard
                let row = try conn.query(
                    "SELECT full_name, email FROM account_requests WHERE id = $1 AND state = 'pending' FOR UPDATE", [id]
                ).first
            else { return .alreadyDecided }
            let fullName: String = try row.decode("full_name")
            let email: String = try row.decode("email")
            if try conn.query("SELECT 1 FROM users WHERE lower(username) = lower($1)", [username]).first != nil { return .usernameTaken }
            let userID: Int64 = try conn.query(
                "INSERT INTO users (username, full_name, email, password_hash, roles) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                [username, fullName, email, unusableHash, [Role.projectLeader.rawValue]]
            ).first!.decode("id")
            try conn.query(
                """
                INSERT INTO password_tokens (id_hash, user_id, purpose, expires_at)
                VALUES (sha256(convert_to($1, 'UTF8')), $2, 'welcome', now() + make_interval(secs => $3))
                """, [welcomeToken, userID, Self.lifetimeSeconds(.welcome)])
            try conn.query(
                "UPDATE account_requests SET state = 'approved', decided_by = $2, decided_at = now(), user_id = $3 WHERE id = $1",
                [id, decider, userID])
            _ = try Outbox.enqueue([mail(userID)], on: conn)
            var entry = audit
            entry.objectID = String(id)
            entry.detail = username
            try conn.query(AuditRepository.insert, AuditRepository.parameters(entry))
            return .done(userID: userID)
        }
    }

    /// Declines a pending request with a message, e-mailed to the address it came from.
    public func decline(id: Int64, by decider: Int64, message: String, mail: MailDraft, audit: AuditRepository.Entry) async throws
        -> Outcome
    {
        try await pool.transaction { conn in
            let r = try conn.query(
                """
                UPDATE account_requests SET state = 'declined', decided_by = $2, decided_at = now(), decision_message = $3
                WHERE id = $1 AND state = 'pending'
                """, [id, decider, message])
            guard r.affectedRows == 1 else { return .alreadyDecided }
            _ = try Outbox.enqueue([mail], on: conn)
            var entry = audit
            entry.objectID = String(id)
            try conn.query(AuditRepository.insert, AuditRepository.parameters(entry))
            return .done(userID: nil)
        }
    }
}
