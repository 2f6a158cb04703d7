import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// Every route of the router, read from the router itself: a route added without an entry here
/// fails the test. GET routes × every role and the anonymous × own / someone else's object give
/// the expected answer; every POST route refuses a missing or foreign CSRF token (#7).
final class RouteSweepTests: XCTestCase {
    /// The readers, in the order of the answer strings below.
    static let accounts: [String?] = [nil, "admin", "sekretariat", "raadsmedlem1", "vurderer1", "vurderer5", "projektleder", "direktoer",
                                      "bestyrelse", "bestyrelsessekretariat"]

    /// Answers: 2 = 200, L = 303 to the login page, R = another redirect, 3 = 403, 4 = 404, 1 = 401, 0 = 400.
    /// For each GET route: the paths tried (own object first, then someone else's, a draft or a
    /// confidential one, where the route has an object), each with one answer per account above.
    /// `{public}`, `{confidential}` and `{request}` are fixtures made by `prepare`.
    static let matrix: [String: [(path: String, answers: String)]] = [
        "/": [("/", "2222222222")],
        "/aarsrapporter": [("/aarsrapporter", "2222222222")],
        "/aarsrapporter/ny": [("/aarsrapporter/ny", "L323333333")],
        "/aarsrapporter/{id}": [("/aarsrapporter/1", "L222444444")],
        "/aarsrapporter/{id}/bestyrelse": [("/aarsrapporter/1/bestyrelse", "L343333333")],
        "/aarsrapporter/{id}/csv/{table}": [("/aarsrapporter/1/csv/tabel1", "L222444444")],
        "/aarsrapporter/{id}/offentliggoer": [("/aarsrapporter/1/offentliggoer", "L323333333")],
        "/aarsrapporter/{id}/pdf": [("/aarsrapporter/1/pdf", "L222444444")],
        "/aarsrapporter/{id}/rediger": [("/aarsrapporter/1/rediger", "L323333333")],
        "/admin/brugere": [("/admin/brugere", "L233333333")],
        "/admin/brugere/ny": [("/admin/brugere/ny", "L233333333")],
        "/admin/brugere/{id}": [("/admin/brugere/1", "L233333333")],
        "/admin/log": [("/admin/log", "L233333333")],
        "/admin/totrin": [("/admin/totrin", "L233333333")],
        "/bestyrelse/bilag/{id}": [("/bestyrelse/bilag/{public}", "2222222222"), ("/bestyrelse/bilag/{confidential}", "4444444422")],
        "/bestyrelse/kalender.ics": [("/bestyrelse/kalender.ics", "2222222222")],
        "/bestyrelse/moeder": [("/bestyrelse/moeder", "2222222222")],
        "/bestyrelse/moeder/ny": [("/bestyrelse/moeder/ny", "L333333332")],
        "/bestyrelse/moeder/{id}": [("/bestyrelse/moeder/1", "2222222222"), ("/bestyrelse/moeder/3", "4444444442")],
        "/bestyrelse/moeder/{id}/pakke": [("/bestyrelse/moeder/1/pakke", "2222222222"), ("/bestyrelse/moeder/3/pakke", "4444444442")],
        "/bestyrelse/moeder/{id}/punkter/ny": [("/bestyrelse/moeder/1/punkter/ny", "L333333332")],
        "/bestyrelse/moeder/{id}/punkter/{number}": [("/bestyrelse/moeder/1/punkter/2", "2222222222"), ("/bestyrelse/moeder/1/punkter/3", "4444444422")],
        "/bestyrelse/moeder/{id}/rediger": [("/bestyrelse/moeder/1/rediger", "L333333332")],
        "/bestyrelse/moeder/{id}/referat": [("/bestyrelse/moeder/1/referat", "2222222222"), ("/bestyrelse/moeder/3/referat", "4444444442")],
        "/bestyrelse/punkter/{item}/rediger": [("/bestyrelse/punkter/2/rediger", "L333333332"), ("/bestyrelse/punkter/3/rediger", "L333333332")],
        "/bestyrelse/punkter/{item}/slet": [("/bestyrelse/punkter/1/slet", "L333333332")],
        "/bestyrelse/soeg": [("/bestyrelse/soeg?q=regionerne", "2222222222")],
        "/bestyrelse/statusnotater": [("/bestyrelse/statusnotater", "L333333332")],
        "/bestyrelse/statusnotater/versioner/{version}": [("/bestyrelse/statusnotater/versioner/1", "L333333332")],
        "/healthz": [("/healthz", "2222222222")],
        "/it-raadet": [("/it-raadet", "2222222222")],
        "/it-raadet/filer/{id}": [("/it-raadet/filer/2", "2222222222"), ("/it-raadet/filer/3", "4222222444")],
        "/it-raadet/kontakt": [("/it-raadet/kontakt", "L323333333")],
        "/it-raadet/materialer": [("/it-raadet/materialer", "2222222222")],
        "/it-raadet/materialer/ny": [("/it-raadet/materialer/ny", "L323333333")],
        "/it-raadet/materialer/{id}": [("/it-raadet/materialer/1", "L323333333"), ("/it-raadet/materialer/2", "L323333333")],
        "/it-raadet/risikovurdering": [("/it-raadet/risikovurdering", "2222222222")],
        "/konto": [("/konto", "L222222222")],
        "/konto/totrin": [("/konto/totrin", "L222222222")],
        "/login": [("/login", "2222222222")],
        "/login/kode": [("/login/kode", "LLLLLLLLLL")],
        "/metrics": [("/metrics", "4444444444")],
        "/raadet/anmodninger": [("/raadet/anmodninger", "L323332333")],
        "/raadet/anmodninger/filer/{id}": [("/raadet/anmodninger/filer/1", "4444444444")],
        "/raadet/anmodninger/ny": [("/raadet/anmodninger/ny", "L333332333")],
        "/raadet/anmodninger/{id}": [("/raadet/anmodninger/{request}", "L323332333"), ("/raadet/anmodninger/{otherRequest}", "L323334333")],
        "/raadet/filer/{id}": [("/raadet/filer/1", "L422244444")],
        "/raadet/indmelding": [("/raadet/indmelding", "L333332333")],
        "/raadet/overblik": [("/raadet/overblik", "L222333333")],
        "/raadet/projekter": [("/raadet/projekter", "L222222233")],
        "/raadet/sager": [("/raadet/sager", "L222222233")],
        "/raadet/sager/{id}": [("/raadet/sager/7", "L222242433"), ("/raadet/sager/8", "L222224433"), ("/raadet/sager/1", "L222244233")],
        "/raadet/sager/{id}/brev": [("/raadet/sager/1/brev", "L422444233"), ("/raadet/sager/8/brev", "L422444433")],
        "/raadet/sager/{id}/brev/pdf": [("/raadet/sager/1/brev/pdf", "L422444233"), ("/raadet/sager/8/brev/pdf", "L444444433")],
        "/raadet/sager/{id}/brev/rediger": [("/raadet/sager/8/brev/rediger", "L422444433"), ("/raadet/sager/1/brev/rediger", "L433444333")],
        "/raadet/sager/{id}/evaluering": [("/raadet/sager/1/evaluering", "L333344333"), ("/raadet/sager/7/evaluering", "L33334R433")],
        "/raadet/sager/{id}/indmelding": [("/raadet/sager/7/indmelding", "L444444433"), ("/raadet/sager/10/indmelding", "L444444433")],
        "/raadet/sager/{id}/planlaegning": [("/raadet/sager/9/planlaegning", "L323333333"), ("/raadet/sager/7/planlaegning", "L3R3333333")],
        "/raadet/sager/{id}/responsum": [("/raadet/sager/1/responsum", "L333344333"), ("/raadet/sager/7/responsum", "L33334R433")],
        "/raadet/sager/{id}/vurdering": [("/raadet/sager/8/vurdering", "L422244433"), ("/raadet/sager/7/vurdering", "L444444433")],
        "/raadet/sparring": [("/raadet/sparring", "L222332333")],
        "/raadet/sparring/ny": [("/raadet/sparring/ny", "L323333333")],
        "/raadet/sparring/{id}": [("/raadet/sparring/9", "L222332333"), ("/raadet/sparring/5", "L222334333")],
        "/raadet/sparring/{id}/referat": [("/raadet/sparring/9/referat", "L323333333"), ("/raadet/sparring/5/referat", "L323333333")],
        "/sitemap.xml": [("/sitemap.xml", "2222222222")],
        "/tilgaengelighedserklaering": [("/tilgaengelighedserklaering", "2222222222")],
    ]

