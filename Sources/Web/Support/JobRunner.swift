import Database
import Domain
import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the background jobs in PostgreSQL's `jobs` table, beside the server, on every instance:
/// whichever instance polls first claims a due job (`JobQueue.claim`), so each runs once. Handlers
/// are registered by kind; a recurring kind is also given a `JobSchedule`, and each occurrence is a
/// job whose key names it, planned by whichever instance gets there first.
///
/// To add a kind of job (a document to render, a file to convert):
///
///     runner.register(kind: "document.render", lease: 120, retry: RetrySchedule(delays: [30, 300])) { job in
///         // job.payload says what; throw or return .retry for a passing failure
///         return .done("rendered")
///     }
///     // anywhere, inside the transaction of the change that calls for it:
///     try JobQueue.enqueue(kind: "document.render", payload: "letter:12:v3", key: "document.render:letter:12:v3", on: conn)
public final class JobRunner: Service, Sendable {
    /// What a handler says about one run.
    public enum Result: Sendable {
        /// Finished; `alongside` runs in the transaction that records it.
        case done(String, alongside: (@Sendable (Connection) throws -> Void)? = nil)
        /// Failed for a passing reason: tried again after the kind's next delay, if any is left.
        case retry(String)
        /// Failed for good.
        case failed(String)
    }

    public typealias Handler = @Sendable (JobQueue.Job) async throws -> Result

    struct Registration: Sendable {
        let lease: Int
        let retry: RetrySchedule
        let handler: Handler
        let schedule: JobSchedule?
    }

    let queue: JobQueue
    let logger: Logger
    let instance: String
    let pollInterval: Duration
    /// The clock the schedules are planned on (tests fix it).
    let now: @Sendable () -> Date
    private let registrations = NIOLockedValueBox([String: Registration]())
    private let counters = NIOLockedValueBox([String: Int]())
    private let observers = NIOLockedValueBox([String: @Sendable (JobQueue.Outcome) -> Void]())

    public init(
        pool: ConnectionPool, logger: Logger, pollInterval: Duration = .seconds(1),
        instance: String = JobRunner.hostName() + ":" + String(ProcessInfo.processInfo.processIdentifier),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        queue = JobQueue(pool: pool)
        self.logger = logger
        self.instance = instance
        self.pollInterval = pollInterval
        self.now = now
    }

    /// This machine's name as the kernel has it (`ProcessInfo.hostName` may ask DNS, which can hang).
    public static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Adds a handler for `kind`. A run may take up to `lease` seconds; after that another instance
    /// may take the job again (its instance is taken to have died).
    public func register(kind: String, lease: Int = 120, retry: RetrySchedule, schedule: JobSchedule? = nil, _ handler: @escaping Handler) {
        registrations.withLockedValue { $0[kind] = Registration(lease: lease, retry: retry, handler: handler, schedule: schedule) }
    }

    /// Calls `observer` with the outcome of every recorded run of `kind` (metrics).
    public func observe(kind: String, _ observer: @escaping @Sendable (JobQueue.Outcome) -> Void) {
        observers.withLockedValue { $0[kind] = observer }
    }

    var kinds: [String] { registrations.withLockedValue { Array($0.keys).sorted() } }

    /// How many runs of each outcome this process saw, by `kind.outcome` (for tests and logs).
    public func count(_ key: String) -> Int { counters.withLockedValue { $0[key] ?? 0 } }

