import Domain
import Foundation
import TestSupport
import XCTest

@testable import Database

final class ConnectionTests: XCTestCase {
    var pool: ConnectionPool!

    override func setUp() async throws {
        pool = try await TestDatabase.freshPool()
    }

    override func tearDown() async throws {
        await pool?.shutdown()
    }

    func testValuesRoundTripUnchanged() async throws {
        let megabyte = String(repeating: "æøå – \"citat\" 'apostrof' \\ ; DROP TABLE users; -- 🇩🇰 ", count: 1_048_576 / 60)
        let values = [
            "O'Brien \"citat\"", "Ærø, Øresund og Åbenrå", "emoji 👩‍⚕️🏥", "'; DROP TABLE users; --", "<script>alert(1)</script>", megabyte, "",
        ]
        for value in values {
            let back: String = try await pool.query("SELECT $1::text AS v", [value]).first!.decode("v")
            XCTAssertEqual(back, value)
            // …and through a table.
            let id: Int64 = try await pool.query(
                "INSERT INTO users (username, full_name, password_hash) VALUES ($1, $2, 'x') RETURNING id",
                ["u\(value.count)", value]
            ).first!.decode("id")
            let stored: String = try await pool.query("SELECT full_name FROM users WHERE id = $1", [id]).first!.decode("full_name")
            XCTAssertEqual(stored, value)
        }
        let tableStillThere = try await pool.query("SELECT count(*) AS n FROM users").first!.decode("n", as: Int.self)
        XCTAssertEqual(tableStillThere, values.count)
    }

