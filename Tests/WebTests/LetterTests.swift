import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

final class LetterTests: XCTestCase {
    /// A case taken through intake, planning (both council members appointed) and material, in the browser.
    static func caseUnderAssessment(_ app: TestApp) async throws -> (url: String, ids: [String: Int64]) {
        let ids = try await Dictionary(
            uniqueKeysWithValues: app.pool.query("SELECT username, id FROM users").rows.map {
                (try $0.decode("username", as: String.self), try $0.decode("id", as: Int64.self))
            })
        let url = try await app.run { leader -> String in
            try await leader.login("projektleder")
            try await leader.get("/raadet/indmelding")
            var fields = IntakeTests.fields(name: "Fælles Røntgenplatform", kind: "faellesregional", budget: "80", month: "marts 2099")
            fields = fields.map { $0.0 == "chair" ? ("chair", "Bo Formand") : $0 }
            fields.append(("handling", "indsend"))
            return String(try await leader.post("/raadet/indmelding", fields).location!.split(separator: "?")[0])
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get(url + "/planlaegning")
            let planned = try await secretariat.post(
                url + "/planlaegning",
                [
                    ("council", String(ids["raadsmedlem1"]!)), ("council", String(ids["raadsmedlem2"]!)),
                    ("assessors", String(ids["vurderer1"]!)), ("assessors", String(ids["vurderer2"]!)), ("assessors", String(ids["vurderer3"]!)),
                    ("assessors", String(ids["vurderer4"]!)), ("material", "1.2.2099"), ("dialogue", "20.2.2099"), ("letter", "10.3.2099"),
                ])
            XCTAssertEqual(planned.status, .seeOther)
        }
        try await app.run { leader in
            try await leader.login("projektleder")
            try await leader.get(url)
            _ = try await AttachmentTests.upload(
                leader, path: url + "/materiale", csrf: leader.lastCSRF, filename: "PID.pdf", content: AttachmentTests.pdf)
            try await leader.post(url + "/materiale/send", [])
        }
        for member in ["raadsmedlem1", "raadsmedlem2"] {
            try await app.run { m in
                try await m.login(member)
                try await m.get(url)
                try await m.post(url + "/erklaering", [("erklaering", "ja")])
            }
        }
        return (url, ids)
    }

    /// The case id at the end of a case URL.
    static func caseID(_ url: String) -> Int64 { Int64(url.split(separator: "/").last.map(String.init) ?? "") ?? 0 }

    static func letterFields(version: String, profile: String, reason: String = "") -> [(String, String)] {
        [
            ("version", version), ("statement", "Projektet er godt forberedt, men tidsplanen er stram."),
            ("criteria", "k:teknologi"), ("criteria", "k:interessenter"), ("criteria", "r:forretning"), ("criteria", "r:eksterne"),
            ("comment_k:teknologi", "Ny platform"), ("profile", profile), ("profile_reason", reason),
            ("rec_theme_0", "projekttilrettelaeggelse|Tidsplan"), ("rec_body_0", "Læg buffer ind i tidsplanen."),
            ("rec_theme_1", "governance|Styregruppe"), ("rec_body_1", "Styrk styregruppens mandat."),
            ("rec_theme_2", ""), ("rec_body_2", ""),
        ]
    }

