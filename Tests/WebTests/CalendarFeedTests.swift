import Database
import Domain
import Foundation
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// Subscribing to the board's meetings (issue 20, point 5): the public feed's events carry what a
/// calendar needs to take corrections, and a board member's personal feed has a secret URL that
/// they can renew.
final class CalendarFeedTests: XCTestCase {
    static func events(_ feed: String) -> [[String: String]] {
        let unfolded = feed.replacingOccurrences(of: "\r\n ", with: "")
        var out: [[String: String]] = []
        var current: [String: String]?
        for line in unfolded.components(separatedBy: "\r\n") {
            if line == "BEGIN:VEVENT" {
                current = [:]
            } else if line == "END:VEVENT" {
                out.append(current!)
                current = nil
            } else if current != nil, let colon = line.firstIndex(of: ":") {
                current![String(line[..<colon])] = String(line[line.index(after: colon)...])
            }
        }
        return out
    }

    func testThePublicFeedsEventsHaveStableIDsStampsAndSequences() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let before = ICalendar.utc(Date().addingTimeInterval(-5))
        let first = try await app.run { browser in try await browser.get("/bestyrelse/kalender.ics").body }
        let events = Self.events(first)
        XCTAssertFalse(events.isEmpty)
        for e in events {
            for key in ["UID", "DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "DTSTART", "STATUS"] { XCTAssertNotNil(e[key], "\(key) in \(e)") }
            XCTAssertGreaterThanOrEqual(e["DTSTAMP"]!, before, "DTSTAMP is when the feed was made, not the meeting's start")
            XCTAssertNotEqual(e["DTSTAMP"], e["DTSTART"])
            XCTAssertEqual(e["STATUS"], "CONFIRMED")
        }
        let meeting1 = try XCTUnwrap(events.first { $0["UID"] == "moede-1@raadsportalen" })
        // The board secretariat moves meeting 1: same UID, a higher SEQUENCE, a new LAST-MODIFIED.
        try await app.pool.query(
            "UPDATE meetings SET place = 'Dampfærgevej 22, København', version = version + 1, updated_at = now() + interval '1 minute' WHERE id = 1")
        let second = try await app.run { browser in try await browser.get("/bestyrelse/kalender.ics").body }
        let moved = try XCTUnwrap(Self.events(second).first { $0["UID"] == "moede-1@raadsportalen" })
        XCTAssertEqual(Int(moved["SEQUENCE"]!)!, Int(meeting1["SEQUENCE"]!)! + 1)
        XCTAssertGreaterThan(moved["LAST-MODIFIED"]!, meeting1["LAST-MODIFIED"]!)
        XCTAssertTrue(moved["LOCATION"]!.contains("Dampfærgevej 22"))
        XCTAssertFalse(second.contains("Udkast"), "no drafts in the public feed")
    }

