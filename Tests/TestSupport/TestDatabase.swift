import Database
import Foundation

/// Tests run against a real PostgreSQL: the throwaway cluster `scripts/test.sh` starts and names in
/// `TEST_DATABASE_URL`. The schema is migrated once into a template database; each test gets a
/// fresh copy of it (`CREATE DATABASE … TEMPLATE …`), which is fast and isolates tests.
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

    private static let template = "raadsportal_test_template_\(getpid())"
    private static let state = TemplateState()

    /// A new database migrated to the current schema; returns its URL.
    public static func fresh() async throws -> String {
        try await state.ensureTemplate()
        let name = "raadsportal_test_\(getpid())_\(await state.nextNumber())"
        let admin = ConnectionPool(.init(url: try adminURL(), size: 1))
        defer { Task { await admin.shutdown() } }
        try await admin.withConnection { conn in
            try conn.execute("DROP DATABASE IF EXISTS \(name)")
            try conn.execute("CREATE DATABASE \(name) TEMPLATE \(template)")
        }
        await admin.shutdown()
        return try url(database: name)
    }

    /// A pool on a fresh database.
    public static func freshPool(size: Int = 4, checkoutTimeout: Duration = .seconds(5)) async throws -> ConnectionPool {
        ConnectionPool(.init(url: try await fresh(), size: size, checkoutTimeout: checkoutTimeout))
    }

    /// Loads the demo data with a cheap password hash (a low bcrypt cost keeps tests fast; the
    /// app's own hasher is tested to use cost 12).
    public static func seedDemo(_ pool: ConnectionPool, passwordHash: String) async throws {
        try await DemoSeed(pool: pool, seedFile: packageRoot + "/seed/demo.sql").run(passwordHash: passwordHash)
    }

    actor TemplateState {
        var ready = false
        var counter = 0
        func nextNumber() -> Int {
            counter += 1
            return counter
        }
        func ensureTemplate() async throws {
            guard !ready else { return }
            let admin = ConnectionPool(.init(url: try TestDatabase.adminURL(), size: 1))
            try await admin.withConnection { conn in
                try conn.execute("DROP DATABASE IF EXISTS \(TestDatabase.template)")
                try conn.execute("CREATE DATABASE \(TestDatabase.template)")
            }
            await admin.shutdown()
            let pool = ConnectionPool(.init(url: try TestDatabase.url(database: TestDatabase.template), size: 1))
            try await Migrator(directory: TestDatabase.packageRoot + "/sql").migrate(pool)
            await pool.shutdown()
            ready = true
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
