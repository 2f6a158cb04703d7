import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// Every page, file, feed and search that can show an agenda item × every role and the anonymous
/// × a public and a confidential item → visible or not, asserted on the response bodies.
final class ConfidentialityMatrixTests: XCTestCase {
    func testEverySurfaceForEveryReader() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        // Marks that only the two items carry: a decision and an attachment each.
        // (Meeting 1's minutes are approved in the demo, hence frozen: the fixture writes its marks
        // underneath the freeze of sql/025, in this test's own copy of the database.)
        try await app.pool.transaction { conn in
            try conn.execute("ALTER TABLE agenda_items DISABLE TRIGGER agenda_items_minutes_frozen")
            try conn.query("UPDATE agenda_items SET decision = 'Beslutningsmærke-offentlig' WHERE id = 2")
            try conn.query("UPDATE agenda_items SET decision = 'Beslutningsmærke-fortrolig' WHERE id = 3")
            try conn.execute("ALTER TABLE agenda_items ENABLE TRIGGER agenda_items_minutes_frozen")
        }
        let files = AttachmentRepository(pool: app.pool)
        var ids: [Int64: Int64] = [:]
        for (item, name) in [(Int64(2), "offentligt-bilag.pdf"), (Int64(3), "fortroligt-bilag.pdf")] {
            let id = try await files.begin(owner: .item(item), filename: name, contentType: "application/pdf", userID: 1)
            try await files.appendChunk(id: id, seq: 0, bytes: Array("%PDF-1.4 \(name)".utf8))
            try await files.finish(id: id, size: 9 + name.utf8.count, audit: .init(userID: 1, username: "test", action: "test", clientIP: ""))
            ids[item] = id
        }
        let attachment = ids
        let secret: [String] =
            try await app.pool.query(
                "SELECT title, case_number FROM agenda_items WHERE id = 3"
            ).rows.flatMap { [try $0.decode("title", as: String.self), try $0.decode("case_number", as: String.self)] }
            .map(HTMLEscape.escape) + [
                "Beslutningsmærke-fortrolig", "fortroligt-bilag.pdf", "/bestyrelse/bilag/\(attachment[3]!)", "Notemærke-fortrolig",
            ]
        let open = ["Status på sundhedsydelser til ukrainske flygtninge", "EMN-2022-00443"]

        // A second board member, whom the board secretariat excludes from item 3 (inhabilitet) through
        // its form: they must read item 3 as the public does on every surface. Their private note
        // on item 3, written before the exclusion, must not show either.
        let excludedID = try await UserRepository(pool: app.pool).create(
            username: "inhabil", fullName: "Ivan Inhabil", email: "inhabil@raadsportal.example.dk", passwordHash: TestApp.passwordHash,
            roles: [.boardMember])
        try await app.pool.query("INSERT INTO item_notes (user_id, item_id, body) VALUES ($1, 3, 'Notemærke-fortrolig')", [excludedID])
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/punkter/3/inhabilitet")
            let done = try await browser.post(
                "/bestyrelse/punkter/3/inhabilitet", [("member", String(excludedID)), ("reason", "Medlemmet er part i sagen")])
            XCTAssertEqual(done.status, .seeOther)
        }
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM item_exclusions WHERE item_id = 3 AND user_id = $1", [excludedID]), 1)

        let readers: [String?] = [nil] + DemoSeed.accounts.map(\.username) + ["inhabil"]
        for reader in readers {
            let roles = reader.flatMap { name in DemoSeed.accounts.first { $0.username == name }?.roles } ?? []
            let excluded = reader == "inhabil"
            let mayRead = BoardAccess.mayReadConfidential(roles) && !excluded
            let who = reader ?? "anonym"
            try await app.run { browser in
                if let reader { try await browser.login(reader) }
                if excluded {
                    // The excluded member cannot write about item 3 either: no read mark, no note.
                    try await browser.get("/bestyrelse/moeder/1")
                    let mark = try await browser.post("/bestyrelse/moeder/1/punkter/3/laest", [])
                    XCTAssertEqual(mark.status, .notFound, "\(who): read mark on an excluded item")
                    let note = try await browser.post("/bestyrelse/moeder/1/punkter/3/note", [("note", "Ny note")])
                    XCTAssertEqual(note.status, .notFound, "\(who): note on an excluded item")
                }
                var surfaces: [(String, String)] = []
                for path in [
                    "/bestyrelse/moeder/1", "/bestyrelse/moeder/1/pakke", "/bestyrelse/moeder/1/referat",
                    "/bestyrelse/moeder/1/punkter/3", "/bestyrelse/soeg?q=OK22", "/bestyrelse/soeg?q=mandat",
                    "/bestyrelse/kalender.ics", "/", "/bestyrelse/moeder",
                ] {
                    surfaces.append((path, try await browser.get(path).body))
                }
                let file = try await browser.get("/bestyrelse/bilag/\(attachment[3]!)")
                XCTAssertEqual(file.status, mayRead ? .ok : .notFound, "\(who): confidential attachment")
                try await assertEqual(try await browser.get("/bestyrelse/bilag/\(attachment[2]!)").status, .ok, "\(who): public attachment")
                try await assertEqual(try await browser.get("/bestyrelse/moeder/1/punkter/3").status, mayRead ? .ok : .notFound, "\(who): item 3")
                for (path, body) in surfaces {
                    for mark in secret where !mayRead {
                        XCTAssertFalse(body.contains(mark), "\(who) must not see «\(mark)» on \(path)")
                    }
                }
                let agenda = surfaces[0].1
                let pack = surfaces[1].1
                let minutes = surfaces[2].1
                for body in [agenda, pack] { for mark in open { XCTAssertTrue(body.contains(mark), "\(who) reads the public item") } }
                XCTAssertTrue(minutes.contains(open[0]), "\(who) reads the public item's title in the minutes")
                XCTAssertTrue(minutes.contains("Beslutningsmærke-offentlig"), "\(who): public decisions are public")
                XCTAssertTrue(pack.contains("offentligt-bilag.pdf"), "\(who): public attachment listed")
                if mayRead {
                    for mark in secret.prefix(2) { XCTAssertTrue(agenda.contains(mark), "\(who) reads item 3 on the agenda") }
                    XCTAssertTrue(minutes.contains("Beslutningsmærke-fortrolig"))
                    XCTAssertTrue(pack.contains("fortroligt-bilag.pdf"))
                    XCTAssertTrue(surfaces[4].1.contains("1 resultat"), "\(who) finds item 3 by search")
                } else {
                    XCTAssertTrue(agenda.contains("3 (Fortrolig)"))
                    XCTAssertTrue(pack.contains("3 (Fortrolig)"))
                    XCTAssertTrue(surfaces[4].1.contains("0 resultater"), "\(who) finds nothing confidential")
                }
            }
        }
    }
}
