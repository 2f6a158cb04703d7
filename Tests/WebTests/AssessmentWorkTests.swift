import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// Observations, the dialogue meeting, the case's timeline, genbesøg, joint assessments and
/// sparring meetings, each done by the role that owns it, with the refusals.
final class AssessmentWorkTests: XCTestCase {
    func testAssessorsRecordObservationsThatOnlyTheAppointedAndTheSecretariatSee() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let (url, _) = try await LetterTests.caseUnderAssessment(app)
        try await app.run { assessor in
            try await assessor.login("vurderer1")
            // Not before the impartiality declaration.
            try await assertEqual(try await assessor.get(url + "/vurdering").status, .notFound)
            try await assessor.get(url)
            try await assessor.post(url + "/erklaering", [("erklaering", "ja")])
            let page = try await assessor.get(url + "/vurdering")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("Der er endnu ingen observationer."))
            // An empty observation is refused in Danish, next to the field.
            let empty = try await assessor.post(url + "/observationer", [("observation", "  "), ("focus_area", "governance")])
            XCTAssertEqual(empty.status, .unprocessableContent)
            XCTAssertTrue(empty.body.contains("Skriv observationen."))
            let added = try await assessor.post(
                url + "/observationer",
                [
                    ("observation", "Styregruppen mødes kun hvert kvartal <script>alert(1)</script>"), ("focus_area", "governance"),
                ])
            XCTAssertEqual(added.status, .seeOther)
            let after = try await assessor.get(url + "/vurdering")
            XCTAssertTrue(after.body.contains("Styregruppen mødes kun hvert kvartal"))
            XCTAssertTrue(after.body.contains("&lt;script&gt;"))
            XCTAssertFalse(after.body.contains("<script>alert"))
            XCTAssertTrue(after.body.contains("Governance"))
        }
        // The appointed council member (declared) reads them, but cannot write one.
        try await app.run { member in
            try await member.login("raadsmedlem1")
            let page = try await member.get(url + "/vurdering")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("Styregruppen mødes kun hvert kvartal"))
            XCTAssertFalse(page.body.contains("/observationer\""))
            try await assertEqual(try await member.post(url + "/observationer", [("observation", "Nej")]).status, .forbidden)
        }
        // Nobody else: an assessor not appointed, the project leader, a director, the board.
        for outsider in ["vurderer5", "projektleder", "direktoer", "bestyrelse"] {
            try await app.run { browser in
                try await browser.login(outsider)
                let status = try await browser.get(url + "/vurdering").status
                XCTAssertTrue(status == .notFound || status == .forbidden, "\(outsider) got \(status)")
                try await assertFalse(try await browser.get(url).body.contains("Styregruppen mødes kun"))
            }
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM case_observations WHERE case_id = $1", [LetterTests.caseID(url)]), 1)
    }

    func testTheSecretariatRecordsTheDialogueMeetingAndTheTimelineTellsTheStory() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let (url, _) = try await LetterTests.caseUnderAssessment(app)
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get(url + "/vurdering")
            let missing = try await secretariat.post(
                url + "/dialogmoede", [("held_on", "31.2.2099"), ("participants", ""), ("notes", "Gode drøftelser om tidsplanen.")])
            XCTAssertEqual(missing.status, .unprocessableContent)
            XCTAssertTrue(missing.body.contains("Skriv datoen for dialogmødet som dd.mm.åååå."))
            XCTAssertTrue(missing.body.contains("Skriv, hvem der deltog i dialogmødet."))
            XCTAssertTrue(missing.body.contains("Gode drøftelser om tidsplanen."), "nothing typed is lost")
            let saved = try await secretariat.post(
                url + "/dialogmoede",
                [
                    ("held_on", "20.2.2099"), ("participants", "Projektleder, styregruppeformand Bo Formand, rådsmedlemmerne"),
                    ("notes", "Gode drøftelser om tidsplanen."),
                ])
            XCTAssertEqual(saved.status, .seeOther)
            let page = try await secretariat.get(url + "/vurdering")
            XCTAssertTrue(page.body.contains("20. februar 2099"))
            XCTAssertTrue(page.body.contains("styregruppeformand Bo Formand"))
            let casePage = try await secretariat.get(url)
            for step in [
                "Indmeldingen er sendt", "Risikovurderingen er planlagt", "Habilitetserklæring afgivet", "Dokument uploadet",
                "Materialet er sendt; vurderingen er begyndt", "Dialogmødet er registreret",
            ] {
                XCTAssertTrue(casePage.body.contains(step), step)
            }
            XCTAssertTrue(casePage.body.contains("<time datetime="))
        }
        // The project leader sees the public steps of the timeline, not the council's internal ones.
        try await app.run { leader in
            try await leader.login("projektleder")
            let page = try await leader.get(url)
            XCTAssertTrue(page.body.contains("Dialogmødet er registreret"))
            XCTAssertTrue(page.body.contains("Materialet er sendt"))
            XCTAssertFalse(page.body.contains("Habilitetserklæring afgivet"))
            try await assertEqual(try await leader.post(url + "/dialogmoede", [("held_on", "21.2.2099"), ("participants", "X")]).status, .notFound)
        }
    }

    func testAGenbesoegBuildsOnAnEarlierAssessmentAndAJointOneNamesThePartnerCouncil() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let (url, ids) = try await LetterTests.caseUnderAssessment(app)
        let id = Int64(url.split(separator: "/").last!)!
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get(url)
            // Not while the first assessment is still running.
            let early = try await secretariat.post(url + "/genbesoeg", [])
            XCTAssertEqual(early.status, .unprocessableContent)
            XCTAssertTrue(early.body.contains("Et genbesøg bygger på en risikovurdering, hvis anbefalingsbrev er sendt"))
        }
        // Test set-up: the first assessment is finished (the steps to get there have their own tests).
        try await app.pool.query("UPDATE assessment_cases SET state = 'afsluttet' WHERE id = $1", [id])
        let revisitURL = try await app.run { secretariat -> String in
            try await secretariat.login("sekretariat")
            try await assertTrue(try await secretariat.get(url).body.contains("Opret genbesøg"))
            let created = try await secretariat.post(url + "/genbesoeg", [])
            XCTAssertEqual(created.status, .seeOther)
            let location = created.location!
            XCTAssertTrue(location.hasSuffix("/planlaegning"))
            let revisit = String(location.dropLast("/planlaegning".count))
            // Only one open genbesøg at a time.
            let second = try await secretariat.post(url + "/genbesoeg", [])
            XCTAssertEqual(second.status, .unprocessableContent)
            XCTAssertTrue(second.body.contains("Der er allerede et genbesøg i gang"))
            // Planned as a joint assessment with the partner council.
            let form = try await secretariat.get(location)
            XCTAssertEqual(form.status, .ok)
            let planned = try await secretariat.post(
                location,
                [
                    ("council", String(ids["raadsmedlem1"]!)), ("council", String(ids["raadsmedlem2"]!)),
                    ("assessors", String(ids["vurderer1"]!)), ("assessors", String(ids["vurderer2"]!)), ("assessors", String(ids["vurderer3"]!)),
                    ("assessors", String(ids["vurderer5"]!)), ("material", "1.2.2100"), ("dialogue", "20.2.2100"), ("letter", "10.3.2100"),
                    ("partner", "Københavns Kommunes It-projektråd"),
                ])
            XCTAssertEqual(planned.status, .seeOther)
            let page = try await secretariat.get(revisit)
            XCTAssertTrue(page.body.contains("Genbesøg – fælles vurdering med Københavns Kommunes It-projektråd"))
            XCTAssertTrue(page.body.contains("href=\"\(url)\""))
            XCTAssertTrue(page.body.contains("Genbesøg er oprettet"))
            try await assertTrue(try await secretariat.get(url).body.contains("href=\"\(revisit)\""))
            return revisit
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM assessment_cases WHERE previous_case_id = $1 AND kind = 'genbesoeg'", [id]), 1)
        // The project leader leads the genbesøg too; others' roles cannot create one.
        try await app.run { leader in
            try await leader.login("projektleder")
            try await assertEqual(try await leader.get(revisitURL).status, .ok)
            try await assertEqual(try await leader.post(url + "/genbesoeg", []).status, .forbidden)
        }
    }

    func testTheSecretariatPlansASparringMeetingAndWritesItsMinutes() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let ids = try await Dictionary(
            uniqueKeysWithValues: app.pool.query("SELECT username, id FROM users").rows.map {
                (try $0.decode("username", as: String.self), try $0.decode("id", as: Int64.self))
            })
        try await CaseRepository(pool: app.pool).declareInterest(
            userID: ids["raadsmedlem2"]!, projectID: 7, description: "Tidligere ansat hos leverandøren")
        let url = try await app.run { secretariat -> String in
            try await secretariat.login("sekretariat")
            let list = try await secretariat.get("/raadet/sparring")
            XCTAssertEqual(list.status, .ok)
            XCTAssertTrue(list.body.contains("LUNA"), "the seed's sparring meetings with LUNA are listed")
            try await secretariat.get("/raadet/sparring/ny")
            let empty = try await secretariat.post("/raadet/sparring/ny", [("project", ""), ("planned_on", "i morgen"), ("topic", "Udbud")])
            XCTAssertEqual(empty.status, .unprocessableContent)
            for message in ["Vælg projektet.", "Skriv datoen for sparringsmødet som dd.mm.åååå.", "Udpeg mindst ét rådsmedlem"] {
                XCTAssertTrue(empty.body.contains(message), message)
            }
            XCTAssertTrue(empty.body.contains("value=\"Udbud\""))
            // Habilitet holds here too.
            let conflicted = try await secretariat.post(
                "/raadet/sparring/ny",
                [
                    ("project", "7"), ("planned_on", "2.5.2025"), ("topic", "Udbudsstrategi"),
                    ("council", String(ids["raadsmedlem1"]!)), ("council", String(ids["raadsmedlem2"]!)),
                ])
            XCTAssertEqual(conflicted.status, .unprocessableContent)
            XCTAssertTrue(conflicted.body.contains("Jens Ole Skov kan ikke udpeges: personen har erklæret en interesse i projektet"))
            let created = try await secretariat.post(
                "/raadet/sparring/ny",
                [
                    ("project", "7"), ("planned_on", "2.5.2025"), ("topic", "Udbudsstrategi og kontraktform"),
                    ("council", String(ids["raadsmedlem1"]!)),
                ])
            XCTAssertEqual(created.status, .seeOther)
            let url = String(created.location!.split(separator: "?")[0])
            let page = try await secretariat.get(url)
            XCTAssertTrue(page.body.contains("Planlagt"))
            XCTAssertTrue(page.body.contains("Jens Gordon Clausen"))
            return url
        }
        let id = Int64(url.split(separator: "/").last!)!
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM council_activities WHERE id = $1 AND expected_year = 2025 AND expected_quarters = '{2}'", [id]), 1)
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let form = try await secretariat.get(url + "/referat")
            let version = LetterTests.version(form)
            let future = try await secretariat.post(url + "/referat", [("version", version), ("held_on", "1.1.2099"), ("remarks", "Godt møde.")])
            XCTAssertEqual(future.status, .unprocessableContent)
            XCTAssertTrue(future.body.contains("datoen ligger i fremtiden"))
            let saved = try await secretariat.post(
                url + "/referat",
                [
                    ("version", version), ("held_on", "2.5.2025"), ("remarks", "Rådet drøftede udbudsstrategien."),
                    ("rec_theme_0", "governance|Leverandørstyring"), ("rec_body_0", "Afklar kontraktstyringen før udbuddet."),
                    ("rec_theme_1", ""), ("rec_body_1", ""),
                ])
            XCTAssertEqual(saved.status, .seeOther)
            // A second save with the old version is refused; the text typed stays in the form.
            let stale = try await secretariat.post(url + "/referat", [("version", version), ("held_on", "2.5.2025"), ("remarks", "Min nye tekst")])
            XCTAssertEqual(stale.status, .unprocessableContent)
            XCTAssertTrue(stale.body.contains("Min nye tekst"))
        }
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM council_activities WHERE id = $1 AND month_done = DATE '2025-05-01' AND expected_year IS NULL", [id]), 1)
        // The project's leader reads the minutes; the council reads them; an assessor or another project's leader does not.
        try await app.run { leader in
            try await leader.login("projektleder")
            let page = try await leader.get(url)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("Afklar kontraktstyringen før udbuddet."))
            XCTAssertTrue(page.body.contains("Governance – Leverandørstyring"))
            XCTAssertFalse(page.body.contains("Skriv referatet"))
            try await assertEqual(try await leader.get("/raadet/sparring/5").status, .notFound)
            try await assertEqual(
                try await leader.post(url + "/referat", [("version", "2"), ("held_on", "2.5.2025"), ("remarks", "x")]).status, .forbidden)
        }
        try await app.run { member in
            try await member.login("raadsmedlem2")
            try await assertTrue(try await member.get(url).body.contains("Rådet drøftede udbudsstrategien."))
        }
        try await app.run { assessor in
            try await assessor.login("vurderer1")
            try await assertEqual(try await assessor.get(url).status, .forbidden)
        }
    }

    func testThePeopleWhoseMoveItIsAreMailed() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let pool = try await TestDatabase.freshPool()
        var config = AppConfig(publicURL: "https://raadsportal.example.dk")
        config.smtpURL = "smtp://127.0.0.1:\(sink.port)"
        let app = try await TestApp.make(config: config, pool: pool, mailer: SMTPMailer(url: config.smtpURL, from: "raadsportal@example.dk"))
        addTeardownBlock { await app.shutdown() }
        let (url, _) = try await LetterTests.caseUnderAssessment(app)
        // Intake → the secretariat; planning → the appointed and the project leader; material → the appointed and the secretariat.
        let written = try await app.count("SELECT count(*) AS n FROM mail_outbox")
        XCTAssertGreaterThanOrEqual(written, 4)
        try await app.runJobs()
        let mails = try await sink.wait(for: written)
        XCTAssertEqual(mails.count, written, "one message per recipient, each handed over once")
        XCTAssertTrue(mails.allSatisfy { $0.recipients.count == 1 })
        func mail(to address: String, containing text: String) -> Bool {
            mails.contains { $0.recipients.contains(address) && $0.text.contains(text) }
        }
        XCTAssertTrue(mail(to: "sekretariat@raadsportal.example.dk", containing: "skal planl"))
        XCTAssertTrue(mail(to: "raadsmedlem1@raadsportal.example.dk", containing: "Afgiv din habilitetserkl"))
        XCTAssertTrue(mail(to: "vurderer4@raadsportal.example.dk", containing: "Afgiv din habilitetserkl"))
        XCTAssertTrue(mail(to: "projektleder@raadsportal.example.dk", containing: "Upload PID og governancedokumenter senest 1. februar 2099"))
        XCTAssertTrue(mail(to: "vurderer1@raadsportal.example.dk", containing: "har sendt sit materiale"))
        XCTAssertTrue(mails.allSatisfy { $0.body.contains("https://raadsportal.example.dk\(url)") })
        XCTAssertFalse(mails.contains { $0.recipients.contains("vurderer5@raadsportal.example.dk") })
        // The letter, when complete, asks both council members to sign; sending tells the project and the directors.
        try await app.run { member in
            try await member.login("raadsmedlem1")
            let form = try await member.get(url + "/brev/rediger")
            try await member.post(url + "/brev/rediger", LetterTests.letterFields(version: LetterTests.version(form), profile: "A"))
        }
        try await app.runJobs()
        let withLetter = Array(try await sink.wait(for: written + 2).dropFirst(written))
        XCTAssertEqual(
            withLetter.flatMap(\.recipients).sorted(), ["raadsmedlem1@raadsportal.example.dk", "raadsmedlem2@raadsportal.example.dk"])
        XCTAssertTrue(withLetter.allSatisfy { $0.body.contains("venter på din godkendelse") })
        XCTAssertFalse(withLetter.contains { $0.text.contains("Læg buffer ind i tidsplanen") }, "the letter's content is not mailed")
    }
}

