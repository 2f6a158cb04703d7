import Database
import Domain
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// Issue 22, points 3–5: throttling an attacker cannot aim at a user (as a third party attacks),
/// accounts people manage themselves (reset, account request, QR code and recovery codes, sessions),
/// and nothing typed lost to an expired session.
final class AccountSelfServiceTests: XCTestCase {
    /// An app that takes X-Forwarded-For from the test client, so requests can come "from" addresses.
    func proxiedApp() async throws -> TestApp {
        var config = AppConfig()
        config.trustedProxies = ["", "127.0.0.1", "::1"]
        let app = try await TestApp.make(config: config)
        addTeardownBlock { await app.shutdown() }
        return app
    }

    static func login(_ browser: Browser, _ username: String, password: String = TestApp.password, from ip: String) async throws -> Browser.Page {
        let headers: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: ip]
        _ = try await browser.send("/login", method: .get, body: nil, headers: headers)
        let body = [("username", username), ("password", password), ("csrf_token", browser.lastCSRF ?? "")]
            .map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        return try await browser.send("/login", method: .post, body: body, contentType: "application/x-www-form-urlencoded", headers: headers)
    }

    // MARK: Point 4: throttling

    func testAnAttackerHammeringAnAccountNeverKeepsItsOwnerOutOfTheirOwnBrowser() async throws {
        let app = try await proxiedApp()
        try await app.run { client in
            // The owner signed in from this browser before: it carries a device cookie for the account.
            let owner = Browser(client: client.client)
            try await assertEqual(try await Self.login(owner, "bestyrelse", from: "192.0.2.10").status, .seeOther)
            XCTAssertNotNil(owner.cookies["rp_device"])
            try await owner.get("/")
            try await owner.post("/logout", [])
            XCTAssertNil(owner.cookies["rp_session"])

            // The attacker guesses from one address, then from others.
            let attacker = Browser(client: client.client)
            for i in 0..<LoginThrottle.maxFailuresPerAccount {
                let page = try await Self.login(attacker, "bestyrelse", password: "gaet-nummer-\(i)", from: "203.0.113.\(i % 3 + 1)")
                XCTAssertEqual(page.status, .unauthorized, "guess \(i + 1)")
            }
            // The 21st guess in the hour is refused even with the right password, from any untrusted client.
            let refused = try await Self.login(attacker, "bestyrelse", from: "198.51.100.7")
            XCTAssertEqual(refused.status, .tooManyRequests)
            XCTAssertTrue(refused.body.contains("For mange mislykkede forsøg på denne konto"), refused.body)
            XCTAssertNil(attacker.cookies["rp_session"])
            let stranger = Browser(client: client.client)
            try await assertEqual(try await Self.login(stranger, "bestyrelse", from: "192.0.2.10").status, .tooManyRequests)

            // The owner's browser still gets in with the right password.
            let back = try await Self.login(owner, "bestyrelse", from: "192.0.2.10")
            XCTAssertEqual(back.status, .seeOther)
            XCTAssertEqual(back.location, "/")
            XCTAssertNotNil(owner.cookies["rp_session"])

            // A device cookie for another account, or a tampered one, is no exemption.
            let forger = Browser(client: client.client)
            forger.cookies["rp_device"] = owner.cookies["rp_device"]!.replacingOccurrences(of: "v1.", with: "v1.00")
            try await assertEqual(try await Self.login(forger, "bestyrelse", from: "198.51.100.8").status, .tooManyRequests)
            let admin = Browser(client: client.client)
            try await assertEqual(try await Self.login(admin, "admin", from: "192.0.2.11").status, .seeOther)
            admin.cookies["rp_session"] = nil
            try await assertEqual(try await Self.login(admin, "bestyrelse", from: "192.0.2.11").status, .tooManyRequests)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'login.throttled'"), 4)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM login_failures WHERE client_ip = '203.0.113.1'"), 7)
    }

    func testOneAddressFailuresNeverRefuseOtherAccountsTrustedBrowsers() async throws {
        let app = try await proxiedApp()
        try await app.run { client in
            // Everyone behind the same proxy address: the admin signed in from their browser before.
            let office = "192.0.2.20"
            let adminBrowser = Browser(client: client.client)
            try await assertEqual(try await Self.login(adminBrowser, "admin", from: office).status, .seeOther)
            try await adminBrowser.get("/")
            try await adminBrowser.post("/logout", [])

            // An attacker at the same address sprays guesses at many accounts.
            let attacker = Browser(client: client.client)
            for i in 0..<LoginThrottle.maxFailuresPerAddress {
                try await assertEqual(
                    try await Self.login(attacker, "ingen-\(i)", password: "forkert-adgangskode", from: office).status, .unauthorized)
            }
            // Untrusted clients at that address are held back now (the right password too)...
            try await assertEqual(try await Self.login(Browser(client: client.client), "direktoer", from: office).status, .tooManyRequests)
            // ...but another account's correct login from the browser it signed in with before works.
            let admin = try await Self.login(adminBrowser, "admin", from: office)
            XCTAssertEqual(admin.status, .seeOther)
            XCTAssertNotNil(adminBrowser.cookies["rp_session"])
            // And from another address, an untrusted client of an account the attacker did not touch gets in.
            try await assertEqual(try await Self.login(Browser(client: client.client), "direktoer", from: "198.51.100.9").status, .seeOther)
        }
    }

    func testATrustedBrowserHasALimitOfItsOwn() async throws {
        let app = try await proxiedApp()
        try await app.run { client in
            let browser = Browser(client: client.client)
            try await assertEqual(try await Self.login(browser, "admin", from: "192.0.2.30").status, .seeOther)
            try await browser.get("/")
            try await browser.post("/logout", [])
            for _ in 0..<LoginThrottle.maxFailuresPerDevice {
                try await assertEqual(
                    try await Self.login(browser, "admin", password: "forkert-adgangskode", from: "192.0.2.30").status, .unauthorized)
            }
            let held = try await Self.login(browser, "admin", from: "192.0.2.30")
            XCTAssertEqual(held.status, .tooManyRequests)
            XCTAssertTrue(held.body.contains("fra denne browser"))
            // Those guesses were the device's: the account itself is not held back for others.
            try await assertEqual(try await Self.login(Browser(client: client.client), "admin", from: "198.51.100.10").status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM login_failures WHERE device IS NULL"), 0)
    }

    // MARK: Point 3: accounts people manage

    static func mailBody(_ app: TestApp, to recipient: String, subject: String) async throws -> String? {
        try await app.pool.query(
            "SELECT body FROM mail_outbox WHERE recipient = $1 AND subject = $2 ORDER BY id DESC LIMIT 1", [recipient, subject]
        ).first?.decode("body")
    }

    static func link(in body: String) -> String? {
        guard let range = body.range(of: #"/ny-adgangskode/[A-Za-z0-9_-]+"#, options: .regularExpression) else { return nil }
        return String(body[range])
    }

    func testAPasswordResetByEmailWorksOnceAndSaysTheSameForUnknownAddresses() async throws {
        let app = try await proxiedApp()
        let email: String = try await app.pool.query("SELECT email FROM users WHERE username = 'direktoer'").first!.decode("email")
        XCTAssertFalse(email.isEmpty)
        try await app.run { client in
            let browser = Browser(client: client.client)
            let login = try await browser.get("/login")
            XCTAssertTrue(login.body.contains(#"href="/glemt-adgangskode""#))
            try await browser.get("/glemt-adgangskode")
            let known = try await browser.post("/glemt-adgangskode", [("identifier", email.uppercased())])
            XCTAssertEqual(known.location, "/glemt-adgangskode?sendt=1")
            let unknown = try await browser.post("/glemt-adgangskode", [("identifier", "ingen@eksempel.dk")])
            XCTAssertEqual(unknown.location, known.location, "the same answer whether or not the address exists")
            let sent = try await browser.get(known.location!)
            XCTAssertTrue(sent.body.contains("Hvis adressen eller brugernavnet hører til en konto"))

            let body = try await XCTUnwrapAsync(try await Self.mailBody(app, to: email, subject: "Ny adgangskode til Rådsportalen"))
            let link = try XCTUnwrap(Self.link(in: body))
            XCTAssertTrue(body.contains("i en time"))
            // Only the token's hash is stored.
            let token = String(link.dropFirst("/ny-adgangskode/".count))
            try await assertEqual(
                try await app.count("SELECT count(*) AS n FROM password_tokens WHERE id_hash = sha256(convert_to($1, 'UTF8'))", [token]), 1)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM mail_outbox WHERE body LIKE '%ingen@eksempel%'"), 0)

            let form = try await browser.get(link)
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(form.body.contains("direktoer"))
            let weak = try await browser.post(link, [("new", "kort"), ("repeat", "kort")])
            XCTAssertEqual(weak.status, .unprocessableContent)
            XCTAssertTrue(weak.body.contains("mindst 12 tegn"))
            let done = try await browser.post(link, [("new", "en helt ny og lang sætning"), ("repeat", "en helt ny og lang sætning")])
            XCTAssertEqual(done.status, .seeOther)
            // Single use.
            try await assertEqual(try await browser.get(link).status, .notFound)
            try await assertEqual(
                try await browser.post(link, [("new", "endnu en ny lang sætning"), ("repeat", "endnu en ny lang sætning")]).status, .notFound)
            // The new password opens the account, the old one no longer does.
            let fresh = Browser(client: client.client)
            try await assertEqual(try await Self.login(fresh, "direktoer", from: "192.0.2.40").status, .unauthorized)
            try await assertEqual(
                try await Self.login(fresh, "direktoer", password: "en helt ny og lang sætning", from: "192.0.2.40").status, .seeOther)

            // Throttled per address: the 11th ask in the hour is refused.
            let spammer = Browser(client: client.client)
            let headers: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "203.0.113.50"]
            _ = try await spammer.send("/glemt-adgangskode", method: .get, body: nil, headers: headers)
            var last: Browser.Page?
            for i in 0...AccountRoutes.resetsPerAddress {
                let body = "identifier=nogen\(i)%40eksempel.dk&csrf_token=\(spammer.lastCSRF ?? "")"
                last = try await spammer.send(
                    "/glemt-adgangskode", method: .post, body: body, contentType: "application/x-www-form-urlencoded", headers: headers)
            }
            XCTAssertEqual(last?.status, .tooManyRequests)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'password.reset'"), 1)
    }

    func testANewProjectLeaderAsksForAnAccountAndTheSecretariatApprovesOrDeclines() async throws {
        let app = try await proxiedApp()
        try await app.run { client in
            let visitor = Browser(client: client.client)
            try await visitor.get("/bliv-bruger")
            let invalid = try await visitor.post("/bliv-bruger", [("full_name", ""), ("email", "ikke-en-adresse"), ("organisation", "")])
            XCTAssertEqual(invalid.status, .unprocessableContent)
            XCTAssertTrue(invalid.body.contains("Skriv dit fulde navn."))
            XCTAssertTrue(invalid.body.contains("Skriv en e-mailadresse som navn@region.dk."))
            XCTAssertTrue(invalid.body.contains(#"value="ikke-en-adresse""#), "nothing typed is lost")
            let sent = try await visitor.post(
                "/bliv-bruger",
                [
                    ("full_name", "Ny Projektleder"), ("email", "ny.pl@regionh.dk"), ("organisation", "Region Hovedstaden"),
                    ("project", "Nyt system"), ("message", "Jeg skal indsende en anmodning."),
                ])
            XCTAssertEqual(sent.location, "/bliv-bruger?sendt=1")
            try await visitor.post(
                "/bliv-bruger", [("full_name", "Anden Person"), ("email", "anden@rm.dk"), ("organisation", "Region Midtjylland")])

            // Only the secretariat decides.
            let leader = Browser(client: client.client)
            try await leader.login("projektleder")
            try await assertEqual(try await leader.get("/raadet/kontoanmodninger").status, .forbidden)

            let secretariat = Browser(client: client.client)
            try await secretariat.login("sekretariat")
            let list = try await secretariat.get("/raadet/kontoanmodninger")
            XCTAssertEqual(list.status, .ok)
            XCTAssertTrue(list.body.contains("Ny Projektleder"))
            XCTAssertTrue(list.body.contains(#"value="ny.pl""#), "a username is suggested")
            let ids: [Int64] = try await app.pool.query("SELECT id FROM account_requests ORDER BY id").rows.map { try $0.decode("id") }
            let confirm = try await secretariat.post(
                "/raadet/kontoanmodninger/\(ids[0])", [("handling", "godkend"), ("username", "ny.pl")])
            XCTAssertEqual(confirm.status, .ok)
            XCTAssertTrue(confirm.body.contains("Ja, opret kontoen"))
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM users WHERE username = 'ny.pl'"), 0)
            let approved = try await secretariat.post(
                "/raadet/kontoanmodninger/\(ids[0])", [("handling", "godkend"), ("username", "ny.pl"), ("bekraeft", "ja")])
            XCTAssertEqual(approved.location, "/raadet/kontoanmodninger?besked=godkendt")
            let roles: [String] = try await app.pool.query("SELECT roles FROM users WHERE username = 'ny.pl'").first!.decode("roles")
            XCTAssertEqual(roles, ["project_leader"], "a project-leader account, nothing else")

            let declineEmpty = try await secretariat.post("/raadet/kontoanmodninger/\(ids[1])", [("handling", "afvis"), ("message", "")])
            XCTAssertEqual(declineEmpty.status, .unprocessableContent)
            let declined = try await secretariat.post(
                "/raadet/kontoanmodninger/\(ids[1])",
                [("handling", "afvis"), ("message", "Kontakt din regions it-afdeling."), ("bekraeft", "ja")])
            XCTAssertEqual(declined.location, "/raadet/kontoanmodninger?besked=afvist")

            // The new project leader sets a password with the link from the e-mail and signs in.
            let welcome = try await XCTUnwrapAsync(try await Self.mailBody(app, to: "ny.pl@regionh.dk", subject: "Din brugerkonto i Rådsportalen"))
            XCTAssertTrue(welcome.contains("ny.pl"))
            let link = try XCTUnwrap(Self.link(in: welcome))
            let newcomer = Browser(client: client.client)
            let choose = try await newcomer.get(link)
            XCTAssertTrue(choose.body.contains("Vælg din adgangskode"))
            try await assertEqual(
                try await newcomer.post(link, [("new", "mit første lange kodeord"), ("repeat", "mit første lange kodeord")]).status, .seeOther)
            try await assertEqual(try await newcomer.login("ny.pl", password: "mit første lange kodeord").status, .seeOther)
            let declineMail = try await XCTUnwrapAsync(
                try await Self.mailBody(app, to: "anden@rm.dk", subject: "Din anmodning om en brugerkonto i Rådsportalen"))
            XCTAssertTrue(declineMail.contains("Kontakt din regions it-afdeling."))
        }
        let secretaries = try await app.count("SELECT count(*) AS n FROM users WHERE 'secretariat' = ANY(roles) AND active AND email <> ''")
        XCTAssertGreaterThan(secretaries, 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM mail_outbox WHERE reason = 'account.requested'"), 2 * secretaries)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action IN ('account.approved', 'account.declined')"), 2)
    }

    /// Decodes the page's QR code (rsvg-convert to PNG, zbarimg) to the otpauth URI with the key.
    static func decodeQR(svg: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try svg.write(to: dir.appendingPathComponent("qr.svg"), atomically: true, encoding: .utf8)
        func run(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        _ = try run(["rsvg-convert", "-w", "400", "-o", dir.appendingPathComponent("qr.png").path, dir.appendingPathComponent("qr.svg").path])
        return try run(["zbarimg", "--quiet", "--raw", dir.appendingPathComponent("qr.png").path]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testTwoFactorSetUpShowsAQRCodeOfTheKeyAndTenRecoveryCodesOnce() async throws {
        let app = try await proxiedApp()
        try await app.run { client in
            let browser = Browser(client: client.client)
            try await browser.login("bestyrelse")
            try await browser.get("/konto/totrin")
            try await browser.post("/konto/totrin/start", [])
            let setup = try await browser.get("/konto/totrin")
            let secret: String = try await app.pool.query("SELECT totp_secret FROM users WHERE username = 'bestyrelse'").first!.decode("totp_secret")
            let qr = try XCTUnwrap(setup.body.range(of: #"<span class="qr" id="qr">"#))
            let start = try XCTUnwrap(setup.body.range(of: "<svg", range: qr.upperBound..<setup.body.endIndex))
            let end = try XCTUnwrap(setup.body.range(of: "</svg>", range: start.upperBound..<setup.body.endIndex))
            let svg = String(setup.body[start.lowerBound..<end.upperBound])
            XCTAssertTrue(svg.contains(#"aria-label="QR-kode"#))
            let decoded = try Self.decodeQR(svg: svg)
            XCTAssertTrue(decoded.hasPrefix("otpauth://totp/"), decoded)
            XCTAssertTrue(decoded.contains("secret=\(secret)&"), "the QR code carries the key shown beside it: \(decoded)")

            let on = try await browser.post("/konto/totrin/aktiver", [("code", SecurityTests.currentCode(secret))])
            XCTAssertEqual(on.status, .ok)
            let codes = on.body.matches(of: /<li><code>([A-Z2-7]{5}-[A-Z2-7]{5})<\/code><\/li>/).map { String($0.output.1) }
            XCTAssertEqual(codes.count, 10)
            XCTAssertEqual(Set(codes).count, 10)
            // Shown once: the page does not show them again, and only their hashes are stored.
            let again = try await browser.get("/konto/totrin")
            XCTAssertFalse(again.body.contains(codes[0]))
            XCTAssertTrue(again.body.contains("Du har 10 ubrugte gendannelseskoder"))
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM totp_recovery_codes WHERE used_at IS NULL"), 10)
            try await assertEqual(
                try await app.count("SELECT count(*) AS n FROM totp_recovery_codes WHERE code_hash = convert_to($1, 'UTF8')", [codes[0]]), 0)

            // A recovery code signs in at the code step, once.
            let other = Browser(client: client.client)
            try await assertEqual(try await other.login("bestyrelse").location, "/login/kode")
            try await other.get("/login/kode")
            let withCode = try await other.post("/login/kode", [("code", codes[3].lowercased())])
            XCTAssertEqual(withCode.location, "/")
            let third = Browser(client: client.client)
            try await third.login("bestyrelse")
            try await third.get("/login/kode")
            try await assertEqual(try await third.post("/login/kode", [("code", codes[3])]).status, .unauthorized)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM totp_recovery_codes WHERE used_at IS NULL"), 9)

            // Sessions: the first browser sees the others and logs them out everywhere, after a confirmation.
            let account = try await browser.get("/konto")
            XCTAssertTrue(account.body.contains("Log ud overalt"))
            XCTAssertTrue(account.body.contains("(denne)"))
            let confirm = try await browser.post("/konto/sessioner/log-ud", [])
            XCTAssertEqual(confirm.status, .ok)
            XCTAssertTrue(confirm.body.contains("Ja, log ud overalt"))
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions"), 2)
            let ended = try await browser.post("/konto/sessioner/log-ud", [("bekraeft", "ja")])
            XCTAssertEqual(ended.location, "/konto?besked=logget-ud#sessioner")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions"), 1)
            try await assertEqual(try await other.get("/konto").status, .seeOther)
            try await assertEqual(try await browser.get("/konto").status, .ok)
        }
    }

    // MARK: Point 5: nothing typed lost

    func testAFormSentAfterTheSessionExpiredIsFilledInAgainAfterSignInAndWrittenOnlyWhenSentAgain() async throws {
        let app = try await proxiedApp()
        try await app.run { browser in
            try await browser.login("bestyrelse")
            let item = "/bestyrelse/moeder/1/punkter/1"
            let page = try await browser.get(item)
            XCTAssertEqual(page.status, .ok)
            let oldCSRF = try XCTUnwrap(browser.lastCSRF)
            let submission = try XCTUnwrap(page.body.firstMatch(of: /name="submission_id" value="([0-9a-f]{32})"/)).output.1
            // The session expires while the note is being typed.
            try await app.pool.query("DELETE FROM sessions")
            let text = "Lang note med <tegn> & \"citat\" og æøå.\nAnden linje."
            let sent = try await browser.send(
                item + "/note", method: .post,
                body: "note=\(Browser.encode(text))&csrf_token=\(oldCSRF)&submission_id=\(submission)",
                contentType: "application/x-www-form-urlencoded", headers: [.referer: "http://localhost" + item])
            XCTAssertEqual(sent.status, .seeOther)
            XCTAssertTrue(sent.location?.hasPrefix("/login?next=") ?? false, sent.location ?? "")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_notes WHERE body LIKE 'Lang note%'"), 0)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM preserved_forms"), 1)

            // Signing in lands on the form's page with the text filled in.
            let login = try await browser.get(sent.location!)
            XCTAssertTrue(login.body.contains("Du er blevet logget ud"))
            let signedIn = try await browser.post("/login", [("username", "bestyrelse"), ("password", TestApp.password), ("next", item)])
            XCTAssertEqual(signedIn.location, item + "?udkast=1")
            let back = try await browser.get(signedIn.location!)
            XCTAssertEqual(back.status, .ok)
            XCTAssertTrue(back.body.contains("Det, du skrev, er sat ind igen"))
            XCTAssertTrue(back.body.contains(">Lang note med &lt;tegn&gt; &amp; &quot;citat&quot; og æøå.\nAnden linje.</textarea>"), back.body)
            XCTAssertNotEqual(browser.lastCSRF, oldCSRF)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_notes WHERE body LIKE 'Lang note%'"), 0)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM preserved_forms"), 0)
            // Once: a reload shows the page as it is.
            let reload = try await browser.get(signedIn.location!)
            XCTAssertFalse(reload.body.contains("sat ind igen"))
            // Sent again with the new token, it is written.
            let newSubmission = try XCTUnwrap(back.body.firstMatch(of: /name="submission_id" value="([0-9a-f]{32})"/)).output.1
            let saved = try await browser.post(item + "/note", [("note", text), ("submission_id", String(newSubmission))])
            XCTAssertEqual(saved.status, .seeOther)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_notes WHERE body LIKE 'Lang note%'"), 1)
        }
    }

    func testTheOldTokenAloneWritesNothingAndAForeignPostIsStillRefused() async throws {
        let app = try await proxiedApp()
        try await app.run { browser in
            // No session cookie at all: refused as before (403), nothing kept.
            let anonymous = try await browser.send(
                "/bestyrelse/moeder/1/punkter/1/note", method: .post, body: "note=x&csrf_token=y",
                contentType: "application/x-www-form-urlencoded")
            XCTAssertEqual(anonymous.status, .forbidden)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM preserved_forms"), 0)
        }
        let html = """
            <form method="post" action="/a"><input type="text" name="t" value="old"><input type="checkbox" name="c" value="1" checked>\
            <select name="s"><option value="1" selected>1</option><option value="2">2</option></select>\
            <input type="hidden" name="csrf_token" value="NEW"><textarea name="n">gammel</textarea></form>
            """
        let filled = FormDrafts.fill(html: html, action: "/a", fields: ["t": ["ny \"tekst\""], "s": ["2"], "n": ["<b>"], "csrf_token": ["OLD"]])
        XCTAssertTrue(filled.contains(#"name="t" value="ny &quot;tekst&quot;""#), filled)
        XCTAssertFalse(filled.contains("checked"), filled)
        XCTAssertTrue(filled.contains(#"<option value="2" selected>"#), filled)
        XCTAssertTrue(filled.contains(#"<option value="1">"#), filled)
        XCTAssertTrue(filled.contains(#"value="NEW""#), "the page's own token stays")
        XCTAssertTrue(filled.contains("<textarea name=\"n\">&lt;b&gt;</textarea>"), filled)
        XCTAssertEqual(FormDrafts.fill(html: html, action: "/b", fields: ["t": ["x"]]), html, "another form is left alone")
    }
}
