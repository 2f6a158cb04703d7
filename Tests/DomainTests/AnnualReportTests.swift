import Domain
import Foundation
import XCTest

final class AnnualReportTests: XCTestCase {
    func testPercentagesRoundByLargestRemainderAndSumTo100() {
        XCTAssertEqual(AnnualReport.percentages([19, 18, 14, 8]), [32, 30, 24, 14], "the seed's Figur 2")
        XCTAssertEqual(AnnualReport.percentages([5, 8, 2, 2]), [29, 47, 12, 12], "LUNA in the seed's Figur 3")
        XCTAssertEqual(AnnualReport.percentages([3, 2, 0, 0]), [60, 40, 0, 0])
        XCTAssertEqual(AnnualReport.percentages([6, 2, 4, 4]), [37, 13, 25, 25], "KIIT in the seed's Figur 3: a tie goes to the smaller")
        XCTAssertEqual(AnnualReport.percentages([3, 2, 1, 1]), [43, 29, 14, 14], "LABREK")
        XCTAssertEqual(AnnualReport.percentages([1, 1, 5, 0]), [14, 14, 72, 0], "SMR2")
        XCTAssertEqual(AnnualReport.percentages([1, 1, 1]), [34, 33, 33])
        XCTAssertEqual(AnnualReport.percentages([0, 0, 0, 0]), [0, 0, 0, 0])
        XCTAssertEqual(AnnualReport.percentages([7]), [100])
        for counts in [[1, 2, 3, 4], [13, 1, 1, 1], [2, 2, 2], [6, 2, 4, 4], [1, 3, 2, 1], [999, 1, 1]] {
            XCTAssertEqual(AnnualReport.percentages(counts).reduce(0, +), 100, "\(counts)")
        }
    }

    static func date(_ y: Int, _ m: Int) -> Date {
        DanishFormat.calendar.date(from: DateComponents(year: y, month: m, day: 1))!
    }

    static func activity(_ project: String, _ kind: ActivityKind, done: Date? = nil, expected: (Int, [Int])? = nil, partner: String = "")
        -> CouncilActivity
    {
        CouncilActivity(
            projectID: 1, projectName: project,
            leadingBodies: ["Region Midtjylland", "Københavns Kommune"].prefix(partner.isEmpty ? 1 : 2).map { $0 },
            kind: kind, partnerCouncil: partner, monthDone: done, expectedYear: expected?.0, expectedQuarters: expected?.1 ?? [])
    }

    /// Tabel 1 as the seed prints it: the short name in parentheses where the seed gives one and
    /// only there, the expected rows in the order entered.
    func testTabel1NamesAndOrderAsTheSeedPrintsThem() {
        XCTAssertEqual(projectTableName(name: "Klinisk Immunologi IT", shortName: "KIIT"), "Klinisk Immunologi IT (KIIT)")
        XCTAssertEqual(
            projectTableName(name: "Fælles udbud af laboratorierekvisitionssystem", shortName: "LABREK"),
            "Fælles udbud af laboratorierekvisitionssystem (LABREK)")
        XCTAssertEqual(projectTableName(name: "LUNA", shortName: "LUNA"), "LUNA")
        XCTAssertEqual(projectTableName(name: "Det fællesregionale patologisystem", shortName: ""), "Det fællesregionale patologisystem")
        XCTAssertEqual(
            projectTableName(name: "Anskaffelse og etablering af nyt RIS/PACS", shortName: "RIS/PACS"), "Anskaffelse og etablering af nyt RIS/PACS")
        XCTAssertEqual(projectTableName(name: "MinSundhed v2", shortName: "MinSundhed v2"), "MinSundhed v2")
        func expected(_ id: Int64, _ name: String, _ short: String, _ quarters: [Int]) -> CouncilActivity {
            CouncilActivity(
                projectID: id, projectName: name, leadingBodies: ["Region Midtjylland"], kind: .risikovurdering, partnerCouncil: "",
                monthDone: nil, expectedYear: 2022, expectedQuarters: quarters, shortName: short, entry: id)
        }
        // Handed over in another order than entered: the report lists them by entry.
        let f = AnnualReport.compute(
            .init(
                fromYear: 2020, toYear: 2021,
                activities: [
                    expected(12, "MinSundhed v2", "MinSundhed v2", [3, 4]),
                    expected(9, "Fællesregionalt udbud af Præhospital Patientjournal", "PPJ", [2]),
                    expected(11, "Fællesregionalt udbud af Præhospital Patientjournal", "PPJ", [4]),
                    expected(10, "Anskaffelse og etablering af nyt RIS/PACS", "RIS/PACS", [4]),
                ], assessments: [], members: []))
        XCTAssertEqual(
            f.expected.map(\.project),
            [
                "Fællesregionalt udbud af Præhospital Patientjournal (PPJ)", "Anskaffelse og etablering af nyt RIS/PACS",
                "Fællesregionalt udbud af Præhospital Patientjournal (PPJ)", "MinSundhed v2",
            ])
        XCTAssertEqual(f.expected.map(\.when), ["Q2 2022", "Q4 2022", "Q4 2022", "Q3/Q4 2022"])
    }