    /// A pipeline sends its statements in one round trip and hands back each result in order; a
    /// failing statement fails the call and leaves the connection usable.
    /// The pool's own pipelines go through its reactor (nonblocking libpq, one thread polling):
    /// results in order, statements prepared on first use (also twice in one pipeline), a failure
    /// skips the rest and leaves the connection usable, and answers and parameters too large for
    /// one read or one write arrive whole.
    func testReactorPipelinesAnswerInOrderFailCleanlyAndCarryLargeValues() async throws {
        for _ in 0..<3 {  // first use prepares; later uses reuse the prepared statements
            let (n, text, rows, again) = try await pool.pipeline(
                Query("SELECT $1::int + 1 AS n", [41]) { try $0.first!.decode("n", as: Int.self) },
                Query("SELECT $1::text AS t", ["Ærø"]) { try $0.first!.decode("t", as: String.self) },
                Query("SELECT g FROM generate_series(1, $1::int) g", [3]) { $0.rows.count },
                Query("SELECT $1::int + 1 AS n", [1]) { try $0.first!.decode("n", as: Int.self) })
            XCTAssertEqual([n, rows, again], [42, 3, 2])
            XCTAssertEqual(text, "Ærø")
        }
        do {
            _ = try await pool.pipeline(
                Query("SELECT 1 AS one") { $0.rows.count },
                Query("SELECT 1 / $1::int AS boom", [0]) { $0.rows.count },
                Query("SELECT no_such_column FROM users") { $0.rows.count })
            XCTFail("a division by zero must fail the pipeline")
        } catch DatabaseError.server(let state, _) {
            XCTAssertEqual(state, "22012", "the first error is the one thrown")
        }
        do {
            try await pool.query("SELECT * FROM no_such_table")
            XCTFail("a statement that cannot be prepared must fail")
        } catch DatabaseError.server(let state, _) {
            XCTAssertEqual(state, "42P01")
        }
        let big = String(repeating: "æøå regionerne ", count: 400_000)  // 6.8 MB each way
        let echoed: String = try await pool.query("SELECT $1::text AS t", [big]).first!.decode("t")
        XCTAssertEqual(echoed, big)
        // Many at once, more than the pool's connections: every answer reaches its own caller.
        let pool = self.pool!
        let sums = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for i in 0..<200 {
                group.addTask { (i, try await pool.query("SELECT $1::int * 2 AS n", [i]).first!.decode("n")) }
            }
            var all: [(Int, Int)] = []
            for try await pair in group { all.append(pair) }
            return all
        }
        XCTAssertEqual(sums.count, 200)
        XCTAssertTrue(sums.allSatisfy { $0.1 == $0.0 * 2 })
        XCTAssertEqual(pool.stats.open, pool.stats.idle, "every connection went back to the pool")
        let after: Int = try await pool.query("SELECT 7 AS n").first!.decode("n")
        XCTAssertEqual(after, 7)
    }

    func testTypedDecoding() async throws {
        let row = try await pool.query(
            """
            SELECT 42::bigint AS i, true AS b, 12.5::float8 AS d, NULL::text AS n,
                   ARRAY['Region Midtjylland', 'Københavns Kommune', 'a "b" c', 'x,y']::text[] AS arr,
                   '2022-04-28 09:00:00+02'::timestamptz AS t
            """
        ).first!
        XCTAssertEqual(try row.decode("i", as: Int.self), 42)
        XCTAssertEqual(try row.decode("b", as: Bool.self), true)
        XCTAssertEqual(try row.decode("d", as: Double.self), 12.5)
        XCTAssertNil(try row.decode("n", as: String?.self))
        XCTAssertThrowsError(try row.decode("n", as: String.self))
        XCTAssertEqual(try row.decode("arr", as: [String].self), ["Region Midtjylland", "Københavns Kommune", "a \"b\" c", "x,y"])
        XCTAssertEqual(try row.decode("t", as: Date.self), Date(timeIntervalSince1970: 1_651_129_200))
        XCTAssertThrowsError(try row.decode("missing", as: String.self))
    }

    func testTimestampsWithAnOffsetDecodeToTheSameInstant() {
        let instant = Date(timeIntervalSince1970: 1_651_129_200)
        XCTAssertEqual(Date(sqlText: "2022-04-28 07:00:00+00"), instant)
        XCTAssertEqual(Date(sqlText: "2022-04-28 09:00:00+02"), instant)
        XCTAssertEqual(Date(sqlText: "2022-04-28 01:30:00-05:30"), instant)
        XCTAssertNil(Date(sqlText: "infinity"))
    }

    func testDatesRoundTrip() async throws {
        let date = Date(timeIntervalSince1970: 1_651_129_200.25)
        let back: Date = try await pool.query("SELECT $1::timestamptz AS t", [date]).first!.decode("t")
        XCTAssertEqual(back.timeIntervalSince1970, date.timeIntervalSince1970, accuracy: 0.001)
    }

    func testFailedTransactionLeavesNoRows() async throws {
        struct Boom: Error {}
        do {
            try await pool.transaction { conn in
                try conn.query("INSERT INTO users (username, full_name, password_hash) VALUES ('a1', 'A', 'x')")
                try conn.query("INSERT INTO users (username, full_name, password_hash) VALUES ('a2', 'B', 'x')")
                throw Boom()
            }
            XCTFail("expected the transaction to throw")
        } catch is Boom {}
        // A database error inside the transaction also rolls back everything before it.
        do {
            try await pool.transaction { conn in
                try conn.query("INSERT INTO users (username, full_name, password_hash) VALUES ('b1', 'A', 'x')")
                try conn.query("INSERT INTO users (username, full_name, password_hash) VALUES ('b1', 'A', 'x')")  // the same again
            }
            XCTFail("expected a unique violation")
        } catch DatabaseError.uniqueViolation(let constraint) {
            XCTAssertEqual(constraint, "users_username_key")
        }
        let n: Int = try await pool.query("SELECT count(*) AS n FROM users").first!.decode("n")
        XCTAssertEqual(n, 0)
        // The connection is usable afterwards.
        let one: Int = try await pool.query("SELECT 1 AS one").first!.decode("one")
        XCTAssertEqual(one, 1)
    }

    func testErrorsAreMapped() async throws {
        do {
            try await pool.query("INSERT INTO users (username, full_name, password_hash) VALUES ('Has Space', 'A', 'x')")
            XCTFail("expected a check violation")
        } catch DatabaseError.checkViolation(let constraint) {
            XCTAssertEqual(constraint, "users_username_format")
        }
        do {
            try await pool.query("SELECT * FROM no_such_table")
            XCTFail("expected an error")
        } catch DatabaseError.server(let state, _) {
            XCTAssertEqual(state, "42P01")
        }
    }

    func testHundredConcurrentQueriesThroughAPoolOfFour() async throws {
        await pool.shutdown()
        pool = ConnectionPool(.init(url: try await TestDatabase.fresh(), size: 4, checkoutTimeout: .seconds(30)))
        let pool = self.pool!
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<100 {
                group.addTask {
                    try await pool.query("SELECT v FROM (SELECT $1::int AS v, pg_sleep(0.01)) s", [i]).first!.decode("v")
                }
            }
            var all: [Int] = []
            for try await v in group { all.append(v) }
            return all
        }
        XCTAssertEqual(results.sorted(), Array(0..<100))
        XCTAssertLessThanOrEqual(pool.stats.open, 4)
    }

    func testWaitingForABusyPoolTimesOut() async throws {
        await pool.shutdown()
        pool = ConnectionPool(.init(url: try await TestDatabase.fresh(), size: 1, checkoutTimeout: .milliseconds(200)))
        let pool = self.pool!
        // Twice: the one timer that expires waiters stops when nobody waits and must start again.
        for _ in 0..<2 {
            let slow = Task { try await pool.query("SELECT pg_sleep(1)") }
            try await Task.sleep(for: .milliseconds(100))
            let started = ContinuousClock.now
            do {
                try await pool.query("SELECT 1")
                XCTFail("expected a pool timeout")
            } catch DatabaseError.poolTimeout {
                XCTAssertLessThan(ContinuousClock.now - started, .seconds(1))
            }
            _ = try await slow.value
            // Free again: served.
            try await pool.query("SELECT 1")
        }
    }

    func testPoolServesAgainAfterPostgreSQLRestarts() async throws {
        guard let restart = ProcessInfo.processInfo.environment["TEST_PG_RESTART"] else {
            throw TestSetupError("TEST_PG_RESTART is not set: run the tests with `make test`")
        }
        // Fill the pool with idle connections, then restart the server under them.
        let pool = self.pool!
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { try await pool.query("SELECT pg_sleep(0.05)") } }
            try await group.waitForAll()
        }
        XCTAssertEqual(try runShell(restart), 0)
        // No request in flight during the restart, so none may fail afterwards.
        for i in 0..<20 {
            let v: Int = try await pool.query("SELECT $1::int AS v", [i]).first!.decode("v")
            XCTAssertEqual(v, i)
        }
    }

    func testUnreachableDatabaseIsReportedAsUnavailable() async throws {
        let dead = ConnectionPool(.init(url: "postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", size: 1))
        do {
            try await dead.query("SELECT 1")
            XCTFail("expected a connect failure")
        } catch let error as DatabaseError {
            XCTAssertTrue(error.isUnavailable, "\(error)")
        }
        // The failed slot is released: a second try fails the same way rather than hanging.
        do {
            try await dead.query("SELECT 1")
            XCTFail("expected a connect failure")
        } catch let error as DatabaseError {
            XCTAssertTrue(error.isUnavailable)
        }
        await dead.shutdown()
    }
}

