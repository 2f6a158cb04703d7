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
    static let accounts: [String?] = [
        nil, "admin", "sekretariat", "raadsmedlem1", "vurderer1", "vurderer5", "projektleder", "direktoer",
        "bestyrelse", "bestyrelsessekretariat",
    ]

    /// Answers: 2 = 200, P = 202 (a PDF being rendered), L = 303 to the login page, R = another redirect, 3 = 403, 4 = 404, 1 = 401, 0 = 400.
    /// For each GET route: the paths tried (own object first, then someone else's, a draft or a
    /// confidential one, where the route has an object), each with one answer per account above.
    /// `{public}`, `{confidential}` and `{request}` are fixtures made by `prepare`.
    static let matrix: [SiteURL: [(path: String, answers: String)]] = [
        .home: [("/", "2222222222")],
        .privacyPolicy: [("/privatlivspolitik", "2222222222")],
        .reports: [("/aarsrapporter", "2222222222")],
        .newReport: [("/aarsrapporter/ny", "L323333333")],
        // Report 1 is published (the demo's 2020–2021), report 2 a draft.
        .report(.key): [("/aarsrapporter/1", "2222222222"), ("/aarsrapporter/2", "L222444444")],
        .reportBoard(.key): [("/aarsrapporter/1/bestyrelse", "L323333333"), ("/aarsrapporter/2/bestyrelse", "L343333333")],
        .reportCSV(.key, table: .key): [("/aarsrapporter/1/csv/tabel1", "2222222222"), ("/aarsrapporter/2/csv/tabel1", "L222444444")],
        .reportPublish(.key): [("/aarsrapporter/1/offentliggoer", "L343333333"), ("/aarsrapporter/2/offentliggoer", "L323333333")],
        .reportPDF(.key): [("/aarsrapporter/1/pdf", "PPPPPPPPPP"), ("/aarsrapporter/2/pdf", "LPPP444444")],
        .reportEdit(.key): [("/aarsrapporter/1/rediger", "L343333333"), ("/aarsrapporter/2/rediger", "L323333333")],
        .adminUsers: [("/admin/brugere", "L233333333")],
        .adminNewUser: [("/admin/brugere/ny", "L233333333")],
        .adminUser(.key): [("/admin/brugere/1", "L233333333")],
        .adminAudit: [("/admin/log", "L233333333")],
        .adminTOTP: [("/admin/totrin", "L233333333")],
        .adminRoleMapping: [("/admin/sso-roller", "L233333333")],
        .adminOutbox: [("/admin/udbakke", "L233333333"), ("/admin/udbakke?vis=fejler", "L233333333")],
        .adminUserPrivacy(.key): [("/admin/brugere/2/persondata", "L233333333"), ("/admin/brugere/99999/persondata", "L433333333")],
        .adminUserPrivacyJSON(.key): [("/admin/brugere/2/persondata/json", "L233333333")],
        .adminUserPrivacyPDF(.key): [("/admin/brugere/2/persondata/pdf", "LP33333333")],
        .adminUserErase(.key): [("/admin/brugere/2/slet-persondata", "L233333333")],
        .attachment(.key): [("/bestyrelse/bilag/{public}", "2222222222"), ("/bestyrelse/bilag/{confidential}", "4444444422")],
        .calendar: [("/bestyrelse/kalender.ics", "2222222222")],
        .meetings: [("/bestyrelse/moeder", "2222222222")],
        .newMeeting: [("/bestyrelse/moeder/ny", "L333333332")],
        .meeting(.key): [("/bestyrelse/moeder/1", "2222222222"), ("/bestyrelse/moeder/3", "4444444442")],
        .meetingPack(.key): [("/bestyrelse/moeder/1/pakke", "2222222222"), ("/bestyrelse/moeder/3/pakke", "4444444442")],
        // The board book is built by the job runner (not run here): 202 while it is made.
        .meetingBook(.key): [("/bestyrelse/moeder/1/moedebog.pdf", "PPPPPPPPPP"), ("/bestyrelse/moeder/3/moedebog.pdf", "444444444P")],
        .newAgendaItem(.key): [("/bestyrelse/moeder/1/punkter/ny", "L333333332")],
        .agendaItem(meeting: .key, number: .key): [
            ("/bestyrelse/moeder/1/punkter/2", "2222222222"), ("/bestyrelse/moeder/1/punkter/3", "4444444422"),
        ],
        .meetingEdit(.key): [("/bestyrelse/moeder/1/rediger", "L333333332")],
        .minutes(.key): [("/bestyrelse/moeder/1/referat", "2222222222"), ("/bestyrelse/moeder/3/referat", "4444444442")],
        .meetingPublish(.key): [("/bestyrelse/moeder/3/offentliggoer", "L333333332"), ("/bestyrelse/moeder/1/offentliggoer", "L333333332")],
        .meetingHeld(.key): [("/bestyrelse/moeder/1/afholdt", "L333333332"), ("/bestyrelse/moeder/3/afholdt", "L333333332")],
        .meetingAttendance(.key): [("/bestyrelse/moeder/1/fremmoede", "L333333332")],
        .minutesApprove(.key): [("/bestyrelse/moeder/1/referat/godkend", "L333333332")],
        .itemEdit(.key): [("/bestyrelse/punkter/2/rediger", "L333333332"), ("/bestyrelse/punkter/3/rediger", "L333333332")],
        .itemDelete(.key): [("/bestyrelse/punkter/1/slet", "L333333332")],
        .myNotes: [("/bestyrelse/mine-noter", "L333333323")],
        .myCalendar: [("/bestyrelse/min-kalender", "L333333322")],
        .myCalendarRenew: [("/bestyrelse/min-kalender/forny", "L3333333RR")],
        .personalCalendar(.key): [("/bestyrelse/kalender/ukendt/moeder.ics", "4444444444")],
        .itemExclusions(.key): [("/bestyrelse/punkter/3/inhabilitet", "L333333332"), ("/bestyrelse/punkter/99999/inhabilitet", "L333333334")],
        .search: [("/bestyrelse/soeg?q=regionerne", "2222222222")],
        .statusNotes: [("/bestyrelse/statusnotater", "L333333332")],
        .statusNoteVersion(.key): [("/bestyrelse/statusnotater/versioner/1", "L333333332")],
        .healthz: [("/healthz", "2222222222")],
        .council: [("/it-raadet", "2222222222")],
        .libraryFile(.key): [("/it-raadet/filer/2", "2222222222"), ("/it-raadet/filer/3", "4222222444")],
        .councilContact: [("/it-raadet/kontakt", "L323333333")],
        .library: [("/it-raadet/materialer", "2222222222")],
        .newLibraryDocument: [("/it-raadet/materialer/ny", "L323333333")],
        .libraryDocument(.key): [("/it-raadet/materialer/1", "L323333333"), ("/it-raadet/materialer/2", "L323333333")],
        .councilModel: [("/it-raadet/risikovurdering", "2222222222")],
        .account: [("/konto", "L222222222")],
        .accountTOTP: [("/konto/totrin", "L222222222")],
        .login: [("/login", "2222222222")],
        .loginCode: [("/login/kode", "LLLLLLLLLL")],
        // Single sign-on is not configured here: both are 404 (OIDCWebTests configures it).
        .loginSSO: [("/login/sso", "4444444444")],
        .loginSSOCallback: [("/login/sso/retur", "4444444444")],
        .passwordForgot: [("/glemt-adgangskode", "2222222222")],
        .passwordReset(.key): [("/ny-adgangskode/ukendt", "4444444444")],
        .accountRequest: [("/bliv-bruger", "2222222222")],
        .accountRequests: [("/raadet/kontoanmodninger", "L323333333")],
        .metrics: [("/metrics", "4444444444")],
        .requests: [("/raadet/anmodninger", "L323332333")],
        .requestFile(.key): [("/raadet/anmodninger/filer/1", "4444444444")],
        .newRequest: [("/raadet/anmodninger/ny", "L333332333")],
        .request(.key): [("/raadet/anmodninger/{request}", "L323332333"), ("/raadet/anmodninger/{otherRequest}", "L323334333")],
        .caseFile(.key): [("/raadet/filer/1", "L422244444")],
        .intake: [("/raadet/indmelding", "L333332333")],
        .overview: [("/raadet/overblik", "L222333333")],
        .evaluationQuestionnaire: [("/raadet/evalueringsskema", "L323333333")],
        .projects: [("/raadet/projekter", "L222222233")],
        .cases: [("/raadet/sager", "L222222233")],
        .caseDetail(.key): [("/raadet/sager/7", "L222242433"), ("/raadet/sager/8", "L222224433"), ("/raadet/sager/1", "L222244233")],
        .caseLetter(.key): [("/raadet/sager/1/brev", "L422444233"), ("/raadet/sager/8/brev", "L422444433")],
        .caseLetterPDF(.key): [("/raadet/sager/1/brev/pdf", "L4PP444P33"), ("/raadet/sager/8/brev/pdf", "L444444433")],
        // A closed case's archive package is the secretariat's; an open case has none.
        .caseArchive(.key): [("/raadet/sager/1/arkivpakke", "L3P3333333"), ("/raadet/sager/8/arkivpakke", "L343333333")],
        .caseLetterEdit(.key): [("/raadet/sager/8/brev/rediger", "L422444433"), ("/raadet/sager/1/brev/rediger", "L433444333")],
        .caseEvaluation(.key): [("/raadet/sager/1/evaluering", "L333344333"), ("/raadet/sager/7/evaluering", "L33334R433")],
        .caseIntake(.key): [("/raadet/sager/7/indmelding", "L444444433"), ("/raadet/sager/10/indmelding", "L444444433")],
        .casePlanning(.key): [("/raadet/sager/9/planlaegning", "L323333333"), ("/raadet/sager/7/planlaegning", "L3R3333333")],
        .caseResponsum(.key): [("/raadet/sager/1/responsum", "L333344333"), ("/raadet/sager/7/responsum", "L33334R433")],
        .caseAssessment(.key): [("/raadet/sager/8/vurdering", "L422244433"), ("/raadet/sager/7/vurdering", "L444444433")],
        .sparring: [("/raadet/sparring", "L222332333")],
        .newSparring: [("/raadet/sparring/ny", "L323333333")],
        .sparringMeeting(.key): [("/raadet/sparring/9", "L222332333"), ("/raadet/sparring/5", "L222334333")],
        .sparringMinutes(.key): [("/raadet/sparring/9/referat", "L323333333"), ("/raadet/sparring/5/referat", "L323333333")],
        .sitemap: [("/sitemap.xml", "2222222222")],
        .robots: [("/robots.txt", "2222222222")],
        .favicon: [("/favicon.ico", "2222222222")],
        .accessibility: [("/tilgaengelighedserklaering", "2222222222")],
    ]

    /// The paths tried for routes with objects; any other route is tried with its parameters set to 1.
    static let objectPaths: [SiteURL: [String]] = [
        .meeting(.key): ["/bestyrelse/moeder/1", "/bestyrelse/moeder/3"],
        .meetingPack(.key): ["/bestyrelse/moeder/1/pakke", "/bestyrelse/moeder/3/pakke"],
        .meetingBook(.key): ["/bestyrelse/moeder/1/moedebog.pdf", "/bestyrelse/moeder/3/moedebog.pdf"],
        .minutes(.key): ["/bestyrelse/moeder/1/referat", "/bestyrelse/moeder/3/referat"],
        .agendaItem(meeting: .key, number: .key): ["/bestyrelse/moeder/1/punkter/2", "/bestyrelse/moeder/1/punkter/3"],
        .itemEdit(.key): ["/bestyrelse/punkter/2/rediger", "/bestyrelse/punkter/3/rediger"],
        .attachment(.key): ["/bestyrelse/bilag/{public}", "/bestyrelse/bilag/{confidential}"],
        .search: ["/bestyrelse/soeg?q=regionerne"],
        .caseDetail(.key): ["/raadet/sager/7", "/raadet/sager/8", "/raadet/sager/1"],
        .caseLetter(.key): ["/raadet/sager/1/brev", "/raadet/sager/8/brev"],
        .caseLetterPDF(.key): ["/raadet/sager/1/brev/pdf", "/raadet/sager/8/brev/pdf"],
        .caseLetterEdit(.key): ["/raadet/sager/8/brev/rediger", "/raadet/sager/1/brev/rediger"],
        .caseEvaluation(.key): ["/raadet/sager/1/evaluering", "/raadet/sager/7/evaluering"],
        .caseIntake(.key): ["/raadet/sager/7/indmelding", "/raadet/sager/10/indmelding"],
        .casePlanning(.key): ["/raadet/sager/9/planlaegning", "/raadet/sager/7/planlaegning"],
        .caseResponsum(.key): ["/raadet/sager/1/responsum", "/raadet/sager/7/responsum"],
        .caseAssessment(.key): ["/raadet/sager/8/vurdering", "/raadet/sager/7/vurdering"],
        .sparringMeeting(.key): ["/raadet/sparring/9", "/raadet/sparring/5"],
        .sparringMinutes(.key): ["/raadet/sparring/9/referat", "/raadet/sparring/5/referat"],
        .request(.key): ["/raadet/anmodninger/{request}", "/raadet/anmodninger/{otherRequest}"],
        .libraryDocument(.key): ["/it-raadet/materialer/1", "/it-raadet/materialer/2"],
        .libraryFile(.key): ["/it-raadet/filer/2", "/it-raadet/filer/3"],
        .reportCSV(.key, table: .key): ["/aarsrapporter/1/csv/tabel1"],
    ]

    /// Parameters in a route pattern, for the POST sweep (any value: the token is checked first).
    static func concrete(_ pattern: String) -> String {
        pattern.replacing(/\{[a-z_]+\}|:[a-z_]+/, with: "1")
    }

    static func code(_ page: Browser.Page) -> Character {
        switch page.status.code {
        case 200: "2"
        case 202: "P"
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
            """
        ).first!.decode("id")
        let otherRequest: Int64 = try await app.pool.query(
            """
            INSERT INTO project_requests (kind, project_id, project_name, requested_by, timing, challenge)
            SELECT 'sparring', 1, 'Andet projekt', id, 'foer', 'Udfordring' FROM users WHERE username = 'direktoer' RETURNING id
            """
        ).first!.decode("id")
        browser.cookies = [:]
        return [
            "{public}": String(publicFile), "{confidential}": String(secretFile), "{request}": String(request),
            "{otherRequest}": String(otherRequest),
        ]
    }

    func testEveryGetRouteAnswersEveryReaderAsTheMatrixSays() async throws {
        // A PDF route answers 202 at once instead of waiting for a render no job runner does here
        // (a second for each of 6 PDF paths × readers; DocumentTests checks the wait itself).
        var config = AppConfig()
        config.documentWait = .zero
        let app = try await TestApp.make(config: config)
        addTeardownBlock { await app.shutdown() }
        let routes = Set(try buildSite(app.services).index.all.filter { $0.methods.contains(.get) }.map(\.url))
        let missing = routes.subtracting(Self.matrix.keys).sorted { $0.path < $1.path }
        let printing = ProcessInfo.processInfo.environment["MATRIX_PRINT"] != nil
        if !printing {
            XCTAssertEqual(missing.map(\.path), [], "GET routes without an entry in the authorisation matrix")
            XCTAssertEqual(Set(Self.matrix.keys).subtracting(routes).map(\.path).sorted(), [], "matrix entries for routes that no longer exist")
        }
        let observed = try await app.run { browser -> [SiteURL: [(String, String)]] in
            let fixtures = try await Self.prepare(app, browser)
            var answers: [SiteURL: [(String, String)]] = [:]
            var table: [SiteURL: [(path: String, answers: String)]] = Self.matrix
            for route in missing { table[route] = (Self.objectPaths[route] ?? [Self.concrete(route.path)]).map { (path: $0, answers: "") } }
            for account in Self.accounts {
                browser.cookies = [:]
                if let account { try await browser.login(account) }
                for (route, paths) in table.sorted(by: { $0.key.path < $1.key.path }) {
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
            for (route, list) in observed.sorted(by: { $0.key.path < $1.key.path }) {
                print("MATRIX \"\(route)\": [" + list.map { "(\"\($0.0)\", \"\($0.1)\")" }.joined(separator: ", ") + "],")
            }
            return
        }
        for (route, list) in Self.matrix {
            for (index, entry) in list.enumerated() {
                let got = observed[route]?[index].1 ?? ""
                XCTAssertEqual(
                    got, entry.answers,
                    "\(route.path) as \(entry.path): expected \(entry.answers), got \(got) (order: anon, "
                        + Self.accounts.compactMap { $0 }.joined(separator: ", ") + ")")
            }
        }
    }

    /// Every POST route refuses a request without the CSRF token, with another session's token and
    /// with a token from a session that has logged out: 403, and nothing is written.
    func testEveryPostRouteRefusesAMissingOrForeignCSRFToken() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let posts = try buildSite(app.services).index.all.filter { $0.methods.contains(.post) }.map(\.url.path)
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
                    """
                ).first!.decode("f")
            }
            for route in posts {
                let path = Self.concrete(route)
                let before = try await writes()
                for (label, token) in [("no token", nil), ("another session's token", foreign), ("a logged-out session's token", stale)]
                    as [(String, String?)]
                {
                    let form = try await browser.post(path, [("note", "x"), ("title", "x")], csrf: token, includeCSRF: token != nil)
                    XCTAssertEqual(form.status, .forbidden, "POST \(route) with \(label)")
                    if AttachmentRoutes.isUploadPath(path) {
                        let upload = try await AttachmentTests.upload(
                            browser, path: path, csrf: token, filename: "a.pdf", content: AttachmentTests.pdf)
                        XCTAssertEqual(upload.status, .forbidden, "multipart POST \(route) with \(label)")
                    }
                }
                try await assertEqual(try await writes(), before, "POST \(route) wrote to the database without a valid token")
            }
        }
    }
}
