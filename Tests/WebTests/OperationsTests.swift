import Database
import Domain
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// What an operator relies on: request ids, metrics only for the operator, and a client address
/// that a forged header cannot change. (Two instances behind nginx, the log's content and the
/// start-up checks run in the test command against the real binary: Tests/Operations.)
final class OperationsTests: XCTestCase {
    func testTheRequestIdIsTakenOrMadeAndEchoed() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            let given = try await browser.send("/healthz", method: .get, body: nil, headers: [HTTPField.Name("X-Request-Id")!: "drift-4711"])
            XCTAssertEqual(given.headers[HTTPField.Name("X-Request-Id")!], "drift-4711")
            let made = try await browser.get("/")
            let id = try XCTUnwrap(made.headers[HTTPField.Name("X-Request-Id")!])
            XCTAssertEqual(id.count, 24)
            // Something that is not an id (spaces, a newline for log injection) is replaced, not echoed.
            let odd = try await browser.send("/healthz", method: .get, body: nil, headers: [HTTPField.Name("X-Request-Id")!: "a b; drop"])
            XCTAssertNotEqual(odd.headers[HTTPField.Name("X-Request-Id")!], "a b; drop")
            let missing = try await browser.get("/findes-ikke")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertNotNil(missing.headers[HTTPField.Name("X-Request-Id")!], "error pages carry the id too")
        }
    }

    func testMetricsAreForTheOperatorOnly() async throws {
        var config = AppConfig()
        config.metricsToken = "hemmelig-token-til-prometheus"
        let app = try await TestApp.make(config: config)
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            try await browser.get("/bestyrelse/moeder")
            try await browser.get("/bestyrelse/moeder/1")
            // Not from an address outside METRICS_ALLOW, not with a wrong token.
            try await assertEqual(try await browser.get("/metrics").status, .notFound)
            try await assertEqual(
                try await browser.send(
                    "/metrics", method: .get, body: nil,
                    headers: [.authorization: "Bearer forkert-token-forkert-token"]
                ).status, .notFound)
            let metrics = try await browser.send(
                "/metrics", method: .get, body: nil, headers: [.authorization: "Bearer hemmelig-token-til-prometheus"])
            XCTAssertEqual(metrics.status, .ok)
            XCTAssertEqual(metrics.headers[.contentType], "text/plain; version=0.0.4; charset=utf-8")
            for name in [
                "raadsportal_db_pool_size 8", "raadsportal_db_pool_open", "raadsportal_db_pool_in_use", "raadsportal_db_pool_waiting",
                "raadsportal_db_query_errors", "raadsportal_login_failures_last_hour", "raadsportal_sessions_active",
            ] {
                XCTAssertTrue(metrics.body.contains(name), name)
            }
            // Requests by route and status, and a latency histogram per route (RequestMetricsMiddleware).
            XCTAssertTrue(
                metrics.body.contains("/bestyrelse/moeder/{id}") || metrics.body.contains("/bestyrelse/moeder/:id"),
                metrics.body.prefix(3000).description)
            XCTAssertTrue(metrics.body.contains("_bucket{"), "a histogram")
        }
    }

    func testAForgedForwardedForFromAnUntrustedAddressIsIgnored() async throws {
        let app = try await TestApp.make()  // no TRUSTED_PROXIES
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            try await browser.get("/login")
            let body = "username=bestyrelse&password=forkert-adgangskode&csrf_token=\(browser.lastCSRF ?? "")"
            let page = try await browser.send(
                "/login", method: .post, body: body, contentType: "application/x-www-form-urlencoded",
                headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.9"])
            XCTAssertEqual(page.status, .unauthorized)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM login_failures WHERE username = 'bestyrelse'"), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM login_failures WHERE client_ip = '203.0.113.9'"), 0)
        XCTAssertNotNil(AppConfig.databaseURLProblem("not a url"))
        XCTAssertNil(AppConfig.databaseURLProblem("postgresql://postgres@127.0.0.1:5432/raadsportal"))
        XCTAssertNil(AppConfig.databaseURLProblem("host=127.0.0.1 dbname=raadsportal"))
        XCTAssertEqual(AppConfig.redacted("postgresql://u:hemmeligt@h/db"), "postgresql://u:***@h/db")
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["DATABASE_URL": "raadsportal"]))
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["LOG_FORMAT": "xml"]))
    }
}