    public func run() async throws {
        logger.info("job runner: \(kinds.joined(separator: ", ")) as \(instance)")
        var lastError: Date?
        var planned = Date.distantPast
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var worked = false
            do {
                // Each run of a scheduled kind plans its next occurrence; this catches the rest (a
                // kind whose occurrence was lost with its instance) once a minute.
                if Date().timeIntervalSince(planned) > 60 {
                    try await planSchedules()
                    planned = Date()
                    // The done occurrences of recurring kinds are kept a week, for the record.
                    let recurring = registrations.withLockedValue { $0.filter { $0.value.schedule != nil }.map(\.key) }
                    try await queue.prune(kinds: recurring, olderThanDays: 7)
                }
                worked = try await runOne()
                lastError = nil
            } catch {
                // The database is away (a restart, a failover): say so once a minute, keep polling.
                if lastError.map({ Date().timeIntervalSince($0) > 60 }) ?? true {
                    logger.warning("job runner: \(error)")
                    lastError = Date()
                }
            }
            if !worked {
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.pollInterval) }
                } catch {
                    return
                }
            }
        }
    }

    /// Runs due jobs until none is left (tests; the service polls instead). Returns how many ran.
    @discardableResult
    public func runDue(limit: Int = 1_000) async throws -> Int {
        try await planSchedules()
        var n = 0
        while n < limit, try await runOne() { n += 1 }
        return n
    }

    /// Makes sure the next occurrence of every scheduled kind is in the queue (its key stops a
    /// second instance from adding it again).
    func planSchedules() async throws {
        let scheduled = registrations.withLockedValue { $0.compactMap { kind, r in r.schedule.map { (kind, $0) } } }
        let now = self.now()
        for (kind, schedule) in scheduled {
            let at = schedule.next(after: now)
            try await queue.enqueue(kind: kind, key: Self.occurrenceKey(kind, at), runAt: at)
        }
    }

    static func occurrenceKey(_ kind: String, _ at: Date) -> String {
        "\(kind)@\(Int(at.timeIntervalSince1970))"
    }

    /// Claims and runs one due job; false when none was due.
    func runOne() async throws -> Bool {
        // Each job is leased for its own kind's time.
        let leases = registrations.withLockedValue { $0.mapValues(\.lease) }
        guard !leases.isEmpty else { return false }
        guard let job = try await queue.claim(leases: leases, instance: instance) else { return false }
        guard let registration = registrations.withLockedValue({ $0[job.kind] }) else { return true }
        let result: Result
        do {
            result = try await registration.handler(job)
        } catch {
            result = .retry(String(describing: error))
        }
        let outcome: JobQueue.Outcome
        var alongside: (@Sendable (Connection) throws -> Void)?
        switch result {
        case .done(let message, let extra):
            outcome = .done(message)
            alongside = extra
        case .retry(let message):
            if let delay = registration.retry.delay(afterAttempts: job.attempt) {
                outcome = .retry(at: Date().addingTimeInterval(TimeInterval(delay)), message)
            } else {
                outcome = .failed(message + (registration.retry.delays.isEmpty ? "" : " (no more tries after \(job.attempt))"))
            }
        case .failed(let message):
            outcome = .failed(message)
        }
        let recorded = try await queue.finish(job, outcome, alongside: alongside)
        let word: String =
            switch outcome {
            case .done: "done"
            case .retry: "retry"
            case .failed: "failed"
            }
        counters.withLockedValue { $0["\(job.kind).\(word)", default: 0] += 1 }
        if recorded, let observer = observers.withLockedValue({ $0[job.kind] }) { observer(outcome) }
        if !recorded {
            logger.warning("job \(job.id) (\(job.kind)) ran past its lease and was taken by another instance; its result is not recorded")
        } else if word != "done" {
            logger.notice("job \(job.id) (\(job.kind)) try \(job.attempt): \(word): \(outcome.message)")
        }
        if registration.schedule != nil { try await planSchedules() }
        return true
    }
}

extension JobRunner {
    /// The runner `serve` starts beside the server: the outbox and the reminders when a relay is
    /// configured. Register further kinds here.
    public static func standard(_ app: AppServices, logger: Logger) -> JobRunner {
        let runner = JobRunner(pool: app.pool, logger: logger)
        Documents.register(on: runner, app: app)
        PrivacyJobs.register(on: runner, app: app)
        BoardBook.register(on: runner, app: app)
        MeetingJobs.register(on: runner, app: app)
        if let mailer = app.mailer {
            let fixed = app.config.remindersNow
            MailJobs.register(on: runner, app: app, mailer: mailer, now: { fixed ?? Date() })
        }
        return runner
    }
}
