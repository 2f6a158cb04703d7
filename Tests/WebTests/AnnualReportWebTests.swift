import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// The annual report from the demo data: the seed's Tabel 1, Figur 2 and 3 come out of the data
/// (report 1, 2020–2021, published by the demo as it was in reality, frozen from the data when the
/// demo was loaded); publishing a draft (report 2, 2022–2023) freezes it and makes it public; CSV
/// equals the page; the board item is created with the report attached.
final class AnnualReportWebTests: XCTestCase {
    func testTheDemoReportComesOutLikeTheSeedsAndIsFrozenWhenPublished() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        // A draft is the council's own: not public, not for a project leader. The published report is anyone's.
        try await app.run { anonymous in
            let list = try await anonymous.get("/aarsrapporter")
            XCTAssertEqual(list.status, .ok)
            XCTAssertFalse(list.body.contains("Årsrapport 2023"))
            XCTAssertTrue(list.body.contains("Regionernes It-råd – Årsrapport 2021"))
            try await assertEqual(try await anonymous.get("/aarsrapporter/2").status, .seeOther)
            // Published in March 2022 as in reality; the day is the demo's, and marked.
            let published = try await anonymous.get("/aarsrapporter/1")
            XCTAssertEqual(published.status, .ok)
            XCTAssertTrue(published.body.contains("offentliggjort 31. marts 2022"))
            XCTAssertTrue(published.body.contains("(dagen for offentliggørelsen – kildematerialet siger kun »Marts 2022«)"))
        }
        try await app.run { leader in
            try await leader.login("projektleder")
            try await assertEqual(try await leader.get("/aarsrapporter/2").status, .notFound)
            try await assertEqual(try await leader.get("/aarsrapporter/2/csv/figur2.csv").status, .notFound)
        }
        let csv = try await app.run { secretariat -> String in
            try await secretariat.login("sekretariat")
            let page = try await secretariat.get("/aarsrapporter/1")
            XCTAssertEqual(page.status, .ok)
            let body = page.body
            // Tabel 1 in the seed's order, with the joint assessment named once, and the 2022 pipeline.
            let order = ["April 2020", "Juni 2020", "August 2020", "Januar 2021", "Marts 2021", "September 2021", "Oktober 2021"]
            let positions = order.compactMap { body.range(of: "<td>\($0)</td>")?.lowerBound }
            XCTAssertEqual(positions.count, order.count)
            XCTAssertEqual(positions, positions.sorted())
            XCTAssertTrue(body.contains("Risikovurdering (samarbejde med Københavns Kommunes It-projektråd)"))
            XCTAssertTrue(body.contains("Region Midtjylland og Sundhedsdatastyrelsen"))
            XCTAssertTrue(body.contains("Forventede aktiviteter i 2022"))
            for q in ["Q2 2022", "Q4 2022", "Q3/Q4 2022"] { XCTAssertTrue(body.contains(q), q) }
            XCTAssertTrue(
                body.contains(
                    "gennemført 6 risikovurderinger (heraf 1 i samarbejde med et andet råd) og 2 sparringsmøder. Risikovurderingerne gav i alt 59 anbefalinger."
                ))
            // Figur 2: 32, 30, 24 and 14 %, in the chart and in its table.
            for (area, count, percent) in [
                ("Projekttilrettelæggelse", 19, 32), ("Governance", 18, 30), ("Forretningsmæssige forhold", 14, 24),
                ("Markedsafdækning og teknisk løsning", 8, 14),
            ] {
                XCTAssertTrue(body.contains("<th scope=\"row\">\(area)</th><td class=\"num\">\(count)</td><td class=\"num\">\(percent) %</td>"), area)
            }
            XCTAssertTrue(body.contains("<svg class=\"chart\" role=\"img\" aria-labelledby=\"figur2-title figur2-desc\""))
            XCTAssertTrue(body.contains("Projekttilrettelæggelse: 32 % (19)"))
            // Figur 3: LUNA 29/47/12/12.
            XCTAssertTrue(
                body.contains(
                    "<th scope=\"row\">LUNA</th><td class=\"num\">5 (29 %)</td><td class=\"num\">8 (47 %)</td><td class=\"num\">2 (12 %)</td><td class=\"num\">2 (12 %)</td><td class=\"num\">17</td>"
                ))
            XCTAssertTrue(body.contains("LUNA: Projekttilrettelæggelse 29 %, Governance 47 %"))
            XCTAssertTrue(body.contains("Stor ledelsesbevågenhed"))
            XCTAssertTrue(body.contains("Jane Kraglund"))
            // CSV: what Danish Excel opens, with the page's numbers.
            let file = try await secretariat.get("/aarsrapporter/1/csv/figur2.csv")
            XCTAssertEqual(file.status, .ok)
            XCTAssertEqual(file.headers[.contentType], "text/csv; charset=utf-8")
            XCTAssertEqual(file.headers[.contentDisposition], "attachment; filename=\"aarsrapport-2020-2021-figur2.csv\"")
            let evaluation = try await secretariat.get("/aarsrapporter/1/csv/evaluering.csv").body
            // The six evaluations of the demo: (5,5,4) (4,4,4) (4,5,4) (4,4,3) (3,4,4) (5,5,5).
            XCTAssertTrue(evaluation.contains("Hvordan oplevede I processen omkring risikovurderingen?;4,2;6\r\n"), evaluation)
            XCTAssertTrue(evaluation.contains("Hvor stor værdi har risikovurderingen skabt for projektet?;4,5;6\r\n"))
            XCTAssertTrue(
                evaluation.contains(
                    "Hvor brugbart var indholdet – de risici og anbefalinger, it-rådet pegede på – i det videre projektarbejde?;4,0;6\r\n"))
            try await assertEqual(try await secretariat.get("/aarsrapporter/1/csv/ukendt.csv").status, .notFound)
            // The PDF is the render job's work (DocumentTests); asking for it queues the job.
            try await assertEqual(try await secretariat.get("/aarsrapporter/1/pdf").status, .accepted)
            // The draft of the years after computes its figures from the data: none of the demo's falls in them.
            let draft = try await secretariat.get("/aarsrapporter/2")
            XCTAssertTrue(draft.body.contains("Kladde: tallene beregnes af It-rådets data"))
            XCTAssertTrue(draft.body.contains("gennemført 0 risikovurderinger. Risikovurderingerne gav i alt 0 anbefalinger."))
            XCTAssertTrue(draft.body.contains("(hele kladden – kildematerialet har kun årsrapporten 2021)"))
            return file.body
        }
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}Fokusområde;Antal anbefalinger;Andel (%)\r\n"))
        XCTAssertTrue(
            csv.contains(
                "Projekttilrettelæggelse;19;32\r\nGovernance;18;30\r\nForretningsmæssige forhold;14;24\r\nMarkedsafdækning og teknisk løsning;8;14\r\n"
            ))

        // Publishing the draft: confirmed, then frozen and public. A published report is not published again.
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await assertEqual(try await secretariat.get("/aarsrapporter/1/offentliggoer").status, .notFound)
            try await assertEqual(try await secretariat.get("/aarsrapporter/1/rediger").status, .notFound)
            let confirm = try await secretariat.get("/aarsrapporter/2/offentliggoer")
            XCTAssertTrue(confirm.body.contains("Det kan ikke fortrydes"))
            XCTAssertTrue(confirm.body.contains("Hvem får besked"), "publishing also says who will be told")
            let stale = try await secretariat.post("/aarsrapporter/2/offentliggoer", [("version", "0")])
            XCTAssertEqual(stale.status, .conflict)
            try await assertEqual(
                try await secretariat.post("/aarsrapporter/2/offentliggoer", [("version", LetterTests.version(confirm))]).status, .seeOther)
            try await assertEqual(try await secretariat.get("/aarsrapporter/2/rediger").status, .notFound)
        }
        try await app.run { anonymous in
            let page = try await anonymous.get("/aarsrapporter/2")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("Regionernes It-råd – Årsrapport 2023"))
            XCTAssertFalse(page.body.contains("Kladde: tallene beregnes"))
        }
        // The data changes afterwards: a new recommendation in LUNA's case. The published reports do not move.
        try await app.pool.query(
            "INSERT INTO recommendations (case_id, position, focus_area, sub_theme, body) VALUES (1, 99, 'teknik', 'Tekniske behov og krav', 'Ny')")
        try await app.run { anonymous in
            let page = try await anonymous.get("/aarsrapporter/1")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("gav i alt 59 anbefalinger"))
            XCTAssertTrue(
                page.body.contains("<th scope=\"row\">Markedsafdækning og teknisk løsning</th><td class=\"num\">8</td><td class=\"num\">14 %</td>"))
            try await assertTrue(try await anonymous.get("/aarsrapporter").body.contains("Regionernes It-råd – Årsrapport 2021"))
            let csv = try await anonymous.get("/aarsrapporter/1/csv/figur2.csv").body
            XCTAssertTrue(csv.contains("Markedsafdækning og teknisk løsning;8;14\r\n"))
        }
        // A new draft computed now does see the change.
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get("/aarsrapporter/ny")
            let created = try await secretariat.post("/aarsrapporter/ny", [("title", "Prøve"), ("from_year", "2020"), ("to_year", "2021")])
            XCTAssertEqual(created.status, .seeOther)
            try await assertTrue(try await secretariat.get(created.location ?? "/").body.contains("gav i alt 60 anbefalinger"))
            let bad = try await secretariat.post("/aarsrapporter/ny", [("title", "Prøve"), ("from_year", "2021"), ("to_year", "2020")])
            XCTAssertEqual(bad.status, .unprocessableContent)
            XCTAssertTrue(bad.body.contains("Det sidste år kan ikke ligge før det første."))
        }
    }

    func testTheSecretariatWritesTheTextAndTwoEditorsCannotOverwriteEachOther() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let form = try await secretariat.get("/aarsrapporter/2/rediger")
            XCTAssertEqual(form.status, .ok)
            let version = LetterTests.version(form)
            let fields: [(String, String)] = [
                ("version", version), ("title", "Regionernes It-råd – Årsrapport 2023"), ("from_year", "2022"), ("to_year", "2023"),
                ("foreword", "Et nyt forord <script>alert(1)</script>."),
                ("theme_title_0", "Stor ledelsesbevågenhed"), ("theme_body_0", "Ledelsen skal være med."),
                ("theme_title_1", ""), ("theme_body_1", ""),
                ("story_title_0", "LUNA"), ("story_body_0", "Den første risikovurdering."),
            ]
            try await assertEqual(try await secretariat.post("/aarsrapporter/2/rediger", fields).status, .seeOther)
            let page = try await secretariat.get("/aarsrapporter/2")
            XCTAssertTrue(page.body.contains("Et nyt forord &lt;script&gt;alert(1)&lt;/script&gt;."))
            XCTAssertTrue(page.body.contains("1. Stor ledelsesbevågenhed"))
            XCTAssertFalse(page.body.contains("Endnu et eksempel på en observation"), "an emptied theme is removed")
            // The same old version again: refused, the text kept.
            let stale = try await secretariat.post("/aarsrapporter/2/rediger", fields.map { $0.0 == "foreword" ? ($0.0, "Min anden tekst") : $0 })
            XCTAssertEqual(stale.status, .unprocessableContent)
            XCTAssertTrue(stale.body.contains("gemt af en anden"))
            XCTAssertTrue(stale.body.contains("Min anden tekst"))
        }
        try await app.run { member in
            try await member.login("raadsmedlem1")
            try await assertEqual(try await member.get("/aarsrapporter/2").status, .ok)
            try await assertEqual(try await member.get("/aarsrapporter/2/rediger").status, .forbidden)
        }
    }

    func testAPublishedReportGoesToTheBoardAsAnItemWithTheReportAttached() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.pool.query(
            "INSERT INTO meetings (id, title, starts_at, place, status) VALUES (70, 'Bestyrelsesmøde', '2099-06-24 08:00:00+00', 'Dampfærgevej 22', 'draft')"
        )
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            // Report 1 is published (by the demo, as in reality); a draft cannot be proposed.
            try await assertEqual(try await secretariat.get("/aarsrapporter/2/bestyrelse").status, .notFound)
            let form = try await secretariat.get("/aarsrapporter/1/bestyrelse")
            XCTAssertTrue(form.body.contains("Bestyrelsesmøde 24. juni 2099"))
            let bad = try await secretariat.post("/aarsrapporter/1/bestyrelse", [("meeting", "70"), ("case_number", "2019-960")])
            XCTAssertEqual(bad.status, .unprocessableContent)
            XCTAssertTrue(bad.body.contains("EMN-ÅÅÅÅ-NNNNN"))
            try await assertEqual(
                try await secretariat.post("/aarsrapporter/1/bestyrelse", [("meeting", "70"), ("case_number", "EMN-2019-00960")]).status, .seeOther)
            let again = try await secretariat.post("/aarsrapporter/1/bestyrelse", [("meeting", "70"), ("case_number", "EMN-2019-00960")])
            XCTAssertTrue(again.body.contains("allerede foreslået"))
        }
        let itemURL = try await app.run { board -> String in
            try await board.login("bestyrelsessekretariat")
            try await assertTrue(
                try await board.get("/").body.contains("Tag stilling til forslag fra It-rådet: Regionernes It-råd – Årsrapport 2021"))
            let meeting = try await board.get("/bestyrelse/moeder/70")
            XCTAssertTrue(meeting.body.contains("Forslag fra It-rådet"))
            // The report's PDF is not rendered yet; until the job has rendered it, the proposal waits.
            try await assertEqual(
                try await board.post("/bestyrelse/forslag/1", [("beslutning", "accepter")]).location,
                "/bestyrelse/moeder/70?besked=forslag-pdf-dannes")
            try await assertEqual(try await app.renderDocuments(), 1)
            let accepted = try await board.post("/bestyrelse/forslag/1", [("beslutning", "accepter")])
            XCTAssertEqual(accepted.status, .seeOther)
            XCTAssertEqual(accepted.location, "/bestyrelse/moeder/70/punkter/1")
            // Accepted once: a second answer changes nothing.
            try await assertEqual(
                try await board.post("/bestyrelse/forslag/1", [("beslutning", "accepter")]).location,
                "/bestyrelse/moeder/70?besked=forslag-lukket")
            return accepted.location!
        }
        try await app.run { board in
            try await board.login("bestyrelsessekretariat")
            let item = try await board.get(itemURL)
            XCTAssertTrue(item.body.contains("Årsrapport for Regionernes It-råd"))
            XCTAssertTrue(item.body.contains("7 (Offentlig)") || item.body.contains("1 (Offentlig)"))
            XCTAssertTrue(item.body.contains("EMN-2019-00960"))
            XCTAssertTrue(item.body.contains("Rie Fält Dzougov"))
            XCTAssertTrue(item.body.contains("gennemført seks risikovurderinger og to sparringsmøder"))
            XCTAssertTrue(item.body.contains("at bestyrelsen tager orienteringen om Regionernes It-råds årsrapport 2021 til efterretning"))
            guard let range = item.body.range(of: #"href="/bestyrelse/bilag/"#) else { return XCTFail("the report is attached") }
            let href = "/bestyrelse/bilag/" + item.body[range.upperBound...].prefix { $0 != "\"" }
            XCTAssertTrue(item.body.contains("Årsrapport 2020–2021.pdf"))
            let file = try await board.get(href)
            XCTAssertEqual(file.status, .ok)
            XCTAssertTrue(file.body.hasPrefix("%PDF-1.7"))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM agenda_items WHERE meeting_id = 70 AND NOT confidential"), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM report_proposals WHERE status = 'accepted' AND item_id IS NOT NULL"), 1)
        // Only the board secretariat decides.
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await assertEqual(try await secretariat.post("/bestyrelse/forslag/1", [("beslutning", "afvis")]).status, .forbidden)
        }
    }

    func testTheOverviewShowsStatesLatenessPipelineAndFollowUp() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        // PPJ's material deadline has passed.
        try await app.pool.query("UPDATE assessment_cases SET material_deadline = current_date - 3 WHERE id = 7")
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let page = try await secretariat.get("/raadet/overblik")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("<td>Afsluttet</td><td class=\"num\">6</td>"))
            XCTAssertTrue(page.body.contains("Materialet er forsinket"))
            XCTAssertTrue(page.body.contains("(hele sagen)"), "the late case is the demo's, and marked")
            // Each project's row, its follow-up statuses marked as the demo's where they are.
            func row(_ body: String, _ project: String) -> String? {
                guard let start = body.range(of: "<th scope=\"row\">\(project)<span class=\"invented-what\">") else { return nil }
                return body[start.lowerBound...].components(separatedBy: "</tr>").first
            }
            XCTAssertTrue(row(page.body, "LUNA")?.contains("<span class=\"invented\">(opfølgningsstatus)</span></span>") ?? false)
            XCTAssertTrue(row(page.body, "LUNA")?.contains("</th><td class=\"num\">2020</td>") ?? false)
            // Filtered to a region: only its projects.
            let sjaelland = try await secretariat.get("/raadet/overblik?region=Region%20Sj%C3%A6lland")
            XCTAssertTrue(sjaelland.body.contains("<td>Afventer beslutning</td><td class=\"num\">1</td>"))
            XCTAssertFalse(sjaelland.body.contains("Materialet er forsinket"))
            XCTAssertTrue(sjaelland.body.contains("Ingen anbefalinger at vise."))
            let y2021 = try await secretariat.get("/raadet/overblik?aar=2021")
            XCTAssertNil(row(y2021.body, "LUNA"), "LUNA's letter was sent in 2020")
            XCTAssertNotNil(row(y2021.body, "Fælles Udvikling af Telemedicin"))
        }
        try await app.run { leader in
            try await leader.login("projektleder")
            try await assertEqual(try await leader.get("/raadet/overblik").status, .forbidden)
        }
    }
}
