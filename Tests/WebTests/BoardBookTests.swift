import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import XCTest

@testable import Web

/// The board book (issue 21): the demo meeting's book downloaded as a board member, as the public
/// and as a member excluded from a confidential item, read back with qpdf, pdftotext and pikepdf:
/// page numbers on every page, a bookmark per item, the attachments merged (the PDFs, the DOCX and
/// the XLSX through LibreOffice), "Fortroligt" and the reader's name on the confidential pages, and
/// nothing confidential in the public copy or in the excluded member's.
final class BoardBookTests: XCTestCase {
    static let book = "/bestyrelse/moeder/1/moedebog.pdf"

    struct Download {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let bytes: [UInt8]
    }

    /// A GET whose body is kept as bytes (the tiny browser keeps text).
    static func download(_ browser: Browser, _ path: String) async throws -> Download {
        var headers: HTTPFields = [:]
        if !browser.cookies.isEmpty { headers[.cookie] = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        let response = try await browser.client.execute(uri: path, method: .get, headers: headers, body: nil)
        var body = response.body
        return Download(status: response.status, headers: response.headers, bytes: body.readBytes(length: body.readableBytes) ?? [])
    }

    /// The book for the browser's reader: asked for (202 while it is built), the jobs run, asked again.
    static func fetchBook(_ app: TestApp, _ browser: Browser) async throws -> Download {
        var answer = try await download(browser, book)
        var tries = 0
        while answer.status == .accepted, tries < 4 {
            try await app.runJobs()
            answer = try await download(browser, book)
            tries += 1
        }
        return answer
    }

    /// The PDF read back: qpdf's check, each page's text, the bookmarks.
    struct ReadBack {
        let qpdfOK: Bool
        let pages: [String]
        let bookmarks: [String]
        var text: String { pages.joined(separator: "\n") }
    }

    static func read(_ pdf: [UInt8]) throws -> ReadBack {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("book-\(UUID().uuidString).pdf")
        try Data(pdf).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let check = try run(["qpdf", "--check", file.path])
        let text = try run(["pdftotext", "-enc", "UTF-8", file.path, "-"]).output
        var pages = text.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        let outline = try run([
            "python3", "-c",
            "import sys, pikepdf\npdf = pikepdf.open(sys.argv[1])\nwith pdf.open_outline() as o:\n"
                + "    for i in o.root:\n        print(i.title)\n        for c in i.children: print('  ' + c.title)",
            file.path,
        ]).output
        return ReadBack(
            qpdfOK: check.status == 0 && check.output.contains("No syntax or stream encoding errors"), pages: pages,
            bookmarks: outline.split(separator: "\n").map(String.init))
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The demo meeting's confidential item 1 and what only it holds.
    static let secretTitle = "Økonomiforhandlingerne for 2023"
    static let secretAttachmentWord = "mandatrammen"

    func testBoardMemberAndPublicBooks() async throws {
        let app = try await TestApp.make(demoExtractions: true)
        // The board member's book: every item, the attachments merged, confidential pages marked.
        let member = try await app.run { browser in
            try await browser.login("bestyrelse")
            return try await Self.fetchBook(app, browser)
        }
        XCTAssertEqual(member.status, .ok)
        XCTAssertEqual(member.headers[.contentType], "application/pdf")
        XCTAssertEqual(member.headers[.cacheControl], "no-store")
        let book = try Self.read(member.bytes)
        XCTAssertTrue(book.qpdfOK, "qpdf --check")
        // Page numbers throughout, the attachments' pages included.
        for (index, page) in book.pages.enumerated() {
            XCTAssertTrue(page.contains("Side \(index + 1) af \(book.pages.count)"), "page \(index + 1) has its number")
        }
        // The cover, the agenda, the items and the attachments' text.
        XCTAssertTrue(book.pages[0].uppercased().contains("MØDEBOG"))
        XCTAssertTrue(book.pages[0].contains("Dampfærgevej"))
        XCTAssertTrue(book.pages[0].contains("Bente Bestyrelsesmedlem"), "the participants")
        XCTAssertTrue(book.text.contains(Self.secretTitle))
        XCTAssertTrue(book.text.contains("tolkeudgifterne"), "the PDF attachment of item 7")
        XCTAssertTrue(book.text.contains(Self.secretAttachmentWord), "the confidential item's attachment")
        XCTAssertTrue(book.text.contains("arkitekturprincipperne"), "the DOCX, converted by LibreOffice")
        XCTAssertTrue(book.text.contains("Kvartalsmøderne"), "the XLSX, converted by LibreOffice")
        // A bookmark per item (ten in the demo meeting), the attachments beneath their item.
        let items = book.bookmarks.filter { !$0.hasPrefix("  ") }
        XCTAssertEqual(items.count, 11, "\(book.bookmarks)")
        XCTAssertTrue(items.contains { $0.hasPrefix("1 (Fortrolig) \(Self.secretTitle)") })
        XCTAssertTrue(book.bookmarks.contains("  Bilag 7.1 Notat om tolkning (opdigtet demo-bilag).pdf"))
        // The agenda's page numbers point at the item: item 7's bookmark page holds its heading.
        let item7 = try XCTUnwrap(
            book.pages.firstIndex { $0.contains("7 (Offentlig) Årsrapport for Regionernes It-råd\n") && !$0.contains("Dagsorden") })
        XCTAssertTrue(book.pages[1].contains("Dagsorden"))
        XCTAssertTrue(book.pages[1].contains("\(item7 + 1)"), "the agenda gives item 7's page")
        // Confidential pages: "Fortroligt" and the reader's name; public pages neither.
        let secretPages = book.pages.enumerated().filter { $0.element.contains(Self.secretAttachmentWord) }.map(\.offset)
        XCTAssertFalse(secretPages.isEmpty)
        for index in secretPages {
            XCTAssertTrue(book.pages[index].contains("Fortroligt"))
            XCTAssertTrue(book.pages[index].contains("Udleveret til Bente Bestyrelsesmedlem"), "the watermark on page \(index + 1)")
        }
        XCTAssertFalse(book.pages[item7].contains("Fortroligt"))
        XCTAssertFalse(book.pages[item7].contains("Udleveret til"))

        // The public's book: nothing confidential, the agenda's "N (Fortrolig)" only.
        let anonymous = try await app.run { browser in try await Self.fetchBook(app, browser) }
        XCTAssertEqual(anonymous.status, .ok)
        let open = try Self.read(anonymous.bytes)
        XCTAssertTrue(open.qpdfOK)
        XCTAssertFalse(open.text.contains(Self.secretTitle))
        XCTAssertFalse(open.text.contains(Self.secretAttachmentWord))
        XCTAssertFalse(open.text.contains("Fortroligt"))
        XCTAssertFalse(open.text.contains("Udleveret til"))
        XCTAssertFalse(open.text.contains("EMN-2022-00517"), "the confidential item's case number")
        XCTAssertTrue(open.text.contains("1 (Fortrolig)"))
        XCTAssertTrue(open.text.contains("tolkeudgifterne"))
        XCTAssertEqual(open.bookmarks.filter { !$0.hasPrefix("  ") }.count, 6, "the cover and the five public items: \(open.bookmarks)")
        for (index, page) in open.pages.enumerated() {
            XCTAssertTrue(page.contains("Side \(index + 1) af \(open.pages.count)"))
        }

        // Cached: asked again, nothing is built; the member's copy is stamped afresh, the same pages.
        let built = try await app.count("SELECT count(*) AS n FROM board_books WHERE meeting_id = 1")
        XCTAssertEqual(built, 2, "one book for the board, one for the public")
        let again = try await app.run { browser in
            try await browser.login("bestyrelse")
            return try await Self.download(browser, Self.book)
        }
        XCTAssertEqual(again.status, .ok)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM jobs WHERE kind = 'board.book' AND state = 'queued'"), 0)
        try await assertEqual(try await app.count("SELECT count(*) AS n FROM board_books WHERE meeting_id = 1"), 2)

        // A correction of an item is a new version of the book.
        try await app.pool.query("UPDATE agenda_items SET sagsfremstilling = sagsfremstilling || ' Rettet.', version = version + 1 WHERE id = 7")
        let corrected = try await app.run { browser in try await Self.fetchBook(app, browser) }
        XCTAssertEqual(corrected.status, .ok)
        XCTAssertTrue(try Self.read(corrected.bytes).text.contains("Rettet."))
    }

    /// A member excluded from a confidential item gets the public's view of it in the book.
    func testExcludedMemberGetsNoPagesOfTheItem() async throws {
        let app = try await TestApp.make(demoExtractions: true)
        try await app.pool.query(
            """
            INSERT INTO item_exclusions (item_id, user_id, reason)
            SELECT 1, id, 'Inhabil: part i sagen' FROM users WHERE username = 'bestyrelse'
            """)
        let excluded = try await app.run { browser in
            try await browser.login("bestyrelse")
            return try await Self.fetchBook(app, browser)
        }
        XCTAssertEqual(excluded.status, .ok)
        let book = try Self.read(excluded.bytes)
        XCTAssertTrue(book.qpdfOK)
        XCTAssertFalse(book.text.contains(Self.secretTitle))
        XCTAssertFalse(book.text.contains(Self.secretAttachmentWord))
        XCTAssertTrue(book.text.contains("1 (Fortrolig)"))
        // The other confidential items are still theirs, with the watermark.
        XCTAssertTrue(book.text.contains("Forhandlingsmandat til RLTN"))
        XCTAssertTrue(book.text.contains("Udleveret til Bente Bestyrelsesmedlem"))
        XCTAssertFalse(book.bookmarks.contains { $0.hasPrefix("1 (Fortrolig)") })
        // The secretariat still gets item 1.
        let secretariat = try await app.run { browser in
            try await browser.login("bestyrelsessekretariat")
            return try await Self.fetchBook(app, browser)
        }
        XCTAssertTrue(try Self.read(secretariat.bytes).text.contains(Self.secretAttachmentWord))
    }

    /// A draft meeting's book is the board secretariat's alone; an unknown meeting is 404.
    func testDraftAndUnknownMeetings() async throws {
        let app = try await TestApp.make(demoExtractions: true)
        try await app.run { browser in
            try await assertEqual(try await Self.download(browser, "/bestyrelse/moeder/3/moedebog.pdf").status, .notFound)
            try await assertEqual(try await Self.download(browser, "/bestyrelse/moeder/999/moedebog.pdf").status, .notFound)
            try await browser.login("bestyrelse")
            try await assertEqual(try await Self.download(browser, "/bestyrelse/moeder/3/moedebog.pdf").status, .notFound)
        }
    }
}
