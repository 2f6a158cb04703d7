import Database
import Domain
import Foundation
import Logging
import NIOConcurrencyHelpers
import TestSupport
import XCTest

@testable import Web

/// The job runner's leases: a job is held for its own kind's time, so an instance that dies while
/// handing over a message frees it after the mail's few minutes, not after the longest kind's.
final class JobRunnerTests: XCTestCase {
    func testEachJobIsLeasedForItsOwnKindsTime() async throws {
        let app = try await TestApp.make(seed: false)
        addTeardownBlock { await app.shutdown() }
        let runner = JobRunner(pool: app.pool, logger: Logger(label: "test.leases"))
        let held = NIOLockedValueBox<[String: Double]>([:])
        for (kind, lease) in [("test.short", 30), ("test.long", 600)] {
            runner.register(kind: kind, lease: lease, retry: RetrySchedule(delays: [])) { job in
                // The lease as the row has it while the job runs.
                let seconds: Double = try await app.pool.query(
                    "SELECT extract(epoch FROM locked_until - now())::float8 AS s FROM jobs WHERE id = $1", [job.id]
                ).first!.decode("s")
                held.withLockedValue { $0[job.kind] = seconds }
                return .done("leased")
            }
        }
        let queue = JobQueue(pool: app.pool)
        try await queue.enqueue(kind: "test.short")
        try await queue.enqueue(kind: "test.long")
        try await assertEqual(try await runner.runDue(), 2)
        let leases = held.withLockedValue { $0 }
        let short = try XCTUnwrap(leases["test.short"])
        let long = try XCTUnwrap(leases["test.long"])
        XCTAssertGreaterThan(short, 20)
        XCTAssertLessThanOrEqual(short, 30, "the short kind's own lease, not the long kind's 600 s")
        XCTAssertGreaterThan(long, 500)
    }
}