/// The demo data of the council's process: every demo account of the process finds something waiting.
final class DemoCaseTests: XCTestCase {
    func testEveryDemoAccountFindsSomethingWaitingOnItsFrontPage() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let expected = [
            "projektleder": "Upload og send materialet: Fællesregionalt udbud af Præhospital Patientjournal",
            "sekretariat": "Planlæg risikovurderingen (kort varsel): MinSundhed v2",
            "raadsmedlem1": "Godkend anbefalingsbrevet: Anskaffelse og etablering af nyt RIS/PACS",
            "raadsmedlem2": "Godkend anbefalingsbrevet: Anskaffelse og etablering af nyt RIS/PACS",
            "vurderer1": "Registrér observationer: Anskaffelse og etablering af nyt RIS/PACS",
            "vurderer4": "Afgiv habilitetserklæring",
            "vurderer5": "Afgiv habilitetserklæring: Anskaffelse og etablering af nyt RIS/PACS",
            "direktoer": "Beslut anmodningen om risikovurdering: Digital tolkebooking",
        ]
        for (user, task) in expected {
            try await app.run { browser in
                try await browser.login(user)
                let home = try await browser.get("/")
                XCTAssertTrue(home.body.contains("Det venter på dig"), user)
                XCTAssertTrue(home.body.contains(task), "\(user): \(task)")
            }
        }
        // The assessed projects' cases read as finished, with the report's profile and a timeline; the
        // RIS/PACS material is a real PDF the appointed can open.
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let luna = try await secretariat.get("/raadet/sager/1")
            XCTAssertTrue(luna.body.contains("Afsluttet"))
            XCTAssertTrue(luna.body.contains("Anbefalingsbrevet er sendt"))
            let letter = try await secretariat.get("/raadet/sager/1/brev")
            XCTAssertTrue(letter.body.contains("A – meget høj"))
            XCTAssertTrue(letter.body.contains("Kortlæg afhængighederne til Sundhed.dk og KOMBIT"))
            // The sent letter downloads as a PDF with the project's name, once the job has rendered it.
            try await assertEqual(try await secretariat.get("/raadet/sager/1/brev/pdf").status, .accepted)
            try await assertEqual(try await app.renderDocuments(), 1)
            let pdf = try await secretariat.get("/raadet/sager/1/brev/pdf")
            XCTAssertEqual(pdf.status, .ok)
            XCTAssertTrue(pdf.body.hasPrefix("%PDF-1.7"))
            XCTAssertTrue(pdf.headers[.contentDisposition]?.contains("Anbefalingsbrev") ?? false)
            try await assertEqual(try await secretariat.get("/raadet/sager/8/brev/pdf").status, .notFound, "a draft letter is not a PDF")
            let fut = try await secretariat.get("/raadet/sager/6")
            XCTAssertTrue(fut.body.contains("fælles vurdering med Københavns Kommunes It-projektråd"))
        }
        try await app.run { assessor in
            try await assessor.login("vurderer1")
            let page = try await assessor.get("/raadet/sager/8")
            guard let range = page.body.range(of: #"href="/raadet/filer/"#) else { return XCTFail("the PID is listed") }
            let href = "/raadet/filer/" + page.body[range.upperBound...].prefix { $0 != "\"" }
            let file = try await assessor.get(href)
            XCTAssertEqual(file.status, .ok)
            XCTAssertTrue(file.body.hasPrefix("%PDF-1.4"))
        }
    }
}
