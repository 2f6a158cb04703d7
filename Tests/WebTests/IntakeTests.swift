import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

final class IntakeTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    static func fields(name: String, kind: String, budget: String, share: String = "", month: String, reasons: [String] = [], reasonText: String = "")
        -> [(String, String)]
    {
        var f = [
            ("name", name), ("purpose", "At anskaffe et fælles system."), ("kind", kind), ("regions", "Region Midtjylland"),
            ("regions", "Region Nordjylland"), ("other_bodies", ""), ("budget", budget), ("regional_share", share), ("phase", "Analyse"),
            ("chair", "Jens Gordon Clausen"), ("members", "Anna Andersen\nBo Bech"), ("desired_month", month),
            ("contact", "Peter Projektleder Møller, pm@rm.dk"), ("reason_text", reasonText),
        ]
        f += reasons.map { ("reasons", $0) }
        return f
    }

    /// Next month, as typed: always short notice, never in the past.
    static var nextMonth: String {
        let next = DanishFormat.calendar.date(byAdding: .month, value: 1, to: Date())!
        let c = DanishFormat.calendar.dateComponents([.year, .month], from: next)
        return YearMonth(year: c.year!, month: c.month!)!.description
    }

    func testAMandatoryProjectIsRegisteredWithAnErrorFixedOnTheWay() async throws {
        let app = self.app!
        try await app.run { browser in
            try await browser.login("projektleder")
            try await browser.get("/raadet/indmelding")
            // "tolv" is not a number: the form says so, in Danish, and keeps everything typed.
            var fields = Self.fields(name: "Fælles Røntgenplatform", kind: "faellesregional", budget: "tolv", month: "marts 2099")
            fields.append(("handling", "indsend"))
            let bad = try await browser.post("/raadet/indmelding", fields)
            XCTAssertEqual(bad.status, .unprocessableContent)
            XCTAssertTrue(bad.body.contains("Budgettet kunne ikke læses"))
            XCTAssertTrue(bad.body.contains(##"href="#budget""##))
            // …and next to the field itself, tied to it for screen readers.
            XCTAssertTrue(bad.body.contains(#"id="budget-fejl""#) && bad.body.contains(#"aria-describedby="budget-hint budget-fejl""#))
            XCTAssertTrue(bad.body.contains(#"value="Fælles Røntgenplatform""#))
            XCTAssertTrue(bad.body.contains("Anna Andersen\nBo Bech"))
            fields = Self.fields(name: "Fælles Røntgenplatform", kind: "faellesregional", budget: "12,5", month: "marts 2099")
            fields.append(("handling", "indsend"))
            let ok = try await browser.post("/raadet/indmelding", fields)
            XCTAssertEqual(ok.status, .seeOther)
            let page = try await browser.get(ok.location!)
            XCTAssertTrue(page.body.contains("Planlægning"))
            XCTAssertTrue(page.body.contains("skal risikovurderes"))
            XCTAssertTrue(page.body.contains("12,5 mio. kr."))
            XCTAssertFalse(page.body.contains("Kort varsel"))
        }
        let row = try await app.pool.query(
            "SELECT c.state, c.requirement, c.short_notice, p.budget_mio::float8 AS b FROM assessment_cases c JOIN projects p ON p.id = c.project_id WHERE p.name = 'Fælles Røntgenplatform'"
        ).first!
        XCTAssertEqual(try row.decode("state", as: String.self), "planlaegning")
        XCTAssertEqual(try row.decode("requirement", as: String.self), "mandatory")
        XCTAssertEqual(try row.decode("b", as: Double.self), 12.5)
        // The chair has a user account: linked for the impartiality check.
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM steering_group_members WHERE is_chair AND user_id = (SELECT id FROM users WHERE username = 'raadsmedlem1')"
            ), 1)
    }

    func testARequestBelowTheThresholdIsDecidedByADirector() async throws {
        let app = self.app!
        let caseURL = try await app.run { browser -> String in
            try await browser.login("projektleder")
            try await browser.get("/raadet/indmelding")
            var fields = Self.fields(name: "Lille app", kind: "faellesregional", budget: "10", month: Self.nextMonth)
            fields.append(("handling", "indsend"))
            let missing = try await browser.post("/raadet/indmelding", fields)
            XCTAssertTrue(missing.body.contains("vælg mindst én begrundelse"))
            fields = Self.fields(
                name: "Lille app", kind: "faellesregional", budget: "10", month: Self.nextMonth, reasons: ["teknik"], reasonText: "Ny teknologi.")
            fields.append(("handling", "indsend"))
            let sent = try await browser.post("/raadet/indmelding", fields)
            try await assertTrue(
                try await browser.get(sent.location!).body.contains(
                    "beror på en konkret vurdering hos fx Regionsdirektørkredsen eller Regionernes Sundheds-It (RSI)"))
            return String(sent.location!.split(separator: "?")[0])
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM assessment_cases WHERE state = 'afventer_beslutning' AND short_notice"), 1)
        try await app.run { director in
            try await director.login("direktoer")
            try await assertTrue(try await director.get("/").body.contains("Beslut anmodningen om risikovurdering: Lille app"))
            let list = try await director.get("/raadet/sager")
            XCTAssertTrue(list.body.contains("Lille app"))
            XCTAssertTrue(list.body.contains("Kort varsel"))
            try await director.get(caseURL)
            let noReason = try await director.post(caseURL + "/beslutning", [("beslutning", "afvis"), ("message", "")])
            XCTAssertEqual(noReason.status, .unprocessableContent)
            XCTAssertTrue(noReason.body.contains("Skriv en begrundelse"))
            try await assertEqual(
                try await director.post(
                    caseURL + "/beslutning", [("beslutning", "afvis"), ("message", "Projektet er for lille."), ("bekraeft", "ja")]
                ).status, .seeOther)
            // A second decision is refused: the case has moved on.
            let again = try await director.post(caseURL + "/beslutning", [("beslutning", "godkend"), ("message", "")])
            XCTAssertEqual(again.status, .unprocessableContent)
        }
        try await app.run { leader in
            try await leader.login("projektleder")
            let page = try await leader.get(caseURL)
            XCTAssertTrue(page.body.contains("Afvist"))
            XCTAssertTrue(page.body.contains("Projektet er for lille."))
            XCTAssertTrue(page.body.contains("Dorthe Direktør"))
        }
    }

    func testANameThatIsTakenIsRefusedNextToTheFieldNotWithAnError() async throws {
        let app = self.app!
        try await app.run { browser in
            try await browser.login("projektleder")
            try await browser.get("/raadet/indmelding")
            var fields = Self.fields(name: "LUNA", kind: "faellesregional", budget: "30", month: "marts 2099")
            fields.append(("handling", "indsend"))
            let page = try await browser.post("/raadet/indmelding", fields)
            XCTAssertEqual(page.status, .unprocessableContent)
            XCTAssertTrue(page.body.contains("Der findes allerede et projekt med navnet »LUNA«"))
            XCTAssertTrue(page.body.contains("Anna Andersen\nBo Bech"), "nothing typed is lost")
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM projects WHERE lower(name) = 'luna'"), 1)
    }

    func testTheSecretariatRecordsADecisionTakenElsewhere() async throws {
        let app = self.app!
        let caseURL = try await app.run { browser -> String in
            try await browser.login("projektleder")
            try await browser.get("/raadet/indmelding")
            var fields = Self.fields(
                name: "Regionens eget system", kind: "regional", budget: "40", month: "juni 2099", reasons: ["kompleksitet"],
                reasonText: "Regionsdirektørerne ønsker det.")
            fields.append(("handling", "indsend"))
            return String(try await browser.post("/raadet/indmelding", fields).location!.split(separator: "?")[0])
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get(caseURL)
            let nameless = try await secretariat.post(caseURL + "/beslutning", [("beslutning", "godkend"), ("message", "Godkendt på mødet.")])
            XCTAssertTrue(nameless.body.contains("Skriv, hvem der traf beslutningen"))
            XCTAssertTrue(nameless.body.contains("Godkendt på mødet."), "the message typed is kept")
            try await assertEqual(
                try await secretariat.post(
                    caseURL + "/beslutning",
                    [("beslutning", "godkend"), ("message", ""), ("decided_by", "Regionsdirektørkredsen, møde 3.3.2027"), ("bekraeft", "ja")]
                ).status, .seeOther)
            try await assertTrue(try await secretariat.get(caseURL).body.contains("Regionsdirektørkredsen, møde 3.3.2027"))
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM assessment_cases WHERE state = 'planlaegning' AND id = $1", [LetterTests.caseID(caseURL)]),
            1)
    }

    func testDraftsAndObjectChecks() async throws {
        let app = self.app!
        try await app.pool.query(
            "INSERT INTO users (username, full_name, password_hash, roles) VALUES ('projektleder2', 'Anden Leder', $1, '{project_leader}')",
            [TestApp.passwordHash])
        let caseURL = try await app.run { browser -> String in
            try await browser.login("projektleder")
            try await browser.get("/raadet/indmelding")
            let saved = try await browser.post("/raadet/indmelding", [("name", "Halvfærdig idé"), ("budget", ""), ("handling", "gem")])
            XCTAssertEqual(saved.status, .seeOther)
            let url = String(saved.location!.split(separator: "?")[0])
            let page = try await browser.get(saved.location!)
            XCTAssertTrue(page.body.contains("Kladden er gemt"))
            let form = try await browser.get(url + "/indmelding")
            XCTAssertTrue(form.body.contains(#"value="Halvfærdig idé""#))
            return url
        }
        try await app.run { other in
            try await other.login("projektleder2")
            try await assertEqual(try await other.get(caseURL).status, .notFound, "someone else's case does not exist for them")
            try await assertEqual(try await other.get(caseURL + "/indmelding").status, .notFound)
            try await other.get("/raadet/sager")
            try await assertEqual(
                try await other.post(caseURL + "/indmelding", [("name", "Kapret"), ("handling", "gem"), ("version", "1")]).status, .notFound)
            try await assertFalse(try await other.get("/raadet/sager").body.contains("Halvfærdig idé"))
        }
        try await app.run { member in
            try await member.login("bestyrelse")
            try await assertEqual(try await member.get("/raadet/sager").status, .forbidden)
            try await assertEqual(try await member.get("/raadet/indmelding").status, .forbidden)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM projects WHERE name = 'Kapret'"), 0)
    }
}
