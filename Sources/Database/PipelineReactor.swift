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
/// at once; under load it mostly finds answers ready. Transactions, whose closures run code
/// between statements, stay on the thread pool.
final class PipelineReactor: @unchecked Sendable {
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
            let ready = poll(&fds, nfds_t(fds.count), -1)
            inbox.withLockedValue { $0.waiting = false }
            if ready < 0 { continue }  // EINTR
            if fds[0].revents != 0 {
                var bytes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
                _ = withUnsafeMutableBytes(of: &bytes) { read(wakeRead, $0.baseAddress, $0.count) }
            }
            // Backwards, so that finished jobs can be removed in place.
            for i in stride(from: inFlight.count - 1, through: 0, by: -1) where fds[i + 1].revents != 0 {
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
