import Database
import Foundation

/// Tests run against a real PostgreSQL: the throwaway cluster `scripts/test.sh` starts and names in
/// `TEST_DATABASE_URL`. Two template databases are made once per test run: one migrated to the
/// current schema, and one migrated with the demo data loaded. Each test gets a fresh copy of one
/// of them (`CREATE DATABASE … TEMPLATE …`), which is fast and isolates tests.
public enum TestDatabase {
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The maintenance URL (database `postgres`) of the test cluster. Only a local cluster is accepted.
    public static func adminURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty else {
            throw TestSetupError("TEST_DATABASE_URL is not set: run the tests with `make test` (scripts/test.sh starts a cluster)")
        }
        guard url.contains("@127.0.0.1") || url.contains("@localhost") || url.contains("@[::1]") else {
            throw TestSetupError("refusing a test database that is not on this machine: \(url)")
        }
        return url
    }

    /// The URL of another database on the same cluster.
    public static func url(database: String) throws -> String {
        let admin = try adminURL()
        guard let slash = admin.range(of: "/", options: .backwards) else { throw TestSetupError("bad TEST_DATABASE_URL") }
        var rest = String(admin[slash.upperBound...])
        if let q = rest.firstIndex(of: "?") { rest = String(rest[q...]) } else { rest = "" }
        return String(admin[..<slash.upperBound]) + database + rest
    }

    private static let state = TemplateState()

    /// A new database migrated to the current schema; returns its URL.
    public static func fresh() async throws -> String {
        try url(database: try await state.copy(of: try await state.migratedTemplate()))
    }

    /// A new database migrated to the current schema with the demo data loaded; returns its URL.
    /// The demo data is loaded once per test run into a template (see `TemplateState`), with the
    /// `passwordHash` of the first caller: every caller passes a hash of the same test password.
    public static func freshSeeded(passwordHash: String) async throws -> String {
        try url(database: try await state.copy(of: try await state.seededTemplate(passwordHash: passwordHash)))
    }

    /// A pool on a fresh database; it is shut down when the test ends at the latest (`TestLifetime`).
    public static func freshPool(size: Int = 4, checkoutTimeout: Duration = .seconds(5)) async throws -> ConnectionPool {
        pool(url: try await fresh(), size: size, checkoutTimeout: checkoutTimeout)
    }

    /// A pool on a fresh database with the demo data; shut down when the test ends at the latest.
    public static func freshSeededPool(
        passwordHash: String, size: Int = 4, checkoutTimeout: Duration = .seconds(5)
    ) async throws -> ConnectionPool {
        pool(url: try await freshSeeded(passwordHash: passwordHash), size: size, checkoutTimeout: checkoutTimeout)
    }

    private static func pool(url: String, size: Int, checkoutTimeout: Duration) -> ConnectionPool {
        let pool = ConnectionPool(.init(url: url, size: size, checkoutTimeout: checkoutTimeout))
        TestLifetime.shutDownAtTheEnd { await pool.shutdown() }
        return pool
    }

    /// Loads the demo data with a cheap password hash (a low bcrypt cost keeps tests fast; the
    /// app's own hasher is tested to use cost 12).
    public static func seedDemo(_ pool: ConnectionPool, passwordHash: String) async throws {
        try await DemoSeed(pool: pool, seedFile: packageRoot + "/seed/demo.sql").run(passwordHash: passwordHash)
    }

    /// Creates database `name` as a copy of `template`.
    static func createCopy(of template: String, as name: String, strategy: String) async throws {
        try await withAdmin { admin in
            try await admin.withConnection { conn in
                try conn.execute("DROP DATABASE IF EXISTS \(name)")
                try conn.execute("CREATE DATABASE \(name) TEMPLATE \(template)\(strategy)")
            }
        }
    }

    /// Runs `body` with a one-connection pool on the maintenance database, and shuts it down.
    static func withAdmin<T: Sendable>(_ body: @Sendable (ConnectionPool) async throws -> T) async throws -> T {
        let admin = ConnectionPool(.init(url: try adminURL(), size: 1))
        do {
            let value = try await body(admin)
            await admin.shutdown()
            return value
        } catch {
            await admin.shutdown()
            throw error
        }
    }

    /// The two templates, made once per test run and shared by every test process on the cluster.
    ///
    /// Their names carry a fingerprint of what they hold (the migrations, the demo data and accounts,
    /// and the day it is loaded, since the demo dates its cases in progress from that day): a cluster kept
    /// between runs never serves a stale template, and test processes running at the same time
    /// find the same names. A template is made under an advisory lock on the maintenance database,
    /// built under a temporary name and renamed when complete, so a process either finds it whole
    /// or waits for the one making it; a process that died halfway leaves only the temporary name,
    /// which the next one drops.
    actor TemplateState {
        /// Arbitrary but fixed: the advisory lock test processes take while making a template.
        static let lockKey = 7_460_221_020

        private var migrated: String?
        private var seeded: String?
        private var counter = 0
        /// Per template, the copy being made for the next test that asks for one.
        private var spares: [String: Task<String, any Error>] = [:]

        private func nextName() -> String {
            counter += 1
            return "raadsportal_test_\(getpid())_\(counter)"
        }

        /// A new copy of `template`; returns its name. The copy for the next test is made while
        /// this one runs (tests run one after another, and a copy takes 0.1–0.25 s of mostly
        /// PostgreSQL's work: the XCTest part took 20–25 % less wall time on two cores), so a test
        /// mostly finds its database ready. A spare that could not be made (a test restarted
        /// PostgreSQL meanwhile) is made again, now.
        func copy(of template: String) async throws -> String {
            let strategy = try await copyStrategy()
            var name: String? = nil
            if let spare = spares.removeValue(forKey: template) { name = try? await spare.value }
            if name == nil {
                let fresh = nextName()
                try await TestDatabase.createCopy(of: template, as: fresh, strategy: strategy)
                name = fresh
            }
            let next = nextName()
            spares[template] = Task.detached {
                try await TestDatabase.createCopy(of: template, as: next, strategy: strategy)
                return next
            }
            return name!
        }

        private var strategy: String?

        /// PostgreSQL 15 copies a database block by block through the WAL by default; copying its
        /// files (after a checkpoint, cheap on the test cluster without fsync) took 180 instead of
        /// 260 ms for the 10 MB demo database. Older servers only copy files, and know no STRATEGY.
        func copyStrategy() async throws -> String {
            if let strategy { return strategy }
            let version: Int = try await TestDatabase.withAdmin { admin in
                try await admin.query("SELECT current_setting('server_version_num')::int AS v").first!.decode("v")
            }
            let chosen = version >= 150000 ? " STRATEGY FILE_COPY" : ""
            strategy = chosen
            return chosen
        }

        func migratedTemplate() async throws -> String {
            if let migrated { return migrated }
            let root = TestDatabase.packageRoot
            let name = "raadsportal_test_tpl_\(try Self.fingerprint(ofFolder: root + "/sql"))"
            try await Self.make(name) { url in
                let pool = ConnectionPool(.init(url: url, size: 1))
                do {
                    try await Migrator(directory: root + "/sql").migrate(pool)
                } catch {
                    await pool.shutdown()
                    throw error
                }
                await pool.shutdown()
            }
            migrated = name
            return name
        }

        func seededTemplate(passwordHash: String) async throws -> String {
            if let seeded { return seeded }
            let base = try await migratedTemplate()
            let root = TestDatabase.packageRoot
            // The seed's "today": the session's date (UTC, see Connection) and Copenhagen's.
            let today: String = try await TestDatabase.withAdmin { admin in
                try await admin.query(
                    "SELECT to_char(current_date, 'YYYYMMDD') || to_char(now() AT TIME ZONE 'Europe/Copenhagen', 'YYYYMMDD') AS d"
                ).first!.decode("d")
            }
            let seedFile = root + "/seed/demo.sql"
            let contents = try String(contentsOfFile: seedFile, encoding: .utf8)
            let accounts = String(describing: DemoSeed.accounts)
            let name = "raadsportal_test_tpl_demo_\(Self.fnv1a(base + today + accounts + contents))"
            try await Self.make(name, from: base) { url in
                let pool = ConnectionPool(.init(url: url, size: 1))
                do {
                    try await DemoSeed(pool: pool, seedFile: seedFile).run(passwordHash: passwordHash)
                } catch {
                    await pool.shutdown()
                    throw error
                }
                await pool.shutdown()
            }
            seeded = name
            return name
        }

        /// Makes database `name` (a copy of `template`, or empty) unless it exists, filling it with
        /// `fill` under a temporary name; under the advisory lock.
        private static func make(
            _ name: String, from template: String? = nil, fill: @Sendable (String) async throws -> Void
        ) async throws {
            try await TestDatabase.withAdmin { admin in
                let key = lockKey
                // Waiting for another process to finish a template may take longer than the
                // connection's statement timeout.
                try await admin.withConnection { conn in
                    try conn.execute("SET statement_timeout = 0")
                    try conn.query("SELECT pg_advisory_lock($1)", [key])
                }
                do {
                    let exists =
                        try await admin.query("SELECT count(*) AS n FROM pg_database WHERE datname = $1", [name])
                        .first!.decode("n", as: Int.self) > 0
                    if !exists {
                        let building = name + "_building"
                        try await admin.withConnection { conn in
                            try conn.execute("DROP DATABASE IF EXISTS \(building)")
                            try conn.execute("CREATE DATABASE \(building)" + (template.map { " TEMPLATE \($0)" } ?? ""))
                        }
                        try await fill(try TestDatabase.url(database: building))
                        try await admin.withConnection { conn in
                            try conn.execute("ALTER DATABASE \(building) RENAME TO \(name)")
                        }
                    }
                } catch {
                    _ = try? await admin.withConnection { try $0.query("SELECT pg_advisory_unlock($1)", [key]) }
                    throw error
                }
                _ = try? await admin.withConnection { try $0.query("SELECT pg_advisory_unlock($1)", [key]) }
            }
        }

        /// A fingerprint of the `.sql` files in a folder: names and contents, in name order.
        static func fingerprint(ofFolder folder: String) throws -> String {
            let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".sql") }.sorted()
            var text = ""
            for file in files {
                text += file + "\u{0}" + (try String(contentsOfFile: folder + "/" + file, encoding: .utf8)) + "\u{0}"
            }
            return fnv1a(text)
        }

        /// 64-bit FNV-1a as 16 hex digits: enough to tell versions of the test data apart.
        static func fnv1a(_ text: String) -> String {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a shell command (e.g. the cluster restart the test script provides) and waits for it.
/// (Plain system(3): Foundation's Process.waitUntilExit can stall inside async tests.)
@discardableResult
public func runShell(_ command: String) throws -> Int32 {
    let status = system(command + " >/dev/null 2>&1 </dev/null")
    return status == -1 ? -1 : (status >> 8) & 0xFF
}
