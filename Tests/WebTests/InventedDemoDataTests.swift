import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// The demo data never passes invention off as fact (issue 18, point 6): what the seeds do not
/// contain carries the visible marker, with what is invented, wherever a page shows it; what the
/// seeds do contain carries none; and the demo texts state nothing invented about the real world.
final class InventedDemoDataTests: XCTestCase {
    var app: TestApp!
    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { await app?.shutdown() }

    static let marker = "Eksempel – opfundet til demonstration"

    func testTheBoardPagesMarkWhatTheSeedsDoNotGive() async throws {
        try await app.run { anonymous in
            // The meeting of the seed's agenda: its date, time and place are not in the seed.
            let meeting = try await anonymous.get("/bestyrelse/moeder/1")
            XCTAssertTrue(meeting.body.contains(Self.marker + "</span>\n<span class=\"invented\">(dato, tidspunkt og sted"))
            // Item 10's title and case number are assumed; the public items of the seed carry no marker.
            XCTAssertTrue(meeting.body.contains("(titel, sagsbehandler og sagsnummer"))
            let seedItem = try await anonymous.get("/bestyrelse/moeder/1/punkter/7")
            XCTAssertTrue(seedItem.body.contains(Self.marker), "the meeting's date on the item page is marked")
            XCTAssertFalse(seedItem.body.contains("(hele punktet"))
            XCTAssertFalse(seedItem.body.contains("(titel, sagsbehandler"))
            // A confidential item stays "N (Fortrolig)" to the public: no note of what it holds.
            XCTAssertFalse(meeting.body.contains("(hele punktet"))
            // The 21 June meeting is the seed's; its items and the status note's version are invented.
            let later = try await anonymous.get("/bestyrelse/moeder/2")
            XCTAssertFalse(later.body.contains("(dato, tidspunkt og sted"))
            XCTAssertTrue(later.body.contains("(hele punktet – kildematerialet slutter før mødet den 21. juni 2022)"))
            let item = try await anonymous.get("/bestyrelse/moeder/2/punkter/1")
            XCTAssertTrue(item.body.contains("(hele versionen – kildematerialet slutter før mødet den 21. juni 2022)"))
            for page in ["/bestyrelse/moeder", "/bestyrelse/moeder/1/referat", "/bestyrelse/moeder/1/pakke"] {
                let body = try await anonymous.get(page).body
                XCTAssertTrue(body.contains("(dato, tidspunkt og sted"), page)
            }
            // A board member reads the invented confidential items, marked.
            try await anonymous.login("bestyrelse")
            let confidential = try await anonymous.get("/bestyrelse/moeder/1/punkter/6")
            XCTAssertTrue(
                confidential.body.contains(
                    Self.marker + "</span>\n<span class=\"invented\">(hele punktet – kildematerialet viser kun »6 (Fortrolig)«)"))
            let agenda = try await anonymous.get("/bestyrelse/moeder/1")
            XCTAssertTrue(agenda.body.contains("kildematerialet viser kun »3 (Fortrolig)«"))
        }
    }

    func testTheCouncilPagesMarkTheInventedCasesBudgetsAndLetters() async throws {
        try await app.run { browser in
            try await browser.login("sekretariat")
            let running = try await browser.get("/raadet/sager/8")
            XCTAssertTrue(running.body.contains("(hele sagen; projektets formål, fase, budget og styregruppe)"))
            let history = try await browser.get("/raadet/sager/1")
            XCTAssertTrue(history.body.contains("projektet, måneden og risikoprofilen er fra årsrapporten 2021; projektets budget og styregruppe)"))
            let letter = try await browser.get("/raadet/sager/1/brev")
            XCTAssertTrue(letter.body.contains(Self.marker + "</span>\n<span class=\"invented\">(forløbets datoer"))
            let list = try await browser.get("/raadet/sager")
            XCTAssertEqual(list.body.components(separatedBy: "invented-what").count - 1, 10, "the ten demo cases are marked")
            let projects = try await browser.get("/raadet/projekter")
            XCTAssertTrue(projects.body.contains("(budget og styregruppe)"))
            XCTAssertTrue(projects.body.contains("(hele projektet)"))
            // The annual report's evaluation averages come from the invented answers.
            let report = try await browser.get("/aarsrapporter/1")
            XCTAssertTrue(report.body.contains(Self.marker + "</span>\n <span class=\"invented\">(projekternes svar bag gennemsnittene"))
        }
    }

