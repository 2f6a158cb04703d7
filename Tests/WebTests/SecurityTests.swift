import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// Two-factor sign-in, one-time form ids, and role changes ending sessions (#7).
final class SecurityTests: XCTestCase {
    func testTOTPMatchesTheRFC6238TestVectors() {
        // RFC 6238 appendix B, SHA-1, secret "12345678901234567890", 8 digits.
        let secret = Array("12345678901234567890".utf8)
        let vectors: [(Double, String)] = [
            (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ]
        for (time, code) in vectors {
            XCTAssertEqual(TOTP.code(secret: secret, counter: TOTP.step(at: Date(timeIntervalSince1970: time)), digits: 8), code, "t=\(time)")
        }
        XCTAssertEqual(Base32.decode(Base32.encode(secret)), secret)
        XCTAssertEqual(Base32.encode(Array("foobar".utf8)), "MZXW6YTBOI")  // RFC 4648 section 10, unpadded
        let generated = TOTP.newSecret()
        XCTAssertEqual(generated.count, 32)
        let now = Date()
        let current = TOTP.code(secret: Base32.decode(generated)!, counter: TOTP.step(at: now))
        XCTAssertEqual(TOTP.matchingStep(secret: generated, code: current, at: now), TOTP.step(at: now))
        XCTAssertNil(TOTP.matchingStep(secret: generated, code: current, at: now.addingTimeInterval(120)), "two steps later the code is old")
        XCTAssertNil(TOTP.matchingStep(secret: generated, code: "12345", at: now))
    }

    static func currentCode(_ secret: String, offset: TimeInterval = 0) -> String {
        TOTP.code(secret: Base32.decode(secret)!, counter: TOTP.step(at: Date().addingTimeInterval(offset)))
    }

    func testAUserSetsUpTwoFactorSignInAndThenNeedsACodeThatWorksOnce() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            try await browser.login("bestyrelse")
            try await browser.get("/konto/totrin")
            try await assertEqual(try await browser.post("/konto/totrin/start", []).status, .seeOther)
            let setup = try await browser.get("/konto/totrin")
            XCTAssertTrue(setup.body.contains("otpauth://totp/"), "the page offers the setup link")
            let secret: String = try await app.pool.query("SELECT totp_secret FROM users WHERE username = 'bestyrelse'").first!.decode("totp_secret")
            XCTAssertTrue(setup.body.contains(TOTP.grouped(secret)), "the key is shown for typing")
            // A wrong code keeps it off and says so.
            let wrong = try await browser.post("/konto/totrin/aktiver", [("code", "000000")])
            XCTAssertEqual(wrong.status, .unprocessableContent)
            XCTAssertTrue(wrong.body.contains("Koden passer ikke"))
            let oldSession = browser.cookies["rp_session"]
            let on = try await browser.post("/konto/totrin/aktiver", [("code", Self.currentCode(secret))])
            XCTAssertEqual(on.status, .ok, "the answer shows the recovery codes, once")
            XCTAssertTrue(on.body.contains("Totrinsbekræftelse er slået til"))
            XCTAssertNotEqual(browser.cookies["rp_session"], oldSession, "the session id changes when the session is raised")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'totp.enabled'"), 1)

            // Logging in now takes the password and then a code.
            browser.cookies = [:]
            let password = try await browser.login("bestyrelse")
            XCTAssertEqual(password.location, "/login/kode")
            XCTAssertNil(browser.cookies["rp_session"].flatMap { $0.isEmpty ? nil : $0 }, "no session before the code")
            try await assertEqual(try await browser.get("/bestyrelse/moeder/1/punkter/1").status, .notFound)
            let form = try await browser.get("/login/kode")
            XCTAssertEqual(form.status, .ok)
            let bad = try await browser.post("/login/kode", [("code", "999999")])
            XCTAssertEqual(bad.status, .unauthorized)
            XCTAssertTrue(bad.body.contains("Koden er forkert"))
            // The code used to switch it on was spent: the next step's code is used here (a code works once).
            let good = try await browser.post("/login/kode", [("code", Self.currentCode(secret, offset: 30))])
            XCTAssertEqual(good.location, "/")
            try await assertEqual(try await browser.get("/bestyrelse/moeder/1/punkter/1").status, .ok)
            try await assertEqual(
                try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'login' AND detail = 'med totrinsbekræftelse'"), 1)

            // The same code again, at a new login: refused (replay).
            browser.cookies = [:]
            _ = try await browser.login("bestyrelse")
            try await browser.get("/login/kode")
            try await assertEqual(try await browser.post("/login/kode", [("code", Self.currentCode(secret, offset: 30))]).status, .unauthorized)
            try await assertEqual(
                try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'login.failed' AND detail = 'forkert kode'"), 2)
        }
    }

    func testFiveWrongCodesSendTheUserBackToThePassword() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.pool.query(
            "UPDATE users SET totp_secret = $1, totp_enabled_at = now() WHERE username = 'admin'", [TOTP.newSecret()])
        try await app.run { browser in
            _ = try await browser.login("admin")
            try await browser.get("/login/kode")
            for _ in 0..<(TOTP.maximumAttempts - 1) {
                try await assertEqual(try await browser.post("/login/kode", [("code", "123456")]).status, .unauthorized)
            }
            let last = try await browser.post("/login/kode", [("code", "123456")])
            XCTAssertEqual(last.location, "/login")
            try await assertEqual(try await browser.get("/login/kode").location, "/login")
        }
    }

    func testARoleThatRequiresTwoFactorSignInAllowsNothingElseUntilItIsOn() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            // A board member already logged in when the administrator turns the requirement on.
            let member = Browser(client: browser.client)
            try await member.login("bestyrelse")
            try await assertEqual(try await member.get("/bestyrelse/moeder/1").status, .ok)

