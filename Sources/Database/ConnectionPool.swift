import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix

/// A fixed-size pool of libpq connections. Nothing blocks an event loop: statements and page
/// pipelines go to the pool's `PipelineReactor` (nonblocking libpq, one polling thread), and
/// closures that hold a connection for a while (`withConnection`, `transaction`) run on the
/// pool's own thread pool, as do the blocking connects.
///
/// Connections are opened lazily. When one turns out to be broken (PostgreSQL restarted), the pool
/// bumps its generation: every idle connection from an older generation is thrown away at its next
/// checkout instead of failing a request, so a restart costs at most the requests in flight.
/// A broken connection is never reset (`PQreset` would go back to the host it had): every new one
/// is opened from the connection string, so with several hosts and
/// `target_session_attrs=read-write` libpq takes it to whichever host is the primary now, e.g.
/// a standby promoted after a failover.
public final class ConnectionPool: Sendable {
    public struct Configuration: Sendable {
        public var url: String
        public var size: Int
        /// How long a request waits for a free connection before giving up with `.poolTimeout`.
        public var checkoutTimeout: Duration
        /// Seconds libpq waits for each host of `url` to answer a connect, unless `url` or
        /// `PGCONNECT_TIMEOUT` says otherwise: a host that is gone (its machine down, not just
        /// PostgreSQL) then costs a request this long instead of the operating system's minutes.
        public var connectTimeout: Int
        public init(url: String, size: Int = 8, checkoutTimeout: Duration = .seconds(5), connectTimeout: Int = 5) {
            self.url = url
            self.size = max(1, size)
            self.checkoutTimeout = checkoutTimeout
            self.connectTimeout = connectTimeout
        }
    }

    private struct Waiter {
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Connection?, any Error>
    }

    private struct State {
        var idle: [Connection] = []
        var open = 0  // connections handed out or idle, plus slots being opened
        var waiters: [Waiter] = []  // oldest first, so also by deadline
        var timerArmed = false  // one task expires waiters that waited too long
        var generation = 0
        var closed = false
    }

    public let configuration: Configuration
    private let threadPool: NIOThreadPool
    private let reactor = PipelineReactor()
    private let state = NIOLockedValueBox(State())
    private let statements = ManagedAtomicCounter()
    private let pipelines = ManagedAtomicCounter()
    private let errors = ManagedAtomicCounter()
    private let logger: Logger