    /// The paths tried for routes with objects; any other route is tried with its parameters set to 1.
    static let objectPaths: [String: [String]] = [
        "/bestyrelse/moeder/{id}": ["/bestyrelse/moeder/1", "/bestyrelse/moeder/3"],
        "/bestyrelse/moeder/{id}/pakke": ["/bestyrelse/moeder/1/pakke", "/bestyrelse/moeder/3/pakke"],
        "/bestyrelse/moeder/{id}/referat": ["/bestyrelse/moeder/1/referat", "/bestyrelse/moeder/3/referat"],
        "/bestyrelse/moeder/{id}/punkter/{number}": ["/bestyrelse/moeder/1/punkter/2", "/bestyrelse/moeder/1/punkter/3"],
        "/bestyrelse/punkter/{item}/rediger": ["/bestyrelse/punkter/2/rediger", "/bestyrelse/punkter/3/rediger"],
        "/bestyrelse/bilag/{id}": ["/bestyrelse/bilag/{public}", "/bestyrelse/bilag/{confidential}"],
        "/bestyrelse/soeg": ["/bestyrelse/soeg?q=regionerne"],
        "/raadet/sager/{id}": ["/raadet/sager/7", "/raadet/sager/8", "/raadet/sager/1"],
        "/raadet/sager/{id}/brev": ["/raadet/sager/1/brev", "/raadet/sager/8/brev"],
        "/raadet/sager/{id}/brev/pdf": ["/raadet/sager/1/brev/pdf", "/raadet/sager/8/brev/pdf"],
        "/raadet/sager/{id}/brev/rediger": ["/raadet/sager/8/brev/rediger", "/raadet/sager/1/brev/rediger"],
        "/raadet/sager/{id}/evaluering": ["/raadet/sager/1/evaluering", "/raadet/sager/7/evaluering"],
        "/raadet/sager/{id}/indmelding": ["/raadet/sager/7/indmelding", "/raadet/sager/10/indmelding"],
        "/raadet/sager/{id}/planlaegning": ["/raadet/sager/9/planlaegning", "/raadet/sager/7/planlaegning"],
        "/raadet/sager/{id}/responsum": ["/raadet/sager/1/responsum", "/raadet/sager/7/responsum"],
        "/raadet/sager/{id}/vurdering": ["/raadet/sager/8/vurdering", "/raadet/sager/7/vurdering"],
        "/raadet/sparring/{id}": ["/raadet/sparring/9", "/raadet/sparring/5"],
        "/raadet/sparring/{id}/referat": ["/raadet/sparring/9/referat", "/raadet/sparring/5/referat"],
        "/raadet/anmodninger/{id}": ["/raadet/anmodninger/{request}", "/raadet/anmodninger/{otherRequest}"],
        "/it-raadet/materialer/{id}": ["/it-raadet/materialer/1", "/it-raadet/materialer/2"],
        "/it-raadet/filer/{id}": ["/it-raadet/filer/2", "/it-raadet/filer/3"],
        "/aarsrapporter/{id}/csv/{table}": ["/aarsrapporter/1/csv/tabel1"],
    ]

