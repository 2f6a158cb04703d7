import XCTest

@testable import Domain
@testable import Web

/// Figur 3 on paper: a chart of many projects comes in parts that each fit a page, each numbered in
/// its title (the PDF's alternative text) and each with the legend; the page keeps one chart.
final class ChartsTests: XCTestCase {
    static let areas = ["Projekttilrettelæggelse", "Governance", "Forretningsmæssige forhold", "Markedsafdækning og teknisk løsning"]
    static let title = "Figur 3: Anbefalinger til de enkelte projekter fordelt på fokusområder"

    static func rows(_ n: Int) -> [AnnualReport.ProjectRow] {
        (1...n).map { AnnualReport.ProjectRow(project: "Projekt \($0)", counts: [1, 1, 1, 1], percents: [25, 25, 25, 25], total: 4) }
    }

    func testFigure3OnPaperComesInPartsThatFitAPage() {
        let svg = Charts.projectStacks(id: "figur3", title: Self.title, areas: Self.areas, rows: Self.rows(45), rowsPerPart: 20)
        XCTAssertEqual(svg.components(separatedBy: "<svg ").count - 1, 3)
        for (n, projects) in [(1, 1...20), (2, 21...40), (3, 41...45)] {
            XCTAssertTrue(
                svg.contains(
                    "<title id=\"figur3-\(n)-title\">Figur 3 (del \(n) af 3): Anbefalinger til de enkelte projekter fordelt på fokusområder</title>"))
            for p in [projects.lowerBound, projects.upperBound] {
                XCTAssertTrue(svg.contains(">Projekt \(p)</text>"), "part \(n) draws project \(p)")
            }
        }
        XCTAssertEqual(svg.components(separatedBy: ">Markedsafdækning og teknisk løsning</text>").count - 1, 3, "each part has the legend")
        XCTAssertEqual(svg.components(separatedBy: ">Projekt 7</text>").count - 1, 1, "each project once")
        // Each kind of mark in a <g> that gives its look once: a bar has its fill alone.
        XCTAssertEqual(svg.components(separatedBy: "<g stroke=\"#1a1a1a\" stroke-width=\"1\">").count - 1, 3)
        XCTAssertTrue(svg.contains("<g text-anchor=\"end\" font-size=\"12\" fill=\"#1a1a1a\"><text x=\"242\" y=\"25\">Projekt 1</text>"))
        XCTAssertTrue(svg.contains("<rect x=\"250.0\" y=\"10\" width=\"95.0\" height=\"24\" fill=\"#0b3b60\"/>"))
        XCTAssertTrue(svg.contains("<text x=\"297.5\" y=\"26\" fill=\"#ffffff\">25 %</text>"))
        XCTAssertFalse(svg.contains("stroke-width=\"1\"/>"), "no bar repeats the outline")

        // As many projects as a part takes, or the page's chart: one chart, as before.
        let few = Charts.projectStacks(id: "figur3", title: Self.title, areas: Self.areas, rows: Self.rows(20), rowsPerPart: 20)
        XCTAssertEqual(few, Charts.projectStacks(id: "figur3", title: Self.title, areas: Self.areas, rows: Self.rows(20)))
        XCTAssertEqual(
            Charts.projectStacks(id: "figur3", title: Self.title, areas: Self.areas, rows: Self.rows(45), rowsPerPart: .max),
            Charts.projectStacks(id: "figur3", title: Self.title, areas: Self.areas, rows: Self.rows(45)))
    }
}
