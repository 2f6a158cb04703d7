import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// The council's public face: pages written from the Domain's rules, the material library, requests
/// from projects, and the sitemap.
final class CouncilPublicTests: XCTestCase {
    func testThePublicPagesFollowTheRulesTheSystemEnforces() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { anonymous in
            let about = try await anonymous.get("/it-raadet")
            XCTAssertEqual(about.status, .ok)
            XCTAssertTrue(
                about.body.contains("Alle fællesregionale it- og digitaliseringsprojekter med et budget over 10 mio. kr. skal risikovurderes."))
            XCTAssertTrue(about.body.contains("hvor den regionale del udgør mere end 10 mio. kr."))
            XCTAssertTrue(about.body.contains("<strong>Jane Kraglund</strong> (formand)"), "the members come from the data")
            XCTAssertTrue(about.body.contains("Dampfærgevej 22"))
            XCTAssertTrue(about.body.contains("<meta name=\"description\""))
            let model = try await anonymous.get("/it-raadet/risikovurdering")
            XCTAssertTrue(model.body.contains("senest 3 måneder før det ønskede tidspunkt"))
            XCTAssertTrue(model.body.contains("ca. 10 arbejdsdage"))
            XCTAssertTrue(
                model.body.contains(
                    "Dag 1 er den første arbejdsdag efter modtagelsen. Weekender, helligdage og rådssekretariatets lukkedage (grundlovsdag (5. juni), juleaftensdag (24. december) og nytårsaftensdag (31. december)) tæller ikke med."
                ), "the closing days are named")
            XCTAssertTrue(model.body.contains("som regel 2 rådsmedlemmer og et vurderingsteam på 4–5"))
            XCTAssertTrue(model.body.contains("<tr class=\"highlight\"><th scope=\"row\">Analyse</th><td>Modning, Foranalyse</td>"))
        }
        await app.shutdown()

