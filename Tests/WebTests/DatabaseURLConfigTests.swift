import XCTest

@testable import Web

/// DATABASE_URL at start-up: any connection string libpq accepts, the PG* variables without one,
/// and one line without the password for a string libpq refuses.
final class DatabaseURLConfigTests: XCTestCase {
    func testLibpqFormsAreAccepted() throws {
        for url in [
            "postgresql://raadsportal:hemmeligt@10.0.0.1:5432,10.0.0.2:5432/raadsportal?target_session_attrs=read-write",
            "host=10.0.0.1,10.0.0.2 port=5432 dbname=raadsportal target_session_attrs=read-write",
            "postgresql:///raadsportal",
        ] {
            XCTAssertEqual(try AppConfig.fromEnvironment(["DATABASE_URL": url]).databaseURL, url)
        }
    }

    func testWithoutDatabaseURLThePGVariablesDecide() throws {
        XCTAssertEqual(try AppConfig.fromEnvironment([:]).databaseURL, "postgresql://127.0.0.1:5432/raadsportal")
        XCTAssertEqual(try AppConfig.fromEnvironment(["PGHOST": "db.example.org", "PGDATABASE": "raadsportal"]).databaseURL, "")
        XCTAssertEqual(try AppConfig.fromEnvironment(["DATABASE_URL": "", "PGSERVICE": "raadsportal"]).databaseURL, "")
        // PGPASSWORD alone names no server: the default address stays.
        XCTAssertEqual(try AppConfig.fromEnvironment(["PGPASSWORD": "x"]).databaseURL, "postgresql://127.0.0.1:5432/raadsportal")
    }

    func testARefusedStringIsOneLineWithoutThePassword() {
        for url in ["postgresql://raadsportal:hemmeligt@db:54x2/raadsportal", "postgresql://raadsportal:hemmeligt%zz@db/raadsportal"] {
            XCTAssertThrowsError(try AppConfig.fromEnvironment(["DATABASE_URL": url])) { error in
                let text = "\(error)"
                XCTAssertTrue(text.hasPrefix("DATABASE_URL "), text)
                XCTAssertFalse(text.contains("hemmeligt"), text)
                XCTAssertFalse(text.contains("\n"), text)
            }
        }
    }
}
