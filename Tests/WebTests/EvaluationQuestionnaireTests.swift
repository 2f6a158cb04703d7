import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// The evaluation questionnaire is the secretariat's to edit (issue 18, point 1): a save is a new
/// version, an answer keeps the version it answered, and the annual report prints each average
/// with its question, grouped by version when the answers answered more than one.
final class EvaluationQuestionnaireTests: XCTestCase {
    static let version2 = "Hvordan fungerede dialogmødet?\nHvor præcist ramte risiciene projektets situation?"

    func testTheSecretariatSavesANewVersionAndAnEarlierAnswerKeepsItsQuestions() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        // Case 7 (the project leader's) has had its responsum: its evaluation is due.
        _ = try await app.pool.query("UPDATE assessment_cases SET state = 'responsum_modtaget' WHERE id = 7")
        try await app.run { leader in
            try await leader.login("projektleder")
            let form = try await leader.get("/raadet/sager/7/evaluering").body
            XCTAssertTrue(form.contains("Hvor brugbart var indholdet – de risici og anbefalinger, it-rådet pegede på – i det videre projektarbejde?"))
            XCTAssertTrue(form.contains(#"<input type="hidden" name="version" value="1">"#))
            XCTAssertTrue(form.contains("Svar på en skala fra 1 (i meget lav grad) til 5 (i meget høj grad)."))
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let reports = try await secretariat.get("/aarsrapporter").body
            XCTAssertTrue(reports.contains(#"<a href="/raadet/evalueringsskema">Evalueringsskemaet</a>"#), "linked from the annual reports")
            let page = try await secretariat.get("/raadet/evalueringsskema").body
            XCTAssertTrue(page.contains("Version 1 (den gældende)"))
            XCTAssertTrue(page.contains("Antal evalueringer, der har besvaret den: 6."), "the demo's six answers answered version 1")
            let refused = try await secretariat.post(
                "/raadet/evalueringsskema", [("questions", "\n \n"), ("scale_max", "11"), ("low_label", "slet ikke"), ("high_label", "")])
            XCTAssertEqual(refused.status, .unprocessableContent)
            XCTAssertTrue(refused.body.contains(##"<a href="#questions">Skriv mindst ét spørgsmål.</a>"##))
            XCTAssertTrue(refused.body.contains("Skalaen skal gå fra 1 til et tal mellem 2 og 10."))
            XCTAssertTrue(refused.body.contains(#"id="high_label-fejl""#))
            XCTAssertTrue(refused.body.contains(#"value="slet ikke""#), "what was typed is kept")
            let saved = try await secretariat.post(
                "/raadet/evalueringsskema",
                [("questions", Self.version2), ("scale_max", "7"), ("low_label", "slet ikke"), ("high_label", "fuldt ud")])
            XCTAssertEqual(saved.status, .seeOther)
            let after = try await secretariat.get(saved.location!).body
            XCTAssertTrue(after.contains("Evalueringsskemaet er gemt. Version 2 er den, nye evalueringer besvarer."))
            XCTAssertTrue(after.contains("Version 2 (den gældende)"))
            XCTAssertTrue(after.contains("<li>Hvordan oplevede I processen omkring risikovurderingen?</li>"), "version 1 is kept as it was")
            // Saving the same again makes no third version.
            try await secretariat.get("/raadet/evalueringsskema")
            try await assertEqual(
                try await secretariat.post(
                    "/raadet/evalueringsskema",
                    [("questions", Self.version2), ("scale_max", "7"), ("low_label", "slet ikke"), ("high_label", "fuldt ud")]
                ).status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM evaluation_questionnaires"), 2)
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM evaluation_questionnaires WHERE id = 1 AND scale_max = 5 AND cardinality(questions) = 3"), 1)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM case_evaluations WHERE questionnaire_id = 1"), 6)
        try await app.run { leader in
            try await leader.login("projektleder")
            let form = try await leader.get("/raadet/sager/7/evaluering").body
            XCTAssertTrue(form.contains("Hvor præcist ramte risiciene projektets situation?"), "a new form shows the current version")
            XCTAssertTrue(form.contains("Svar på en skala fra 1 (slet ikke) til 7 (fuldt ud)."))
            XCTAssertTrue(form.contains(#"name="q2" value="7""#))
            XCTAssertFalse(form.contains(#"name="q3""#))
            let outOfScale = try await leader.post("/raadet/sager/7/evaluering", [("version", "2"), ("q1", "6"), ("q2", "8")])
            XCTAssertEqual(outOfScale.status, .unprocessableContent)
            XCTAssertTrue(outOfScale.body.contains("Besvar alle spørgsmålene på skalaen fra 1 til 7."))
            try await assertEqual(
                try await leader.post("/raadet/sager/7/evaluering", [("version", "2"), ("q1", "6"), ("q2", "7"), ("comment", "Godt.")]).status,
                .seeOther)
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM case_evaluations WHERE case_id = 7 AND questionnaire_id = 2 AND scores = ARRAY[6, 7]"), 1)
    }

    /// A form shown before the secretariat saved a new version is answered on the version it showed.
    func testAFormShownBeforeANewVersionKeepsTheVersionItShowed() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        _ = try await app.pool.query("UPDATE assessment_cases SET state = 'responsum_modtaget' WHERE id = 7")
        _ = try await app.pool.query(
            "INSERT INTO evaluation_questionnaires (questions, scale_max, low_label, high_label) VALUES ('{Et nyt spørgsmål}', 3, 'lidt', 'meget')")
        try await app.run { leader in
            try await leader.login("projektleder")
            try await leader.get("/raadet/sager/7/evaluering")
            try await assertEqual(
                try await leader.post("/raadet/sager/7/evaluering", [("version", "1"), ("q1", "5"), ("q2", "4"), ("q3", "3")]).status, .seeOther)
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM case_evaluations WHERE case_id = 7 AND questionnaire_id = 1 AND scores = ARRAY[5, 4, 3]"),
            1)
    }

    func testOnlyTheSecretariatEditsTheQuestionnaire() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        for user in ["admin", "raadsmedlem1", "projektleder", "direktoer", "vurderer1", "bestyrelsessekretariat"] {
            try await app.run { browser in
                try await browser.login(user)
                try await assertEqual(try await browser.get("/raadet/evalueringsskema").status, .forbidden, user)
                let post = try await browser.post(
                    "/raadet/evalueringsskema", [("questions", "Et spørgsmål"), ("scale_max", "5"), ("low_label", "lav"), ("high_label", "høj")])
                XCTAssertEqual(post.status, .forbidden, user)
                let reports = try await browser.get("/aarsrapporter").body
                XCTAssertFalse(reports.contains("/raadet/evalueringsskema"), user)
            }
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM evaluation_questionnaires"), 1)
    }

    /// The annual report prints each average with its question; grouped by version when they differ.
    func testTheAnnualReportPrintsEachAverageWithItsQuestion() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let report = try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get("/aarsrapporter/ny")
            let created = try await secretariat.post("/aarsrapporter/ny", [("title", "Prøve"), ("from_year", "2020"), ("to_year", "2021")])
            let url = String(created.location!.split(separator: "?")[0])
            let page = try await secretariat.get(url).body
            // The demo's six answers (version 1): process 4,2; content 4,0; value 4,5.
            XCTAssertTrue(
                page.contains("<td>Hvordan oplevede I processen omkring risikovurderingen?</td><td class=\"num\">4,2</td><td class=\"num\">6</td>"))
            XCTAssertTrue(
                page.contains(
                    "<td>Hvor brugbart var indholdet – de risici og anbefalinger, it-rådet pegede på – i det videre projektarbejde?</td><td class=\"num\">4,0</td>"
                ))
            XCTAssertTrue(page.contains("<td>Hvor stor værdi har risikovurderingen skabt for projektet?</td><td class=\"num\">4,5</td>"))
            XCTAssertTrue(page.contains("gennemsnit på en skala fra 1 (i meget lav grad) til 5 (i meget høj grad)</caption>"))
            XCTAssertFalse(page.contains("Skema version"), "one version: no groups")
            let none = try await secretariat.get("/aarsrapporter/2").body
            XCTAssertTrue(none.contains("Ingen af periodens projekter har evalueret endnu."), "the draft 2022–2023 has no answers")
            try await secretariat.get("/raadet/evalueringsskema")
            try await secretariat.post(
                "/raadet/evalueringsskema",
                [("questions", Self.version2), ("scale_max", "7"), ("low_label", "slet ikke"), ("high_label", "fuldt ud")])
            return url
        }
        // Case 6's answer is (as if) given on version 2: the report groups the averages by version.
        _ = try await app.pool.query("UPDATE case_evaluations SET questionnaire_id = 2, scores = ARRAY[6, 7] WHERE case_id = 6")
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let page = try await secretariat.get(report).body
            XCTAssertTrue(
                page.contains(
                    "<th scope=\"rowgroup\" colspan=\"3\">Skema version 1, på en skala fra 1 (i meget lav grad) til 5 (i meget høj grad)</th>"))
            XCTAssertTrue(
                page.contains("<td>Hvordan oplevede I processen omkring risikovurderingen?</td><td class=\"num\">4,0</td><td class=\"num\">5</td>"))
            XCTAssertTrue(page.contains("<th scope=\"rowgroup\" colspan=\"3\">Skema version 2, på en skala fra 1 (slet ikke) til 7 (fuldt ud)</th>"))
            XCTAssertTrue(page.contains("<td>Hvordan fungerede dialogmødet?</td><td class=\"num\">6,0</td><td class=\"num\">1</td>"))
            XCTAssertTrue(
                page.contains("<td>Hvor præcist ramte risiciene projektets situation?</td><td class=\"num\">7,0</td><td class=\"num\">1</td>"))
            let csv = try await secretariat.get(report + "/csv/evaluering.csv").body
            XCTAssertTrue(csv.contains("Hvordan fungerede dialogmødet?;6,0;1\r\n"), csv)
        }
        // The published 2020–2021 report keeps the snapshot it was published with.
        try await app.run { anonymous in
            let page = try await anonymous.get("/aarsrapporter/1").body
            XCTAssertFalse(page.contains("Skema version 2"))
            XCTAssertTrue(page.contains("<td>Hvordan oplevede I processen omkring risikovurderingen?</td><td class=\"num\">4,2</td>"))
        }
    }
}