        // Another threshold in the configuration: the page and the intake both follow.
        var config = AppConfig()
        config.council.thresholdMillions = 25
        config.council.noticeMonths = 4
        config.council.closingDays = []
        let other = try await TestApp.make(config: config)
        addTeardownBlock { await other.shutdown() }
        try await other.run { browser in
            let about = try await browser.get("/it-raadet")
            XCTAssertTrue(about.body.contains("med et budget over 25 mio. kr. skal risikovurderes"))
            XCTAssertFalse(about.body.contains("over 10 mio. kr."))
            let model = try await browser.get("/it-raadet/risikovurdering").body
            XCTAssertTrue(model.contains("senest 4 måneder"))
            XCTAssertTrue(model.contains("Weekender og helligdage tæller ikke med."), "no closing days configured, none named")
            try await browser.login("projektleder")
            try await browser.get("/raadet/indmelding")
            var fields = IntakeTests.fields(name: "Tyve millioner", kind: "faellesregional", budget: "20", month: "marts 2099")
            fields.append(("handling", "indsend"))
            let submitted = try await browser.post("/raadet/indmelding", fields)
            // 20 mio. kr. is over the seed's 10 but under the configured 25: a request that needs a reason.
            XCTAssertEqual(submitted.status, .unprocessableContent)
            XCTAssertTrue(submitted.body.contains("under tærsklen på 25 mio. kr."), submitted.body)
        }
    }

    func testTheLibraryKeepsVersionsAndKeepsProjectLeadersMaterialFromThePublic() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        // The seeded files' addresses, as the library page for project leaders links them.
        let files = try await Dictionary(
            uniqueKeysWithValues: app.pool.query(
                "SELECT filename, id FROM attachments WHERE library_document_id IS NOT NULL"
            ).rows.map {
                (try $0.decode("filename", as: String.self), "/it-raadet/filer/\(try $0.decode("id", as: Int64.self))")
            })
        let guideURL = try XCTUnwrap(files["Vejledning til risikovurdering.pdf"])
        let templateURL = try XCTUnwrap(files["PID-skabelon.pdf"])
        try await app.run { anonymous in
            let page = try await anonymous.get("/it-raadet/materialer")
            XCTAssertTrue(page.body.contains("Vejledning til risikovurdering"))
            XCTAssertTrue(page.body.contains("href=\"\(guideURL)\""))
            XCTAssertFalse(page.body.contains("PID-skabelon"))
            let guide = try await anonymous.get(guideURL)
            XCTAssertEqual(guide.status, .ok)
            XCTAssertTrue(guide.body.hasPrefix("%PDF"))
            XCTAssertTrue(guide.headers[.contentDisposition]?.hasPrefix("attachment;") ?? false)
            XCTAssertTrue(guide.headers[.contentDisposition]?.contains("Vejledning") ?? false)
            try await assertEqual(try await anonymous.get(templateURL).status, .notFound)
        }
        try await app.run { leader in
            try await leader.login("projektleder")
            try await assertTrue(try await leader.get("/it-raadet/materialer").body.contains("PID-skabelon.pdf"))
            try await assertEqual(try await leader.get(templateURL).status, .ok)
            try await assertEqual(try await leader.get("/it-raadet/materialer/ny").status, .forbidden)
        }
        let (firstFile, secondFile) = try await app.run { secretariat -> (String, String) in
            try await secretariat.login("sekretariat")
            try await secretariat.get("/it-raadet/materialer/ny")
            let missing = try await secretariat.post(
                "/it-raadet/materialer/ny", [("title", ""), ("description", "Skema"), ("position", "30"), ("audience", "public")])
            XCTAssertEqual(missing.status, .unprocessableContent)
            XCTAssertTrue(missing.body.contains(">Skema</textarea>"), "nothing typed is lost")
            let created = try await secretariat.post(
                "/it-raadet/materialer/ny",
                [
                    ("title", "Evalueringsskema"), ("description", "Skemaet efter risikovurderingen."), ("position", "30"), ("audience", "public"),
                ])
            XCTAssertEqual(created.status, .seeOther)
            let url = String(created.location!.split(separator: "?")[0])
            try await secretariat.get(url)
            let v1 = try await AttachmentTests.upload(
                secretariat, path: url + "/fil", csrf: secretariat.lastCSRF, filename: "Evaluering v1.pdf", content: AttachmentTests.pdf)
            XCTAssertEqual(v1.location, url + "?besked=fil")
            let v2 = try await AttachmentTests.upload(
                secretariat, path: url + "/fil", csrf: secretariat.lastCSRF, filename: "Evaluering v2.pdf", content: AttachmentTests.pdf)
            XCTAssertEqual(v2.location, url + "?besked=fil")
            let bad = try await AttachmentTests.upload(
                secretariat, path: url + "/fil", csrf: secretariat.lastCSRF, filename: "ondt.pdf", content: Array("<html></html>".utf8))
            XCTAssertEqual(bad.location, url + "?besked=fil-type")
            let page = try await secretariat.get(url)
            XCTAssertTrue(page.body.contains("Evaluering v2.pdf</a>"))
            XCTAssertTrue(page.body.contains("Evaluering v1.pdf</a>"), "the old version stays in the history")
            func href(_ name: String) -> String {
                let before = page.body.components(separatedBy: "\">\(name)</a>")[0]
                return String(before[before.range(of: "href=\"", options: .backwards)!.upperBound...])
            }
            return (href("Evaluering v1.pdf"), href("Evaluering v2.pdf"))
        }
        try await app.run { anonymous in
            let page = try await anonymous.get("/it-raadet/materialer")
            XCTAssertTrue(page.body.contains("Hent Evaluering v2.pdf"))
            XCTAssertFalse(page.body.contains("Evaluering v1.pdf"))
            try await assertEqual(try await anonymous.get(secondFile).status, .ok)
            try await assertEqual(try await anonymous.get(firstFile).status, .notFound, "an old version is history, not a download")
        }
    }

    func testARequestWalksFromTheProjectLeaderToTheSecretariatAndBack() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let ids = try await Dictionary(
            uniqueKeysWithValues: app.pool.query("SELECT username, id FROM users").rows.map {
                (try $0.decode("username", as: String.self), try $0.decode("id", as: Int64.self))
            })
        let (sparringURL, regionalURL) = try await app.run { leader -> (String, String) in
            try await leader.login("projektleder")
            try await leader.get("/raadet/anmodninger/ny")
            let missing = try await leader.post(
                "/raadet/anmodninger/ny",
                [("kind", "sparring"), ("project", "7"), ("timing", "foer"), ("challenge", " "), ("wished_dates", "uge 10")])
            XCTAssertEqual(missing.status, .unprocessableContent)
            XCTAssertTrue(missing.body.contains("Beskriv den udfordring"))
            XCTAssertTrue(missing.body.contains("value=\"uge 10\""))
            // Someone else's project cannot be named.
            let foreign = try await leader.post(
                "/raadet/anmodninger/ny", [("kind", "sparring"), ("project", "1"), ("timing", "foer"), ("challenge", "X")])
            XCTAssertEqual(foreign.status, .unprocessableContent)
            let sparring = try await leader.post(
                "/raadet/anmodninger/ny",
                [
                    ("kind", "sparring"), ("project", "7"), ("timing", "foer"), ("challenge", "Udbudsstrategi: ét samlet udbud eller fem?"),
                    ("wished_dates", "uge 10"),
                ])
            XCTAssertEqual(sparring.status, .seeOther)
            let sparringURL = String(sparring.location!.split(separator: "?")[0])
            try await leader.get(sparringURL)
            let file = try await AttachmentTests.upload(
                leader, path: sparringURL + "/materiale", csrf: leader.lastCSRF, filename: "Baggrund.pdf", content: AttachmentTests.pdf)
            XCTAssertEqual(file.location, sparringURL + "?besked=fil")
            try await leader.get("/raadet/anmodninger/ny")
            let regional = try await leader.post(
                "/raadet/anmodninger/ny",
                [
                    ("kind", "regional_assessment"), ("project_name", "Nordjysk patientkuffert"), ("asked_by", "regionsdirektoererne"),
                    ("reason", "Stor kompleksitet og mange interessenter."),
                ])
            XCTAssertEqual(regional.status, .seeOther)
            return (sparringURL, String(regional.location!.split(separator: "?")[0]))
        }
        try await app.run { secretariat in
            try await secretariat.login("sekretariat")
            let home = try await secretariat.get("/")
            XCTAssertTrue(home.body.contains("Besvar anmodning om sparringsmøde: Fællesregionalt udbud af Præhospital Patientjournal"))
            XCTAssertTrue(home.body.contains("Besvar anmodning om risikovurdering: Nordjysk patientkuffert"))
            let page = try await secretariat.get(sparringURL)
            XCTAssertTrue(page.body.contains("Baggrund.pdf"))
            let noDate = try await secretariat.post(
                sparringURL + "/beslutning", [("beslutning", "accepter"), ("planned_on", ""), ("answer", "Velkommen")])
            XCTAssertEqual(noDate.status, .unprocessableContent)
            XCTAssertTrue(noDate.body.contains("Skriv datoen for sparringsmødet"))
            let decision = [
                ("beslutning", "accepter"), ("planned_on", "10.3.2099"), ("council", String(ids["raadsmedlem1"]!)),
                ("answer", "Vi ses den 10. marts."),
            ]
            // First what will happen and who will be told (issue 18, point 3); nothing is written before "Ja".
            let confirm = try await secretariat.post(sparringURL + "/beslutning", decision)
            XCTAssertEqual(confirm.status, .ok)
            XCTAssertTrue(confirm.body.contains("Sparringsmødet oprettes 10. marts 2099 med Jens Gordon Clausen."))
            XCTAssertTrue(confirm.body.contains("Projektlederen, Peter Projektleder Møller, ser beslutningen"))
            let back = try await secretariat.post(sparringURL + "/beslutning", decision + [("bekraeft", "ret")])
            XCTAssertTrue(back.body.contains(#"value="accepter" checked"#), "back in the form, the choice kept")
            XCTAssertTrue(back.body.contains(#"name="council" value="\#(ids["raadsmedlem1"]!)" checked"#))
            let accepted = try await secretariat.post(sparringURL + "/beslutning", decision + [("bekraeft", "ja")])
            XCTAssertEqual(accepted.status, .seeOther)
            try await secretariat.get(regionalURL)
            let noMessage = try await secretariat.post(regionalURL + "/beslutning", [("beslutning", "afvis"), ("answer", "")])
            XCTAssertTrue(noMessage.body.contains("Skriv en besked til projektet"))
            try await assertEqual(
                try await secretariat.post(
                    regionalURL + "/beslutning", [("beslutning", "afvis"), ("answer", "Projektet er for tidligt i forløbet."), ("bekraeft", "ja")]
                ).status,
                .seeOther)
            // Once decided, decided.
            let again = try await secretariat.post(regionalURL + "/beslutning", [("beslutning", "accepter"), ("answer", "")])
            XCTAssertEqual(again.status, .unprocessableContent)
            XCTAssertTrue(again.body.contains("Anmodningen er allerede behandlet."))
        }
        try await assertEqual(
            try await app.count(
                "SELECT count(*) AS n FROM council_activities WHERE project_id = 7 AND kind = 'sparringsmoede' AND planned_on = DATE '2099-03-10'"), 1
        )
        try await app.run { leader in
            try await leader.login("projektleder")
            let list = try await leader.get("/raadet/anmodninger")
            XCTAssertTrue(list.body.contains("Accepteret"))
            XCTAssertTrue(list.body.contains("Afvist"))
            let sparring = try await leader.get(sparringURL)
            XCTAssertTrue(sparring.body.contains("Vi ses den 10. marts."))
            XCTAssertTrue(sparring.body.contains("/raadet/sparring/"))
            try await assertTrue(try await leader.get(regionalURL).body.contains("Projektet er for tidligt i forløbet."))
        }
        // Another project leader's request is not there for others.
        try await app.run { director in
            try await director.login("direktoer")
            try await assertEqual(try await director.get(sparringURL).status, .forbidden)
        }
    }

    func testTheSitemapListsOnlyPublicPages() async throws {
        let app = try await TestApp.make(config: AppConfig(publicURL: "https://raadsportal.example.dk"))
        addTeardownBlock { await app.shutdown() }
        try await app.run { anonymous in
            let sitemap = try await anonymous.get("/sitemap.xml")
            XCTAssertEqual(sitemap.status, .ok)
            XCTAssertEqual(sitemap.headers[.contentType], "application/xml; charset=utf-8")
            let body = sitemap.body
            for path in [
                "/it-raadet", "/it-raadet/risikovurdering", "/it-raadet/materialer", "/aarsrapporter", "/aarsrapporter/1", "/bestyrelse/moeder/1",
                "/bestyrelse/moeder/1/punkter/2", "/bestyrelse/moeder/1/punkter/7",
            ] {
                XCTAssertTrue(body.contains("<loc>https://raadsportal.example.dk\(path)</loc>"), path)
            }
            for number in [1, 3, 4, 5, 6] {
                XCTAssertFalse(body.contains("/bestyrelse/moeder/1/punkter/\(number)</loc>"), "confidential item \(number)")
            }
            for hidden in ["/raadet/", "/admin", "/aarsrapporter/2<", "/bestyrelse/moeder/3<", "/konto"] {
                XCTAssertFalse(body.contains(hidden), hidden)
            }
            // Every URL in it answers the anonymous with 200.
            for loc in body.components(separatedBy: "<loc>").dropFirst().map({ $0.components(separatedBy: "</loc>")[0] }) {
                let path = String(loc.dropFirst("https://raadsportal.example.dk".count))
                try await assertEqual(try await anonymous.get(path).status, .ok, path)
            }
        }
    }
}
