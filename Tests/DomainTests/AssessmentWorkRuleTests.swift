import Domain
import Foundation
import XCTest

final class AssessmentWorkRuleTests: XCTestCase {
    func day(_ y: Int, _ m: Int, _ d: Int) -> DateComponents { DateComponents(year: y, month: m, day: d) }

    func testObservationsAndTheDialogueBelongToTheAssessmentPeriod() {
        for state in CaseState.allCases {
            XCTAssertEqual(AssessmentWork.isAssessing(state), state == .vurdering, state.rawValue)
        }
        XCTAssertEqual(AssessmentWork.observationProblem("   "), "Skriv observationen.")
        XCTAssertNotNil(AssessmentWork.observationProblem("a\u{0}b"))
        XCTAssertNotNil(AssessmentWork.observationProblem(String(repeating: "x", count: AssessmentWork.maxText + 1)))
        XCTAssertNil(AssessmentWork.observationProblem("Tidsplanen er stram 🙂"))
        XCTAssertEqual(AssessmentWork.dialogueProblems(heldOn: nil, participants: " ", notes: "").map(\.field), ["held_on", "participants"])
        XCTAssertTrue(AssessmentWork.dialogueProblems(heldOn: day(2027, 3, 1), participants: "Projektleder", notes: "").isEmpty)
    }

    func testAGenbesoegNeedsASentLetterAndNoOtherOpenGenbesoeg() {
        for state in CaseState.allCases {
            let allowed = [.brevSendt, .responsumModtaget, .afsluttet].contains(state)
            XCTAssertEqual(AssessmentWork.revisitRefusal(previous: state, openRevisit: false) == nil, allowed, state.rawValue)
        }
        XCTAssertEqual(
            AssessmentWork.revisitRefusal(previous: .afsluttet, openRevisit: true)?.description,
            "Der er allerede et genbesøg i gang for denne risikovurdering.")
    }

    func testSparringMeetingsAreExpectedInTheirQuarterAndMinutesComeAfterTheMeeting() {
        XCTAssertEqual([1, 3, 4, 6, 7, 9, 10, 12].map { SparringRules.quarter(of: day(2022, $0, 15)) }, [1, 1, 2, 2, 3, 3, 4, 4])
        let ok = SparringRules.Draft(projectChosen: true, plannedOn: day(2027, 5, 2), councilMembers: 2, topic: "Udbud")
        XCTAssertTrue(SparringRules.problems(ok).isEmpty)
        let bad = SparringRules.Draft(projectChosen: false, plannedOn: nil, councilMembers: 0, topic: "")
        XCTAssertEqual(SparringRules.problems(bad).map(\.field), ["project", "planned_on", "council"])
        let today = day(2026, 11, 25)
        XCTAssertTrue(SparringRules.minutesProblems(heldOn: today, today: today, remarks: "Referat").isEmpty, "the same day is fine")
        XCTAssertEqual(SparringRules.minutesProblems(heldOn: day(2026, 11, 26), today: today, remarks: "Referat").map(\.field), ["held_on"])
        XCTAssertEqual(SparringRules.minutesProblems(heldOn: day(2026, 1, 2), today: today, remarks: " ").map(\.field), ["remarks"])
    }

    func testTheTimelineKeepsTheCouncilsInternalStepsInternal() {
        XCTAssertEqual(CaseTimeline.step(for: "letter.sent")?.text, "Anbefalingsbrevet er sendt")
        XCTAssertEqual(CaseTimeline.step(for: "letter.sent")?.internalOnly, false)
        for action in ["observation.added", "letter.saved", "letter.signed", "case.impartiality_declared"] {
            XCTAssertEqual(CaseTimeline.step(for: action)?.internalOnly, true, action)
        }
        XCTAssertNil(CaseTimeline.step(for: "user.login"))
    }
}