    /// Parameters in a route pattern, for the POST sweep (any value: the token is checked first).
    static func concrete(_ pattern: String) -> String {
        pattern.replacing(/\{[a-z_]+\}|:[a-z_]+/, with: "1")
    }

    static func pattern(_ route: String) -> String {
        route.replacing(/:([a-z_]+)/) { "{\($0.1)}" }
    }

    static func code(_ page: Browser.Page) -> Character {
        switch page.status.code {
        case 200: "2"
        case 303, 302: page.location?.hasPrefix("/login") == true && page.location != "/login/kode" ? "L" : "R"
        case 400: "0"
        case 401: "1"
        case 403: "3"
        case 404: "4"
        case 405: "5"
        case 409: "9"
        case 413: "E"
        case 422: "U"
        case 503: "S"
        default: "X"
        }
    }

    /// Fixtures the matrix needs beyond the demo data: a file on a public and on a confidential item.
    static func prepare(_ app: TestApp, _ browser: Browser) async throws -> [String: String] {
        try await browser.login("bestyrelsessekretariat")
        try await browser.get("/bestyrelse/moeder/1/punkter/2")
        let token = browser.lastCSRF
        _ = try await AttachmentTests.upload(browser, item: 2, csrf: token, filename: "offentligt.pdf", content: AttachmentTests.pdf)
        _ = try await AttachmentTests.upload(browser, item: 3, csrf: token, filename: "fortroligt.pdf", content: AttachmentTests.pdf)
        let publicFile: Int64 = try await app.pool.query("SELECT max(id) AS id FROM attachments WHERE item_id = 2").first!.decode("id")
        let secretFile: Int64 = try await app.pool.query("SELECT max(id) AS id FROM attachments WHERE item_id = 3").first!.decode("id")
        let request: Int64 = try await app.pool.query(
            """
            INSERT INTO project_requests (kind, project_id, project_name, requested_by, timing, challenge)
            SELECT 'sparring', 7, 'Projekt', id, 'foer', 'Udfordring' FROM users WHERE username = 'projektleder' RETURNING id
            """).first!.decode("id")
        let otherRequest: Int64 = try await app.pool.query(
            """
            INSERT INTO project_requests (kind, project_id, project_name, requested_by, timing, challenge)
            SELECT 'sparring', 1, 'Andet projekt', id, 'foer', 'Udfordring' FROM users WHERE username = 'direktoer' RETURNING id
            """).first!.decode("id")
        browser.cookies = [:]
        return ["{public}": String(publicFile), "{confidential}": String(secretFile), "{request}": String(request),
                "{otherRequest}": String(otherRequest)]
    }

