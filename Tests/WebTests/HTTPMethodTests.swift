import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// HTTP as clients expect it of every route (issue 17, point 6): HEAD answers every GET route with
/// the same status and headers and no body; a method a path does not answer is a 405 with `Allow`;
/// OPTIONS answers with `Allow`.
final class HTTPMethodTests: XCTestCase {
    func testHeadAnswersEveryGetRouteLikeGetWithoutABody() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let routes = try buildSite(app.services).index.all.filter { $0.methods.contains(.get) }.map(\.url.path)
        XCTAssertGreaterThan(routes.count, 60)
        try await app.run { browser in
            for account in [nil, "bestyrelse"] as [String?] {
                browser.cookies = [:]
                if let account { try await browser.login(account) }
                for route in routes where route != SiteURL.logout.path {
                    let path = RouteSweepTests.concrete(route)
                    let get = try await browser.get(path)
                    let head = try await browser.send(path, method: .head, body: nil)
                    XCTAssertEqual(head.status, get.status, "HEAD \(path) as \(account ?? "anonymous")")
                    XCTAssertEqual(head.body, "", "HEAD \(path) has no body")
                    XCTAssertEqual(head.headers[.contentType], get.headers[.contentType], "HEAD \(path): Content-Type")
                    XCTAssertEqual(head.headers[.location], get.headers[.location], "HEAD \(path): Location")
                }
            }
        }
    }

    func testHeadKeepsTheHeadersOfTheGet() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            for path in [SiteURL.healthz.path, SiteURL.meeting(.value(1)).path, SiteURL.calendar.path, SiteURL.sitemap.path] {
                let get = try await browser.get(path)
                let head = try await browser.send(path, method: .head, body: nil)
                XCTAssertEqual(head.status, .ok, path)
                XCTAssertEqual(head.body, "", path)
                XCTAssertEqual(head.headers[.contentLength], get.headers[.contentLength], "\(path): the length a GET would have")
                XCTAssertEqual(head.headers[.contentType], get.headers[.contentType], path)
                XCTAssertEqual(head.headers[.cacheControl], get.headers[.cacheControl], path)
            }
            // An error page answers HEAD with its status and no body.
            let missing = try await browser.send(SiteURL.meeting(.value(999_999)).path, method: .head, body: nil)
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertEqual(missing.body, "")
        }
    }

    func testAWrongMethodIs405WithAllow() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            // Without a session or CSRF token: the method is wrong before anything else is.
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.post, SiteURL.healthz.path, "GET, HEAD, OPTIONS"),
                (.post, SiteURL.meeting(.value(1)).path, "GET, HEAD, OPTIONS"),
                (.get, SiteURL.logout.path, "POST, OPTIONS"),
                (.get, SiteURL.caseDecision(.value(7)).path, "POST, OPTIONS"),
                (.head, SiteURL.logout.path, "POST, OPTIONS"),
                (.put, SiteURL.login.path, "GET, HEAD, POST, OPTIONS"),
                (.delete, SiteURL.caseDetail(.value(7)).path, "GET, HEAD, OPTIONS"),
                // A literal segment wins over a parameter, as in the router.
                (.delete, SiteURL.newMeeting.path, "GET, HEAD, OPTIONS"),
            ]
            for (method, path, allow) in cases {
                let page = try await browser.send(
                    path, method: method, body: method == .post ? "a=b" : nil,
                    contentType: method == .post ? "application/x-www-form-urlencoded" : nil)
                XCTAssertEqual(page.status, .methodNotAllowed, "\(method) \(path)")
                XCTAssertEqual(page.headers[.allow], allow, "\(method) \(path)")
                if method != .head { XCTAssertTrue(page.body.contains("Handlingen er ikke tilladt"), "\(method) \(path): the Danish page") }
            }
            // A missing object on a GET route is still a 404, and a path no route has is a 404 for any method.
            try await browser.login("sekretariat")
            try await assertEqual(try await browser.get(SiteURL.caseDetail(.value(999_999)).path).status, .notFound)
            let nowhere = try await browser.send("/findes/ikke", method: .post, body: "a=b", contentType: "application/x-www-form-urlencoded")
            XCTAssertEqual(nowhere.status, .notFound)
        }
    }

    func testOptionsAnswersWithAllow() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            let expected: [(String, String)] = [
                (SiteURL.meetings.path, "GET, HEAD, POST, OPTIONS"),
                (SiteURL.healthz.path, "GET, HEAD, OPTIONS"),
                (SiteURL.logout.path, "POST, OPTIONS"),
                (SiteURL.agendaItemNote(meeting: .value(1), number: .value(2)).path, "POST, OPTIONS"),
            ]
            for (path, allow) in expected {
                let page = try await browser.send(path, method: .options, body: nil)
                XCTAssertEqual(page.status, .noContent, path)
                XCTAssertEqual(page.headers[.allow], allow, path)
                XCTAssertEqual(page.body, "", path)
            }
            try await assertEqual(try await browser.send("/findes/ikke", method: .options, body: nil).status, .notFound)
        }
    }
}
