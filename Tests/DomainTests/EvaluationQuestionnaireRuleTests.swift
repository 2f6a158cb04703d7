import Domain
import XCTest

/// The evaluation questionnaire as the secretariat types it, and the annual report's averages per
/// version (issue 18, point 1).
final class EvaluationQuestionnaireRuleTests: XCTestCase {
    func testTheFormIsReadAsTypedOrRefusedPerField() throws {
        let q = try EvaluationQuestionnaire.parse(
            questions: "  Hvordan var processen?\r\n\n Hvor brugbare var anbefalingerne? \n", scaleMax: " 7 ", low: "slet ikke", high: "fuldt ud"
        ).get()
        XCTAssertEqual(q.questions, ["Hvordan var processen?", "Hvor brugbare var anbefalingerne?"], "blank lines dropped, trimmed")
        XCTAssertEqual(q.scale, 1...7)
        XCTAssertTrue(
            q.sameContent(as: EvaluationQuestionnaire(id: 9, questions: q.questions, scaleMax: 7, lowLabel: "slet ikke", highLabel: "fuldt ud")))
        XCTAssertFalse(q.sameContent(as: .version1))
        guard case .failure(let refusal) = EvaluationQuestionnaire.parse(questions: "\n", scaleMax: "1", low: "", high: "høj") else {
            return XCTFail("an empty questionnaire is refused")
        }
        XCTAssertEqual(Set(refusal.byField.keys), ["questions", "scale_max", "low_label"])
        let tooMany = (1...21).map { "Spørgsmål \($0)" }.joined(separator: "\n")
        guard case .failure(let many) = EvaluationQuestionnaire.parse(questions: tooMany, scaleMax: "5", low: "lav", high: "høj") else {
            return XCTFail("more than 20 questions is refused")
        }
        XCTAssertEqual(many.byField["questions"], "Skemaet kan have højst 20 spørgsmål.")
    }

    /// Version 1 covers what the seed says is evaluated: the process, the content (risks and
    /// recommendations) and the value created.
    func testVersion1CoversProcessContentAndValue() {
        let v1 = EvaluationQuestionnaire.version1.questions
        XCTAssertEqual(v1.count, 3)
        XCTAssertTrue(v1[0].contains("processen"))
        XCTAssertTrue(v1[1].contains("risici") && v1[1].contains("anbefalinger"))
        XCTAssertTrue(v1[2].contains("værdi"))
    }

    func testTheReportGroupsTheAveragesByVersionWhenTheyDiffer() {
        let v2 = EvaluationQuestionnaire(id: 2, questions: ["Dialogmødet?", "Risiciene?"], scaleMax: 7, lowLabel: "slet ikke", highLabel: "fuldt ud")
        func assessment(_ id: Int64, _ scores: [Int], _ q: EvaluationQuestionnaire?) -> AnnualReport.Assessment {
            var a = AnnualReport.Assessment(
                caseID: id, project: "P\(id)", profile: .a, monthDone: YearMonth(year: 2021, month: Int(id))!, recommendations: [],
                evaluation: scores)
            a.evaluationQuestionnaire = q
            return a
        }
        func figures(_ assessments: [AnnualReport.Assessment]) -> AnnualReport.Figures {
            AnnualReport.compute(.init(fromYear: 2021, toYear: 2021, activities: [], assessments: assessments, members: []))
        }
        let one = figures([assessment(1, [4, 4, 5], nil), assessment(2, [5, 3, 4], .version1)])
        XCTAssertEqual(one.evaluations.map(\.question), EvaluationQuestionnaire.version1.questions)
        XCTAssertEqual(one.evaluations.map(\.average), ["4,5", "3,5", "4,5"])
        XCTAssertEqual(one.evaluations.compactMap(\.group), [], "one version: no groups")
        XCTAssertEqual(one.evaluationScale, "på en skala fra 1 (i meget lav grad) til 5 (i meget høj grad)")

        let two = figures([assessment(3, [6, 7], v2), assessment(1, [4, 4, 5], nil), assessment(4, [2, 5], v2)])
        XCTAssertEqual(two.evaluations.map(\.question), EvaluationQuestionnaire.version1.questions + ["Dialogmødet?", "Risiciene?"])
        XCTAssertEqual(two.evaluations.map(\.average), ["4,0", "4,0", "5,0", "4,0", "6,0"])
        XCTAssertEqual(two.evaluations.map(\.answers), [1, 1, 1, 2, 2])
        XCTAssertEqual(
            two.evaluations.map(\.group),
            [
                "Skema version 1, på en skala fra 1 (i meget lav grad) til 5 (i meget høj grad)", nil, nil,
                "Skema version 2, på en skala fra 1 (slet ikke) til 7 (fuldt ud)", nil,
            ])
        XCTAssertEqual(two.evaluationScale, "på hver skemaversions skala")
        XCTAssertEqual(figures([]).evaluations, [], "no answers: no rows")
    }
}
