import Foundation

/// The queue of background jobs in PostgreSQL. Any instance may claim a due job: the claim takes
/// the row with `FOR UPDATE SKIP LOCKED`, so two instances never take the same one, and leases it
/// for a while (`locked_until`), so a job whose instance died is taken again when the lease runs out.
/// Every try is a row in `job_runs`.
public struct JobQueue: Sendable {
    let pool: ConnectionPool
    public init(pool: ConnectionPool) { self.pool = pool }

    /// A claimed job, as its handler sees it.
    public struct Job: Sendable, Equatable {
        public let id: Int64
        public let kind: String
        public let payload: String
        /// Tries so far, this one included (1 on the first run).
        public let attempt: Int
        /// The `job_runs` row of this try.
        public let runID: Int64
        public let dedupeKey: String?
        /// When the job was due to run (a scheduled occurrence's own time).
        public let runAt: Date
    }

    /// How a run ended.
    public enum Outcome: Sendable, Equatable {
        case done(String)
        /// Try again at the given time.
        case retry(at: Date, String)
        case failed(String)

        var state: String {
            switch self {
            case .done: "done"
            case .retry: "queued"
            case .failed: "failed"
            }
        }
        var word: String {
            switch self {
            case .done: "done"
            case .retry: "retry"
            case .failed: "failed"
            }
        }
        public var message: String {
            switch self {
            case .done(let m), .retry(_, let m), .failed(let m): m
            }
        }
    }

    static let insert = """
        INSERT INTO jobs (kind, payload, dedupe_key, run_at) VALUES ($1, $2, $3, COALESCE($4::timestamptz, now()))
        ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
        """

    /// Adds a job within the caller's transaction, so that it exists exactly when the change that
    /// asks for it commits. With a `key` already taken, nothing is added and nil returned.
    @discardableResult
    public static func enqueue(kind: String, payload: String = "", key: String? = nil, runAt: Date? = nil, on conn: Connection) throws -> Int64? {
        try conn.query(insert, [kind, payload, key, runAt]).first?.decode("id")
    }

    @discardableResult
    public func enqueue(kind: String, payload: String = "", key: String? = nil, runAt: Date? = nil) async throws -> Int64? {
        try await pool.query(Self.insert, [kind, payload, key, runAt]).first?.decode("id")
    }

    /// Takes the next due job of one of `kinds` for `instance`, for `lease` seconds, and records the
    /// start of its run; nil when nothing is due. A run whose lease ran out is recorded as lost.
    public func claim(kinds: [String], instance: String, lease: Int) async throws -> Job? {
        try await claim(leases: Dictionary(uniqueKeysWithValues: kinds.map { ($0, lease) }), instance: instance)
    }

    /// Takes the next due job of one of the kinds in `leases` for `instance`, leased for its own
    /// kind's seconds (a mail hand-off's few minutes, not a render's), and records the start of its
    /// run; nil when nothing is due.
    public func claim(leases: [String: Int], instance: String) async throws -> Job? {
        let kinds = leases.keys.sorted()
        return try await pool.transaction { conn -> Job? in
            guard
                let row = try conn.query(
                    """
                    SELECT id, kind, payload, dedupe_key, attempts, run_at, locked_until IS NOT NULL AS was_locked FROM jobs
                    WHERE state = 'queued' AND run_at <= now() AND (locked_until IS NULL OR locked_until < now()) AND kind = ANY($1)
                    ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
                    """, [kinds]
                ).first
            else { return nil }
            let id: Int64 = try row.decode("id")
            if try row.decode("was_locked", as: Bool.self) {
                try conn.query(
                    """
                    UPDATE job_runs SET outcome = 'lost', finished_at = now(), message = 'the instance running it stopped before it finished'
                    WHERE job_id = $1 AND outcome IS NULL
                    """, [id])
            }
            let attempt = try row.decode("attempts", as: Int.self) + 1
            let kind: String = try row.decode("kind")
            let lease = leases[kind] ?? leases.values.max() ?? 120
            try conn.query(
                "UPDATE jobs SET attempts = $2, locked_by = $3, locked_until = now() + make_interval(secs => $4) WHERE id = $1",
                [id, attempt, instance, lease])
            let runID: Int64 = try conn.query(
                "INSERT INTO job_runs (job_id, attempt, instance) VALUES ($1, $2, $3) RETURNING id", [id, attempt, instance]
            ).first!.decode("id")
            return Job(
                id: id, kind: kind, payload: try row.decode("payload"), attempt: attempt, runID: runID,
                dedupeKey: try row.decode("dedupe_key"), runAt: try row.decode("run_at"))
        }
    }