    func testTheFeedIsLinkedWithAnExplanation() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            let meetings = try await browser.get("/bestyrelse/moeder")
            XCTAssertTrue(meetings.body.contains("href=\"/bestyrelse/kalender.ics\""))
            XCTAssertTrue(meetings.body.contains("Møderne i din kalender"))
            XCTAssertFalse(meetings.body.contains("/bestyrelse/min-kalender"), "the personal feed is for board members")
            try await browser.login("bestyrelse")
            let home = try await browser.get("/")
            XCTAssertTrue(home.body.contains("Møderne i din kalender"))
            XCTAssertTrue(home.body.contains("href=\"/bestyrelse/min-kalender\""))
            XCTAssertTrue(home.body.contains("href=\"/bestyrelse/kalender.ics\""))
        }
    }

    /// The feed's path as the page shows it once, after it was made or renewed.
    static func feedURL(_ body: String) throws -> String {
        let marker = "id=\"kalender-adresse\" type=\"text\" readonly value=\""
        let range = try XCTUnwrap(body.range(of: marker))
        let rest = body[range.upperBound...]
        let url = String(rest[..<rest.firstIndex(of: "\"")!])
        return String(url[url.range(of: "/bestyrelse/kalender/")!.lowerBound...])
    }

    func testABoardMembersPersonalFeedIsSecretAndRenewable() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let (first, second) = try await app.run { browser in
            try await browser.login("bestyrelse")
            let page = try await browser.get("/bestyrelse/min-kalender")
            XCTAssertTrue(page.body.contains("Lav min kalenderadresse"))
            let made = try await browser.post("/bestyrelse/min-kalender", [])
            XCTAssertEqual(made.status, .ok)
            let first = try Self.feedURL(made.body)
            // Afterwards the URL is not shown again: only its hash is stored.
            let later = try await browser.get("/bestyrelse/min-kalender")
            XCTAssertFalse(later.body.contains(first))
            XCTAssertTrue(later.body.contains("Forny kalenderadressen"))
            let confirm = try await browser.get("/bestyrelse/min-kalender/forny")
            XCTAssertTrue(confirm.body.contains("Den gamle adresse holder op med at virke"))
            let renewed = try await browser.post("/bestyrelse/min-kalender/forny", [("bekraeft", "ja")])
            XCTAssertEqual(renewed.status, .ok)
            return (first, try Self.feedURL(renewed.body))
        }
        XCTAssertNotEqual(first, second)
        let token = String(second.split(separator: "/")[2])
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM calendar_feeds WHERE token_hash = sha256(convert_to($1, 'UTF8'))", [token]), 1)
        try await assertEqual(
            try await app.count("SELECT count(*) AS n FROM calendar_feeds WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'", [token]), 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM audit_log WHERE action IN ('calendar.created', 'calendar.renewed')"), 2)
        try await app.run { browser in
            // Without logging in: the secret URL is the key. The old one no longer answers.
            try await assertEqual(try await browser.get(first).status, .notFound)
            let feed = try await browser.get(second)
            XCTAssertEqual(feed.status, .ok)
            XCTAssertEqual(feed.headers[.contentType], "text/calendar; charset=utf-8")
            XCTAssertEqual(feed.headers[.cacheControl], "private, no-store")
            XCTAssertTrue(feed.body.contains("Bente Bestyrelsesmedlem"))
            XCTAssertTrue(feed.body.contains("UID:moede-1@raadsportalen"))
            try await assertEqual(try await browser.get("/bestyrelse/kalender/forkert/moeder.ics").status, .notFound)
        }
        // Others have no personal feed page.
        try await app.run { browser in
            try await browser.login("raadsmedlem1")
            try await assertEqual(try await browser.get("/bestyrelse/min-kalender").status, .forbidden)
        }
    }

    func testTheBoardSecretariatsPersonalFeedCarriesDrafts() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        let draftID: Int64 = try await app.pool.query(
            "INSERT INTO meetings (title, starts_at, place, status) VALUES ('Bestyrelsesmøde', now() + interval '30 days', 'Dampfærgevej 22', 'draft') RETURNING id"
        ).first!.decode("id")
        try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            try await browser.get("/bestyrelse/min-kalender")
            let made = try await browser.post("/bestyrelse/min-kalender", [])
            let marker = "readonly value=\""
            let rest = made.body[made.body.range(of: marker)!.upperBound...]
            let url = String(rest[..<rest.firstIndex(of: "\"")!])
            let path = String(url[url.range(of: "/bestyrelse/kalender/")!.lowerBound...])
            let feed = try await browser.get(path).body
            let event = try XCTUnwrap(Self.events(feed).first { $0["UID"] == "moede-\(draftID)@raadsportalen" })
            XCTAssertEqual(event["STATUS"], "TENTATIVE")
            XCTAssertTrue(event["SUMMARY"]!.hasPrefix("Udkast: "))
            let publicFeed = try await browser.get("/bestyrelse/kalender.ics").body
            XCTAssertNil(Self.events(publicFeed).first { $0["UID"] == "moede-\(draftID)@raadsportalen" })
        }
    }
}