            try await browser.login("admin")
            let policy = try await browser.get("/admin/totrin")
            XCTAssertTrue(policy.body.contains("Bestyrelsesmedlem"))
            try await assertEqual(try await browser.post("/admin/totrin", [("roles", "board_member")]).status, .seeOther)
            try await assertEqual(
                try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'totp.policy' AND detail = 'board_member'"), 1)

            try await assertEqual(try await member.get("/bestyrelse/moeder/1").location, "/konto/totrin")
            try await assertEqual(try await member.post("/bestyrelse/moeder/1/punkter/7/note", [("note", "x")]).location, "/konto/totrin")
            let setup = try await member.get("/konto/totrin")
            XCTAssertTrue(setup.body.contains("Din rolle kræver totrinsbekræftelse"))
            // A new login lands on the setup page too.
            member.cookies = [:]
            try await assertEqual(try await member.login("bestyrelse").location, "/konto/totrin")
            try await member.get("/konto/totrin")
            try await member.post("/konto/totrin/start", [])
            let secret: String = try await app.pool.query("SELECT totp_secret FROM users WHERE username = 'bestyrelse'").first!.decode("totp_secret")
            try await member.get("/konto/totrin")
            try await member.post("/konto/totrin/aktiver", [("code", Self.currentCode(secret))])
            try await assertEqual(try await member.get("/bestyrelse/moeder/1").status, .ok)
            // A required role cannot switch it off.
            try await member.get("/konto/totrin")
            try await assertEqual(
                try await member.post("/konto/totrin/slaa-fra", [("code", Self.currentCode(secret, offset: 30))]).status, .forbidden)
            // The administrator resets it for a lost phone: the member's sessions end.
            try await browser.get("/admin/brugere")
            let id: Int64 = try await app.pool.query("SELECT id FROM users WHERE username = 'bestyrelse'").first!.decode("id")
            try await browser.get("/admin/brugere/\(id)")
            try await assertEqual(try await browser.post("/admin/brugere/\(id)/totrin-nulstil", []).location, "/admin/brugere?besked=totrin")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions WHERE user_id = $1", [id]), 0)
        }
    }

    func testARepeatedSubmissionIsAnsweredLikeTheFirstWithoutASecondWrite() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            let form = try await browser.get("/bestyrelse/moeder/ny")
            let id = try XCTUnwrap(form.body.firstMatch(of: /name="submission_id" value="([0-9a-f]{32})"/)?.1).description
            let fields = [
                ("submission_id", id), ("title", "Bestyrelsesmøde"), ("date", "24.6.2027"), ("start", "9.00"), ("end", "12.00"),
                ("place", "Dampfærgevej 22"),
            ]
            let before = try await app.count("SELECT count(*) AS n FROM meetings")
            let first = try await browser.post("/bestyrelse/moeder", fields)
            XCTAssertEqual(first.status, .seeOther)
            let again = try await browser.post("/bestyrelse/moeder", fields)
            XCTAssertEqual(again.status, .seeOther)
            XCTAssertEqual(again.location, first.location, "answered like the first")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM meetings"), before + 1)
            // A refused form releases its id: the corrected form with the same id goes through.
            let form2 = try await browser.get("/bestyrelse/moeder/ny")
            let id2 = try XCTUnwrap(form2.body.firstMatch(of: /name="submission_id" value="([0-9a-f]{32})"/)?.1).description
            let bad = try await browser.post(
                "/bestyrelse/moeder",
                [("submission_id", id2), ("title", "Møde"), ("date", "31.2.2027"), ("start", "9.00"), ("end", ""), ("place", "x")])
            XCTAssertEqual(bad.status, .unprocessableContent)
            let fixed = try await browser.post(
                "/bestyrelse/moeder",
                [("submission_id", id2), ("title", "Møde"), ("date", "1.3.2027"), ("start", "9.00"), ("end", ""), ("place", "x")])
            XCTAssertEqual(fixed.status, .seeOther)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM meetings"), before + 2)
            // Another user cannot use someone's id to learn where it led.
            let other = Browser(client: browser.client)
            try await other.login("bestyrelse")
            try await other.get("/bestyrelse/moeder/1/punkter/7")
            let foreign = try await other.post("/bestyrelse/moeder", fields)
            XCTAssertEqual(foreign.status, .conflict)
            // The page's id names one form with the form's address: another form of the same page still writes.
            let note = try await other.post("/bestyrelse/moeder/1/punkter/7/note", [("submission_id", id), ("note", "Min note")])
            XCTAssertEqual(note.status, .seeOther)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_notes WHERE body = 'Min note'"), 1)
        }
    }

    func testChangingAUsersRolesEndsTheirSessions() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            let member = Browser(client: browser.client)
            try await member.login("direktoer")
            try await assertEqual(try await member.get("/").status, .ok)
            try await browser.login("admin")
            let id: Int64 = try await app.pool.query("SELECT id FROM users WHERE username = 'direktoer'").first!.decode("id")
            let form = try await browser.get("/admin/brugere/\(id)")
            let version = try XCTUnwrap(form.body.firstMatch(of: /name="version" value="(\d+)"/)?.1).description
            let saved = try await browser.post(
                "/admin/brugere/\(id)",
                [
                    ("full_name", "Direktør"), ("email", ""), ("roles", "director"), ("roles", "board_member"), ("active", "on"),
                    ("version", version),
                ])
            XCTAssertEqual(saved.status, .seeOther)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions WHERE user_id = $1", [id]), 0)
            try await assertEqual(try await member.get("/bestyrelse/moeder/1/punkter/1").status, .notFound, "the old session no longer works")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'user.roles_changed'"), 1)
        }
    }
}
