import Domain
import Foundation
import XCTest

/// The meeting cycle's rules in time (issue 20): held on or after the meeting's day, a past meeting
/// never shown as not held, the planned publishing time, the minutes' states, what looks unfinished.
final class MeetingCycleRuleTests: XCTestCase {
    func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
        DanishFormat.instant(year: y, month: m, day: d, hour: h, minute: min)!
    }

    func testAMeetingIsHeldOnlyOnOrAfterItsDayInCopenhagen() {
        let meeting = at(2022, 6, 21, 8)
        XCTAssertFalse(MeetingCycle.mayMarkHeld(.published, startsAt: meeting, now: at(2022, 6, 20, 23, 59)))
        XCTAssertTrue(
            MeetingCycle.mayMarkHeld(.published, startsAt: meeting, now: at(2022, 6, 21, 0, 0)), "from midnight of its day, Copenhagen time")
        XCTAssertTrue(MeetingCycle.mayMarkHeld(.published, startsAt: meeting, now: at(2023, 1, 1)))
        XCTAssertFalse(MeetingCycle.mayMarkHeld(.draft, startsAt: meeting, now: at(2023, 1, 1)), "a draft is published first")
        XCTAssertFalse(MeetingCycle.mayMarkHeld(.held, startsAt: meeting, now: at(2023, 1, 1)))
        // 00.30 Copenhagen summer time is still the previous day in UTC.
        let early = at(2022, 6, 21, 0, 30)
        XCTAssertTrue(MeetingCycle.dayHasBegun(early, now: at(2022, 6, 21, 0, 10)))
    }

    func testAPastMeetingIsNeverShownAsNotHeld() {
        let meeting = at(2022, 4, 28, 9)
        XCTAssertEqual(MeetingCycle.shownStatus(.published, startsAt: meeting, now: at(2022, 4, 28, 23)), .published, "on its day, as marked")
        XCTAssertEqual(MeetingCycle.shownStatus(.published, startsAt: meeting, now: at(2022, 4, 29)), .held)
        XCTAssertEqual(MeetingCycle.shownStatus(.draft, startsAt: meeting, now: at(2022, 5, 1)), .draft, "a draft was never published")
        XCTAssertEqual(MeetingCycle.shownStatus(.held, startsAt: meeting, now: at(2022, 4, 1)), .held)
        XCTAssertTrue(MeetingCycle.minutesOpen(.published, startsAt: meeting, now: at(2022, 4, 28, 12)))
        XCTAssertFalse(MeetingCycle.minutesOpen(.published, startsAt: meeting, now: at(2022, 4, 27, 12)))
    }

    func testPlannedPublishingAndApprovalDates() {
        let now = at(2026, 12, 3, 12)
        let meeting = at(2026, 12, 10, 9)
        XCTAssertNotNil(MeetingCycle.publishTimeProblem(at(2026, 12, 3, 11), startsAt: meeting, now: now), "in the past")
        XCTAssertNil(MeetingCycle.publishTimeProblem(at(2026, 12, 4, 8), startsAt: meeting, now: now))
        XCTAssertNotNil(MeetingCycle.publishTimeProblem(at(2026, 12, 10, 10), startsAt: meeting, now: now), "after the meeting begins")
        XCTAssertNotNil(MeetingCycle.approvalDayProblem(at(2026, 12, 9), startsAt: meeting, now: at(2026, 12, 20)), "before the meeting")
        XCTAssertNil(MeetingCycle.approvalDayProblem(at(2026, 12, 10), startsAt: meeting, now: at(2026, 12, 20)))
        XCTAssertNotNil(MeetingCycle.approvalDayProblem(at(2026, 12, 21), startsAt: meeting, now: at(2026, 12, 20, 12)), "in the future")
    }

    func testTheMinutesMoveDraftReviewApprovedAndThenStay() {
        XCTAssertTrue(MinutesStatus.draft.canMove(to: .review))
        XCTAssertFalse(MinutesStatus.draft.canMove(to: .approved), "approval follows the members' review")
        XCTAssertTrue(MinutesStatus.review.canMove(to: .approved))
        XCTAssertTrue(MinutesStatus.review.canMove(to: .draft))
        for next in MinutesStatus.allCases { XCTAssertFalse(MinutesStatus.approved.canMove(to: next)) }
        XCTAssertTrue(MinutesStatus.approved.isFrozen)
        XCTAssertFalse(MinutesStatus.review.isFrozen)
    }

    func testWhatLooksUnfinished() {
        var done = AgendaItem(
            id: 1, meetingID: 1, number: 1, confidential: false, title: "A", caseOfficer: "Sara", caseNumber: "EMN-2026-00001", resume: "R",
            indstilling: "Det indstilles,\nat bestyrelsen godkender planen.")
        XCTAssertEqual(MeetingCycle.unfinished([done]), [])
        done.indstilling = "Det indstilles,\nat bestyrelsen "
        XCTAssertEqual(MeetingCycle.unfinished([done]), ["Punkt 1 (A): indstillingen er kun skabelonen"])
        let secret = AgendaItem(
            id: 2, meetingID: 1, number: 2, confidential: true, title: "B", caseOfficer: " ", caseNumber: "EMN-2026-00002", resume: "")
        XCTAssertEqual(
            MeetingCycle.unfinished([secret]),
            ["Punkt 2 (B): indstillingen er kun skabelonen", "Punkt 2 (B): ingen sagsbehandler", "Punkt 2 (B): fortroligt punkt uden indhold"])
        XCTAssertNil(MeetingCycle.leftDuringProblem(nil, itemCount: 0))
        XCTAssertNil(MeetingCycle.leftDuringProblem(2, itemCount: 2))
        XCTAssertNotNil(MeetingCycle.leftDuringProblem(3, itemCount: 2))
        XCTAssertNotNil(MeetingCycle.leftDuringProblem(1, itemCount: 0))
    }
}