    func testEveryGetRouteAnswersEveryReaderAsTheMatrixSays() async throws {
        let app = try await TestApp.make()
        defer { Task { await app.shutdown() } }
        let routes = try buildRouter(app.services).routes.filter { $0.method == .get }.map { Self.pattern($0.path.description) }
        let missing = Set(routes).subtracting(Self.matrix.keys).sorted()
        let printing = ProcessInfo.processInfo.environment["MATRIX_PRINT"] != nil
        if !printing {
            XCTAssertEqual(missing, [], "GET routes without an entry in the authorisation matrix")
            XCTAssertEqual(Set(Self.matrix.keys).subtracting(routes).sorted(), [], "matrix entries for routes that no longer exist")
        }
        let observed = try await app.run { browser -> [String: [(String, String)]] in
            let fixtures = try await Self.prepare(app, browser)
            var answers: [String: [(String, String)]] = [:]
            var table: [String: [(path: String, answers: String)]] = Self.matrix
            for route in missing { table[route] = (Self.objectPaths[route] ?? [Self.concrete(route)]).map { (path: $0, answers: "") } }
            for account in Self.accounts {
                browser.cookies = [:]
                if let account { try await browser.login(account) }
                for (route, paths) in table.sorted(by: { $0.key < $1.key }) {
                    for (index, entry) in paths.enumerated() {
                        var path = entry.path
                        for (key, value) in fixtures { path = path.replacingOccurrences(of: key, with: value) }
                        let answer = Self.code(try await browser.get(path))
                        var list = answers[route] ?? paths.map { ($0.path, "") }
                        list[index].1.append(answer)
                        answers[route] = list
                    }
                }
            }
            return answers
        }
        if printing {
            for (route, list) in observed.sorted(by: { $0.key < $1.key }) {
                print("MATRIX \"\(route)\": [" + list.map { "(\"\($0.0)\", \"\($0.1)\")" }.joined(separator: ", ") + "],")
            }
            return
        }
        for (route, list) in Self.matrix {
            for (index, entry) in list.enumerated() {
                let got = observed[route]?[index].1 ?? ""
                XCTAssertEqual(got, entry.answers, "\(route) as \(entry.path): expected \(entry.answers), got \(got) (order: anon, " +
                               Self.accounts.compactMap { $0 }.joined(separator: ", ") + ")")
            }
        }
    }

    /// Every POST route refuses a request without the CSRF token, with another session's token and
    /// with a token from a session that has logged out: 403, and nothing is written.
    func testEveryPostRouteRefusesAMissingOrForeignCSRFToken() async throws {
        let app = try await TestApp.make()
        defer { Task { await app.shutdown() } }
        let posts = try buildRouter(app.services).routes.filter { $0.method == .post }.map { Self.pattern($0.path.description) }
        XCTAssertGreaterThan(posts.count, 50, "the router lists the POST routes")
        try await app.run { browser in
            // Another session's token, and the token of a session that has ended.
            let other = Browser(client: browser.client)
            try await other.login("sekretariat")
            let foreign = try XCTUnwrap(other.lastCSRF)
            let gone = Browser(client: browser.client)
            try await gone.login("admin")
            let stale = try XCTUnwrap(gone.lastCSRF)
            try await gone.post("/logout", [])
            try await browser.login("admin")
            let writes = { () async throws -> String in
                // Every table's row count and content hash (sessions aside: reading touches them).
                try await app.pool.query(
                    """
                    SELECT string_agg(tablename || '=' || (xpath('/row/f/text()', query_to_xml(format(
                        'SELECT count(*) || ''/'' || coalesce(sum(hashtext(t::text)::bigint), 0) AS f FROM %I t', tablename),
                        false, true, '')))[1]::text, ',' ORDER BY tablename) AS f
                    FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('sessions', 'anonymous_sessions')
                    """).first!.decode("f")
            }
            for route in posts {
                let path = Self.concrete(route)
                let before = try await writes()
                for (label, token) in [("no token", nil), ("another session's token", foreign), ("a logged-out session's token", stale)] as [(String, String?)] {
                    let form = try await browser.post(path, [("note", "x"), ("title", "x")], csrf: token, includeCSRF: token != nil)
                    XCTAssertEqual(form.status, .forbidden, "POST \(route) with \(label)")
                    if AttachmentRoutes.isUploadPath(path) {
                        let upload = try await AttachmentTests.upload(browser, path: path, csrf: token, filename: "a.pdf", content: AttachmentTests.pdf)
                        XCTAssertEqual(upload.status, .forbidden, "multipart POST \(route) with \(label)")
                    }
                }
                try await assertEqual(try await writes(), before, "POST \(route) wrote to the database without a valid token")
            }
        }
    }
}
