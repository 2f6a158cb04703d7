import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// Issue 18, points 2–5: input read as the person meant it or refused next to its field, steps that
/// cannot be undone asking first, errors shown as errors where they happened, and filters that work.
/// Each step is taken by the role that owns it.
final class InputAndConfirmTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    func userIDs() async throws -> [String: Int64] {
        try await Dictionary(
            uniqueKeysWithValues: app.pool.query("SELECT username, id FROM users").rows.map {
                (try $0.decode("username", as: String.self), try $0.decode("id", as: Int64.self))
            })
    }

    // MARK: Point 2: input read as meant

    func testABudgetTypedInKronerIsShownConvertedForTheProjectLeaderToConfirm() async throws {
        let app = self.app!
        try await app.run { leader in
            try await leader.login("projektleder")
            try await leader.get("/raadet/indmelding")
            var fields = IntakeTests.fields(name: "Kronebudget", kind: "faellesregional", budget: "12.500.000", month: "marts 2099")
            fields.append(("handling", "indsend"))
            let confirm = try await leader.post("/raadet/indmelding", fields)
            XCTAssertEqual(confirm.status, .ok, "a reading to confirm is not an error")
            XCTAssertTrue(confirm.body.contains("Bekræft budgettet"))
            XCTAssertTrue(confirm.body.contains("12.500.000 kr. = 12,5 mio. kr."), "the conversion is shown next to the field")
            XCTAssertTrue(confirm.body.contains(#"id="budget" name="budget" type="text" inputmode="decimal" class="short" value="12,5""#))
            XCTAssertTrue(confirm.body.contains(#"aria-describedby="budget-hint budget-omregnet""#))
            XCTAssertTrue(confirm.body.contains(#"value="Kronebudget""#) && confirm.body.contains("Anna Andersen\nBo Bech"), "nothing typed is lost")
            try await assertEqual(try await app.count("SELECT count(*) AS n FROM projects WHERE name = 'Kronebudget'"), 0, "nothing saved yet")
            // Confirmed by sending the form again, as it now stands.
            fields = fields.map { $0.0 == "budget" ? ("budget", "12,5") : $0 }
            let sent = try await leader.post("/raadet/indmelding", fields)
            XCTAssertEqual(sent.status, .seeOther)
        }
        let budget = try await app.pool.query("SELECT budget_mio::float8 AS b FROM projects WHERE name = 'Kronebudget'").first!
        XCTAssertEqual(try budget.decode("b", as: Double.self), 12.5)
    }

    func testKronerReadings() {
        XCTAssertEqual(KronerReading("12.500.000")?.explanation, "12.500.000 kr. = 12,5 mio. kr.")
        XCTAssertEqual(KronerReading("12500000 kr.")?.fieldText, "12,5")
        XCTAssertEqual(KronerReading("10.000")?.millions, 0.01)
        XCTAssertNil(KronerReading("9.999"), "below 10.000 a figure is read in mio. kr.")
        XCTAssertNil(KronerReading("245"))
        XCTAssertNil(KronerReading("tolv"))
    }

    func testLineDiff() {
        XCTAssertEqual(
            LineDiff.changes(from: ["a", "b", "c"], to: ["a", "B", "c", "d"]), [.kept("a"), .added("B"), .removed("b"), .kept("c"), .added("d")])
        XCTAssertEqual(LineDiff.changes(from: [], to: ["x"]), [.added("x")])
        XCTAssertEqual(LineDiff.changes(from: ["x"], to: []), [.removed("x")])
    }

    func testAMonthInThePastIsRefusedAndTheNoticeIsMeasuredFromToday() async throws {
        let app = self.app!
        let now = DanishFormat.calendar.dateComponents([.year, .month, .day], from: Date())
        let earliest = NoticeRule.firstMonthInTime(registeredOn: now)
        XCTAssertFalse(NoticeRule.isShort(registeredOn: now, desired: earliest), "the form's example is not itself short notice")
        try await app.run { leader in
            try await leader.login("projektleder")
            let form = try await leader.get("/raadet/indmelding")
            XCTAssertTrue(form.body.contains("fx »\(earliest)«"), "the example month is the first in time")
            XCTAssertTrue(form.body.contains("er \(earliest) den første måned med mindst 3 måneders varsel"), "the notice, measured from today")
            var fields = IntakeTests.fields(name: "Fortidsprojekt", kind: "faellesregional", budget: "30", month: "januar 2020")
            fields.append(("handling", "indsend"))
            let past = try await leader.post("/raadet/indmelding", fields)
            XCTAssertEqual(past.status, .unprocessableContent)
            XCTAssertTrue(past.body.contains(#"id="desired_month-fejl""#))
            XCTAssertTrue(past.body.contains("Januar 2020 er allerede passeret."))
            XCTAssertTrue(past.body.contains(#"value="Fortidsprojekt""#), "the rest is kept")
            // Next month is short notice: said next to the field while the form is still being filled in.
            fields = IntakeTests.fields(name: "Fortidsprojekt", kind: "faellesregional", budget: "30", month: IntakeTests.nextMonth)
            fields = fields.map { $0.0 == "purpose" ? ("purpose", "") : $0 }
            fields.append(("handling", "indsend"))
            let soon = try await leader.post("/raadet/indmelding", fields)
            XCTAssertTrue(soon.body.contains(#"<p class="field-warning" id="desired_month-varsel"><strong>Kort varsel:</strong>"#))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM projects WHERE name = 'Fortidsprojekt'"), 0)
    }

    func testPlannedDatesMustComeInOrderAndALateLetterIsFlagged() async throws {
        let app = self.app!
        let ids = try await userIDs()
        let caseURL = try await app.run { leader -> String in
            try await leader.login("projektleder")
            try await leader.get("/raadet/indmelding")
            var fields = IntakeTests.fields(name: "Datoprojekt", kind: "faellesregional", budget: "80", month: "marts 2099")
            fields = fields.map { $0.0 == "chair" ? ("chair", "Bo Formand") : $0 }
            fields.append(("handling", "indsend"))
            return String(try await leader.post("/raadet/indmelding", fields).location!.split(separator: "?")[0])
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get(caseURL + "/planlaegning")
            let people = [
                ("council", String(ids["raadsmedlem1"]!)), ("council", String(ids["raadsmedlem2"]!)),
                ("assessors", String(ids["vurderer1"]!)), ("assessors", String(ids["vurderer2"]!)), ("assessors", String(ids["vurderer3"]!)),
                ("assessors", String(ids["vurderer4"]!)),
            ]
            let backwards = try await secretariat.post(
                caseURL + "/planlaegning", people + [("material", "20.2.2099"), ("dialogue", "20.2.2099"), ("letter", "19.2.2099")])
            XCTAssertEqual(backwards.status, .unprocessableContent)
            XCTAssertTrue(
                backwards.body.contains(#"id="dialogue-fejl""#) && backwards.body.contains("Dialogmødet skal ligge efter fristen for materiale"))
            XCTAssertTrue(backwards.body.contains(#"id="letter-fejl""#) && backwards.body.contains("Anbefalingsbrevet skal ligge efter dialogmødet"))
            XCTAssertTrue(backwards.body.contains(#"value="19.2.2099""#), "the dates typed are kept")
            // In order, but the letter after the 10 working days: planned, with a warning on the case.
            let planned = try await secretariat.post(
                caseURL + "/planlaegning", people + [("material", "2.2.2099"), ("dialogue", "9.2.2099"), ("letter", "10.3.2099")])
            XCTAssertEqual(planned.status, .seeOther)
            let page = try await secretariat.get(caseURL)
            XCTAssertTrue(page.body.contains("Anbefalingsbrevet er planlagt efter de 10 arbejdsdage"))
            XCTAssertTrue(page.body.contains("senest 16. februar 2099"), "2.2.2099 is a Monday: day 1 is 3 February, day 10 is 16 February")
        }
    }

    // MARK: Point 3: irreversible steps ask first

    func testSendingTheLetterAsksFirstAndTheResponsumDeadlineLiesAfterIt() async throws {
        let app = self.app!
        // vurderer5 is appointed to case 8 and has not declared: a task with its due date, until the letter is sent.
        try await app.run { assessor in
            try await assessor.login("vurderer5")
            let home = try await assessor.get("/")
            XCTAssertTrue(home.body.contains("Afgiv habilitetserklæring: "))
            XCTAssertNotNil(
                home.body.range(
                    of: #"Afgiv habilitetserklæring: [^<]*</a> <span class="due">\((frist \d+\. [a-zæø]+ \d{4}|ingen fast frist)\)"#,
                    options: .regularExpression),
                "every task shows its due date")
        }
        for member in ["raadsmedlem1", "raadsmedlem2"] {
            try await app.run { m in
                try await m.login(member)
                let letter = try await m.get("/raadet/sager/8/brev")
                try await assertEqual(try await m.post("/raadet/sager/8/brev/godkend", [("version", LetterTests.version(letter))]).status, .seeOther)
            }
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get("/raadet/sager/8/brev")
            let past = try await secretariat.post("/raadet/sager/8/brev/send", [("responsum_due", "1.1.2020")])
            XCTAssertEqual(past.status, .unprocessableContent)
            XCTAssertTrue(past.body.contains("Fristen for responsum skal ligge efter i dag"))
            XCTAssertTrue(past.body.contains(#"id="responsum_due-fejl""#) && past.body.contains(##"href="#responsum_due""##), "next to the field")
            XCTAssertTrue(past.body.contains(#"value="1.1.2020""#), "what was typed is kept")
            let confirm = try await secretariat.post("/raadet/sager/8/brev/send", [("responsum_due", "1.6.2099")])
            XCTAssertEqual(confirm.status, .ok)
            XCTAssertTrue(confirm.body.contains("Send anbefalingsbrevet?"))
            XCTAssertTrue(confirm.body.contains("Hvem får besked"))
            XCTAssertTrue(confirm.body.contains("Projektlederen"), "who will be told")
            XCTAssertTrue(confirm.body.contains("Regionsdirektørkredsen"))
            XCTAssertTrue(confirm.body.contains("1. juni 2099"))
            XCTAssertTrue(confirm.body.contains(#"<input type="hidden" name="responsum_due" value="1.6.2099">"#))
            try await assertEqual(
                try await app.count("SELECT count(*) AS n FROM case_letters WHERE case_id = 8 AND sent_at IS NULL"), 1, "not sent before the yes")
            let sent = try await secretariat.post("/raadet/sager/8/brev/send", [("responsum_due", "1.6.2099"), ("bekraeft", "ja")])
            XCTAssertEqual(sent.status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM case_letters WHERE case_id = 8 AND sent_at IS NOT NULL"), 1)
        try await app.run { assessor in
            try await assessor.login("vurderer5")
            try await assertFalse(
                try await assessor.get("/").body.contains("Afgiv habilitetserklæring: "), "the case has moved past the declaration")
        }
    }

    // MARK: Points 3 and 4: the directors' decision asks first and keeps the choice

    func testTheDirectorsDecisionKeepsTheChoiceLinksItsErrorAndAsksFirst() async throws {
        let app = self.app!
        let caseURL = try await app.run { leader -> String in
            try await leader.login("projektleder")
            try await leader.get("/raadet/indmelding")
            var fields = IntakeTests.fields(
                name: "Lille app", kind: "faellesregional", budget: "5", month: "marts 2099", reasons: ["teknik"], reasonText: "Ny teknologi.")
            fields.append(("handling", "indsend"))
            return String(try await leader.post("/raadet/indmelding", fields).location!.split(separator: "?")[0])
        }
        let caseID = LetterTests.caseID(caseURL)
        try await app.run { director in
            try await director.login("direktoer")
            try await director.get(caseURL)
            let refused = try await director.post(caseURL + "/beslutning", [("beslutning", "afvis"), ("message", "")])
            XCTAssertEqual(refused.status, .unprocessableContent)
            XCTAssertTrue(refused.body.contains(##"<a href="#message">Skriv en begrundelse til projektet"##), "the summary links to the field")
            XCTAssertTrue(refused.body.contains(#"id="message-fejl""#))
            XCTAssertTrue(refused.body.contains(#"id="afvis" name="beslutning" value="afvis" checked"#), "the decision chosen is kept")
            let none = try await director.post(caseURL + "/beslutning", [("message", "")])
            XCTAssertTrue(none.body.contains(##"<a href="#beslutning">Vælg, om anmodningen godkendes eller afvises."##))
            // Complete: first what will happen and who will be told.
            let confirm = try await director.post(caseURL + "/beslutning", [("beslutning", "godkend"), ("message", "Godt projekt.")])
            XCTAssertEqual(confirm.status, .ok)
            XCTAssertTrue(confirm.body.contains("Godkend anmodningen om risikovurdering?"))
            XCTAssertTrue(confirm.body.contains("Projektlederen, Peter Projektleder Møller,"), "who will be told, by name")
            XCTAssertTrue(confirm.body.contains("Sagen går til rådssekretariatet"))
            try await assertEqual(
                try await app.count("SELECT count(*) AS n FROM assessment_cases WHERE id = $1 AND state = 'afventer_beslutning'", [caseID]), 1)
            // Back to the form with everything kept.
            let back = try await director.post(
                caseURL + "/beslutning", [("beslutning", "godkend"), ("message", "Godt projekt."), ("bekraeft", "ret")])
            XCTAssertEqual(back.status, .ok)
            XCTAssertTrue(back.body.contains(#"id="godkend" name="beslutning" value="godkend" checked"#))
            XCTAssertTrue(back.body.contains("Godt projekt.</textarea>"))
            let done = try await director.post(
                caseURL + "/beslutning", [("beslutning", "godkend"), ("message", "Godt projekt."), ("bekraeft", "ja")])
            XCTAssertEqual(done.status, .seeOther)
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM assessment_cases WHERE id = $1 AND state = 'planlaegning'", [caseID]), 1)
    }

    // MARK: Point 4: errors look like errors, where they happened

    func testARefusedUploadIsShownNextToItsFieldInTheErrorStyle() async throws {
        let app = self.app!
        try await app.run { leader in
            try await leader.login("projektleder")
            try await leader.get("/raadet/anmodninger/ny")
            let made = try await leader.post(
                "/raadet/anmodninger/ny",
                [
                    ("kind", "regional_assessment"), ("project_name", "Uploadprojekt"), ("asked_by", "regionsdirektoererne"),
                    ("reason", "Regionsdirektørerne ønsker det."),
                ])
            let url = String(try XCTUnwrap(made.location).split(separator: "?")[0])
            try await leader.get(url)
            let fake = try await AttachmentTests.upload(
                leader, path: url + "/materiale", csrf: leader.lastCSRF, filename: "notat.pdf", content: Array("MZ\u{90}".utf8))
            let page = try await leader.get(try XCTUnwrap(fake.location))
            XCTAssertTrue(
                page.body.contains(
                    #"<p class="field-error" id="file-fejl" role="alert"><span class="visually-hidden">Fejl:</span> Filen blev afvist"#))
            XCTAssertTrue(page.body.contains(#"aria-describedby="file-hint file-fejl""#))
            XCTAssertFalse(page.body.contains(#"<p class="notice" role="status">Filen blev afvist"#), "never in the green banner")
        }
    }

    // MARK: Point 5: the overview's filters

    func testTheOverviewFiltersByARegionWhoseNameHasASpaceAndKeepsTheChoice() async throws {
        let app = self.app!
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            func count(_ body: String) throws -> Int {
                let r = try XCTUnwrap(body.range(of: #"Sager efter status \((\d+) i alt\)"#, options: .regularExpression))
                return Int(body[r].filter(\.isNumber))!
            }
            let all = try await secretariat.get("/raadet/overblik")
            let plus = try await secretariat.get("/raadet/overblik?aar=&region=Region+Hovedstaden")
            let percent = try await secretariat.get("/raadet/overblik?region=Region%20Hovedstaden")
            XCTAssertTrue(plus.body.contains(#"<option value="Region Hovedstaden" selected>"#), "the choice is kept")
            XCTAssertTrue(plus.body.contains("Nulstil"), "the filter is applied, not silently dropped")
            XCTAssertLessThan(try count(plus.body), try count(all.body))
            XCTAssertEqual(try count(plus.body), try count(percent.body))
            XCTAssertFalse(all.body.contains(#"<option value="Region Hovedstaden" selected>"#))
        }
    }

    func testTheAuditLogReadsInDanishWithNamesAndFilters() async throws {
        let app = self.app!
        let ids = try await userIDs()
        try await app.run { admin in
            try await admin.login("admin")
            let all = try await admin.get("/admin/log")
            XCTAssertTrue(all.body.contains(#"<span title="login">Logget ind</span>"#))
            XCTAssertTrue(all.body.contains("Anne Administrator"), "the person by name")
            // The demo's case 1 had its letter sent: by object, in Danish, with the project's name.
            let caseOne = try await admin.get("/admin/log?objekt=case&id=1")
            XCTAssertEqual(caseOne.status, .ok)
            XCTAssertTrue(caseOne.body.contains("Brevet er sendt"))
            XCTAssertTrue(caseOne.body.contains("Sag: "), "the object by name")
            XCTAssertFalse(caseOne.body.contains(#"<span title="login">"#), "only the case's entries")
            XCTAssertTrue(caseOne.body.contains(#"<option value="case" selected>Sag</option>"#), "the filter is kept")
            // By person and period.
            let mine = try await admin.get("/admin/log?person=\(ids["admin"]!)&fra=1.1.2000&til=31.12.2099")
            XCTAssertTrue(mine.body.contains(#"<span title="login">Logget ind</span>"#))
            XCTAssertFalse(mine.body.contains("Brevet er sendt"))
            let before = try await admin.get("/admin/log?person=\(ids["admin"]!)&til=1.1.2000")
            XCTAssertTrue(before.body.contains("Ingen hændelser passer til filtret."))
            let bad = try await admin.get("/admin/log?fra=igaar")
            XCTAssertEqual(bad.status, .unprocessableContent)
            XCTAssertTrue(bad.body.contains(#"id="fra-fejl""#) && bad.body.contains(#"value="igaar""#))
        }
        // The filters stay on the page links.
        for i in 0..<60 {
            try await AuditRepository(pool: app.pool).append(.init(userID: ids["admin"], username: "admin", action: "login", clientIP: "127.0.0.1"))
            _ = i
        }
        try await app.run { admin in
            try await admin.login("admin")
            let first = try await admin.get("/admin/log?person=\(ids["admin"]!)")
            XCTAssertTrue(
                first.body.contains("/admin/log?person=\(ids["admin"]!)&amp;side=2")
                    || first.body.contains("/admin/log?person=\(ids["admin"]!)&side=2"))
        }
    }

    func testAForbiddenPageShowsTheSignedInLayout() async throws {
        try await app.run { leader in
            try await leader.login("projektleder")
            let page = try await leader.get("/admin/brugere")
            XCTAssertEqual(page.status, .forbidden)
            XCTAssertTrue(page.body.contains("Adgang nægtet"))
            XCTAssertTrue(page.body.contains("Peter Projektleder Møller"), "the reader's own layout, with their name")
            XCTAssertTrue(page.body.contains("Log ud"))
        }
    }
}
