import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// Issue 18, point 1: new expected costs recorded on a case below the threshold by its project
/// leader or the secretariat; above 10 mio. kr. the case must be assessed, after a confirmation.
final class CostRiseWebTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    /// A joint regional project of 5 mio. kr. asking to be assessed: the case waits for its decision.
    func submitRequest(_ name: String) async throws -> (url: String, id: Int64) {
        try await app.run { leader -> (String, Int64) in
            try await leader.login("projektleder")
            try await leader.get("/raadet/indmelding")
            var fields = IntakeTests.fields(
                name: name, kind: "faellesregional", budget: "5", month: "marts 2099", reasons: ["teknik"], reasonText: "Ny teknologi.")
            fields.append(("handling", "indsend"))
            let sent = try await leader.post("/raadet/indmelding", fields)
            let url = String(try XCTUnwrap(sent.location).split(separator: "?")[0])
            return (url, LetterTests.caseID(url))
        }
    }

    func state(_ id: Int64) async throws -> String { try await Self.state(app, id) }

    static func state(_ app: TestApp, _ id: Int64) async throws -> String {
        try await app.pool.query("SELECT state || '/' || requirement AS s FROM assessment_cases WHERE id = $1", [id]).first!.decode("s")
    }

    func testTheProjectLeaderRecordsAFigureBelowTheThresholdAndTheKindStays() async throws {
        let (url, id) = try await submitRequest("Lille app")
        try await app.run { leader in
            try await leader.login("projektleder")
            let page = try await leader.get(url)
            XCTAssertTrue(page.body.contains(#"<label for="new_costs">Nye forventede udgifter (mio. kr.)</label>"#))
            let saved = try await leader.post(url + "/udgifter", [("new_costs", "9,99")])
            XCTAssertEqual(saved.status, .seeOther, "below the threshold: no confirmation, nothing irreversible")
            let after = try await leader.get(try XCTUnwrap(saved.location))
            XCTAssertTrue(after.body.contains("De er under tærsklen, så sagen er uændret."))
            XCTAssertTrue(after.body.contains("9,99 mio. kr., registreret "), "the figure as typed, not rounded to the threshold")
            XCTAssertTrue(after.body.contains(" af Peter Projektleder Møller – under tærsklen: sagen er uændret"))
            XCTAssertTrue(after.body.contains("Nye forventede udgifter registreret: 9,99 mio. kr.; under tærsklen: sagen er uændret"), "the timeline")
            XCTAssertTrue(after.body.contains(#"id="new_costs""#), "still below: the form stays")
        }
        try await assertEqual(try await state(id), "afventer_beslutning/voluntary")
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'case.cost_rise' AND object_id = $1", [String(id)]), 1)
    }

    func testTheSecretariatRecordsARiseAboveTheThresholdInKronerAfterConfirming() async throws {
        let app = self.app!
        let (url, id) = try await submitRequest("Voksende app")
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get(url)
            // Typed in kroner: shown converted for the reader to confirm, nothing saved.
            let kroner = try await secretariat.post(url + "/udgifter", [("new_costs", "12.500.000")])
            XCTAssertEqual(kroner.status, .ok)
            XCTAssertTrue(kroner.body.contains("12.500.000 kr. = 12,5 mio. kr."))
            XCTAssertTrue(kroner.body.contains(#"id="new_costs" name="new_costs" type="text" inputmode="decimal" class="short" value="12,5""#))
            // Above the threshold: first what will happen and who will be told.
            let confirm = try await secretariat.post(url + "/udgifter", [("new_costs", "12,5")])
            XCTAssertEqual(confirm.status, .ok)
            XCTAssertTrue(confirm.body.contains("Projektet skal risikovurderes – registrér de nye udgifter?"))
            XCTAssertTrue(confirm.body.contains("Anmodningen skal ikke længere besluttes"))
            XCTAssertTrue(confirm.body.contains("projektlederen, Peter Projektleder Møller,"), "who will be told, by name")
            try await assertEqual(try await Self.state(app, id), "afventer_beslutning/voluntary")
            let back = try await secretariat.post(url + "/udgifter", [("new_costs", "12,5"), ("bekraeft", "ret")])
            XCTAssertTrue(back.body.contains(#"value="12,5""#), "back in the form with the figure kept")
            let done = try await secretariat.post(url + "/udgifter", [("new_costs", "12,5"), ("bekraeft", "ja")])
            XCTAssertEqual(done.status, .seeOther)
            let after = try await secretariat.get(try XCTUnwrap(done.location))
            XCTAssertTrue(after.body.contains("De er over tærsklen, så projektet skal risikovurderes."))
            XCTAssertTrue(after.body.contains(" af Rie Fält Dzougov"), "who recorded it")
            XCTAssertTrue(after.body.contains("over tærsklen: sagen blev derved en, der skal risikovurderes"))
            XCTAssertTrue(after.body.contains("Nye forventede udgifter registreret: 12,5 mio. kr.; over tærsklen: projektet skal nu risikovurderes"))
            XCTAssertFalse(after.body.contains(#"id="new_costs""#), "over the threshold: the form is gone")
            XCTAssertFalse(after.body.contains("Beslut anmodningen"), "no decision is asked for any more")
        }
        try await assertEqual(try await state(id), "planlaegning/mandatory")
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM case_cost_changes WHERE case_id = $1 AND made_mandatory AND millions = 12.5", [id]), 1)
        try await app.run { admin in
            try await admin.login("admin")
            let log = try await admin.get("/admin/log")
            XCTAssertTrue(log.body.contains("Nye forventede udgifter er registreret"), "the audit log reads in Danish")
        }
    }

    func testADeclinedRequestMustBeAssessedWhenItsCostsRiseAboveTheThreshold() async throws {
        let (url, id) = try await submitRequest("Afvist app")
        _ = try await app.pool.query("UPDATE assessment_cases SET state = 'afvist', decided_at = now() WHERE id = $1", [id])
        try await app.run { leader in
            try await leader.login("projektleder")
            try await leader.get(url)
            let confirm = try await leader.post(url + "/udgifter", [("new_costs", "11")])
            XCTAssertTrue(confirm.body.contains("Afvisningen af anmodningen gælder ikke længere"))
            let done = try await leader.post(url + "/udgifter", [("new_costs", "11"), ("bekraeft", "ja")])
            XCTAssertEqual(done.status, .seeOther)
        }
        try await assertEqual(try await state(id), "planlaegning/mandatory")
    }

    func testOtherRolesAreRefused() async throws {
        let (url, id) = try await submitRequest("Andres app")
        try await app.run { browser in
            // Roles that see the case but do not own the figure: 403.
            for account in ["raadsmedlem1", "direktoer", "admin"] {
                browser.cookies = [:]
                try await browser.login(account)
                let page = try await browser.get(url)
                XCTAssertEqual(page.status, .ok, account)
                XCTAssertFalse(page.body.contains(#"id="new_costs""#), "\(account) is not offered the form")
                try await assertEqual(
                    try await browser.post(url + "/udgifter", [("new_costs", "20"), ("bekraeft", "ja")]).status, .forbidden, account)
            }
            // One who may not see the case: it does not exist.
            browser.cookies = [:]
            try await browser.login("vurderer1")
            try await browser.get("/")
            try await assertEqual(try await browser.post(url + "/udgifter", [("new_costs", "20"), ("bekraeft", "ja")]).status, .notFound)
        }
        try await assertEqual(try await state(id), "afventer_beslutning/voluntary")
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM case_cost_changes WHERE case_id = $1", [id]), 0)
    }

    func testABadFigureIsKeptWithADanishErrorNextToTheField() async throws {
        let (url, id) = try await submitRequest("Uklar app")
        try await app.run { leader in
            try await leader.login("projektleder")
            try await leader.get(url)
            let refused = try await leader.post(url + "/udgifter", [("new_costs", "tolv mio")])
            XCTAssertEqual(refused.status, .unprocessableContent)
            XCTAssertTrue(refused.body.contains(##"<a href="#new_costs">Udgifterne kunne ikke læses. Skriv et tal i mio. kr., fx 12,5.</a>"##))
            XCTAssertTrue(
                refused.body.contains(
                    #"<p class="field-error" id="new_costs-fejl"><span class="visually-hidden">Fejl:</span> Udgifterne kunne ikke læses."#))
            XCTAssertTrue(refused.body.contains(#"value="tolv mio" aria-describedby="new_costs-hint new_costs-fejl" aria-invalid="true""#))
            let empty = try await leader.post(url + "/udgifter", [("new_costs", "")])
            XCTAssertTrue(empty.body.contains("Skriv de nye forventede udgifter i mio. kr., fx 12,5."))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM case_cost_changes WHERE case_id = $1", [id]), 0)
    }

    /// A cross-public project: the figure is the regions' share; over the threshold the
    /// secretariat and the project leader are told by e-mail, written with the change.
    func testACrossPublicProjectsRegionalShareAboveTheThresholdIsToldByMail() async throws {
        var config = AppConfig(publicURL: "https://raadsportal.example.dk")
        config.smtpURL = "smtp://127.0.0.1:9"  // the outbox is written with the change; no job hands it on here
        let app = try await TestApp.make(config: config)
        addTeardownBlock { await app.shutdown() }
        let url = try await app.run { leader -> String in
            try await leader.login("projektleder")
            try await leader.get("/raadet/indmelding")
            var fields = IntakeTests.fields(
                name: "Fælles app", kind: "faellesoffentlig", budget: "30", share: "6", month: "marts 2099", reasons: ["teknik"],
                reasonText: "Ny teknologi.")
            fields.append(("handling", "indsend"))
            let sent = try await leader.post("/raadet/indmelding", fields)
            let url = String(try XCTUnwrap(sent.location).split(separator: "?")[0])
            let page = try await leader.get(url)
            XCTAssertTrue(page.body.contains(#"<label for="new_costs">Nye forventede udgifter, regionernes andel (mio. kr.)</label>"#))
            let done = try await leader.post(url + "/udgifter", [("new_costs", "10,5"), ("bekraeft", "ja")])
            XCTAssertEqual(done.status, .seeOther)
            return url
        }
        let id = LetterTests.caseID(url)
        try await assertEqual(try await Self.state(app, id), "planlaegning/mandatory")
        let recipients: [String] = try await app.pool.query(
            "SELECT recipient FROM mail_outbox WHERE subject = 'Skal risikovurderes: Fælles app' ORDER BY recipient"
        ).rows.map { try $0.decode("recipient") }
        XCTAssertTrue(recipients.contains("projektleder@raadsportal.example.dk"), "\(recipients)")
        XCTAssertTrue(recipients.contains("sekretariat@raadsportal.example.dk"), "\(recipients)")
    }
}
