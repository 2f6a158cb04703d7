import Domain
import Foundation
import NIOConcurrencyHelpers

/// Who a message goes to, resolved to addresses inside the transaction that writes it.
public enum Audience: Sendable, Equatable {
    /// Every active user with the role.
    case role(Role)
    /// The project leader of a case.
    case caseLeader(Int64)
    /// The council members appointed to a case.
    case caseCouncilMembers(Int64)
    /// The assessors appointed to a case.
    case caseAssessors(Int64)
    /// One user.
    case user(Int64)
    /// An address that belongs to no user yet (the answer to a request for an account).
    case address(String)
}

/// A message to be written to the outbox: one message per address its audiences resolve to.
public struct MailDraft: Sendable, Equatable {
    public var to: [Audience]
    public var subject: String
    public var body: String
    /// What caused it, for the admin's view (`case.planned`, `reminder.material`).
    public var reason: String

    public init(to: [Audience], subject: String, body: String, reason: String) {
        self.to = to
        self.subject = subject
        self.body = body
        self.reason = reason
    }
}

/// The mail outbox. Messages are written in the transaction of the change that causes them (a case
/// planned, a letter sent), each with a delivery job of kind `mail`; the job runner hands them to
/// the relay. A message is never lost with a failed relay: its job is retried on a schedule, and the
/// admin sees it and can retry it.
public struct Outbox: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    public static let jobKind = "mail"

    /// Told how many messages each `enqueue` wrote (the metrics count them), once the transaction
    /// that wrote them has committed: a change rolled back counts no message.
    public static func observeQueued(_ observer: @escaping @Sendable (Int) -> Void) {
        observers.withLockedValue { $0.append(observer) }
    }
    private static let observers = NIOLockedValueBox<[@Sendable (Int) -> Void]>([])

    /// Writes one message per distinct address of each draft, within the caller's transaction.
    /// Returns how many were written.
    @discardableResult
    public static func enqueue(_ drafts: [MailDraft], on conn: Connection) throws -> Int {
        var written = 0
        for draft in drafts {
            for address in try addresses(draft.to, on: conn) {
                try conn.query(
                    """
                    WITH job AS (INSERT INTO jobs (kind) VALUES ('mail') RETURNING id)
                    INSERT INTO mail_outbox (job_id, recipient, subject, body, reason) SELECT id, $1, $2, $3, $4 FROM job
                    """, [address, draft.subject, draft.body, draft.reason])
                written += 1
            }
        }
        if written > 0 {
            conn.afterCommit { for observer in observers.withLockedValue({ $0 }) { observer(written) } }
        }
        return written
    }

    /// Writes the drafts in a transaction of their own (for changes that have no other writes).
    @discardableResult
    public func enqueue(_ drafts: [MailDraft]) async throws -> Int {
        guard !drafts.isEmpty else { return 0 }
        return try await pool.transaction { try Self.enqueue(drafts, on: $0) }
    }

    /// The addresses of active users with an e-mail address, each once, in the order found.
    static func addresses(_ audiences: [Audience], on conn: Connection) throws -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for audience in audiences {
            let (sql, parameters): (String, [any SQLParameter])
            switch audience {
            case .role(let role):
                (sql, parameters) = ("SELECT email FROM users WHERE active AND $1 = ANY(roles) AND email <> '' ORDER BY id", [role.rawValue])
            case .caseLeader(let caseID):
                (sql, parameters) = (
                    """
                    SELECT u.email FROM assessment_cases c JOIN projects p ON p.id = c.project_id JOIN users u ON u.id = p.project_leader_id
                    WHERE c.id = $1 AND u.active AND u.email <> ''
                    """, [caseID]
                )
            case .caseCouncilMembers(let caseID), .caseAssessors(let caseID):
                let role = if case .caseAssessors = audience { "assessor" } else { "council_member" }
                (sql, parameters) = (
                    """
                    SELECT u.email FROM case_appointments a JOIN users u ON u.id = a.user_id
                    WHERE a.case_id = $1 AND a.role = $2 AND u.active AND u.email <> '' ORDER BY a.id
                    """, [caseID, role]
                )
            case .user(let id):
                (sql, parameters) = ("SELECT email FROM users WHERE id = $1 AND active AND email <> ''", [id])
            case .address(let email):
                (sql, parameters) = ("SELECT $1::text AS email WHERE $1::text <> ''", [email])
            }
            for row in try conn.query(sql, parameters).rows {
                let email: String = try row.decode("email")
                if seen.insert(email.lowercased()).inserted { out.append(email) }
            }
        }
        return out
    }

    /// A message as the mail job sends it.
    public struct Message: Sendable, Equatable {
        public let id: Int64
        /// The Message-ID's left part; the right part is the sender's domain.
        public let messageID: String
        public let recipient: String
        public let subject: String
        public let body: String
        public let createdAt: Date
    }

    static let messageColumns = "o.id, o.message_id, o.recipient, o.subject, o.body, o.created_at"

    static func message(_ row: Row) throws -> Message {
        Message(
            id: try row.decode("id"), messageID: try row.decode("message_id"), recipient: try row.decode("recipient"),
            subject: try row.decode("subject"), body: try row.decode("body"), createdAt: try row.decode("created_at"))
    }

    /// The message a mail job delivers.
    public func message(jobID: Int64) async throws -> Message? {
        try await pool.query("SELECT \(Self.messageColumns) FROM mail_outbox o WHERE o.job_id = $1", [jobID]).first.map(Self.message)
    }

    /// Marks the message of a job sent, in the transaction that finishes the job.
    public static func markSent(jobID: Int64, on conn: Connection) throws {
        try conn.query("UPDATE mail_outbox SET sent_at = now() WHERE job_id = $1", [jobID])
    }

    /// A message's state for the admin: waiting for its first try, sent, failing (tried, will try
    /// again) or failed (no more tries).
    public enum State: String, Sendable, CaseIterable {
        case queued, sent, failing, failed
    }

    /// One line of the admin's outbox.
    public struct Entry: Sendable, Equatable {
        public let id: Int64
        public let messageID: String
        public let recipient: String
        public let subject: String
        public let reason: String
        public let createdAt: Date
        public let sentAt: Date?
        public let state: State
        public let attempts: Int
        public let nextTry: Date?
        public let lastAnswer: String
    }

    static let entryColumns = """
        o.id, o.message_id, o.recipient, o.subject, o.reason, o.created_at, o.sent_at, j.attempts, j.last_result, j.run_at,
        CASE WHEN j.state = 'done' THEN 'sent' WHEN j.state = 'failed' THEN 'failed' WHEN j.attempts > 0 THEN 'failing' ELSE 'queued' END AS mail_state
        """

    static func entry(_ row: Row) throws -> Entry {
        let state = State(rawValue: try row.decode("mail_state")) ?? .queued
        return Entry(
            id: try row.decode("id"), messageID: try row.decode("message_id"), recipient: try row.decode("recipient"),
            subject: try row.decode("subject"), reason: try row.decode("reason"), createdAt: try row.decode("created_at"),
            sentAt: try row.decode("sent_at"), state: state, attempts: try row.decode("attempts"),
            nextTry: state == .queued || state == .failing ? try row.decode("run_at") : nil, lastAnswer: try row.decode("last_result"))
    }

    /// The outbox newest first, optionally only one state, with the count per state.
    public func page(state: State?, offset: Int, limit: Int) async throws -> (entries: [Entry], total: Int, counts: [State: Int]) {
        let filter = """
            (CASE WHEN j.state = 'done' THEN 'sent' WHEN j.state = 'failed' THEN 'failed' WHEN j.attempts > 0 THEN 'failing' ELSE 'queued' END)
            """
        let results = try await pool.pipeline([
            (
                """
                SELECT \(Self.entryColumns) FROM mail_outbox o JOIN jobs j ON j.id = o.job_id
                WHERE $1::text IS NULL OR \(filter) = $1 ORDER BY o.created_at DESC, o.id DESC OFFSET $2 LIMIT $3
                """, [state?.rawValue, offset, limit]
            ),
            ("SELECT \(filter) AS mail_state, count(*) AS n FROM mail_outbox o JOIN jobs j ON j.id = o.job_id GROUP BY 1", []),
        ])
        var counts: [State: Int] = [:]
        for row in results[1].rows {
            if let s = State(rawValue: try row.decode("mail_state")) { counts[s] = try row.decode("n") }
        }
        let total = state.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
        return (try results[0].rows.map(Self.entry), total, counts)
    }

    public func entry(id: Int64) async throws -> Entry? {
        try await pool.query("SELECT \(Self.entryColumns) FROM mail_outbox o JOIN jobs j ON j.id = o.job_id WHERE o.id = $1", [id]).first.map(
            Self.entry)
    }

    /// Tries a message again now, with a fresh schedule of retries; false when it was sent already
    /// (or does not exist). Its earlier tries stay in `job_runs`.
    public func retry(id: Int64) async throws -> Bool {
        try await pool.query(
            """
            UPDATE jobs j SET state = 'queued', run_at = now(), attempts = 0, finished_at = NULL
            FROM mail_outbox o WHERE o.id = $1 AND o.job_id = j.id AND j.state <> 'done' AND (j.locked_until IS NULL OR j.locked_until < now())
            """, [id]
        ).affectedRows == 1
    }
}
