import Foundation
import XCTest

@testable import Domain

final class AgendaRuleTests: XCTestCase {
    func testMeetingStatusMovesForwardOnly() {
        XCTAssertTrue(MeetingStatus.draft.canMove(to: .published))
        XCTAssertTrue(MeetingStatus.published.canMove(to: .held))
        XCTAssertFalse(MeetingStatus.draft.canMove(to: .held))
        XCTAssertFalse(MeetingStatus.held.canMove(to: .published))
        XCTAssertFalse(MeetingStatus.published.canMove(to: .draft))
        XCTAssertFalse(MeetingStatus.published.canMove(to: .published))
    }

    func testMovingKeepsNumbersConsecutive() {
        let ids = [10, 20, 30, 40]
        XCTAssertEqual(AgendaNumbering.move(ids, from: 2, by: -1), [10, 30, 20, 40])
        XCTAssertEqual(AgendaNumbering.move(ids, from: 0, by: 1), [20, 10, 30, 40])
        XCTAssertEqual(AgendaNumbering.move(ids, from: 0, by: -1), ids, "the first cannot move up")
        XCTAssertEqual(AgendaNumbering.move(ids, from: 3, by: 1), ids, "the last cannot move down")
        XCTAssertEqual(AgendaNumbering.numbers(for: [30, 10]).map { $0.1 }, [1, 2])
        XCTAssertEqual(AgendaNumbering.numbers(for: [30, 10]).map { $0.0 }, [30, 10])
    }

    func testItemDraftValidation() {
        let good = AgendaItemDraft(
            title: "Status på sundhedsydelser", caseOfficer: "Jakob Schelde Holde", caseNumber: "EMN-2022-00443",
            indstilling: "Det indstilles,\nat bestyrelsen drøfter status.")
        XCTAssertTrue(good.problems().isEmpty)
        var bad = good
        bad.title = "  "
        bad.caseNumber = "EMN-22-443"
        bad.caseOfficer = ""
        bad.indstilling = "Bestyrelsen bør drøfte"
        bad.resume = "a\u{0}b"
        let fields = bad.problems().map(\.field)
        XCTAssertEqual(Set(fields), ["title", "case_number", "case_officer", "indstilling", "resume"])
        var long = good
        long.sagsfremstilling = String(repeating: "x", count: AgendaItemDraft.maxTextLength + 1)
        XCTAssertEqual(long.problems().map(\.field), ["sagsfremstilling"])
        var officer = good
        officer.caseOfficer = String(repeating: "æ", count: 201)
        XCTAssertEqual(officer.problems().map(\.message), ["Sagsbehandlerens navn må højst være 200 tegn."])
        // "Ingen bemærkninger" is the usual default.
        XCTAssertEqual(AgendaItemDraft().kommunikation, "Ingen bemærkninger")
    }

    func testParsesTimesOfDay() {
        XCTAssertTrue(DanishFormat.parseTime("9.00")! == (9, 0))
        XCTAssertTrue(DanishFormat.parseTime("kl. 15.05")! == (15, 5))
        XCTAssertTrue(DanishFormat.parseTime("08:30")! == (8, 30))
        XCTAssertTrue(DanishFormat.parseTime("9")! == (9, 0))
        XCTAssertNil(DanishFormat.parseTime("25.00"))
        XCTAssertNil(DanishFormat.parseTime("9.5"))
        XCTAssertNil(DanishFormat.parseTime("ni"))
    }

