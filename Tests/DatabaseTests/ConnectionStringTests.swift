import XCTest

@testable import Database

/// DATABASE_URL is read by libpq (`PQconninfoParse`): every form libpq accepts passes, anything
/// else is refused in one line, and a password never shows in a message.
final class ConnectionStringTests: XCTestCase {
    func testEveryFormLibpqAcceptsIsAccepted() {
        let accepted = [
            "postgresql://postgres@127.0.0.1:5432/raadsportal",
            "postgres://raadsportal:hemme%40ligt@db.example.org/raadsportal?sslmode=require",
            // Several hosts: libpq tries them in order and keeps the first that takes writes.
            "postgresql://10.0.0.1:5432,10.0.0.2:5432/raadsportal?target_session_attrs=read-write",
            "postgresql://db1,db2:5433/raadsportal?target_session_attrs=primary&connect_timeout=3",
            "postgresql://[::1]:5432/raadsportal",
            "postgresql:///raadsportal?host=/var/run/postgresql",
            "host=db1,db2 port=5432,5433 dbname=raadsportal user=raadsportal target_session_attrs=read-write",
            "host=127.0.0.1 dbname=raadsportal password='med mellemrum og \\' citat'",
            // The rest from PGHOST, PGPORT, PGUSER, PGPASSWORD … and libpq's defaults.
            "dbname=raadsportal",
            "postgresql://",
            "",
        ]
        for conninfo in accepted {
            XCTAssertNil(ConnectionString.problem(conninfo), conninfo)
        }
        guard case .success(let settings) = ConnectionString.settings(accepted[2]) else { return XCTFail("not parsed") }
        XCTAssertEqual(settings["host"], "10.0.0.1,10.0.0.2")
        XCTAssertEqual(settings["port"], "5432,5432")
        XCTAssertEqual(settings["target_session_attrs"], "read-write")
    }

    func testAMalformedStringIsRefusedInOneLine() {
        let refused: [(String, String)] = [
            ("not a url", #"missing "=" after "not""#),
            ("raadsportal", "missing \"=\""),
            ("http://db/raadsportal", "missing \"=\""),
            ("postgresql://db/raadsportal?sslmod=require", "invalid URI query parameter"),
            ("postgresql://db:54x2/raadsportal", "port '54x2'"),
            ("postgresql://db:70000/raadsportal", "port '70000'"),
            ("host=a,b,c port=5432,5433 dbname=raadsportal", "3 host(s) but 2 ports"),
            ("postgresql://a,b/raadsportal?target_session_attrs=writable", "target_session_attrs 'writable'"),
            ("host=a dbname=raadsportal connect_timeout=soon", "connect_timeout 'soon'"),
        ]
        for (conninfo, expected) in refused {
            guard let problem = ConnectionString.problem(conninfo) else {
                XCTFail("accepted: \(conninfo)")
                continue
            }
            XCTAssertTrue(problem.hasPrefix("DATABASE_URL "), problem)
            XCTAssertTrue(problem.contains(expected), "\(conninfo): \(problem)")
            XCTAssertFalse(problem.contains("\n"), problem)
        }
    }

    func testThePasswordNeverShows() {
        let redacted: [(String, String)] = [
            ("postgresql://u:hemmeligt@h/db", "postgresql://u:***@h/db"),
            (
                "postgresql://u:hemme%40ligt@h1:5432,h2:5432/db?target_session_attrs=read-write",
                "postgresql://u:***@h1:5432,h2:5432/db?target_session_attrs=read-write"
            ),
            ("postgresql://u@h/db?password=hemmeligt&sslmode=require", "postgresql://u@h/db?password=***&sslmode=require"),
            ("host=h password=hemmeligt dbname=db", "host=h password=*** dbname=db"),
            ("host=h password = 'hemme \\'ligt' dbname=db", "host=h password = *** dbname=db"),
            ("host=h dbname=db", "host=h dbname=db"),
            ("postgresql://u@h/db", "postgresql://u@h/db"),
        ]
        for (conninfo, expected) in redacted {
            XCTAssertEqual(ConnectionString.redacted(conninfo), expected)
        }
        // Refused strings that hold one: neither the string nor libpq's message (which quotes the
        // text it stumbled on) shows it.
        for conninfo in [
            "postgresql://u:hemmeligt%zz@h/db", "host=h password=hemmeligt kode", "postgresql://u:hemmeligt@h:54x2/db",
            "host=h password=hemmeligt target_session_attrs=writable",
        ] {
            let problem = ConnectionString.problem(conninfo) ?? ""
            XCTAssertFalse(problem.isEmpty, conninfo)
            XCTAssertFalse(problem.contains("hemmeligt"), problem)
            XCTAssertFalse(problem.contains("kode"), problem)
        }
    }
}
