import Database
import Domain
import Foundation
import SnapshotTesting
import TestSupport
import XCTest

@testable import Web

/// The page builders' output for the demo data, compared with the snapshots stored beside the
/// tests (`__Snapshots__/`): a change to what a page shows then shows up in review. The demo is
/// loaded as of a fixed day, and the builders see the same "now", because the demo dates its
/// cases in progress from the day it is loaded. A snapshot that is missing is recorded and the
/// test fails; delete a snapshot file and run the test again to accept a change on purpose.
enum PageSnapshot {
    /// Tuesday 1 December 2026, 9.00 in Copenhagen.
    static let now = Date(timeIntervalSince1970: 1_796_112_000)

    private static let demo = DemoDatabase()

    /// A pool on the demo as of `now`, loaded once per test run (the builders only read it).
    static func pool() async throws -> ConnectionPool { try await demo.pool() }

    /// The demo user `username` (nil: the anonymous reader), seeing the page at `now` with fixed tokens.
    static func viewer(_ username: String?) async throws -> Viewer {
        var user: User?
        if let username {
            user = try await UserRepository(pool: try await pool()).credentials(username: username)?.0
            XCTAssertNotNil(user, "demo user \(username)")
        }
        return Viewer(user: user, csrfToken: "csrf-token", submissionID: user == nil ? "" : "submission-id", now: now)
    }

    private actor DemoDatabase {
        var loaded: ConnectionPool?

        func pool() async throws -> ConnectionPool {
            if let loaded { return loaded }
            // Not TestDatabase.freshPool: that one is shut down when the first test ends.
            let pool = ConnectionPool(.init(url: try await TestDatabase.fresh(), size: 2))
            try await DemoSeed(pool: pool, seedFile: TestDatabase.packageRoot + "/seed/demo.sql").run(passwordHash: "x", now: PageSnapshot.now)
            loaded = pool
            return pool
        }
    }
}