    func testTheFiguresComeFromTheData() {
        let input = AnnualReport.Input(
            fromYear: 2020, toYear: 2021,
            activities: [
                Self.activity("A", .risikovurdering, done: Self.date(2021, 9), partner: "Københavns Kommunes It-projektråd"),
                Self.activity("B", .risikovurdering, done: Self.date(2020, 4)),
                Self.activity("B", .sparringsmoede, done: Self.date(2021, 1)),
                Self.activity("C", .risikovurdering, done: Self.date(2019, 12)),  // before the span
                Self.activity("D", .risikovurdering, done: Self.date(2022, 2)),  // after the span
                Self.activity("E", .risikovurdering, expected: (2022, [3, 4])),
                Self.activity("F", .sparringsmoede, expected: (2022, [2])),
                Self.activity("G", .risikovurdering, expected: (2023, [1])),  // not next year
            ],
            assessments: [
                .init(
                    caseID: 1, project: "B", profile: .a, monthDone: YearMonth(year: 2020, month: 4)!,
                    recommendations: [.governance, .governance, .teknik], evaluation: [4, 5, 3]),
                .init(
                    caseID: 2, project: "A", profile: .b, monthDone: YearMonth(year: 2021, month: 9)!,
                    recommendations: [], evaluation: nil),  // a project without recommendations
                .init(
                    caseID: 3, project: "C", profile: .a, monthDone: YearMonth(year: 2019, month: 12)!,
                    recommendations: [.forretning], evaluation: [1, 1, 1]),  // outside the span
                .init(
                    caseID: 4, project: "B", profile: .c, monthDone: YearMonth(year: 2021, month: 11)!,
                    recommendations: [.projekttilrettelaeggelse], evaluation: [5, 4, 4]),  // a genbesøg of B: B counts together
            ],
            members: [CouncilMember(id: 1, fullName: "Jane Kraglund", title: "Regionsdirektør", isRegional: true, isChair: true)])
        let f = AnnualReport.compute(input)
        XCTAssertEqual(f.activities.map(\.project), ["B", "B", "A"], "in the span, in the order done")
        XCTAssertEqual(f.activities.map(\.when), ["April 2020", "Januar 2021", "September 2021"])
        XCTAssertEqual(f.activities[2].activity, "Risikovurdering (samarbejde med Københavns Kommunes It-projektråd)")
        XCTAssertEqual(f.activities[2].leadingBodies, "Region Midtjylland og Københavns Kommune")
        XCTAssertEqual(f.assessmentCount, 2, "a joint assessment counts once")
        XCTAssertEqual(f.jointCount, 1)
        XCTAssertEqual(f.sparringCount, 1)
        XCTAssertEqual(f.expectedYear, 2022)
        XCTAssertEqual(f.expected.map(\.project), ["E", "F"], "in the order entered, not by quarter")
        XCTAssertEqual(f.expected.map(\.when), ["Q3/Q4 2022", "Q2 2022"])
        XCTAssertEqual(f.figure2.map(\.count), [1, 2, 0, 1])
        XCTAssertEqual(f.figure2.map(\.percent), [25, 50, 0, 25])
        XCTAssertEqual(f.recommendationCount, 4)
        XCTAssertEqual(f.figure3.map(\.project), ["B", "A"])
        XCTAssertEqual(f.figure3[0].counts, [1, 2, 0, 1])
        XCTAssertEqual(f.figure3[1].total, 0)
        XCTAssertEqual(f.figure3[1].percents, [0, 0, 0, 0], "no recommendations: no shares, no division by zero")
        XCTAssertEqual(f.profiles.map(\.count), [1, 1, 1], "A, B, C of the span's assessments")
        XCTAssertEqual(f.evaluations.map(\.average), ["4,5", "4,5", "3,5"])
        XCTAssertEqual(f.evaluations.map(\.answers), [2, 2, 2])
        XCTAssertEqual(f.members.map(\.name), ["Jane Kraglund"])
        XCTAssertNil(AnnualReport.spanProblem(fromYear: 2020, toYear: 2021))
        XCTAssertNotNil(AnnualReport.spanProblem(fromYear: 2021, toYear: 2020))
        XCTAssertNotNil(AnnualReport.spanProblem(fromYear: 2000, toYear: 2015))
        XCTAssertNotNil(AnnualReport.spanProblem(fromYear: nil, toYear: 2021))
    }