final class MigrationTests: XCTestCase {
    func testMigrationsApplyOnceEachAndRecordThemselves() async throws {
        let pool = try await TestDatabase.freshPool()
        addTeardownBlock { await pool.shutdown() }
        // The fresh database is a copy of the migrated template: nothing left to apply.
        let applied = try await Migrator(directory: TestDatabase.packageRoot + "/sql").migrate(pool)
        XCTAssertEqual(applied, [])
        let versions = try await pool.query("SELECT version FROM schema_migrations ORDER BY version").rows.map {
            try $0.decode("version", as: Int.self)
        }
        XCTAssertEqual(versions, try Migrator(directory: TestDatabase.packageRoot + "/sql").migrations.map(\.version))
    }

    func testTwoInstancesMigratingAtOnceDoNotRace() async throws {
        let admin = try TestDatabase.adminURL()
        let name = "raadsportal_race_\(getpid())"
        let adminPool = ConnectionPool(.init(url: admin, size: 1))
        try await adminPool.withConnection { conn in
            try conn.execute("DROP DATABASE IF EXISTS \(name)")
            try conn.execute("CREATE DATABASE \(name)")
        }
        let url = try TestDatabase.url(database: name)
        let a = ConnectionPool(.init(url: url, size: 1))
        let b = ConnectionPool(.init(url: url, size: 1))
        let migrator = try Migrator(directory: TestDatabase.packageRoot + "/sql")
        async let first = migrator.migrate(a)
        async let second = migrator.migrate(b)
        let (x, y) = try await (first, second)
        // Exactly one of them applied everything; the other found nothing to do.
        XCTAssertEqual((x + y).sorted(), migrator.migrations.map(\.version))
        let n: Int = try await a.query("SELECT count(*) AS n FROM schema_migrations").first!.decode("n")
        XCTAssertEqual(n, migrator.migrations.count)
        await a.shutdown()
        await b.shutdown()
        try await adminPool.withConnection { try $0.execute("DROP DATABASE IF EXISTS \(name)") }
        await adminPool.shutdown()
    }