    func testICalendarIsValidAndEscaped() {
        let start = Date(timeIntervalSince1970: 1_655_791_200)  // 21 June 2022 06:00 UTC = 8.00 in Copenhagen
        let feed = ICalendar.feed(
            name: "Bestyrelsen",
            events: [
                .init(
                    uid: "moede-2@raadsportalen", start: start, end: start.addingTimeInterval(7200),
                    summary: "Bestyrelsesmøde; virtuelt, kort", location: "virtuelt", url: "https://x.dk/bestyrelse/moeder/2", updated: start)
            ])
        XCTAssertTrue(feed.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        XCTAssertTrue(feed.contains("DTSTART:20220621T060000Z\r\n"))
        XCTAssertTrue(feed.contains("DTEND:20220621T080000Z\r\n"))
        XCTAssertTrue(feed.contains("SUMMARY:Bestyrelsesmøde\\; virtuelt\\, kort\r\n"))
        XCTAssertTrue(feed.hasSuffix("END:VCALENDAR\r\n"))
        for line in feed.components(separatedBy: "\r\n") { XCTAssertLessThanOrEqual(line.utf8.count, 75) }
        XCTAssertTrue(ICalendar.fold(String(repeating: "æ", count: 60)).contains("\r\n "))
    }
}

final class FileTypeTests: XCTestCase {
    func testKindIsJudgedByContentAndName() {
        XCTAssertEqual(FileKind.detect(filename: "notat.PDF", head: Array("%PDF-1.7\n".utf8)), .pdf)
        XCTAssertNil(FileKind.detect(filename: "notat.pdf", head: Array("<html>".utf8)))
        XCTAssertNil(FileKind.detect(filename: "notat.pdf", head: [0x4D, 0x5A, 0x90, 0x00]), "a Windows executable")
        XCTAssertNil(FileKind.detect(filename: "notat.exe", head: Array("%PDF-1.7\n".utf8)))
        let docx = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array("[Content_Types].xml".utf8)
        XCTAssertEqual(FileKind.detect(filename: "brev.docx", head: docx), .docx)
        XCTAssertNil(FileKind.detect(filename: "brev.docx", head: Array("%PDF-1.7".utf8)))
        let odt = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26) + Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8)
        XCTAssertEqual(FileKind.detect(filename: "brev.odt", head: odt), .odt)
    }

    func testFileNamesAreMadeSafe() {
        XCTAssertEqual(SafeFileName.clean("../../etc/passwd"), "passwd")
        XCTAssertEqual(SafeFileName.clean("C:\\Users\\x\\notat.pdf"), "notat.pdf")
        XCTAssertEqual(SafeFileName.clean("a\r\nb.pdf"), "ab.pdf")
        XCTAssertEqual(SafeFileName.clean("..."), "bilag")
        XCTAssertEqual(SafeFileName.clean("Årsrapport 2021 – endelig.pdf"), "Årsrapport 2021 – endelig.pdf")
        XCTAssertEqual(SafeFileName.contentDisposition("a \"b\".pdf"), "attachment; filename=\"a _b_.pdf\"; filename*=UTF-8''a%20%22b%22.pdf")
    }
}

final class StatusNoteDiffTests: XCTestCase {
    func testSectionBySectionChanges() {
        let before = [
            StatusSection(
                heading: "Lovgrundlag", body: "Særloven.", state: .afsluttet, legalRefs: ["https://www.retsinformation.dk/eli/lta/2022/442"]),
            StatusSection(heading: "Tildeling af  praktiserende læge", body: "20 + 20 + 20 = 60", state: .afventer),
            StatusSection(heading: "Gammelt afsnit", body: "Udgår", state: .iGang),
        ]
        let after = [
            StatusSection(
                heading: "Lovgrundlag", body: "Særloven. ", state: .afsluttet, legalRefs: ["https://www.retsinformation.dk/eli/lta/2022/442"]),
            StatusSection(heading: "tildeling af praktiserende læge", body: "20 + 20 + 20 = 60", state: .iGang),
            StatusSection(heading: "Tolkebistand", body: "Nyt", state: .iGang),
        ]
        let diff = StatusNoteDiff.compare(previous: before, current: after)
        XCTAssertEqual(diff.map(\.section.heading), ["Lovgrundlag", "tildeling af praktiserende læge", "Tolkebistand", "Gammelt afsnit"])
        XCTAssertEqual(diff.map(\.change), [.unchanged, .changed(textChanged: false, previousState: .afventer), .new, .removed])
        var refsChanged = after
        refsChanged[0].legalRefs = []
        XCTAssertEqual(StatusNoteDiff.compare(previous: before, current: refsChanged)[0].change, .changed(textChanged: true, previousState: nil))
        XCTAssertEqual(StatusNoteDiff.compare(previous: nil, current: after).map(\.change), [.new, .new, .new])
    }
}