    static func version(_ page: Browser.Page) -> String {
        page.body.range(of: #"name="version" value=""#).map { String(page.body[$0.upperBound...].prefix { $0 != "\"" }) } ?? "0"
    }

    func testTwoCouncilMembersSignOffAndTheSecretariatSends() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let (url, _) = try await Self.caseUnderAssessment(app)
        try await app.run { first in
            try await first.login("raadsmedlem1")
            let form = try await first.get(url + "/brev/rediger")
            XCTAssertEqual(form.status, .ok)
            // A profile other than the proposed A needs a reason; nothing typed is lost.
            let noReason = try await first.post(url + "/brev/rediger", Self.letterFields(version: Self.version(form), profile: "B"))
            XCTAssertEqual(noReason.status, .unprocessableContent)
            XCTAssertTrue(noReason.body.contains("afviger fra den foreslåede (A)"))
            XCTAssertTrue(noReason.body.contains("Læg buffer ind i tidsplanen."))
            try await assertEqual(
                try await first.post(url + "/brev/rediger", Self.letterFields(version: Self.version(form), profile: "A")).status, .seeOther)
            let letter = try await first.get(url + "/brev")
            XCTAssertTrue(letter.body.contains("A – meget høj"))
            // The recommendations by focus area, each with its sub-theme.
            XCTAssertTrue(letter.body.contains(#"<h3>Projekttilrettelæggelse</h3>"#))
            XCTAssertTrue(letter.body.contains(#"<p class="item-meta">Tidsplan</p>"#))
            try await assertEqual(try await first.post(url + "/brev/godkend", [("version", Self.version(letter))]).status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM letter_signoffs WHERE case_id = $1", [Self.caseID(url)]), 1)
        try await app.run { second in
            try await second.login("raadsmedlem2")
            // An edit voids every sign-off, and says so.
            let form = try await second.get(url + "/brev/rediger")
            XCTAssertTrue(form.body.contains("annulleres alle godkendelser"))
            var fields = Self.letterFields(version: Self.version(form), profile: "A")
            fields = fields.map { $0.0 == "rec_body_1" ? ("rec_body_1", "Styrk styregruppens mandat og beslutningskraft.") : $0 }
            let saved = try await second.post(url + "/brev/rediger", fields)
            XCTAssertEqual(saved.location, url + "/brev?besked=annulleret")
            try await assertTrue(try await second.get(saved.location!).body.contains("annulleret alle godkendelser"))
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM letter_signoffs WHERE case_id = $1", [Self.caseID(url)]), 0)
        // The re-signer sees what changed since they signed (issue 18, point 3).
        try await app.run { first in
            try await first.login("raadsmedlem1")
            let letter = try await first.get(url + "/brev")
            XCTAssertTrue(letter.body.contains("Ændret, siden du godkendte brevet"))
            XCTAssertTrue(letter.body.contains("Fjernet: </span>Anbefaling 2 (Governance – Styregruppe): Styrk styregruppens mandat.</del>"))
            XCTAssertTrue(
                letter.body.contains(
                    "Tilføjet: </span>Anbefaling 2 (Governance – Styregruppe): Styrk styregruppens mandat og beslutningskraft.</ins>"))
            XCTAssertFalse(letter.body.contains("Læg buffer ind i tidsplanen.</del>"), "only what changed")
        }
        // Each council member's front page says what awaits them.
        try await app.run { m in
            try await m.login("raadsmedlem1")
            try await assertTrue(try await m.get("/").body.contains("Godkend anbefalingsbrevet: Fælles Røntgenplatform"))
        }
        // Sending an unsigned letter is refused.
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get(url + "/brev")
            let refused = try await secretariat.post(url + "/brev/send", [("responsum_due", "1.6.2099")])
            XCTAssertEqual(refused.status, .unprocessableContent)
            XCTAssertTrue(refused.body.contains("alle udpegede rådsmedlemmer"))
        }
        for member in ["raadsmedlem1", "raadsmedlem2"] {
            try await app.run { m in
                try await m.login(member)
                let letter = try await m.get(url + "/brev")
                try await assertEqual(try await m.post(url + "/brev/godkend", [("version", Self.version(letter))]).status, .seeOther)
            }
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get(url + "/brev")
            try await assertEqual(
                try await secretariat.post(url + "/brev/send", [("responsum_due", "1.6.2099"), ("bekraeft", "ja")]).status, .seeOther)
            // A sent letter is frozen.
            try await assertEqual(try await secretariat.get(url + "/brev/rediger").status, .forbidden)
        }
        for reader in ["projektleder", "direktoer"] {
            try await app.run { r in
                try await r.login(reader)
                let letter = try await r.get(url + "/brev")
                XCTAssertEqual(letter.status, .ok, reader)
                XCTAssertTrue(letter.body.contains("Frist for responsum"))
                XCTAssertTrue(letter.body.contains("beslutningskraft"))
            }
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM assessment_cases WHERE state = 'brev_sendt' AND id = $1", [Self.caseID(url)]), 1)
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM projects WHERE name = 'Fælles Røntgenplatform' AND risk_profile = 'A'"), 1)
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM audit_log WHERE action = 'letter.signed' AND object_id = $1", [String(Self.caseID(url))]),
            3)
    }

    func testTheLetterIsHiddenUntilSentFromTheProject() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let (url, _) = try await Self.caseUnderAssessment(app)
        try await app.run { leader in
            try await leader.login("projektleder")
            try await assertEqual(try await leader.get(url + "/brev").status, .notFound)
        }
        try await app.run { assessor in
            try await assessor.login("vurderer1")
            try await assertEqual(try await assessor.get(url + "/brev").status, .notFound)
            try await assessor.get(url)  // a page with a form, for the CSRF token
            try await assertEqual(try await assessor.post(url + "/brev/godkend", [("version", "1")]).status, .notFound)
        }
    }
}

final class ResponsumTests: XCTestCase {
    func testTheProjectAnswersEachRecommendationOnceAndFollowsUp() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let (url, _) = try await LetterTests.caseUnderAssessment(app)
        try await app.run { m in
            try await m.login("raadsmedlem1")
            let form = try await m.get(url + "/brev/rediger")
            try await m.post(url + "/brev/rediger", LetterTests.letterFields(version: LetterTests.version(form), profile: "A"))
        }
        for member in ["raadsmedlem1", "raadsmedlem2"] {
            try await app.run { m in
                try await m.login(member)
                let letter = try await m.get(url + "/brev")
                try await m.post(url + "/brev/godkend", [("version", LetterTests.version(letter))])
            }
        }
        try await app.run { s in
            try await s.login("sekretariat")
            try await s.get(url + "/brev")
            try await s.post(url + "/brev/send", [("responsum_due", "1.6.2099"), ("bekraeft", "ja")])
        }
        let ids: [Int64] = try await app.pool.query("SELECT id FROM recommendations WHERE case_id = $1 ORDER BY position", [LetterTests.caseID(url)])
            .rows.map { try $0.decode("id") }
        XCTAssertEqual(ids.count, 2)
        try await app.run { leader in
            try await leader.login("projektleder")
            try await leader.get(url + "/responsum")
            // A responsum saved as a draft (issue 18, point 3): kept for later, not submitted, shown to no one else.
            let draft = try await leader.post(
                url + "/responsum",
                [("answer_\(ids[0])", "foelges"), ("action_\(ids[0])", "Kladde: buffer i planen."), ("date_\(ids[0])", ""), ("handling", "kladde")])
            XCTAssertEqual(draft.location, url + "/responsum?besked=kladde")
            let reopened = try await leader.get(draft.location!)
            XCTAssertTrue(reopened.body.contains("Kladden er gemt."))
            XCTAssertTrue(reopened.body.contains("Kladde: buffer i planen.</textarea>"), "the draft fills the form again")
            XCTAssertTrue(reopened.body.contains(#"value="foelges" checked"#))
            try await assertFalse(
                try await leader.get(url + "/brev").body.contains("Kladde: buffer i planen."), "the letter shows no answer before it is submitted")
            let partial = try await leader.post(
                url + "/responsum", [("answer_\(ids[0])", "foelges"), ("action_\(ids[0])", "Buffer på 3 måneder."), ("date_\(ids[0])", "1.9.2099")])
            XCTAssertEqual(partial.status, .unprocessableContent)
            XCTAssertTrue(partial.body.contains("Angiv, om anbefaling 2 følges."))
            XCTAssertTrue(partial.body.contains("Buffer på 3 måneder."), "what was typed is kept")
            let sent = try await leader.post(
                url + "/responsum",
                [
                    ("answer_\(ids[0])", "foelges"), ("action_\(ids[0])", "Buffer på 3 måneder."), ("date_\(ids[0])", "1.9.2099"),
                    ("answer_\(ids[1])", "foelges_ikke"), ("action_\(ids[1])", ""), ("date_\(ids[1])", ""),
                ])
            XCTAssertEqual(sent.status, .seeOther)
            // A second responsum is refused with a clear message and changes nothing.
            let again = try await leader.post(
                url + "/responsum",
                [
                    ("answer_\(ids[0])", "foelges_delvist"), ("action_\(ids[0])", "Andet"), ("date_\(ids[0])", ""),
                    ("answer_\(ids[1])", "foelges"), ("action_\(ids[1])", "Andet"), ("date_\(ids[1])", ""),
                ])
            XCTAssertTrue(again.body.contains("allerede indsendt"))
            let letter = try await leader.get(url + "/brev")
            XCTAssertTrue(letter.body.contains("Responsum:</strong> Følges."))
            try await assertEqual(
                try await leader.post(url + "/opfoelgning", [("recommendation", String(ids[0])), ("status", "i_gang")]).status, .seeOther)
            // A follow-up takes a note, and the case's timeline shows it (issue 18, point 3).
            try await assertEqual(
                try await leader.post(
                    url + "/opfoelgning", [("recommendation", String(ids[0])), ("status", "i_gang"), ("note", "Bufferen er lagt ind i planen.")]
                ).status, .seeOther)
            let timeline = try await leader.get(url)
            XCTAssertTrue(timeline.body.contains("Opfølgning på anbefalingerne: Anbefaling 1: I gang – Bufferen er lagt ind i planen."))
        }
        try await app.run { director in
            try await director.login("direktoer")
            let letter = try await director.get(url + "/brev")
            XCTAssertTrue(letter.body.contains("Buffer på 3 måneder."))
            XCTAssertTrue(letter.body.contains("Følges ikke"))
            XCTAssertTrue(letter.body.contains("Opfølgning:</strong> I gang"))
            XCTAssertFalse(letter.body.contains("/opfoelgning"), "only the project updates the follow-up")
        }
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM recommendations WHERE answer = 'foelges' AND follow_up = 'i_gang' AND case_id = $1",
                [LetterTests.caseID(url)]), 1)
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM recommendations WHERE answer = 'foelges_ikke' AND follow_up = 'ikke_fulgt' AND case_id = $1",
                [LetterTests.caseID(url)]), 1)
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM assessment_cases WHERE state = 'responsum_modtaget' AND id = $1", [LetterTests.caseID(url)]), 1)
        // Then the evaluation closes the case.
        try await app.run { leader in
            try await leader.login("projektleder")
            try await assertTrue(try await leader.get(url).body.contains("Evaluér risikovurderingen"))
            try await leader.get(url + "/evaluering")
            let partial = try await leader.post(url + "/evaluering", [("q1", "4"), ("q2", "9"), ("comment", "God dialog.")])
            XCTAssertEqual(partial.status, .unprocessableContent)
            XCTAssertTrue(partial.body.contains("Besvar alle spørgsmålene på skalaen fra 1 til 5."))
            XCTAssertTrue(partial.body.contains("God dialog."))
            try await assertEqual(
                try await leader.post(url + "/evaluering", [("q1", "4"), ("q2", "4"), ("q3", "5"), ("comment", "God dialog.")])
                    .status, .seeOther)
            try await assertTrue(try await leader.get(url).body.contains("Afsluttet"))
        }
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM case_evaluations WHERE questionnaire_id = 1 AND scores = ARRAY[4, 4, 5] AND case_id = $1",
                [LetterTests.caseID(url)]), 1)
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM assessment_cases WHERE state = 'afsluttet' AND id = $1", [LetterTests.caseID(url)]), 1)
    }
}