    func testAFailingMigrationChangesNothing() async throws {
        let pool = try await TestDatabase.freshPool()
        addTeardownBlock { await pool.shutdown() }
        let broken = Migrator(migrations: [
            .init(version: 900, name: "half", sql: "CREATE TABLE half_done (id int); SELECT * FROM no_such_table;")
        ])
        do {
            try await broken.migrate(pool)
            XCTFail("expected the migration to fail")
        } catch {}
        let table: String? = try await pool.query("SELECT to_regclass('half_done')::text AS t").first!.decode("t")
        XCTAssertNil(table)
        let recorded: Int = try await pool.query("SELECT count(*) AS n FROM schema_migrations WHERE version = 900").first!.decode("n")
        XCTAssertEqual(recorded, 0)
    }
}

final class RepositoryTests: XCTestCase {
    var pool: ConnectionPool!

    override func setUp() async throws {
        pool = try await TestDatabase.freshPool()
        try await TestDatabase.seedDemo(pool, passwordHash: "$2b$04$abcdefghijklmnopqrstuu5Ns5yqkC8sJnMgvEUTfyAxN2MMOwuxq")
    }

    override func tearDown() async throws {
        await pool?.shutdown()
    }

    func testDemoSeedIsIdempotent() async throws {
        func counts() async throws -> [Int] {
            var out: [Int] = []
            for table in [
                "users", "council_members", "projects", "council_activities", "meetings", "agenda_items", "assessment_cases",
                "recommendations", "audit_log", "attachment_chunks", "activity_participants", "steering_group_members",
            ] {
                out.append(try await pool.query("SELECT count(*) AS n FROM \(table)").first!.decode("n"))
            }
            return out
        }
        let before = try await counts()
        try await TestDatabase.seedDemo(pool, passwordHash: "$2b$04$abcdefghijklmnopqrstuu5Ns5yqkC8sJnMgvEUTfyAxN2MMOwuxq")
        try await assertEqual(try await counts(), before)
        XCTAssertEqual(Array(before.prefix(8)), [DemoSeed.accounts.count, 6, 10, 14, 3, 12, 10, 63])
    }

    func testDemoDataFollowsTheSeeds() async throws {
        let council = CouncilRepository(pool: pool)
        let projects = try await council.projects(leaderID: nil)
        let assessed = projects.filter { $0.riskProfile != nil }
        XCTAssertEqual(assessed.count, 6)
        XCTAssertEqual(assessed.filter { $0.riskProfile == .b }.map(\.shortName), ["LABREK"])
        let members = try await council.members()
        XCTAssertEqual(members.count, 6)
        XCTAssertEqual(members.filter(\.isRegional).count, 3)
        let linked: [String] = try await pool.query(
            "SELECT u.username FROM council_members m JOIN users u ON u.id = m.user_id ORDER BY u.username"
        ).rows.map { try $0.decode("username") }
        XCTAssertEqual(linked, ["raadsmedlem1", "raadsmedlem2"])
        let activities = try await council.activities(leaderID: nil)
        XCTAssertEqual(activities.filter { $0.monthDone != nil && $0.kind == .risikovurdering }.count, 6)
        XCTAssertEqual(activities.filter { $0.monthDone != nil && $0.kind == .sparringsmoede }.count, 2)
        XCTAssertEqual(activities.filter { $0.expectedYear == 2022 }.count, 4)

        // The six assessments carry their cases: sent letters with the report's profiles, and the
        // report's 59 recommendations: 19/18/14/8 over the focus areas (Figur 2), per project as Figur 3.
        let letters: [String] = try await pool.query(
            """
            SELECT p.short_name || ':' || l.final_profile AS x FROM case_letters l JOIN assessment_cases c ON c.id = l.case_id
            JOIN projects p ON p.id = c.project_id WHERE l.sent_at IS NOT NULL AND l.final_profile = p.risk_profile ORDER BY p.id
            """
        ).rows.map { try $0.decode("x") }
        XCTAssertEqual(letters, ["LUNA:A", "KIIT:A", "LABREK:B", ":A", "SMR2:A", "FUT:A"])
        let perArea: [String] = try await pool.query(
            """
            SELECT r.focus_area || '=' || count(*) AS x FROM recommendations r JOIN case_letters l ON l.case_id = r.case_id
            WHERE l.sent_at IS NOT NULL GROUP BY r.focus_area ORDER BY count(*) DESC
            """
        ).rows.map { try $0.decode("x") }
        XCTAssertEqual(perArea, ["projekttilrettelaeggelse=19", "governance=18", "forretning=14", "teknik=8"])
        let perProject: [String] = try await pool.query(
            """
            SELECT c.project_id || ':' || string_agg(n::text, '/' ORDER BY n DESC) AS x FROM (
                SELECT case_id, focus_area, count(*) AS n FROM recommendations GROUP BY case_id, focus_area) r
            JOIN assessment_cases c ON c.id = r.case_id JOIN case_letters l ON l.case_id = c.id
            WHERE l.sent_at IS NOT NULL GROUP BY c.project_id ORDER BY c.project_id
            """
        ).rows.map { try $0.decode("x") }
        XCTAssertEqual(perProject, ["1:8/5/2/2", "2:6/4/4/2", "3:3/2/1/1", "4:3/2/1/1", "5:5/1/1", "6:3/2"])
        try await assertEqual(
            try await pool.query(
                "SELECT count(*) AS n FROM recommendations WHERE answer IS NOT NULL AND action_date IS NOT NULL AND case_id <= 6"
            ).first!.decode("n", as: Int.self), 59)
        try await assertEqual(try await pool.query("SELECT count(*) AS n FROM case_evaluations").first!.decode("n", as: Int.self), 6)
        try await assertEqual(
            try await pool.query(
                "SELECT partner_council AS x FROM assessment_cases WHERE project_id = 6"
            ).first!.decode("x", as: String.self), "Københavns Kommunes It-projektråd")
    }

