import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

final class AuthTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    func testLoginWithTheRightPasswordStartsASession() async throws {
        try await app.run { browser in
            let form = try await browser.get("/login")
            XCTAssertEqual(form.status, .ok)
            let preSession = browser.cookies["rp_pre"]
            XCTAssertNotNil(preSession)
            let done = try await browser.post("/login", [("username", "bestyrelse"), ("password", TestApp.password)])
            XCTAssertEqual(done.status, .seeOther)
            XCTAssertEqual(done.location, "/")
            let session = try XCTUnwrap(browser.cookies["rp_session"])
            XCTAssertNotEqual(session, preSession, "the session id is new at login")
            XCTAssertNil(browser.cookies["rp_pre"])
            XCTAssertTrue(
                done.headers[values: .setCookie].contains { $0.hasPrefix("rp_session=") && $0.contains("HttpOnly") && $0.contains("SameSite=Lax") })
            let home = try await browser.get("/")
            XCTAssertTrue(home.body.contains("Bente Bestyrelsesmedlem"))
            XCTAssertEqual(home.headers[.cacheControl], "no-store")
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions"), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'login' AND username = 'bestyrelse'"), 1)
        // Only a hash of the session id is stored.
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions WHERE length(id_hash) = 32"), 1)
    }

    func testWrongPasswordAndUnknownUserAreRefusedAlike() async throws {
        try await app.run { browser in
            try await browser.get("/login")
            let wrong = try await browser.post("/login", [("username", "bestyrelse"), ("password", "forkert-adgangskode")])
            XCTAssertEqual(wrong.status, .unauthorized)
            XCTAssertTrue(wrong.body.contains("Forkert brugernavn eller adgangskode."))
            XCTAssertTrue(wrong.body.contains(#"value="bestyrelse""#), "the username typed is kept")
            let unknown = try await browser.post("/login", [("username", "ingen-saadan"), ("password", "forkert-adgangskode")])
            XCTAssertEqual(unknown.status, .unauthorized)
            XCTAssertTrue(unknown.body.contains("Forkert brugernavn eller adgangskode."))
            XCTAssertNil(browser.cookies["rp_session"])
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions"), 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'login.failed'"), 2)
    }

    func testDeactivatedUserCannotLogIn() async throws {
        try await app.pool.query("UPDATE users SET active = false WHERE username = 'direktoer'")
        try await app.run { browser in
            let page = try await browser.login("direktoer")
            XCTAssertEqual(page.status, .unauthorized)
        }
    }

    func testLoginIsThrottledAfterRepeatedFailures() async throws {
        try await app.run { browser in
            try await browser.get("/login")
            for _ in 0..<LoginThrottle.maxFailuresPerAccount {
                let page = try await browser.post("/login", [("username", "admin"), ("password", "gaet-igen-1234")])
                XCTAssertEqual(page.status, .unauthorized)
            }
            // Now even the right password is held back for a while.
            let blocked = try await browser.post("/login", [("username", "admin"), ("password", TestApp.password)])
            XCTAssertEqual(blocked.status, .tooManyRequests)
            XCTAssertTrue(blocked.body.contains("For mange mislykkede forsøg"))
            XCTAssertNil(browser.cookies["rp_session"])
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'login.throttled'"), 1)
    }

    func testLogoutDeletesTheSessionRow() async throws {
        try await app.run { browser in
            try await browser.login("admin")
            try await browser.get("/")
            let session = try XCTUnwrap(browser.cookies["rp_session"])
            let out = try await browser.post("/logout", [])
            XCTAssertEqual(out.status, .seeOther)
            XCTAssertNil(browser.cookies["rp_session"])
            // The old cookie is worthless now.
            browser.cookies["rp_session"] = session
            let page = try await browser.get("/admin/brugere")
            XCTAssertEqual(page.status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions"), 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'logout'"), 1)
    }

    func testIdleSessionExpires() async throws {
        let app = self.app!
        try await app.run { browser in
            try await browser.login("admin")
            try await assertEqual(try await browser.get("/admin/brugere").status, .ok)
            try await app.pool.query("UPDATE sessions SET last_seen_at = now() - interval '31 minutes'")
            let page = try await browser.get("/admin/brugere")
            XCTAssertEqual(page.status, .seeOther)
            XCTAssertEqual(page.location, "/login?next=/admin/brugere&udloebet=1")
            let login = try await browser.get(page.location!)
            XCTAssertTrue(login.body.contains("Du er blevet logget ud, fordi du ikke har været aktiv"))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions"), 0)
    }

    func testAbsoluteSessionTimeout() async throws {
        let app = self.app!
        try await app.run { browser in
            try await browser.login("admin")
            try await app.pool.query("UPDATE sessions SET created_at = now() - interval '12 hours 1 minute'")
            try await assertEqual(try await browser.get("/admin/brugere").status, .seeOther)
        }
    }

    func testChangingPasswordEndsOtherSessions() async throws {
        try await app.run { other in
            try await other.login("vurderer1")
            try await assertEqual(try await other.get("/konto").status, .ok)
        }
        try await app.run { browser in
            try await browser.login("vurderer1")
            try await browser.get("/konto")
            let tooShort = try await browser.post("/konto/adgangskode", [("current", TestApp.password), ("new", "kort"), ("repeat", "kort")])
            XCTAssertEqual(tooShort.status, .unprocessableContent)
            XCTAssertTrue(tooShort.body.contains("mindst 12 tegn"))
            XCTAssertTrue(tooShort.body.contains(##"href="#new""##), "the error summary links to the field")
            let common = try await browser.post(
                "/konto/adgangskode", [("current", TestApp.password), ("new", "Velkommen1234"), ("repeat", "Velkommen1234")])
            XCTAssertTrue(common.body.contains("for almindelig"))
            let wrongCurrent = try await browser.post(
                "/konto/adgangskode", [("current", "ikke-den-rigtige"), ("new", "en helt ny sætning"), ("repeat", "en helt ny sætning")])
            XCTAssertTrue(wrongCurrent.body.contains("Den nuværende adgangskode er forkert."))
            let ok = try await browser.post(
                "/konto/adgangskode", [("current", TestApp.password), ("new", "en helt ny sætning"), ("repeat", "en helt ny sætning")])
            XCTAssertEqual(ok.status, .ok)
            XCTAssertTrue(ok.body.contains("Din adgangskode er ændret."))
            try await assertEqual(try await browser.get("/konto").status, .ok, "this session survives")
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions"), 1)
        try await app.run { browser in
            try await assertEqual(try await browser.login("vurderer1").status, .unauthorized)
            try await assertEqual(try await browser.login("vurderer1", password: "en helt ny sætning").status, .seeOther)
        }
    }

    func testEveryDemoAccountLogsInAndSeesNavigationForItsRoles() async throws {
        let expectations: [(String, [String], [String])] = [
            ("admin", ["Brugere", "Auditlog"], []),
            ("sekretariat", ["It-rådets projekter"], ["Brugere"]),
            ("raadsmedlem1", ["It-rådets projekter"], ["Brugere"]),
            ("raadsmedlem2", ["It-rådets projekter"], ["Brugere"]),
            ("vurderer1", ["Mine projekter"], ["Brugere", "It-rådets projekter"]),
            ("projektleder", ["Mine projekter"], ["Brugere", "It-rådets projekter"]),
            ("bestyrelsessekretariat", ["Bestyrelsesmøder"], ["Brugere", "It-rådets projekter"]),
            ("bestyrelse", ["Bestyrelsesmøder"], ["Brugere", "It-rådets projekter"]),
            ("direktoer", ["It-rådets projekter"], ["Brugere"]),
        ]
        for (username, present, absent) in expectations {
            try await app.run { browser in
                try await assertEqual(try await browser.login(username).status, .seeOther, username)
                let home = try await browser.get("/")
                let nav = String(home.body[home.body.range(of: "<nav class=\"main-nav\"")!.lowerBound..<home.body.range(of: "</nav>")!.upperBound])
                for title in present { XCTAssertTrue(nav.contains(">\(title)<"), "\(username) should see \(title)") }
                for title in absent { XCTAssertFalse(nav.contains(">\(title)<"), "\(username) must not see \(title)") }
                XCTAssertTrue(nav.contains(">Min konto<"))
            }
        }
    }
}

final class CSRFTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    func testLoginWithoutTokenIsForbidden() async throws {
        try await app.run { browser in
            try await browser.get("/login")
            let page = try await browser.post("/login", [("username", "admin"), ("password", TestApp.password)], includeCSRF: false)
            XCTAssertEqual(page.status, .forbidden)
            XCTAssertTrue(page.body.contains("Adgang nægtet"))
            XCTAssertNil(browser.cookies["rp_session"])
        }
    }

    func testPostsWithoutOrWithAWrongTokenChangeNothing() async throws {
        let app = self.app!
        let usersBefore = try await app.count("SELECT count(*) AS n FROM users")
        try await app.run { browser in
            try await browser.login("admin")
            try await browser.get("/admin/brugere/ny")
            let fields = [("username", "ny.bruger"), ("full_name", "Ny Bruger"), ("email", ""), ("password", "en lang god adgangskode")]
            try await assertEqual(try await browser.post("/admin/brugere", fields, includeCSRF: false).status, .forbidden)
            try await assertEqual(try await browser.post("/admin/brugere", fields, csrf: "forkert-token").status, .forbidden)
            // Another session's token does not work either.
            let other = try await app.run { other -> String in
                try await other.login("bestyrelse")
                try await other.get("/")
                return other.lastCSRF!
            }
            try await assertEqual(try await browser.post("/admin/brugere", fields, csrf: other).status, .forbidden)
            try await assertEqual(try await browser.post("/logout", [], includeCSRF: false).status, .forbidden)
            XCTAssertNotNil(browser.cookies["rp_session"])
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM users"), usersBefore)
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'admin')"), 1)
    }

    func testATokenIsWorthlessAfterLogout() async throws {
        try await app.run { browser in
            try await browser.login("admin")
            try await browser.get("/admin/brugere/ny")
            let token = try XCTUnwrap(browser.lastCSRF)
            try await browser.post("/logout", [])
            try await browser.login("admin")
            let page = try await browser.post(
                "/admin/brugere", [("username", "x.y"), ("full_name", "X"), ("password", "en lang god adgangskode")], csrf: token)
            XCTAssertEqual(page.status, .forbidden)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM users WHERE username = 'x.y'"), 0)
    }
}

final class AccessTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    func testRoleGates() async throws {
        try await app.run { browser in
            let anonymous = try await browser.get("/admin/brugere")
            XCTAssertEqual(anonymous.status, .seeOther)
            XCTAssertEqual(anonymous.location, "/login?next=/admin/brugere")
            try await browser.login("bestyrelse")
            for path in ["/admin/brugere", "/admin/log", "/admin/brugere/1", "/raadet/projekter"] {
                let page = try await browser.get(path)
                XCTAssertEqual(page.status, .forbidden, path)
                XCTAssertTrue(page.body.contains("Adgang nægtet"))
            }
        }
        try await app.run { browser in
            try await browser.login("admin")
            for path in ["/admin/brugere", "/admin/log", "/admin/brugere/1", "/admin/brugere/ny"] {
                try await assertEqual(try await browser.get(path).status, .ok, path)
            }
            try await assertEqual(try await browser.get("/admin/brugere/99999").status, .notFound)
        }
    }

    func testAProjectLeaderSeesOnlyTheirOwnProjects() async throws {
        try await app.run { browser in
            try await browser.login("projektleder")
            let page = try await browser.get("/raadet/projekter")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("Præhospital Patientjournal"))
            XCTAssertFalse(page.body.contains("LABREK"))
            XCTAssertFalse(page.body.contains("It-rådets medlemmer"))
        }
        try await app.run { browser in
            try await browser.login("sekretariat")
            let page = try await browser.get("/raadet/projekter")
            XCTAssertTrue(page.body.contains("LABREK"))
            XCTAssertTrue(page.body.contains("B – høj"))
            XCTAssertTrue(page.body.contains("Jens Gordon Clausen"))
        }
    }

    func testAdminManagesAccounts() async throws {
        try await app.run { browser in
            try await browser.login("admin")
            try await browser.get("/admin/brugere/ny")
            // A duplicate username is a Danish message next to the field, with everything typed kept.
            let duplicate = try await browser.post(
                "/admin/brugere",
                [
                    ("username", "bestyrelse"), ("full_name", "Ærlig Øster Åberg"), ("email", "aeo@region.dk"),
                    ("roles", "board_member"), ("password", "en lang god adgangskode"),
                ])
            XCTAssertEqual(duplicate.status, .unprocessableContent)
            XCTAssertTrue(duplicate.body.contains("Brugernavnet bestyrelse er allerede i brug"))
            XCTAssertTrue(duplicate.body.contains(#"value="Ærlig Øster Åberg""#))
            XCTAssertTrue(duplicate.body.contains(#"value="aeo@region.dk""#))
            let created = try await browser.post(
                "/admin/brugere",
                [
                    ("username", "aeo"), ("full_name", "Ærlig Øster Åberg"), ("email", "aeo@region.dk"),
                    ("roles", "board_member"), ("roles", "director"), ("password", "en lang god adgangskode"),
                ])
            XCTAssertEqual(created.status, .seeOther)
            let list = try await browser.get("/admin/brugere")
            XCTAssertTrue(list.body.contains("Ærlig Øster Åberg"))
        }
        let hash: String = try await app.pool.query("SELECT password_hash FROM users WHERE username = 'aeo'").first!.decode("password_hash")
        XCTAssertTrue(hash.hasPrefix("$2"), "bcrypt")
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM users WHERE username = 'aeo' AND roles = '{board_member,director}'"), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'user.created'"), 1)
        // The new user logs in.
        try await app.run { browser in
            try await assertEqual(try await browser.login("aeo", password: "en lang god adgangskode").status, .seeOther)
        }
    }

    func testDeactivatingAUserEndsTheirSessions() async throws {
        let app = self.app!
        let id: Int64 = try await app.pool.query("SELECT id FROM users WHERE username = 'direktoer'").first!.decode("id")
        try await app.run { victim in
            try await victim.login("direktoer")
            try await assertEqual(try await victim.get("/raadet/projekter").status, .ok)
            try await app.run { admin in
                try await admin.login("admin")
                let form = try await admin.get("/admin/brugere/\(id)")
                let version = try XCTUnwrap(form.body.range(of: #"name="version" value=""#).map { form.body[$0.upperBound...].prefix { $0 != "\"" } })
                let saved = try await admin.post(
                    "/admin/brugere/\(id)",
                    [
                        ("full_name", "Dorthe Direktør"), ("email", ""), ("roles", "director"), ("version", String(version)),
                    ])
                XCTAssertEqual(saved.status, .seeOther)
                // A second save on the same, now stale, version is refused with what changed.
                let stale = try await admin.post(
                    "/admin/brugere/\(id)",
                    [
                        ("full_name", "Et andet navn"), ("email", ""), ("roles", "director"), ("active", "on"), ("version", String(version)),
                    ])
                XCTAssertEqual(stale.status, .unprocessableContent)
                XCTAssertTrue(stale.body.contains("ændret af en anden"))
                XCTAssertTrue(stale.body.contains(#"value="Et andet navn""#), "the admin's text is kept")
            }
            try await assertEqual(try await victim.get("/raadet/projekter").status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions WHERE user_id = $1", [id]), 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'user.deactivated'"), 1)
    }

    func testAuditLogIsReadableNewestFirstAndPaginated() async throws {
        let app = self.app!
        for i in 0..<120 {
            try await AuditRepository(pool: app.pool).append(.init(userID: nil, username: "u\(i)", action: "test.\(i)", clientIP: "127.0.0.1"))
        }
        try await app.run { browser in
            try await browser.login("admin")
            let first = try await browser.get("/admin/log")
            let pages = (try await app.count("SELECT count(*) AS n FROM audit_log") + 49) / 50
            XCTAssertGreaterThanOrEqual(pages, 3)
            XCTAssertTrue(first.body.contains("login"))
            XCTAssertTrue(first.body.contains("Side 1 af \(pages)"))
            XCTAssertTrue(first.body.contains("test.119"))
            XCTAssertFalse(first.body.contains("test.0<"))
            let third = try await browser.get("/admin/log?side=3")
            XCTAssertTrue(third.body.contains("test.0<"))
        }
    }
}

final class BoardConfidentialityTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    /// Every distinctive string of the confidential items: titles, case numbers, officers, text.
    func secrets() async throws -> [String] {
        try await app.pool.query(
            "SELECT title, case_number, case_officer, resume, sagsfremstilling FROM agenda_items WHERE confidential"
        ).rows.flatMap { row -> [String] in
            [
                try row.decode("title"), try row.decode("case_number"), try row.decode("case_officer"),
                String((try row.decode("resume", as: String.self)).prefix(40)),
                String((try row.decode("sagsfremstilling", as: String.self)).prefix(40)),
            ]
        }
    }

    func testThePublicSeesConfidentialItemsOnlyAsNumbers() async throws {
        let secrets = try await secrets()
        XCTAssertEqual(secrets.count, 25)
        let readers: [String?] = [nil, "admin", "sekretariat", "raadsmedlem1", "projektleder", "direktoer", "vurderer1"]
        for reader in readers {
            try await app.run { browser in
                if let reader { try await browser.login(reader) }
                let page = try await browser.get("/bestyrelse/moeder/1")
                XCTAssertEqual(page.status, .ok)
                for n in [1, 3, 4, 5, 6] { XCTAssertTrue(page.body.contains("\(n) (Fortrolig)"), "\(reader ?? "anonym") item \(n)") }
                XCTAssertTrue(page.body.contains("Status på sundhedsydelser til ukrainske flygtninge"))
                XCTAssertTrue(page.body.contains("EMN-2022-00443"))
                for secret in secrets { XCTAssertFalse(page.body.contains(secret), "\(reader ?? "anonym") must not see «\(secret)»") }
                for n in [1, 3, 4, 5, 6] {
                    let item = try await browser.get("/bestyrelse/moeder/1/punkter/\(n)")
                    XCTAssertEqual(item.status, .notFound, "\(reader ?? "anonym") item \(n)")
                    for secret in secrets { XCTAssertFalse(item.body.contains(secret)) }
                }
                try await assertEqual(try await browser.get("/bestyrelse/moeder/1/punkter/2").status, .ok)
                let home = try await browser.get("/")
                for secret in secrets { XCTAssertFalse(home.body.contains(secret)) }
            }
        }
    }

    func testBoardMembersAndTheBoardSecretariatReadEverything() async throws {
        let app = self.app!
        let secrets = try await secrets()
        for reader in ["bestyrelse", "bestyrelsessekretariat"] {
            try await app.run { browser in
                try await browser.login(reader)
                let page = try await browser.get("/bestyrelse/moeder/1")
                let caseNumbers: [String] = try await app.pool.query(
                    "SELECT case_number FROM agenda_items WHERE confidential ORDER BY number"
                ).rows.map { try $0.decode("case_number") }
                for number in caseNumbers { XCTAssertTrue(page.body.contains(number), reader) }
                XCTAssertFalse(page.body.contains("3 (Fortrolig)</h2>"))
                let item = try await browser.get("/bestyrelse/moeder/1/punkter/3")
                XCTAssertEqual(item.status, .ok)
                XCTAssertTrue(item.body.contains("Fortroligt punkt"))
                XCTAssertTrue(secrets.contains { item.body.contains($0) })
                XCTAssertEqual(item.headers[.cacheControl], "no-store")
            }
        }
    }

    func testPublicItemPageShowsTheSections() async throws {
        try await app.run { browser in
            let page = try await browser.get("/bestyrelse/moeder/1/punkter/2")
            for heading in ["Resumé", "Indstilling", "Sagsfremstilling", "Økonomi", "Sekretariatets bemærkninger", "Kommunikation"] {
                XCTAssertTrue(page.body.contains("<h2>\(heading)</h2>"), heading)
            }
            XCTAssertTrue(page.body.contains(#"<a href="https://www.retsinformation.dk/eli/lta/2022/442">"#))
            XCTAssertTrue(page.body.contains("Det indstilles,"))
            try await assertEqual(try await browser.get("/bestyrelse/moeder/1/punkter/99").status, .notFound)
            try await assertEqual(try await browser.get("/bestyrelse/moeder/999").status, .notFound)
            try await assertEqual(try await browser.get("/bestyrelse/moeder/abc").status, .notFound)
        }
    }

    func testDraftMeetingsAreHiddenFromAllButTheBoardSecretariat() async throws {
        try await app.pool.query(
            "INSERT INTO meetings (id, title, starts_at, place, status) VALUES (50, 'Hemmeligt udkast', now() + interval '30 days', 'virtuelt', 'draft')"
        )
        try await app.run { browser in
            try await assertFalse(try await browser.get("/bestyrelse/moeder").body.contains("Hemmeligt udkast"))
            try await assertEqual(try await browser.get("/bestyrelse/moeder/50").status, .notFound)
            try await browser.login("bestyrelsessekretariat")
            try await assertTrue(try await browser.get("/bestyrelse/moeder").body.contains("Hemmeligt udkast"))
            try await assertEqual(try await browser.get("/bestyrelse/moeder/50").status, .ok)
        }
    }
}

final class BaselineTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    func testSecurityHeadersOnPagesAndErrorPages() async throws {
        try await app.run { browser in
            for path in ["/", "/bestyrelse/moeder", "/findes-ikke", "/healthz", "/static/css/site.css"] {
                let page = try await browser.get(path)
                let csp = try XCTUnwrap(page.headers[.contentSecurityPolicy], path)
                XCTAssertTrue(csp.contains("script-src 'self'"), path)
                XCTAssertFalse(csp.contains("unsafe-inline"), path)
                XCTAssertTrue(csp.contains("frame-ancestors 'none'"), path)
                XCTAssertEqual(page.headers[.xContentTypeOptions], "nosniff", path)
                XCTAssertNotNil(page.headers[HTTPField.Name("Referrer-Policy")!], path)
                XCTAssertNil(page.headers[.strictTransportSecurity], "no HSTS over plain http")
            }
            let missing = try await browser.get("/findes-ikke")
            XCTAssertEqual(missing.status, .notFound)
            XCTAssertTrue(missing.body.contains("Siden findes ikke"))
            XCTAssertTrue(missing.body.contains(#"<html lang="da">"#))
        }
    }

    func testStaticFilesAreCached() async throws {
        try await app.run { browser in
            let css = try await browser.get("/static/css/site.css")
            XCTAssertEqual(css.status, .ok)
            XCTAssertTrue(css.headers[.cacheControl]?.contains("max-age=86400") ?? false)
            XCTAssertEqual(css.headers[.contentType], "text/css; charset=utf-8")
            XCTAssertEqual(css.body, try String(contentsOfFile: "Public/css/site.css", encoding: .utf8))
            // Revalidation by ETag: unchanged, so no body.
            let etag = try XCTUnwrap(css.headers[.eTag])
            let again = try await browser.send("/static/css/site.css", method: .get, body: nil, headers: [.ifNoneMatch: etag])
            XCTAssertEqual(again.status, .notModified)
            XCTAssertEqual(again.body, "")
            let head = try await browser.send("/static/favicon.svg", method: .head, body: nil)
            XCTAssertEqual(head.status, .ok)
            XCTAssertEqual(head.headers[.contentType], "image/svg+xml")
            // Nothing but the files themselves: no folders, no other names.
            for path in ["/static/", "/static/css", "/static/css/", "/static/css/missing.css", "/static/../Package.swift"] {
                try await assertEqual(try await browser.get(path).status, .notFound, path)
            }
        }
    }

    func testHealthz() async throws {
        try await app.run { browser in
            let page = try await browser.get("/healthz")
            XCTAssertEqual(page.status, .ok)
            XCTAssertEqual(page.body, #"{"status":"ok","database":"ok"}"#)
        }
    }

    func testHealthzIs503WhenTheDatabaseIsUnreachable() async throws {
        let dead = ConnectionPool(.init(url: "postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", size: 2))
        let down = try await TestApp.make(seed: false, pool: dead)
        try await down.run { browser in
            let health = try await browser.get("/healthz")
            XCTAssertEqual(health.status, .serviceUnavailable)
            let page = try await browser.get("/bestyrelse/moeder")
            XCTAssertEqual(page.status, .serviceUnavailable)
            XCTAssertTrue(page.body.contains("Rådsportalen kan ikke nå sin database"))
            XCTAssertFalse(page.body.contains("127.0.0.1"), "no internals on the error page")
        }
        await down.shutdown()
    }

    func testOversizedBodyGets413Page() async throws {
        try await app.run { browser in
            try await browser.get("/login")
            let huge = String(repeating: "a", count: 3 * 1024 * 1024)
            let page = try await browser.post("/login", [("username", huge), ("password", "x")])
            XCTAssertEqual(page.status, .contentTooLarge)
            XCTAssertTrue(page.body.contains("Indholdet er for stort"))
        }
    }

    func testHTTPSTurnsOnSecureHostCookiesAndHSTS() async throws {
        let secure = try await TestApp.make(config: AppConfig(publicURL: "https://raadsportal.example.dk"), pool: try await TestDatabase.freshPool())
        try await secure.run { browser in
            let form = try await browser.get("/login")
            XCTAssertEqual(form.headers[.strictTransportSecurity], "max-age=31536000; includeSubDomains")
            let cookie = try XCTUnwrap(form.headers[.setCookie])
            XCTAssertTrue(cookie.hasPrefix("__Host-rp_pre="))
            XCTAssertTrue(cookie.contains("Secure"))
            XCTAssertTrue(cookie.contains("Path=/"))
            let done = try await browser.post("/login", [("username", "admin"), ("password", TestApp.password)])
            XCTAssertTrue(done.headers[values: .setCookie].contains { $0.hasPrefix("__Host-rp_session=") && $0.contains("Secure") })
        }
        await secure.shutdown()
    }

    func testTheAppHashesWithBcryptCost12() async throws {
        let hasher = PasswordHasher()
        XCTAssertEqual(hasher.cost, 12)
        let hash = try await hasher.hash("en lang god adgangskode")
        XCTAssertTrue(hash.hasPrefix("$2b$12$") || hash.hasPrefix("$2a$12$") || hash.hasPrefix("$2y$12$"), hash)
        try await assertTrue(try await hasher.verify("en lang god adgangskode", hash: hash))
        try await assertFalse(try await hasher.verify("en anden", hash: hash))
        await hasher.shutdown()
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["BCRYPT_COST": "10"]))
        XCTAssertThrowsError(try AppConfig.fromEnvironment(["PORT": "abc"]))
        XCTAssertEqual(try AppConfig.fromEnvironment([:]).port, 8080)
        XCTAssertEqual(try AppConfig.fromEnvironment([:]).host, "127.0.0.1")
    }

    func testLoginRedirectsOnlyToLocalPaths() {
        XCTAssertEqual(SiteURL.safeLocalPath("/admin/brugere"), "/admin/brugere")
        XCTAssertNil(SiteURL.safeLocalPath("//evil.example"))
        XCTAssertNil(SiteURL.safeLocalPath("https://evil.example"))
        XCTAssertNil(SiteURL.safeLocalPath("/\\evil.example"))
    }
}

final class RenderingTests: XCTestCase {
    func testRichTextEscapesEverythingButItsOwnMarkup() {
        let html = RichText.html(
            """
            <script>alert(1)</script> og "><img src=x onerror=alert(1)>

            - punkt med https://www.retsinformation.dk/eli/lta/2022/442.
            - javascript:alert(1)
            """)
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        XCTAssertTrue(html.contains(#"<li>punkt med <a href="https://www.retsinformation.dk/eli/lta/2022/442">"#))
        XCTAssertFalse(html.contains(#"href="javascript"#))
        XCTAssertTrue(html.contains("<li>javascript:alert(1)</li>"))
    }

    func testLinksCannotBreakOutOfTheirAttribute() {
        let html = RichText.inline(#"se https://x.dk/"onmouseover="alert(1) her"#)
        XCTAssertFalse(html.contains(#""onmouseover"#))
        XCTAssertTrue(html.contains(#"href="https://x.dk/&quot;onmouseover=&quot;alert(1""#), html)
    }

    func testFormDecodingKeepsWhatWasTyped() {
        let form = FormData(urlEncoded: Array("a=%C3%A6%C3%B8%C3%A5+%F0%9F%87%A9%F0%9F%87%B0&b=1&b=2&c=%ZZ&d=%00x".utf8))
        XCTAssertEqual(form["a"], "æøå 🇩🇰")
        XCTAssertEqual(form.values("b"), ["1", "2"])
        XCTAssertEqual(form["c"], "%ZZ")
        XCTAssertEqual(form["d"], "\u{0}x")
        XCTAssertEqual(form["missing"], "")
    }
}
