import Foundation
import TestSupport
import XCTest

@testable import Database

#if canImport(Glibc)
    import Glibc
#endif

/// What the pool does for a failover (the whole failover, with a real standby promoted, is
/// Tests/Operations/failover.py): it opens every new connection from the connection string, so
/// libpq takes it to whichever host takes writes now; it does not keep a connection to a server
/// that refuses writes; and a host that never answers costs the connect timeout, not minutes.
final class FailoverTests: XCTestCase {
    /// The test database's host, port, user and name, for writing other forms of its address.
    private func parts(_ url: String) throws -> (host: String, port: String, user: String, dbname: String) {
        guard case .success(let s) = ConnectionString.settings(url), let host = s["host"], let port = s["port"], let db = s["dbname"] else {
            throw TestSetupError("cannot read \(url)")
        }
        return (host, port, s["user"] ?? "postgres", db)
    }

    func testAMultiHostStringReachesTheHostThatTakesWrites() async throws {
        let url = try await TestDatabase.fresh()
        let p = try parts(url)
        // The first host is down (nothing listens on port 1): libpq goes on to the second.
        let forms = [
            "postgresql://\(p.user)@\(p.host):1,\(p.host):\(p.port)/\(p.dbname)?target_session_attrs=read-write",
            "host=\(p.host),\(p.host) port=1,\(p.port) user=\(p.user) dbname=\(p.dbname) target_session_attrs=read-write",
        ]
        for conninfo in forms {
            XCTAssertNil(ConnectionString.problem(conninfo))
            let pool = ConnectionPool(.init(url: conninfo, size: 1))
            let port: String = try await pool.query("SELECT current_setting('port') AS p").first!.decode("p")
            XCTAssertEqual(port, p.port, conninfo)
            try await pool.query("CREATE TABLE IF NOT EXISTS failover_probe (n int)")
            await pool.shutdown()
        }
    }

    /// With target_session_attrs=read-write libpq refuses a server whose sessions are read-only
    /// (as a standby's are): the pool answers "unavailable" at once, and serves again, without
    /// being restarted, once the server takes writes (as a standby does once promoted).
    func testNoHostTakesWritesUntilOneDoes() async throws {
        let url = try await TestDatabase.fresh()
        let p = try parts(url)
        let admin = ConnectionPool(.init(url: url, size: 1))
        try await admin.query("ALTER DATABASE \(p.dbname) SET default_transaction_read_only = on")
        let conninfo = "postgresql://\(p.user)@\(p.host):1,\(p.host):\(p.port)/\(p.dbname)?target_session_attrs=read-write"
        let pool = ConnectionPool(.init(url: conninfo, size: 2, checkoutTimeout: .seconds(5)))
        let started = ContinuousClock.now
        do {
            try await pool.query("SELECT 1")
            XCTFail("connected to a read-only server")
        } catch let error as DatabaseError {
            XCTAssertTrue(error.isUnavailable, "\(error)")
            XCTAssertTrue("\(error)".contains("read-only") || "\(error)".contains("read-write"), "\(error)")
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5), "refused within the pool's wait")
        try await admin.query("ALTER DATABASE \(p.dbname) RESET default_transaction_read_only")
        let one: Int = try await pool.query("SELECT 1 AS one").first!.decode("one")
        XCTAssertEqual(one, 1)
        await pool.shutdown()
        await admin.shutdown()
    }

    /// A connection whose server refuses a write as read-only is not kept: a single statement is
    /// sent again on a new connection (nothing was written), a transaction fails as "unavailable"
    /// (a 503), and the next request gets a connection that takes writes.
    func testAConnectionToAReadOnlyServerIsNotKept() async throws {
        let pool = ConnectionPool(.init(url: try await TestDatabase.fresh(), size: 1))
        try await pool.query("CREATE TABLE failover_probe (n int)")
        let makeReadOnly: @Sendable (Connection) throws -> Void = { try $0.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY") }

        try await pool.withConnection(makeReadOnly)
        try await pool.query("INSERT INTO failover_probe VALUES (1)")
        let readOnly: String = try await pool.query("SHOW transaction_read_only").first!.decode("transaction_read_only")
        XCTAssertEqual(readOnly, "off")

        try await pool.withConnection(makeReadOnly)
        do {
            _ = try await pool.transaction { try $0.query("INSERT INTO failover_probe VALUES (2)") }
            XCTFail("a read-only connection took a write")
        } catch let error as DatabaseError {
            XCTAssertTrue(error.isUnavailable, "\(error)")
        }
        _ = try await pool.transaction { try $0.query("INSERT INTO failover_probe VALUES (3)") }
        let rows: [Int] = try await pool.query("SELECT n FROM failover_probe ORDER BY n").rows.map { try $0.decode("n") }
        XCTAssertEqual(rows, [1, 3])
        await pool.shutdown()
    }

    /// A host that accepts the TCP connection and then says nothing (a machine hanging, a network
    /// dropping packets): the connect gives up after the pool's connect timeout.
    func testAHostThatNeverAnswersCostsTheConnectTimeout() async throws {
        XCTAssertEqual(ConnectionPool.Configuration(url: "").connectTimeout, 5)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // Listening without ever accepting: the kernel completes the handshake, nobody answers.
        guard bound == 0, listen(fd, 8) == 0 else { throw TestSetupError("cannot listen") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = Int(UInt16(bigEndian: addr.sin_port))

        let pool = ConnectionPool(.init(url: "postgresql://postgres@127.0.0.1:\(port)/none", size: 1, connectTimeout: 2))
        let started = ContinuousClock.now
        do {
            try await pool.query("SELECT 1")
            XCTFail("connected to a silent host")
        } catch let error as DatabaseError {
            XCTAssertTrue(error.isUnavailable, "\(error)")
        }
        let waited = ContinuousClock.now - started
        XCTAssertGreaterThanOrEqual(waited, .milliseconds(1500))
        XCTAssertLessThan(waited, .milliseconds(4500))
        await pool.shutdown()
    }
}