    func testConfidentialItemsNeverLeaveTheDatabaseForOtherReaders() async throws {
        let board = BoardRepository(pool: pool)
        let publicView = try await board.agenda(meetingID: 1, reader: .anonymous)
        XCTAssertEqual(publicView.map(\.number), Array(1...10))
        let withheld = publicView.compactMap { if case .withheld(let n) = $0 { n } else { nil } }
        XCTAssertEqual(withheld, [1, 3, 4, 5, 6])
        let full = try await board.agenda(meetingID: 1, reader: .system)
        XCTAssertTrue(full.allSatisfy { if case .readable = $0 { true } else { false } })
        if case .withheld = try await board.item(meetingID: 1, number: 3, includeDrafts: false, reader: .anonymous)! {
        } else {
            XCTFail("item 3 must be withheld")
        }
        guard case .readable(let item) = try await board.item(meetingID: 1, number: 3, includeDrafts: false, reader: .system)! else {
            return XCTFail("a board member reads item 3")
        }
        XCTAssertTrue(item.confidential)
        XCTAssertNotNil(CaseNumber(item.caseNumber))
    }

    func testAuditLogIsAppendOnly() async throws {
        let audit = AuditRepository(pool: pool)
        let seeded = try await audit.page(offset: 0, limit: 1).total
        try await audit.append(.init(userID: nil, username: "x", action: "test", clientIP: "127.0.0.1"))
        for statement in ["UPDATE audit_log SET action = 'changed'", "DELETE FROM audit_log", "TRUNCATE audit_log"] {
            do {
                try await pool.query(statement)
                XCTFail("\(statement) must be refused")
            } catch DatabaseError.server(let state, _) {
                XCTAssertEqual(state, "42501")
            }
        }
        let (entries, total) = try await audit.page(offset: 0, limit: 10)
        XCTAssertEqual(total, seeded + 1)
        XCTAssertEqual(entries.first?.action, "test")
    }

    func testOptimisticVersionRefusesAStaleSave() async throws {
        let users = UserRepository(pool: pool)
        let (user, _) = try await users.credentials(username: "vurderer1")!
        try await assertTrue(try await users.update(id: user.id, version: user.version, fullName: "Ny", email: "", roles: [.assessor], active: true))
        try await assertFalse(
            try await users.update(id: user.id, version: user.version, fullName: "Gammel", email: "", roles: [.assessor], active: true))
        try await assertEqual(try await users.find(id: user.id)?.fullName, "Ny")
    }
}
