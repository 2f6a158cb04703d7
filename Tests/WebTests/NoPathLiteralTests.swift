import Foundation
import TestSupport
import XCTest

/// Every link comes from the typed route table (issue 17, point 1): no site path is typed into a
/// template or into the web module outside `SiteURL`, so a removed or renamed route fails to
/// compile wherever it was linked instead of leaving a broken link.
final class NoPathLiteralTests: XCTestCase {
    static let root = TestDatabase.packageRoot

    static func files(_ folder: String, ending: String) throws -> [String] {
        let base = root + "/" + folder
        let all = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(ending) }.sorted().map { base + "/" + $0 }
    }

    func testNoTemplateTypesASitePath() throws {
        let templates = try Self.files("Views", ending: ".mustache")
        XCTAssertGreaterThan(templates.count, 40)
        // `href="/…"` or `action="/…"`, except the static files.
        let literal = /(href|action)="\/(?!static\/)/
        var found: [String] = []
        for file in templates {
            for (number, line) in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated()
            where line.contains(literal) {
                found.append(
                    "\(file.replacingOccurrences(of: Self.root + "/", with: "")):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        XCTAssertEqual(found, [], "links typed into templates instead of coming from SiteURL through the view model")
    }

    func testNoSwiftFileOfTheWebModuleTypesASitePathOutsideTheRouteTable() throws {
        let sources = try Self.files("Sources/Web", ending: ".swift").filter { !$0.hasSuffix("/Routing/SiteURL.swift") }
        XCTAssertGreaterThan(sources.count, 30)
        let literal = /"\/(raadet|bestyrelse|it-raadet|aarsrapporter|admin)/
        var found: [String] = []
        for file in sources {
            for (number, line) in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated()
            where line.contains(literal) {
                found.append(
                    "\(file.replacingOccurrences(of: Self.root + "/", with: "")):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        XCTAssertEqual(found, [], "site paths typed outside SiteURL")
    }

    /// The checks above can fail: they find a typed path in a sample.
    func testTheChecksFindATypedPath() {
        XCTAssertTrue(#"<a href="/raadet/sager/{{id}}">"#.contains(/(href|action)="\/(?!static\/)/))
        XCTAssertFalse(#"<link href="/static/style.css">"#.contains(/(href|action)="\/(?!static\/)/))
        XCTAssertTrue(#"let x = "/bestyrelse/moeder""#.contains(/"\/(raadet|bestyrelse|it-raadet|aarsrapporter|admin)/))
    }
}
