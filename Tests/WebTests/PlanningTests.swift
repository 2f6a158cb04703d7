import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

final class PlanningTests: XCTestCase {
    func testTheSecretariatPlansWithTheImpartialityRuleEnforced() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        // A mandatory project whose steering group includes raadsmedlem1 (Jens Gordon Clausen).
        let caseURL = try await app.run { browser -> String in
            try await browser.login("projektleder")
            try await browser.get("/raadet/indmelding")
            var fields = IntakeTests.fields(name: "Fælles Røntgenplatform", kind: "faellesregional", budget: "80", month: "marts 2099")
            fields = fields.map { $0.0 == "members" ? ("members", "Anna Andersen\nJens Gordon Clausen") : $0 }
            fields = fields.map { $0.0 == "chair" ? ("chair", "Bo Formand") : $0 }
            fields.append(("handling", "indsend"))
            return String(try await browser.post("/raadet/indmelding", fields).location!.split(separator: "?")[0])
        }
        let caseID = Int64(caseURL.split(separator: "/").last!)!
        let ids = try await Dictionary(
            uniqueKeysWithValues: app.pool.query("SELECT username, id FROM users").rows.map {
                (try $0.decode("username", as: String.self), try $0.decode("id", as: Int64.self))
            })
        // vurderer2 has declared an interest in the project.
        try await CaseRepository(pool: app.pool).declareInterest(
            userID: ids["vurderer2"]!,
            projectID: try await app.pool.query("SELECT project_id FROM assessment_cases WHERE id = $1", [caseID]).first!.decode("project_id"),
            description: "tidligere ansat hos leverandøren")

