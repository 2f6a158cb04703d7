import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// The council's rules as the seeds word them (issue 18, point 1), through the pages of the role
/// that owns each step.
final class CouncilRulesTests: XCTestCase {
    /// "fx kompleksitet, interessentlandskab eller tekniske forhold": examples, not a closed list.
    func testAProjectLeaderMayGiveAReasonBesidesTheSeedsExamples() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { leader in
            try await leader.login("projektleder")
            try await leader.get("/raadet/indmelding")
            let form = try await leader.get("/raadet/indmelding")
            XCTAssertTrue(form.body.contains(#"name="reason_other""#))
            var fields = IntakeTests.fields(
                name: "Fælles vagtplan", kind: "faellesregional", budget: "6", month: IntakeTests.nextMonth, reasonText: "Se ovenfor.")
            fields += [("reason_other", String(repeating: "x", count: 201)), ("handling", "indsend")]
            let tooLong = try await leader.post("/raadet/indmelding", fields)
            XCTAssertEqual(tooLong.status, .unprocessableContent)
            XCTAssertTrue(tooLong.body.contains("Den anden begrundelse må højst være 200 tegn."))
            fields = fields.map { $0.0 == "reason_other" ? ("reason_other", "Løsningen deles med kommunernes hjemmepleje") : $0 }
            let sent = try await leader.post("/raadet/indmelding", fields)
            XCTAssertEqual(sent.status, .seeOther, sent.body)
            let page = try await leader.get(String(sent.location!.split(separator: "?")[0]))
            XCTAssertTrue(page.body.contains("Løsningen deles med kommunernes hjemmepleje. Se ovenfor."), "the reason as written, on the case")
        }
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM assessment_cases WHERE request_reasons = ARRAY['Løsningen deles med kommunernes hjemmepleje']"), 1)
    }

    /// The council from its data: two-year terms appointed by Regionsdirektørkredsen, the demo's
    /// dates marked as invented; the secretariat sees whose term ends within three months.
    func testTheCouncilsMembersWithTheirTerms() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { anonymous in
            let page = try await anonymous.get("/it-raadet").body
            XCTAssertTrue(page.contains("Medlemmerne er personligt udpeget af Regionsdirektørkredsen for en periode af 2 år"))
            XCTAssertTrue(
                page.contains("<strong>Jane Kraglund</strong> (formand), Regionsdirektør, Region Syddanmark<br><span class=\"muted\">Periode "))
            XCTAssertEqual(
                page.components(separatedBy: "Eksempel – opfundet til demonstration").count - 1, 6, "each member's invented term is marked")
            XCTAssertFalse(page.contains("Udpegningsperioder"), "the terms ending soon are the secretariat's")
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let page = try await secretariat.get("/it-raadet").body
            XCTAssertTrue(page.contains("Udpegningsperioder, der udløber inden for tre måneder"))
            XCTAssertTrue(page.contains("<li>Lillian Mogensen: perioden udløber "))
            XCTAssertTrue(page.contains("<li>Lars Mathiesen: perioden udløber "))
            XCTAssertFalse(page.contains("<li>Jane Kraglund: perioden udløber "))
            XCTAssertFalse(page.contains("kommissoriet siger tre af hver"))
        }
        // A fourth external member: the secretariat is told the composition is not the seed's.
        try await app.pool.query(
            "INSERT INTO council_members (full_name, title, membership, sort_order) VALUES ('Ny Ekstern', 'Direktør', 'external', 7)")
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await assertTrue(
                try await secretariat.get("/it-raadet").body.contains(
                    "Rådet har 3 regionale og 4 eksterne medlemmer; kommissoriet siger tre af hver."))
        }
    }

    /// One `direktoer` role, with the body each director belongs to; each decision names its body.
    func testADecisionRecordsTheBodyThatTookIt() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let directorID: Int64 = try await app.pool.query("SELECT id FROM users WHERE username = 'direktoer'").first!.decode("id")
        try await app.run { admin in
            try await admin.login("admin")
            let form = try await admin.get("/admin/brugere/\(directorID)")
            XCTAssertTrue(form.body.contains(#"id="body" name="body""#))
            XCTAssertTrue(form.body.contains(#"value="Regionsdirektørkredsen""#), "the demo's director belongs to Regionsdirektørkredsen")
            XCTAssertTrue(form.body.contains(#"<option value="Regionernes Sundheds-It (RSI)"></option>"#), "the seed's examples as suggestions")
        }
        // The secretariat records a decision taken elsewhere: a body it cannot tell is asked for.
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            try await secretariat.get("/raadet/sager/10")
            let refused = try await secretariat.post(
                "/raadet/sager/10/beslutning", [("beslutning", "godkend"), ("message", ""), ("decided_by", "Mødet 3.3.2027"), ("bekraeft", "ja")])
            XCTAssertEqual(refused.status, .unprocessableContent)
            XCTAssertTrue(
                refused.body.contains("Skriv, hvilket organ der traf beslutningen, fx Regionsdirektørkredsen eller Regionernes Sundheds-It (RSI)."))
        }
        // The director decides for another body than their own: any body may be written.
        try await app.run { director in
            try await director.login("direktoer")
            let page = try await director.get("/raadet/sager/10")
            XCTAssertTrue(
                page.body.contains(#"name="decided_body" type="text" maxlength="200" list="decided_body-forslag" value="Regionsdirektørkredsen""#))
            try await assertEqual(
                try await director.post(
                    "/raadet/sager/10/beslutning",
                    [("beslutning", "godkend"), ("message", ""), ("decided_body", "Regionernes Sundheds-It (RSI)"), ("bekraeft", "ja")]
                ).status, .seeOther)
            try await assertTrue(
                try await director.get("/raadet/sager/10").body.contains("af Dorthe Direktør (Regionernes Sundheds-It (RSI))"))
        }
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM assessment_cases WHERE id = 10 AND decided_by_body = 'Regionernes Sundheds-It (RSI)'"), 1)
    }

    /// A recommendation's sub-theme: the seed's are examples ("fx"); another is written in its field.
    func testARecommendationMayHaveASubThemeBesidesTheSeedsExamples() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { member in
            try await member.login("raadsmedlem1")
            let form = try await member.get("/raadet/sager/8/brev/rediger")
            XCTAssertTrue(form.body.contains(#"<option value="forretning|">Andet undertema (skriv det herunder)</option>"#))
            var fields = LetterTests.letterFields(version: LetterTests.version(form), profile: "A").filter {
                !$0.0.hasPrefix("rec_") || $0.0.hasSuffix("_0")
            }
            fields += [("rec_theme_1", "forretning|"), ("rec_other_1", ""), ("rec_body_1", "Afklar datadelingen med kommunerne.")]
            let unnamed = try await member.post("/raadet/sager/8/brev/rediger", fields)
            XCTAssertEqual(unnamed.status, .unprocessableContent)
            XCTAssertTrue(unnamed.body.contains("Skriv undertemaet for anbefaling 2, eller vælg et af eksemplerne."))
            fields = fields.map { $0.0 == "rec_other_1" ? ("rec_other_1", "Datadeling med kommunerne") : $0 }
            try await assertEqual(try await member.post("/raadet/sager/8/brev/rediger", fields).status, .seeOther)
            let again = try await member.get("/raadet/sager/8/brev/rediger")
            XCTAssertTrue(again.body.contains(#"<option value="forretning|" selected>Andet undertema"#), "the written sub-theme is shown as written")
            XCTAssertTrue(again.body.contains(#"value="Datadeling med kommunerne""#))
        }
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM recommendations WHERE case_id = 8 AND focus_area = 'forretning' AND sub_theme = 'Datadeling med kommunerne'"
            ),
            1)
    }

    /// Scope: "nyudvikling eller væsentlig tilpasning". A project that is neither is told it is not
    /// covered, and may still ask (with a reason, decided below like a project under the threshold).
    func testAProjectThatIsNeitherNewDevelopmentNorAdaptationMayStillAsk() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { leader in
            try await leader.login("projektleder")
            let form = try await leader.get("/raadet/indmelding")
            XCTAssertTrue(form.body.contains("Omfatter projektet nyudvikling eller væsentlig tilpasning?"))
            var fields = IntakeTests.fields(name: "Fælles licensfornyelse", kind: "faellesregional", budget: "80", month: "marts 2099")
            fields += [("scope", "ingen"), ("handling", "indsend")]
            let refused = try await leader.post("/raadet/indmelding", fields)
            XCTAssertEqual(refused.status, .unprocessableContent)
            XCTAssertTrue(refused.body.contains("er derfor ikke omfattet af kravet om risikovurdering. I kan stadig bede om en risikovurdering"))
            XCTAssertTrue(refused.body.contains("vælg mindst én begrundelse"), "80 mio. kr., but not covered: a request with a reason")
            fields += [("reasons", "kompleksitet"), ("reason_text", "Licenserne dækker alle fem regioner.")]
            fields = fields.filter { $0.0 != "reason_text" || $0.1 != "" }
            try await assertEqual(try await leader.post("/raadet/indmelding", fields).status, .seeOther)
        }
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM assessment_cases c JOIN projects p ON p.id = c.project_id WHERE p.name = 'Fælles licensfornyelse' AND c.scope = 'ingen' AND c.state = 'afventer_beslutning' AND c.requirement = 'voluntary'"
            ), 1)
    }

    /// The bodies are named one at a time: never "Regionsdirektørkredsen/RSI" in a page, the code or the demo.
    func testTheDecidingBodiesAreNeverJoinedByASlash() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
        let body = #"(Regionsdirektørkredsen|Regionsdirektørerne|RSI(-kredsen)?)"#
        let slash = try NSRegularExpression(pattern: body + #"\s*/\s*"# + body)
        var checked = 0
        for folder in ["Views", "Sources", "seed", "Public"] {
            let files = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = files?.nextObject() as? URL {
                guard ["swift", "mustache", "sql", "html"].contains(url.pathExtension), let text = try? String(contentsOf: url, encoding: .utf8)
                else { continue }
                checked += 1
                let match = slash.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
                XCTAssertNil(match, "\(url.lastPathComponent): \(match.map { (text as NSString).substring(with: $0.range) } ?? "")")
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }
}