    /// Records how a run ended, and runs `alongside` in the same transaction (a message marked sent
    /// commits with its job). Only the holder of the lease may finish: false when another instance
    /// took the job meanwhile (the lease ran out), and then nothing is written.
    @discardableResult
    public func finish(_ job: Job, _ outcome: Outcome, alongside: (@Sendable (Connection) throws -> Void)? = nil) async throws -> Bool {
        let retryAt: Date? = if case .retry(let at, _) = outcome { at } else { nil }
        return try await pool.transaction { conn -> Bool in
            let updated = try conn.query(
                """
                UPDATE jobs SET state = $3, last_result = $4, locked_by = NULL, locked_until = NULL,
                    run_at = COALESCE($5::timestamptz, run_at), finished_at = CASE WHEN $3 = 'queued' THEN NULL ELSE now() END
                WHERE id = $1 AND attempts = $2 AND state = 'queued'
                """, [job.id, job.attempt, outcome.state, String(outcome.message.prefix(1_000)), retryAt]
            ).affectedRows
            guard updated == 1 else { return false }
            try conn.query(
                "UPDATE job_runs SET outcome = $2, finished_at = now(), message = $3 WHERE id = $1",
                [job.runID, outcome.word, String(outcome.message.prefix(1_000))])
            try alongside?(conn)
            return true
        }
    }

    /// A job's state, tries and last result (for tests and the admin).
    public struct Status: Sendable, Equatable {
        public let state: String
        public let attempts: Int
        public let lastResult: String
        public let runAt: Date
    }

    public func status(id: Int64) async throws -> Status? {
        try await pool.query("SELECT state, attempts, last_result, run_at FROM jobs WHERE id = $1", [id]).first.map {
            Status(
                state: try $0.decode("state"), attempts: try $0.decode("attempts"), lastResult: try $0.decode("last_result"),
                runAt: try $0.decode("run_at"))
        }
    }

    /// The runs of a job, oldest first: (attempt, instance, outcome, message).
    public func runs(jobID: Int64) async throws -> [(attempt: Int, instance: String, outcome: String?, message: String)] {
        try await pool.query("SELECT attempt, instance, outcome, message FROM job_runs WHERE job_id = $1 ORDER BY id", [jobID]).rows.map {
            (try $0.decode("attempt"), try $0.decode("instance"), try $0.decode("outcome"), try $0.decode("message"))
        }
    }

    /// Deletes finished jobs of `kinds` (and their runs) older than `days`; returns how many.
    @discardableResult
    public func prune(kinds: [String], olderThanDays days: Int) async throws -> Int {
        guard !kinds.isEmpty else { return 0 }
        return try await pool.query(
            "DELETE FROM jobs WHERE kind = ANY($1) AND state <> 'queued' AND finished_at < now() - make_interval(days => $2)", [kinds, days]
        ).affectedRows
    }

    /// The earliest time a queued job of `kinds` is due (for a runner deciding how long to sleep).
    public func nextDue(kinds: [String]) async throws -> Date? {
        try await pool.query("SELECT min(run_at) AS at FROM jobs WHERE state = 'queued' AND kind = ANY($1)", [kinds]).first?.decode("at")
    }
}