    public init(_ configuration: Configuration, logger: Logger = Logger(label: "raadsportal.db")) {
        self.configuration = configuration
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.size)
        self.threadPool.start()
    }

    /// Statements sent through this pool since it started (for the no-N+1 tests).
    public var statementsSent: Int { statements.value }
    /// Pipelines (round trips of the reactor) sent through this pool since it started (for the one-trip page tests).
    public var pipelinesSent: Int { pipelines.value }
    /// Statements or connections that failed with a database error (for the operator's metrics).
    public var queryErrors: Int { errors.value }

    /// Checks a connection out for the whole closure, which runs on the database thread pool.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let reused = try await checkout()
        let url = configuration.url
        let timeout = configuration.connectTimeout
        let generation = state.withLockedValue { $0.generation }
        var connection: Connection? = reused
        do {
            let (value, conn, sent, retired): (T, Connection, Int, Int?) = try await threadPool.runIfActive { [connection] in
                var conn = try connection ?? Connection(url: url, generation: generation, connectTimeout: timeout)
                var retired: Int? = nil
                conn.succeeded = 0
                var before = conn.statementCount
                do {
                    let value: T
                    do {
                        value = try body(conn)
                    } catch DatabaseError.connectionLost where connection != nil && conn.succeeded == 0 {
                        // An idle connection died while it waited (e.g. PostgreSQL restarted) and
                        // nothing was executed on it: retrying once on a fresh connection is safe.
                        retired = conn.generation
                        conn = try Connection(url: url, generation: generation + 1, connectTimeout: timeout)
                        before = conn.statementCount
                        value = try body(conn)
                    }
                    return (value, conn, conn.statementCount - before, retired)
                } catch {
                    throw CarryConnection(connection: conn, error: error)
                }
            }
            statements.add(sent)
            if let retired { retireGeneration(retired) }
            connection = conn
            checkin(conn)
            return value
        } catch let carried as CarryConnection {
            checkin(carried.connection)
            if carried.error is DatabaseError { errors.add(1) }
            throw carried.error
        } catch {
            // Opening the connection failed (or the thread pool is shutting down): free the slot.
            if connection == nil { releaseSlot() } else { checkin(connection!) }
            if error is DatabaseError { errors.add(1) }
            throw error
        }
    }

    /// Sends the statements in one round trip and returns their results in order, without a
    /// database thread: the pool's reactor sends them and waits for the answer (see
    /// `PipelineReactor`). Each statement commits on its own; a failing one skips the ones after it
    /// and its error is thrown. This is how the pages read, and how single statements write.
    public func pipeline(_ statements: [(sql: String, parameters: [any SQLParameter])]) async throws -> [QueryResult] {
        let reused = try await checkout()
        let generation = state.withLockedValue { $0.generation }
        var connection: Connection
        do {
            if let reused { connection = reused } else { connection = try await open(generation: generation) }
        } catch {
            releaseSlot()
            if error is DatabaseError { errors.add(1) }
            throw error
        }
        do {
            let results: [QueryResult]
            do {
                results = try await send(statements, on: connection)
            } catch DatabaseError.connectionLost where reused != nil && connection.succeeded == 0 {
                // An idle connection died while it waited (e.g. PostgreSQL restarted) and nothing
                // was executed on it: retrying once on a fresh connection is safe.
                retireGeneration(connection.generation)
                connection = try await open(generation: generation + 1)
                results = try await send(statements, on: connection)
            }
            self.statements.add(statements.count)
            pipelines.add(1)
            checkin(connection)
            return results
        } catch {
            checkin(connection)
            if error is DatabaseError { errors.add(1) }
            throw error
        }
    }

    private func send(_ statements: [(sql: String, parameters: [any SQLParameter])], on connection: Connection) async throws -> [QueryResult] {
        connection.succeeded = 0
        return try await withCheckedThrowingContinuation { continuation in
            reactor.submit(.init(connection: connection, statements: statements) { continuation.resume(with: $0) })
        }
    }

    /// Opens a connection on the thread pool (libpq's connect blocks).
    private func open(generation: Int) async throws -> Connection {
        let url = configuration.url
        let timeout = configuration.connectTimeout
        return try await threadPool.runIfActive { try Connection(url: url, generation: generation, connectTimeout: timeout) }
    }

    /// Runs `body` in a transaction on one connection: committed when it returns, rolled back when it throws.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        guard let submission = FormSubmission.current else {
            return try await withConnection { try $0.transaction(body) }
        }
        // A form's write and the mark that it was written commit together: after a crash the
        // claim tells for certain whether the write happened.
        return try await withConnection { connection in
            try connection.transaction { conn in
                let result = try body(conn)
                try conn.query("UPDATE form_submissions SET written = true WHERE id = $1 AND path = $2", [submission.id, submission.path])
                return result
            }
        }
    }

    /// Convenience: one statement.
    @discardableResult
    public func query(_ sql: String, _ parameters: [any SQLParameter] = []) async throws -> QueryResult {
        try await pipeline([(sql, parameters)])[0]
    }

    /// Closes idle connections and stops the thread pool.
    public func shutdown() async {
        let (idle, waiters) = state.withLockedValue { s -> ([Connection], [Waiter]) in
            s.closed = true
            let idle = s.idle
            s.idle = []
            let waiters = s.waiters
            s.waiters = []
            return (idle, waiters)
        }
        for w in waiters { w.continuation.resume(throwing: DatabaseError.connectionLost("pool closed")) }
        _ = idle
        reactor.stop()
        try? await threadPool.shutdownGracefully()
    }

    deinit {
        reactor.stop()
    }

    // MARK: - Checkout

    /// Returns an idle connection, or nil meaning "you may open a new one" (a slot was reserved).
    /// Deciding to wait and registering as a waiter happen under one lock, so a connection checked
    /// in meanwhile cannot be missed; the timeout starts only once the waiter is registered.
    private func checkout() async throws -> Connection? {
        let timeout = configuration.checkoutTimeout
        let size = configuration.size
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Connection?, any Error>) in
            enum Next {
                case ready(Connection?)
                case closed
                case waiting(armTimer: Bool)
            }
            let next: Next = state.withLockedValue { s in
                if s.closed { return .closed }
                while let conn = s.idle.popLast() {
                    if conn.generation >= s.generation && !conn.isBroken && !conn.readOnlyServer { return .ready(conn) }
                    s.open -= 1  // stale: drop it (deinit closes it)
                }
                if s.open < size {
                    s.open += 1
                    return .ready(nil)
                }
                s.waiters.append(Waiter(deadline: .now + timeout, continuation: continuation))
                defer { s.timerArmed = true }
                return .waiting(armTimer: !s.timerArmed)
            }
            switch next {
            case .ready(let conn): continuation.resume(returning: conn)
            case .closed: continuation.resume(throwing: DatabaseError.connectionLost("pool closed"))
            case .waiting(let armTimer):
                if armTimer { Task { [weak self] in await self?.expireWaiters() } }
            }
        }
    }

    /// Fails the waiters whose deadline passed, sleeping until the oldest one's deadline; stops
    /// when nobody waits. (A timer per waiter meant thousands of sleeping tasks under load.)
    private func expireWaiters() async {
        while true {
            let next = state.withLockedValue { s -> ContinuousClock.Instant? in
                guard let oldest = s.waiters.first else {
                    s.timerArmed = false
                    return nil
                }
                return oldest.deadline
            }
            guard let next else { return }
            try? await Task.sleep(until: next, clock: .continuous)
            let now = ContinuousClock.now
            let expired = state.withLockedValue { s -> ArraySlice<Waiter> in
                let count = s.waiters.prefix { $0.deadline <= now }.count
                defer { s.waiters.removeFirst(count) }
                return s.waiters.prefix(count)
            }
            for waiter in expired { waiter.continuation.resume(throwing: DatabaseError.poolTimeout) }
        }
    }

    private func checkin(_ conn: Connection) {
        // A connection left inside a transaction (or an aborted one) must not serve the next request,
        // nor one to a server that refused a write as read-only (see `Connection.readOnlyServer`).
        let broken = conn.isBroken || !conn.isIdleOutsideTransaction || conn.readOnlyServer
        if broken { logger.warning("database connection lost; the pool will reconnect") }
        let waiter = state.withLockedValue { s -> (Waiter, Connection?)? in
            if broken {
                // Everything opened before now may be dead too: retire it lazily.
                s.generation = max(s.generation, conn.generation + 1)
            }
            let usable = !broken && conn.generation >= s.generation && !s.closed
            if !s.waiters.isEmpty {
                let w = s.waiters.removeFirst()
                return (w, usable ? conn : nil)  // nil: the waiter opens a fresh one in this slot
            }
            if usable { s.idle.append(conn) } else { s.open -= 1 }
            return nil
        }
        if let (w, conn) = waiter { w.continuation.resume(returning: conn) }
    }

    private func retireGeneration(_ generation: Int) {
        logger.warning("database connection lost; reconnected")
        state.withLockedValue { $0.generation = max($0.generation, generation + 1) }
    }

    private func releaseSlot() {
        let waiter = state.withLockedValue { s -> Waiter? in
            if !s.waiters.isEmpty { return s.waiters.removeFirst() }
            s.open -= 1
            return nil
        }
        waiter?.continuation.resume(returning: nil)
    }

    /// Pool figures for metrics and tests.
    public var stats: (open: Int, idle: Int, waiting: Int) {
        state.withLockedValue { ($0.open, $0.idle.count, $0.waiters.count) }
    }
}

private struct CarryConnection: Error, @unchecked Sendable {
    let connection: Connection
    let error: any Error
}

/// A tiny thread-safe counter.
final class ManagedAtomicCounter: Sendable {
    private let box = NIOLockedValueBox(0)
    func add(_ n: Int) { box.withLockedValue { $0 += n } }
    var value: Int { box.withLockedValue { $0 } }
}

/// The form submission the current request is handling (set by the web layer's
/// `SubmissionMiddleware`); see `ConnectionPool.transaction`.
public enum FormSubmission {
    public struct Key: Sendable {
        public let id: String
        public let path: String
        public init(id: String, path: String) {
            self.id = id
            self.path = path
        }
    }

    @TaskLocal public static var current: Key?
}