        try await app.run { browser in
            try await browser.login("sekretariat")
            let form = try await browser.get(caseURL + "/planlaegning")
            XCTAssertTrue(form.body.contains("Jens Gordon Clausen kan ikke udpeges: personen sidder eller har siddet i projektets styregruppe"))
            XCTAssertTrue(form.body.contains("tidligere ansat hos leverandøren"))
            let dates = [("material", "1.2.2099"), ("dialogue", "20.2.2099"), ("letter", "10.3.2099")]
            // Conflicted people are refused by name; counts are checked; everything typed is kept.
            let refused = try await browser.post(
                caseURL + "/planlaegning",
                [
                    ("council", String(ids["raadsmedlem1"]!)), ("council", String(ids["raadsmedlem2"]!)),
                    ("assessors", String(ids["vurderer1"]!)), ("assessors", String(ids["vurderer2"]!)), ("assessors", String(ids["vurderer3"]!)),
                ] + dates)
            XCTAssertEqual(refused.status, .unprocessableContent)
            XCTAssertTrue(refused.body.contains("Jens Gordon Clausen kan ikke udpeges"))
            XCTAssertTrue(refused.body.contains("Karsten Økonom Berg kan ikke udpeges"))
            XCTAssertTrue(refused.body.contains(#"value="20.2.2099""#))
            let oneWithoutReason = try await browser.post(
                caseURL + "/planlaegning",
                [
                    ("council", String(ids["raadsmedlem2"]!)),
                    ("assessors", String(ids["vurderer1"]!)), ("assessors", String(ids["vurderer3"]!)), ("assessors", String(ids["vurderer4"]!)),
                    ("assessors", String(ids["vurderer5"]!)),
                ] + dates)
            XCTAssertTrue(oneWithoutReason.body.contains("Begrund, hvorfor der udpeges 1"))
            // The team is 4–5 "som hovedregel": three need a written reason, and with one they are accepted.
            let three = [
                ("assessors", String(ids["vurderer1"]!)), ("assessors", String(ids["vurderer3"]!)), ("assessors", String(ids["vurderer4"]!)),
            ]
            let council = [("council", String(ids["raadsmedlem2"]!)), ("reason", "Kun ét habilt rådsmedlem med regional baggrund.")]
            let threeWithoutReason = try await browser.post(caseURL + "/planlaegning", council + three + dates)
            XCTAssertEqual(threeWithoutReason.status, .unprocessableContent)
            XCTAssertTrue(threeWithoutReason.body.contains("Som hovedregel har vurderingsteamet 4–5 medlemmer. Begrund, hvorfor det har 3."))
            let planned = try await browser.post(
                caseURL + "/planlaegning", council + three + [("assessor_reason", "Et lille projekt; tre eksperter dækker fagområderne.")] + dates)
            XCTAssertEqual(planned.status, .seeOther)
            let page = try await browser.get(planned.location!)
            XCTAssertTrue(page.body.contains("Begrundelse for vurderingsteamets størrelse"))
            XCTAssertTrue(page.body.contains("Et lille projekt; tre eksperter dækker fagområderne."))
            XCTAssertTrue(page.body.contains("Afventer materiale"))
            XCTAssertTrue(page.body.contains("afventer habilitetserklæring"))
        }
        try await app.run { leader in
            try await leader.login("projektleder")
            try await assertTrue(try await leader.get("/").body.contains("Upload og send materialet: Fælles Røntgenplatform"))
        }
        try await app.run { member in
            try await member.login("raadsmedlem2")
            try await assertTrue(try await member.get("/").body.contains("Afgiv habilitetserklæring: Fælles Røntgenplatform"))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM case_appointments WHERE case_id = $1", [caseID]), 4)
        // The appointees declare; someone not appointed cannot see the case at all.
        try await app.run { member in
            try await member.login("raadsmedlem2")
            let page = try await member.get(caseURL)
            XCTAssertTrue(page.body.contains("Habilitetserklæring"))
            try await assertEqual(try await member.post(caseURL + "/erklaering", [("erklaering", "ja")]).status, .seeOther)
            try await assertFalse(try await member.get(caseURL).body.contains("Før du ser materialet"))
        }
        try await app.run { assessor in
            try await assessor.login("vurderer1")
            try await assertEqual(try await assessor.get(caseURL).status, .ok)
            try await assertTrue(try await assessor.get("/raadet/sager").body.contains("Fælles Røntgenplatform"))
        }
        try await app.run { other in
            try await other.login("vurderer2")
            try await assertEqual(try await other.get(caseURL).status, .notFound)
            try await assertFalse(try await other.get("/raadet/sager").body.contains("Fælles Røntgenplatform"))
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM case_appointments WHERE case_id = $1 AND declared_at IS NOT NULL", [caseID]), 1)
    }
}

final class MaterialTests: XCTestCase {
    func testTheProjectSendsItsMaterialAndTheClockStarts() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let ids = try await Dictionary(
            uniqueKeysWithValues: app.pool.query("SELECT username, id FROM users").rows.map {
                (try $0.decode("username", as: String.self), try $0.decode("id", as: Int64.self))
            })
        let caseURL = try await app.run { browser -> String in
            try await browser.login("projektleder")
            try await browser.get("/raadet/indmelding")
            var fields = IntakeTests.fields(name: "Fælles Røntgenplatform", kind: "faellesregional", budget: "80", month: "marts 2099")
            fields = fields.map { $0.0 == "chair" ? ("chair", "Bo Formand") : $0 }
            fields.append(("handling", "indsend"))
            return String(try await browser.post("/raadet/indmelding", fields).location!.split(separator: "?")[0])
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get(caseURL + "/planlaegning")
            let planned = try await secretariat.post(
                caseURL + "/planlaegning",
                [
                    ("council", String(ids["raadsmedlem1"]!)), ("council", String(ids["raadsmedlem2"]!)),
                    ("assessors", String(ids["vurderer1"]!)), ("assessors", String(ids["vurderer2"]!)), ("assessors", String(ids["vurderer3"]!)),
                    ("assessors", String(ids["vurderer4"]!)), ("material", "1.2.2099"), ("dialogue", "20.2.2099"), ("letter", "10.3.2099"),
                ])
            XCTAssertEqual(planned.status, .seeOther)
        }
        let fileURL = try await app.run { leader -> String in
            try await leader.login("projektleder")
            let page = try await leader.get(caseURL)
            XCTAssertTrue(page.body.contains("Upload PID"))
            let token = try XCTUnwrap(leader.lastCSRF)
            let noFiles = try await leader.post(caseURL + "/materiale/send", [])
            XCTAssertTrue(noFiles.body.contains("Upload mindst ét dokument"))
            let fake = try await AttachmentTests.upload(
                leader, path: caseURL + "/materiale", csrf: token, filename: "pid.pdf", content: Array("MZ\u{90}".utf8))
            XCTAssertEqual(fake.location, caseURL + "?besked=materiale-type#materiale")
            let ok = try await AttachmentTests.upload(
                leader, path: caseURL + "/materiale", csrf: token, filename: "PID – Røntgen.pdf", content: AttachmentTests.pdf)
            XCTAssertEqual(ok.status, .seeOther)
            try await assertEqual(try await leader.post(caseURL + "/materiale/send", []).status, .seeOther)
            let after = try await leader.get(caseURL)
            XCTAssertTrue(after.body.contains("Vurdering"))
            XCTAssertTrue(after.body.contains("Vurderingen afsluttes senest"))
            XCTAssertTrue(after.body.contains("Dag 1 er den første arbejdsdag efter modtagelsen."), "the case page says how the days are counted")
            let href = try XCTUnwrap(
                after.body.range(of: #"href="/raadet/filer/"#).map { "/raadet/filer/" + after.body[$0.upperBound...].prefix { $0 != "\"" } })
            let downloaded = try await leader.get(href)
            XCTAssertEqual(Array(downloaded.body.utf8), AttachmentTests.pdf)
            return href
        }
        // An appointee sees the material only after the impartiality declaration.
        try await app.run { assessor in
            try await assessor.login("vurderer1")
            try await assertEqual(try await assessor.get(fileURL).status, .notFound)
            try await assertFalse(try await assessor.get(caseURL).body.contains("/raadet/filer/"))
            try await assessor.post(caseURL + "/erklaering", [("erklaering", "ja")])
            try await assertEqual(try await assessor.get(fileURL).status, .ok)
        }
        try await app.run { outsider in
            try await outsider.login("direktoer")
            try await assertEqual(try await outsider.get(fileURL).status, .notFound)
        }
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM assessment_cases WHERE state = 'vurdering' AND material_received_at IS NOT NULL AND id = $1",
                [LetterTests.caseID(caseURL)]), 1)
    }
}
