import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// Runs statement pipelines on libpq's nonblocking calls, and waits for the answers of all of
/// them on one thread with poll(2).
///
/// A blocking call on the database thread pool put a pool thread to sleep twice per request
/// (waiting for work, then for PostgreSQL) and woke it twice: a third of the CPU time of a page's
/// database trip went to those switches. Here one thread sends, then waits for every connection
/// at once; under load it mostly finds answers ready.
///
/// What runs on the reactor's thread ("db-reactor", one per pool): sending a job's statements
/// (`Connection.sendPipeline`, nonblocking, preparing statements new to the connection in the same
/// pipeline, and turning the parameters into text: an upload's 256 KiB chunk becomes hex here),
/// flushing what the socket did not take, reading the answers into `QueryResult`s, and calling
/// each job's `done`, which only resumes the waiting task. Nothing else: no connect (libpq's
/// connect blocks; the pool opens connections on its thread pool), no transaction
/// (`ConnectionPool.withConnection` and `transaction` run their closures on the pool's thread
/// pool, because the closure runs code between statements), and no code of the caller. A
/// connection belongs to the reactor only while its job is in flight: the pool checked it out
/// before submitting and checks it in when `done` has resumed the caller.
///
/// When a connection dies mid-pipeline (PostgreSQL restarted, the socket closed or reset), poll
/// reports its socket readable or hung up; reading then fails in libpq, the connection is closed
/// and that job alone fails with `DatabaseError.connectionLost`; the other jobs carry on. The pool
/// then drops the connection and retires the idle ones opened before it (its generation), and
/// retries the pipeline once on a fresh connection only if the dead one came from the idle list
/// and had not answered a single statement. A statement the server runs longer than the
/// connection's `statement_timeout` (30 s) comes back as an error, like any other.
///
/// poll waits at most `pollTimeout`: if a wake-up were ever missed (a job submitted while the
/// thread decided to sleep, or a socket's readiness lost), the thread looks at its inbox and reads
/// every connection in flight at the latest a second later instead of sleeping forever. Reading a
/// connection with nothing to read costs one nonblocking recv. The timeout bounds the thread's
/// sleep, not a job's wait: a server that stops answering without closing the socket keeps its
/// job waiting until TCP gives up on the connection (libpq's keepalives, at the system's timings).
final class PipelineReactor: @unchecked Sendable {
    /// The longest poll(2) sleeps, in milliseconds.
    static let pollTimeout: Int32 = 1000

    struct Job {
        let connection: Connection
        let statements: [(sql: String, parameters: [any SQLParameter])]
        let done: @Sendable (Result<[QueryResult], any Error>) -> Void
    }

    private struct Inbox {
        var jobs: [Job] = []
        /// The reactor is about to wait in poll(2): a new job must wake it.
        var waiting = false
        var stopped = false
    }

    /// A job whose statements are out and whose answers are awaited.
    private struct InFlight {
        let job: Job
        var pending: PendingPipeline
        var flushed: Bool
    }

    private let inbox = NIOLockedValueBox(Inbox())
    /// A pipe whose read end is polled with the connections: a byte written wakes the thread.
    private let wakeRead: Int32
    private let wakeWrite: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0, "pipe failed: \(errno)")
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        (wakeRead, wakeWrite) = (ends[0], ends[1])
        let thread = Thread { [self] in run() }
        thread.name = "db-reactor"
        thread.start()
    }

    func submit(_ job: Job) {
        let (wake, stopped) = inbox.withLockedValue { s -> (Bool, Bool) in
            if s.stopped { return (false, true) }
            s.jobs.append(job)
            defer { s.waiting = false }
            return (s.waiting, false)
        }
        if stopped { return job.done(.failure(DatabaseError.connectionLost("pool closed"))) }
        if wake { signal() }
    }

    /// Lets the thread finish the jobs it has and end.
    func stop() {
        inbox.withLockedValue { $0.stopped = true }
        signal()
    }

    private func signal() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private func run() {
        var inFlight: [InFlight] = []
        var fds: [pollfd] = []
        while true {
            // New jobs: taken, or (none) the decision to sleep, under one lock.
            let (jobs, stopped) = inbox.withLockedValue { s -> ([Job], Bool) in
                let jobs = s.jobs
                s.jobs = []
                s.waiting = jobs.isEmpty
                return (jobs, s.stopped)
            }
            for job in jobs {
                do {
                    let pending = try job.connection.sendPipeline(job.statements)
                    inFlight.append(InFlight(job: job, pending: pending, flushed: try job.connection.flushPipeline()))
                } catch {
                    job.done(.failure(error))
                }
            }
            if !jobs.isEmpty { continue }  // more may have come meanwhile: look before sleeping
            if stopped && inFlight.isEmpty { break }

            fds.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            for f in inFlight {
                fds.append(pollfd(fd: f.job.connection.socket, events: Int16(f.flushed ? POLLIN : POLLIN | POLLOUT), revents: 0))
            }
            let ready = poll(&fds, nfds_t(fds.count), Self.pollTimeout)
            inbox.withLockedValue { $0.waiting = false }
            if ready < 0 { continue }  // EINTR
            // Nothing reported within the timeout: read every connection anyway (see above).
            let timedOut = ready == 0
            if fds[0].revents != 0 {
                var bytes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
                _ = withUnsafeMutableBytes(of: &bytes) { read(wakeRead, $0.baseAddress, $0.count) }
            }
            // Backwards, so that finished jobs can be removed in place.
            for i in stride(from: inFlight.count - 1, through: 0, by: -1) where timedOut || fds[i + 1].revents != 0 {
                let connection = inFlight[i].job.connection
                do {
                    if !inFlight[i].flushed { inFlight[i].flushed = try connection.flushPipeline() }
                    if let results = try connection.readPipeline(&inFlight[i].pending) {
                        inFlight.remove(at: i).job.done(.success(results))
                    }
                } catch {
                    inFlight.remove(at: i).job.done(.failure(error))
                }
            }
        }
    }

    deinit {
        // Only now: the thread has ended (it holds the reactor) and nobody can signal any more.
        Glibc.close(wakeRead)
        Glibc.close(wakeWrite)
    }
}
