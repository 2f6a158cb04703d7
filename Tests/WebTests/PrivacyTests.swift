import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import XCTest

@testable import Web

/// Issue 23: personal data over its whole life. Retention carried out by the job runner with a
/// moved clock, the admin's export (JSON and PDF), erasure with everything else intact, and a
/// closed case's archive package (unzipped, checksums verified, metadata validated by xmllint).
final class PrivacyTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    func userID(_ username: String) async throws -> Int64 {
        try await app.pool.query("SELECT id FROM users WHERE username = $1", [username]).first!.decode("id")
    }

    /// A runner whose clock is `offset` seconds ahead, with the retention job only.
    func retentionRunner(movedBy offset: TimeInterval, instance: String = "test") -> JobRunner {
        let now: @Sendable () -> Date = { Date().addingTimeInterval(offset) }
        let runner = JobRunner(pool: app.pool, logger: Logger(label: "test.privacy"), instance: instance, now: now)
        PrivacyJobs.register(on: runner, app: app.services, now: now)
        return runner
    }

    /// Runs one occurrence of the retention job now on `runner`; returns what it recorded.
    func runRetention(_ runner: JobRunner) async throws -> String {
        let key = "privacy.retention:test:\(UUID().uuidString)"
        try await JobQueue(pool: app.pool).enqueue(kind: PrivacyJobs.kind, key: key)
        try await runner.runDue()
        return try await app.pool.query("SELECT last_result FROM jobs WHERE dedupe_key = $1", [key]).first!.decode("last_result")
    }

    // MARK: Retention

    func testRetentionWithAMovedClock() async throws {
        let board = try await userID("bestyrelse")
        let former = try await userID("bestyrelsessekretariat")
        let item: Int64 = try await app.pool.query("SELECT id FROM agenda_items ORDER BY id LIMIT 1").first!.decode("id")
        // Today's data: a session, failed logins, notes of a board member and of someone whose board
        // role the identity provider removed at sign-in (the roles replaced directly, as that does).
        try await app.pool.query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token) VALUES (sha256('privacy-test'::bytea), $1, 'x')", [board])
        try await app.pool.query("INSERT INTO login_failures (username, client_ip) VALUES ('bestyrelse', '192.0.2.7')")
        try await app.pool.query("INSERT INTO item_notes (user_id, item_id, body) VALUES ($1, $2, 'Min egen note')", [board, item])
        try await app.pool.query("UPDATE users SET roles = '{board_member}' WHERE id = $1", [former])
        try await app.pool.query("INSERT INTO item_notes (user_id, item_id, body) VALUES ($1, $2, 'Tidligere medlems note')", [former, item])
        try await app.pool.query("UPDATE users SET roles = '{board_secretariat}' WHERE id = $1", [former])
        try await app.pool.query(
            "INSERT INTO audit_log (user_id, username, action, client_ip) VALUES ($1, 'bestyrelse', 'login', '192.0.2.7')", [board])
        let fresh: Int64 = try await app.pool.query("SELECT max(id) AS id FROM audit_log").first!.decode("id")

        // Ten days on: the former member's note is gone; today's session, attempts and log stay.
        let tenDays = try await runRetention(retentionRunner(movedBy: 10 * 86_400))
        XCTAssertTrue(tenDays.contains("sessions 0, login attempts 0"), tenDays)
        XCTAssertTrue(tenDays.contains("private notes 1"), tenDays)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_notes WHERE user_id = $1", [former]), 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_notes WHERE user_id = $1", [board]), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions WHERE user_id = $1", [board]), 1)
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM audit_log WHERE id = $1 AND pseudonymised_at IS NULL", [fresh]), 1)

        // 31 days on: the session and the failed login are past their 30 days.
        let month = try await runRetention(retentionRunner(movedBy: 31 * 86_400))
        XCTAssertTrue(month.contains("sessions 1, login attempts 1"), month)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions WHERE user_id = $1", [board]), 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM login_failures"), 0)

        // Five years and a day on: today's log entry is pseudonymised; the facts stay.
        let facts = try await app.count("SELECT count(*) AS n FROM audit_log WHERE action <> 'privacy.retention'")
        let later = try await runRetention(retentionRunner(movedBy: (5 * 366 + 1) * 86_400))
        XCTAssertFalse(later.contains("audit entries pseudonymised 0"), later)
        let row = try await app.pool.query("SELECT username, client_ip, action, user_id FROM audit_log WHERE id = $1", [fresh]).first!
        XCTAssertEqual(try row.decode("username", as: String.self), "bruger \(board)")
        XCTAssertEqual(try row.decode("client_ip", as: String.self), "")
        XCTAssertEqual(try row.decode("action", as: String.self), "login")
        XCTAssertEqual(try row.decode("user_id", as: Int64.self), board)
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM audit_log WHERE pseudonymised_at IS NULL AND user_id IS NOT NULL"), 0)
        // Nothing was deleted from the log (the runs added their own entries).
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action <> 'privacy.retention'"), facts)
        // The case timelines are the cases' record: they keep who did what, without the address.
        let timeline = try await app.pool.query(
            """
            SELECT count(*) FILTER (WHERE a.username = u.username) AS named, count(*) FILTER (WHERE a.client_ip <> '') AS addressed,
                   count(*) AS n
            FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.object_type = 'case'
            """
        ).first!
        XCTAssertGreaterThan(try timeline.decode("n", as: Int.self), 0)
        XCTAssertEqual(try timeline.decode("named", as: Int.self), try timeline.decode("n", as: Int.self))
        XCTAssertEqual(try timeline.decode("addressed", as: Int.self), 0)

        // The log is still append-only for anything else.
        do {
            try await app.pool.query("UPDATE audit_log SET action = 'changed' WHERE id = $1", [fresh])
            XCTFail("the audit log took an update")
        } catch {}
        do {
            try await app.pool.query("DELETE FROM audit_log WHERE id = $1", [fresh])
            XCTFail("the audit log took a delete")
        } catch {}

        // Idempotent: the same moment again removes nothing.
        let again = try await runRetention(retentionRunner(movedBy: (5 * 366 + 1) * 86_400))
        XCTAssertTrue(again.contains("sessions 0, login attempts 0, audit entries pseudonymised 0, private notes 0, e-mails 0"), again)
        // What a run removed is recorded in job_runs and, when anything went, in the audit log.
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM job_runs r JOIN jobs j ON j.id = r.job_id WHERE j.kind = 'privacy.retention' AND r.outcome = 'done'"),
            4)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'privacy.retention'"), 3)
    }

    /// Two instances at the same moment: the queue gives an occurrence to one; two runs of the work
    /// itself at once take turns and remove each row once.
    func testRetentionIsSafeWithTwoInstances() async throws {
        for i in 0..<5 {
            try await app.pool.query(
                "INSERT INTO login_failures (username, client_ip, at) VALUES ($1, '192.0.2.9', now() - interval '40 days')", ["x\(i)"])
        }
        let key = "privacy.retention:two"
        try await JobQueue(pool: app.pool).enqueue(kind: PrivacyJobs.kind, key: key)
        let a = retentionRunner(movedBy: 0, instance: "a")
        let b = retentionRunner(movedBy: 0, instance: "b")
        async let ranA = a.runDue()
        async let ranB = b.runDue()
        let (x, y) = try await (ranA, ranB)
        XCTAssertEqual(x + y, 1, "one occurrence, one run")
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM job_runs r JOIN jobs j ON j.id = r.job_id WHERE j.dedupe_key = $1", [key]), 1)
        // The work itself, twice at once.
        for i in 0..<5 {
            try await app.pool.query(
                "INSERT INTO login_failures (username, client_ip, at) VALUES ($1, '192.0.2.9', now() - interval '40 days')", ["y\(i)"])
        }
        let privacy = PrivacyRepository(pool: app.pool)
        async let one = privacy.applyRetention(.standard, now: Date())
        async let two = privacy.applyRetention(.standard, now: Date())
        let (r1, r2) = try await (one, two)
        XCTAssertEqual(r1.loginAttempts + r2.loginAttempts, 5)
    }

    /// The admin removes the board role: the notes go at once (the retention job covers the rest).
    func testRemovingTheBoardRoleDeletesPrivateNotesAtOnce() async throws {
        let board = try await userID("bestyrelse")
        let item: Int64 = try await app.pool.query("SELECT id FROM agenda_items ORDER BY id LIMIT 1").first!.decode("id")
        try await app.pool.query("INSERT INTO item_notes (user_id, item_id, body) VALUES ($1, $2, 'Note')", [board, item])
        let version: Int = try await app.pool.query("SELECT version FROM users WHERE id = $1", [board]).first!.decode("version")
        try await app.run { admin in
            try await admin.login("admin")
            try await admin.get("/admin/brugere/\(board)")
            let saved = try await admin.post(
                "/admin/brugere/\(board)",
                [
                    ("full_name", "Bente Bestyrelsesmedlem"), ("email", "bestyrelse@raadsportal.example.dk"), ("roles", "director"),
                    ("active", "on"), ("version", String(version)), ("body", "Regionsdirektørkredsen"),
                ])
            XCTAssertEqual(saved.status, .seeOther, saved.body)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_notes WHERE user_id = $1", [board]), 0)
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM audit_log WHERE object_id = $1 AND detail LIKE '%private noter slettet: 1%'", [String(board)]),
            1)
    }

    // MARK: Access (art. 15)

    func testTheAdminExportsEverythingAboutAPersonAsJSONAndPDF() async throws {
        let app = self.app!
        let id = try await userID("raadsmedlem1")
        let item: Int64 = try await app.pool.query("SELECT id FROM agenda_items ORDER BY id LIMIT 1").first!.decode("id")
        try await app.pool.query("INSERT INTO item_notes (user_id, item_id, body) VALUES ($1, $2, 'Hemmelig note')", [id, item])
        try await app.pool.query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token) VALUES (sha256('export-test'::bytea), $1, 'csrf-secret')", [id])
        let appointments = try await app.count("SELECT count(*) AS n FROM case_appointments WHERE user_id = $1", [id])
        XCTAssertGreaterThan(appointments, 0)
        try await app.run { admin in
            try await admin.login("admin")
            let page = try await admin.get("/admin/brugere/\(id)/persondata")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("Personoplysninger om Jens Gordon Clausen"))
            XCTAssertTrue(page.body.contains("Underskrifter af anbefalingsbreve: 6"), "the seed's six signed letters")
            let file = try await admin.get("/admin/brugere/\(id)/persondata/json")
            XCTAssertEqual(file.status, .ok)
            XCTAssertEqual(file.headers[.contentType], "application/json; charset=utf-8")
            XCTAssertTrue(file.headers[.contentDisposition]?.contains("attachment") ?? false)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(file.body.utf8)) as? [String: Any])
            let sections = try XCTUnwrap(json["sektioner"] as? [String: Any])
            func rows(_ key: String) throws -> [[String: Any]] {
                let section = try XCTUnwrap(sections[key] as? [String: Any], key)
                return try XCTUnwrap(section["raekker"] as? [[String: Any]], key)
            }
            XCTAssertEqual(try rows("konto").first?["full_name"] as? String, "Jens Gordon Clausen")
            XCTAssertEqual(try rows("konto").first?["roles"] as? [String], ["council_member"])
            XCTAssertEqual(try rows("underskrifter").count, 6)
            XCTAssertEqual(try rows("udpegninger_og_habilitetserklaeringer").count, appointments)
            XCTAssertEqual(try rows("private_noter").first?["body"] as? String, "Hemmelig note")
            XCTAssertEqual(try rows("sessioner").count, 1)
            XCTAssertFalse(try rows("revisionslog").isEmpty)
            for key in ["observationer", "emails", "erklaerede_interesser"] { _ = try rows(key) }
            XCTAssertFalse(file.body.contains("password_hash"), "no secrets")
            XCTAssertFalse(file.body.contains("csrf-secret"))
            XCTAssertFalse(file.body.contains("$2"), "no bcrypt hash")
            // The readable PDF: rendered by the job runner, then served.
            var pdf = try await admin.get("/admin/brugere/\(id)/persondata/pdf")
            if pdf.status == .accepted {
                try await app.runJobs()
                pdf = try await admin.get("/admin/brugere/\(id)/persondata/pdf")
            }
            XCTAssertEqual(pdf.status, .ok)
            XCTAssertEqual(pdf.headers[.contentType], "application/pdf")
            XCTAssertEqual(pdf.headers[.cacheControl], "no-store")
            XCTAssertTrue(pdf.body.hasPrefix("%PDF-"))
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'privacy.exported' AND object_id = $1", [String(id)]), 2)
    }

    // MARK: Erasure (art. 17)

    /// Every case's history as (time, action, detail) rows, and every row of other people's data.
    func snapshot(except id: Int64) async throws -> [String: String] {
        var out: [String: String] = [:]
        let queries = [
            "timelines":
                "SELECT string_agg(object_id || '|' || at || '|' || action, E'\\n' ORDER BY id) AS s FROM audit_log WHERE object_type = 'case'",
            "others_audit": """
            SELECT string_agg(id || '|' || at || '|' || coalesce(user_id, 0) || '|' || username || '|' || action || '|' || object_id || '|' || client_ip,
                              E'\\n' ORDER BY id) AS s FROM audit_log WHERE user_id IS DISTINCT FROM $1
            """,
            "others_users":
                "SELECT string_agg(id || username || full_name || email || roles::text || active, E'\\n' ORDER BY id) AS s FROM users WHERE id <> $1",
            "others_notes":
                "SELECT string_agg(user_id || '|' || item_id || '|' || body, E'\\n' ORDER BY user_id, item_id) AS s FROM item_notes WHERE user_id <> $1",
            "signoffs":
                "SELECT string_agg(case_id || '|' || user_id || '|' || signed_at, E'\\n' ORDER BY case_id, user_id) AS s FROM letter_signoffs",
            "appointments":
                "SELECT string_agg(case_id || '|' || user_id || '|' || role || '|' || coalesce(declared_at::text, ''), E'\\n' ORDER BY case_id, user_id) AS s FROM case_appointments",
            "observations":
                "SELECT string_agg(id || '|' || case_id || '|' || coalesce(author_id, 0) || '|' || body, E'\\n' ORDER BY id) AS s FROM case_observations",
            "cases": "SELECT string_agg(id || '|' || state || '|' || version, E'\\n' ORDER BY id) AS s FROM assessment_cases",
            "letters": "SELECT string_agg(document || '|' || stamp, E'\\n' ORDER BY document, stamp) AS s FROM rendered_documents",
        ]
        for (name, sql) in queries {
            let parameters: [any SQLParameter] = sql.contains("$1") ? [id] : []
            out[name] = try await app.pool.query(sql, parameters).first!.decode("s", as: String?.self) ?? ""
        }
        return out
    }

    func testErasureReplacesThePersonAndLeavesEverythingElseIntact() async throws {
        let app = self.app!
        let id = try await userID("raadsmedlem1")
        let other = try await userID("raadsmedlem2")
        let item: Int64 = try await app.pool.query("SELECT id FROM agenda_items ORDER BY id LIMIT 1").first!.decode("id")
        try await app.pool.query(
            "INSERT INTO item_notes (user_id, item_id, body) VALUES ($1, $2, 'Min note'), ($3, $2, 'En andens note')", [id, item, other])
        try await app.pool.query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token) VALUES (sha256('erase-test'::bytea), $1, 'x')", [id])
        // Someone else's entry that names her (the secretariat appointing her, say).
        try await app.pool.query(
            "INSERT INTO audit_log (user_id, username, action, object_type, object_id, detail) VALUES ($1, 'raadsmedlem2', 'case.appointed', 'case', '1', 'udpeget: Jens Gordon Clausen')",
            [other])
        // Her own steps on a case's timeline.
        try await app.pool.query(
            "INSERT INTO audit_log (user_id, username, action, object_type, object_id, client_ip) VALUES ($1, 'raadsmedlem1', 'letter.signed', 'case', '1', '192.0.2.5')",
            [id])
        let signoffs = try await app.count("SELECT count(*) AS n FROM letter_signoffs WHERE user_id = $1", [id])
        let appointments = try await app.count("SELECT count(*) AS n FROM case_appointments WHERE user_id = $1", [id])
        XCTAssertGreaterThan(signoffs, 0)
        let before = try await snapshot(except: id)

        try await app.run { admin in
            try await admin.login("admin")
            let confirm = try await admin.get("/admin/brugere/\(id)/slet-persondata")
            XCTAssertEqual(confirm.status, .ok)
            XCTAssertTrue(confirm.body.contains("Slet personoplysninger om Jens Gordon Clausen?"))
            XCTAssertTrue(confirm.body.contains("Det ændres, når du bekræfter"))
            XCTAssertTrue(confirm.body.contains("Det ændres ikke"))
            XCTAssertTrue(confirm.body.contains("Sendte anbefalingsbreve og deres PDF"))
            XCTAssertTrue(confirm.body.contains("Private noter til dagsordenspunkter og læsemarkeringer slettes."))
            // Without the confirmation nothing happens.
            let unconfirmed = try await admin.post("/admin/brugere/\(id)/slet-persondata", [])
            XCTAssertEqual(unconfirmed.status, .ok)
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM users WHERE id = $1 AND erased_at IS NULL", [id]), 1)
            let done = try await admin.post("/admin/brugere/\(id)/slet-persondata", [("bekraeft", "ja")])
            XCTAssertEqual(done.status, .seeOther)
            let after = try await admin.get(try XCTUnwrap(done.location))
            XCTAssertTrue(after.body.contains("Personoplysningerne er slettet."))
            XCTAssertTrue(after.body.contains("Personoplysninger om Tidligere bruger \(id)"))
            // A second erasure is refused.
            let again = try await admin.get("/admin/brugere/\(id)/slet-persondata")
            XCTAssertTrue(again.body.contains("Personoplysningerne er allerede slettet"))
            // The audit log page names the pseudonym.
            let log = try await admin.get("/admin/log")
            XCTAssertEqual(log.status, .ok)
            XCTAssertFalse(log.body.contains("Jens Gordon Clausen"))
            XCTAssertTrue(log.body.contains("Tidligere bruger \(id)"))
        }
        // The account: pseudonymised, no roles, cannot sign in.
        let user = try await app.pool.query("SELECT username, full_name, email, roles::text AS r, active FROM users WHERE id = $1", [id]).first!
        XCTAssertEqual(try user.decode("full_name", as: String.self), "Tidligere bruger \(id)")
        XCTAssertEqual(try user.decode("username", as: String.self), "tidligere-bruger-\(id)")
        XCTAssertEqual(try user.decode("email", as: String.self), "")
        XCTAssertEqual(try user.decode("r", as: String.self), "{}")
        XCTAssertFalse(try user.decode("active", as: Bool.self))
        // Her private material is gone; the facts stay.
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_notes WHERE user_id = $1", [id]), 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM sessions WHERE user_id = $1", [id]), 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM letter_signoffs WHERE user_id = $1", [id]), signoffs)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM case_appointments WHERE user_id = $1", [id]), appointments)
        // Her name is nowhere in the log; her entries name the pseudonym, without her address.
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM audit_log WHERE detail LIKE '%Jens Gordon Clausen%' OR username = 'raadsmedlem1' OR detail LIKE '%raadsmedlem1@%'"
            ), 0)
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM audit_log WHERE user_id = $1 AND (username <> $2 OR client_ip <> '')", [id, "tidligere-bruger-\(id)"]),
            0)
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM audit_log WHERE detail = 'udpeget: Tidligere bruger ' || $1::text", [id]), 1)
        // Everything else: the same as before, but for the erasure's own entries and the admin's logins.
        let after = try await snapshot(except: id)
        for key in ["timelines", "others_users", "others_notes", "signoffs", "appointments", "observations", "cases", "letters"] {
            XCTAssertEqual(after[key], before[key], key)
        }
        let newEntries = try await app.pool.query(
            "SELECT string_agg(DISTINCT action, ',' ORDER BY action) AS s FROM audit_log WHERE at > now() - interval '1 minute' AND user_id IS DISTINCT FROM $1",
            [id]
        ).first!.decode("s", as: String.self)
        XCTAssertTrue(after["others_audit"]!.hasPrefix(before["others_audit"]!), "others' entries unchanged; new ones: \(newEntries)")
        // The old user name signs in no more.
        try await app.run { b in
            let login = try await b.login("raadsmedlem1")
            XCTAssertNotEqual(login.status, .seeOther)
        }
        // The case page's timeline shows the signature by the pseudonym.
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let page = try await secretariat.get("/raadet/sager/1")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("Tidligere bruger \(id)"))
            XCTAssertFalse(page.body.contains("Jens Gordon Clausen"))
        }
    }

    func testNobodyButTheAdminSeesOrErasesPersonalData() async throws {
        let app = self.app!
        let id = try await userID("raadsmedlem1")
        let adminID = try await userID("admin")
        try await app.run { b in
            try await b.login("sekretariat")
            let page = try await b.get("/admin/brugere/\(id)/persondata")
            XCTAssertEqual(page.status, .forbidden)
            let erase = try await b.post("/admin/brugere/\(id)/slet-persondata", [("bekraeft", "ja")])
            XCTAssertEqual(erase.status, .forbidden)
        }
        try await app.run { admin in
            try await admin.login("admin")
            let own = try await admin.get("/admin/brugere/\(adminID)/slet-persondata")
            XCTAssertTrue(own.body.contains("Du kan ikke slette dine egne personoplysninger"))
            XCTAssertFalse(own.body.contains(#"value="ja""#))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM users WHERE erased_at IS NOT NULL"), 0)
    }

    // MARK: The archive package

    func testAClosedCaseExportsAsAValidatedArchivePackage() async throws {
        let app = self.app!
        try await app.pool.query("UPDATE assessment_cases SET case_number = 'EMN-2020-01234' WHERE id = 3")
        let zip: [UInt8] = try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            var answer = try await secretariat.get("/raadet/sager/3/arkivpakke")
            if answer.status == .accepted {
                XCTAssertTrue(answer.body.contains("Arkivpakken dannes"))
                try await app.runJobs()
                answer = try await secretariat.get("/raadet/sager/3/arkivpakke")
            }
            XCTAssertEqual(answer.status, .ok)
            XCTAssertEqual(answer.headers[.contentType], "application/zip")
            XCTAssertTrue(answer.headers[.contentDisposition]?.contains("arkivpakke-EMN-2020-01234.zip") ?? false)
            // An open case has no package.
            let open = try await secretariat.get("/raadet/sager/8/arkivpakke")
            XCTAssertEqual(open.status, .notFound)
            return try await Self.rawGet(secretariat, "/raadet/sager/3/arkivpakke")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("arkivpakke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let zipFile = dir.appendingPathComponent("pakke.zip")
        try Data(zip).write(to: zipFile)
        // Unzip (CRCs checked), then every file's SHA-256 and size against metadata.json and metadata.xml.
        let check = try run(
            "python3",
            [
                "-c",
                #"""
                import hashlib, json, sys, zipfile, xml.etree.ElementTree as ET
                z = zipfile.ZipFile(sys.argv[1])
                assert z.testzip() is None, "bad CRC"
                z.extractall(sys.argv[2])
                names = set(z.namelist())
                meta = json.load(open(sys.argv[2] + "/metadata.json"))
                ns = {"a": "urn:raadsportal:arkivpakke:1"}
                xml = ET.parse(sys.argv[2] + "/metadata.xml").getroot()
                xfiles = {f.get("sti"): (f.get("sha256"), int(f.get("bytes"))) for f in xml.find("a:filer", ns)}
                listed = set()
                for f in meta["filer"]:
                    data = open(sys.argv[2] + "/" + f["sti"], "rb").read()
                    assert hashlib.sha256(data).hexdigest() == f["sha256"], f["sti"]
                    assert len(data) == f["bytes"], f["sti"]
                    assert xfiles[f["sti"]] == (f["sha256"], f["bytes"]), f["sti"]
                    listed.add(f["sti"])
                assert names - listed == {"metadata.json", "metadata.xml"}, names - listed
                assert len(xfiles) == len(listed)
                print(meta["sag"]["emnenummer"]["vaerdi"], len(listed), ",".join(sorted(f["art"] for f in meta["filer"])),
                      len(meta["forloeb"]), ",".join(sorted(p["rolle"] for p in meta["parter"])))
                """#,
                zipFile.path, dir.appendingPathComponent("ud").path,
            ])
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(check.output.hasPrefix("EMN-2020-01234 3 brev,responsum,skema "), check.output)
        XCTAssertTrue(check.output.contains(" ansvarlig_organisation,raadsmedlem,raadsmedlem,vurderer"), check.output)
        // The metadata against our schema, with xmllint (Debian's libxml2-utils).
        let xsd = TestDatabase.packageRoot + "/schemas/arkivpakke.xsd"
        let lint = try run("xmllint", ["--noout", "--schema", xsd, dir.appendingPathComponent("ud/metadata.xml").path])
        XCTAssertEqual(lint.status, 0, lint.output)
        XCTAssertTrue(lint.output.contains("validates"), lint.output)
        // The documents are PDF/A (the engine's pdfaid in the XMP metadata).
        for name in ["brev.pdf", "responsum.pdf"] {
            let pdf = try Data(contentsOf: dir.appendingPathComponent("ud/" + name))
            XCTAssertTrue(pdf.starts(with: Array("%PDF-".utf8)), name)
        }
        let pdfa = try run(
            "python3",
            [
                "-c", "import pikepdf,sys; p=pikepdf.open(sys.argv[1]); m=p.open_metadata(); print(m.pdfa_status)",
                dir.appendingPathComponent("ud/responsum.pdf").path,
            ])
        XCTAssertEqual(pdfa.output.trimmingCharacters(in: .whitespacesAndNewlines), "2U", pdfa.output)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'case.archived' AND object_id = '3'"), 2)
    }

    /// The body of a GET as bytes (the test browser's page body is text).
    static func rawGet(_ browser: Browser, _ path: String) async throws -> [UInt8] {
        var headers = HTTPFields()
        headers[.cookie] = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let response = try await browser.client.execute(uri: path, method: .get, headers: headers, body: nil)
        return Array(response.body.readableBytesView)
    }

    func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