    func testTheBoardItemIsWrittenFromTheReport() {
        let f = AnnualReport.compute(
            .init(
                fromYear: 2020, toYear: 2021,
                activities: [
                    Self.activity("A", .risikovurdering, done: Self.date(2020, 4)), Self.activity("B", .risikovurdering, done: Self.date(2021, 3)),
                    Self.activity("A", .sparringsmoede, done: Self.date(2021, 1)),
                ], assessments: [], members: []))
        let d = AnnualReport.Document(
            title: "Årsrapport 2021", fromYear: 2020, toYear: 2021, foreword: "Forord.",
            themes: AnnualReport.seedThemes.map { .init(title: $0, body: "") }, stories: [], figures: f)
        let item = d.boardItem(caseOfficer: "Rie Fält Dzougov", caseNumber: "EMN-2019-00960")
        XCTAssertEqual(item.title, "Årsrapport for Regionernes It-råd")
        XCTAssertFalse(item.confidential)
        XCTAssertEqual(item.caseNumber, "EMN-2019-00960")
        XCTAssertTrue(item.resume.hasPrefix("Regionernes It-råd har i 2020–2021 gennemført to risikovurderinger og ét sparringsmøde."), item.resume)
        XCTAssertTrue(item.resume.contains("fire tværgående temaer"))
        XCTAssertTrue(item.resume.contains("Projekttilrettelæggelse og -styring."))
        XCTAssertEqual(
            item.indstilling, "Det indstilles,\nat bestyrelsen tager orienteringen om Regionernes It-råds årsrapport 2021 til efterretning.")
    }

    func testWhatIsLate() {
        let today = DateComponents(year: 2026, month: 11, day: 25)
        XCTAssertNil(
            CaseDeadlines.late(state: .afventerMateriale, materialDeadline: today, materialReceived: nil, responsumDue: nil, today: today),
            "due today is not late")
        XCTAssertEqual(
            CaseDeadlines.late(
                state: .afventerMateriale, materialDeadline: DateComponents(year: 2026, month: 11, day: 24),
                materialReceived: nil, responsumDue: nil, today: today)?.kind, "Materiale")
        // Received Friday 11 December 2026: ten working days skip the weekends, 24 December (a closing day)
        // and juledag: due Tuesday 29 December 2026.
        let received = DateComponents(year: 2026, month: 12, day: 11)
        XCTAssertEqual(CaseDeadlines.assessmentDue(materialReceived: received), DateComponents(year: 2026, month: 12, day: 29))
        XCTAssertNil(
            CaseDeadlines.late(
                state: .vurdering, materialDeadline: nil, materialReceived: received, responsumDue: nil,
                today: DateComponents(year: 2026, month: 12, day: 29)))
        XCTAssertEqual(
            CaseDeadlines.late(
                state: .vurdering, materialDeadline: nil, materialReceived: received, responsumDue: nil,
                today: DateComponents(year: 2026, month: 12, day: 30))?.danishDescription,
            "Vurderingen er forsinket: den skulle være afsluttet 29. december 2026.")
        XCTAssertEqual(
            CaseDeadlines.late(
                state: .brevSendt, materialDeadline: nil, materialReceived: nil,
                responsumDue: DateComponents(year: 2026, month: 11, day: 1), today: today)?.kind, "Responsum")
        XCTAssertNil(
            CaseDeadlines.late(
                state: .afsluttet, materialDeadline: DateComponents(year: 2020, month: 1, day: 1), materialReceived: nil,
                responsumDue: DateComponents(year: 2020, month: 1, day: 1), today: today), "a closed case is never late")
    }
}