    /// LUNA's sparring meetings (Tabel 1 gives the months only), the search's hits, the steering
    /// group's chair on a letter and the draft annual report (which the seeds do not have).
    func testSparringSearchSteeringGroupsAndTheDraftReportAreMarked() async throws {
        try await app.run { anonymous in
            // The search lists item 10, whose title is assumed, at the meeting whose date is.
            let search = try await anonymous.get("/bestyrelse/soeg?q=virtuelt")
            XCTAssertTrue(search.body.contains("(titel, sagsbehandler og sagsnummer – kildematerialet har kun resumé og indstilling)"))
            XCTAssertTrue(
                search.body.contains(
                    "(mødet: dato, tidspunkt og sted – kildematerialet giver ingen dato for mødet; fremmødet og referatets godkendelse den 21. juni 2022)"
                ))
            try await anonymous.login("sekretariat")
            let list = try await anonymous.get("/raadet/sparring")
            XCTAssertEqual(list.body.components(separatedBy: "invented-what").count - 1, 2, "LUNA's two sparring meetings are marked")
            let note = "(dagen, emnet, deltagerne, referatet og anbefalingerne – kildematerialet giver kun måneden)"
            for page in ["/raadet/sparring/5", "/raadet/sparring/8", "/raadet/sparring/5/referat"] {
                let body = try await anonymous.get(page).body
                XCTAssertTrue(body.contains(Self.marker + "</span>\n<span class=\"invented\">" + note), page)
            }
            // The pipeline's sparring meeting is Tabel 1's own.
            try await assertFalse(try await anonymous.get("/raadet/sparring/9").body.contains(Self.marker))
            let letter = try await anonymous.get("/raadet/sager/1/brev")
            XCTAssertTrue(
                letter.body.contains("Jens Aagaard Nielsen, formand for projektets styregruppe <span class=\"invented\">(opdigtet demo-navn)</span>"))
            let reports = try await anonymous.get("/aarsrapporter")
            XCTAssertTrue(reports.body.contains("Offentliggjort 31. marts 2022<span class=\"invented-what\">"))
            XCTAssertTrue(reports.body.contains("(hele kladden – kildematerialet har kun årsrapporten 2021)"))
            let draft = try await anonymous.get("/aarsrapporter/2")
            XCTAssertTrue(
                draft.body.contains(Self.marker + "</span>\n<span class=\"invented\">(hele kladden – kildematerialet har kun årsrapporten 2021)"))
        }
    }

    func testAPagesOwnDataIsNotMarked() async throws {
        let app = self.app!
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/moeder/ny")
            let created = try await browser.post(
                "/bestyrelse/moeder",
                [("title", "Bestyrelsesmøde"), ("date", "24.6.2099"), ("start", "9.00"), ("end", "12.00"), ("place", "virtuelt")])
            let page = try await browser.get(try XCTUnwrap(created.location))
            XCTAssertEqual(page.status, .ok)
            XCTAssertFalse(page.body.contains(Self.marker), "a meeting the secretariat makes is real")
        }
    }

    /// The seed's facts, and nothing invented stated as one: the texts of the demo.
    func testTheDemoTextsStateNoInventedFacts() async throws {
        try await app.run { anonymous in
            let contact = try await anonymous.get("/it-raadet")
            XCTAssertTrue(contact.body.contains("itraad@regioner.dk"), "the council's contact details are the seed's")
            XCTAssertFalse(contact.body.contains("hovednummer"))
        }
        // No invented ministry order's date or number of patients in the later status, no
        // evaluation comment about what happened after it was written.
        let texts = try await app.pool.query(
            """
            SELECT string_agg(body, ' ') AS t FROM (
                SELECT body FROM status_note_sections UNION ALL SELECT resume || sagsfremstilling FROM agenda_items
                UNION ALL SELECT comment FROM case_evaluations) x
            """
        ).first!.decode("t", as: String.self)
        for claim in ["20. maj 2022", "27 patienter", "De første tildelinger er sket", "to sparringsmøder", "stoppet før anskaffelsesfasen"] {
            XCTAssertFalse(texts.contains(claim), claim)
        }
        // The historic intakes keep the 3 months' rule (or would have to say why not).
        let intakes = try await app.pool.query(
            "SELECT id, submitted_at, desired_month, short_notice FROM assessment_cases WHERE id BETWEEN 1 AND 6 ORDER BY id"
        ).rows
        XCTAssertEqual(intakes.count, 6)
        for row in intakes {
            let submitted: Date = try row.decode("submitted_at")
            let desired: Date = try row.decode("desired_month")
            let d = DanishFormat.calendar.dateComponents([.year, .month], from: desired)
            let month = try XCTUnwrap(YearMonth(year: d.year!, month: d.month!))
            let day = DanishFormat.calendar.dateComponents([.year, .month, .day], from: submitted)
            let id: Int64 = try row.decode("id")
            XCTAssertFalse(NoticeRule.isShort(registeredOn: day, desired: month), "case \(id)")
            XCTAssertFalse(try row.decode("short_notice", as: Bool.self))
        }
    }
}
