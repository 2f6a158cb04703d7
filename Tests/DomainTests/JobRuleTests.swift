import Foundation
import XCTest

@testable import Domain

final class RetryScheduleTests: XCTestCase {
    func testReadsDelaysInSecondsMinutesAndHours() {
        XCTAssertEqual(RetrySchedule("30s, 1m,2h")?.delays, [30, 60, 7_200])
        XCTAssertEqual(RetrySchedule("1s,1s,2s")?.description, "1s,1s,2s")
        for bad in ["", "5", "0s", "-1m", "1d", "1m,,2m", "soon"] { XCTAssertNil(RetrySchedule(bad), bad) }
    }

    func testTheMailScheduleLastsUpToADayAndThenGivesUp() {
        let mail = RetrySchedule.mail
        XCTAssertLessThanOrEqual(mail.span, 86_400)
        XCTAssertGreaterThan(mail.span, 20 * 3_600, "a relay down overnight is still waited for")
        XCTAssertEqual(mail.delay(afterAttempts: 1), 60)
        XCTAssertEqual(mail.delay(afterAttempts: mail.delays.count), mail.delays.last)
        XCTAssertNil(mail.delay(afterAttempts: mail.delays.count + 1), "after the last try the message is failed")
        XCTAssertEqual(mail.tries, mail.delays.count + 1)
        XCTAssertNil(RetrySchedule(delays: []).delay(afterAttempts: 1), "no retries: the first failure is final")
    }
}

final class OfficeHoursTests: XCTestCase {
    func at(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> Date { DanishFormat.instant(year: y, month: m, day: d, hour: h, minute: min)! }

    func testWorkingDaysFromEightToFiveCopenhagenTime() {
        XCTAssertTrue(OfficeHours.isOpen(at(2025, 3, 4, 8)))  // a Tuesday
        XCTAssertTrue(OfficeHours.isOpen(at(2025, 3, 4, 16, 59)))
        XCTAssertFalse(OfficeHours.isOpen(at(2025, 3, 4, 7, 59)))
        XCTAssertFalse(OfficeHours.isOpen(at(2025, 3, 4, 17)))
        XCTAssertFalse(OfficeHours.isOpen(at(2025, 3, 8, 10)), "a Saturday")
        XCTAssertFalse(OfficeHours.isOpen(at(2025, 4, 18, 10)), "langfredag")
        XCTAssertFalse(OfficeHours.isOpen(at(2025, 12, 24, 10)), "juleaftensdag, a closing day")
        // 8.30 in Copenhagen is 6.30 UTC in summer and 7.30 UTC in winter.
        XCTAssertTrue(OfficeHours.isOpen(Date(timeIntervalSince1970: 1_751_351_400)))  // 2025-07-01 06:30 UTC
        XCTAssertFalse(OfficeHours.isOpen(Date(timeIntervalSince1970: 1_735_803_000 - 3_600)))  // 2025-01-02 06:30 UTC = 7.30 CET
    }

    func testSchedulesInCopenhagenTime() {
        let digest = JobSchedule.workingDaysAt(hour: 8, minute: 0)
        XCTAssertEqual(digest.next(after: at(2025, 3, 4, 7)), at(2025, 3, 4, 8))
        XCTAssertEqual(digest.next(after: at(2025, 3, 4, 8)), at(2025, 3, 5, 8))
        XCTAssertEqual(digest.next(after: at(2025, 3, 7, 9)), at(2025, 3, 10, 8), "Friday after 8: Monday")
        XCTAssertEqual(digest.next(after: at(2025, 4, 16, 9)), at(2025, 4, 22, 8), "over Easter")
        // Across the change to summer time (30 March 2025) it stays at 8 on the wall clock.
        XCTAssertEqual(digest.next(after: at(2025, 3, 28, 9)), at(2025, 3, 31, 8))
        XCTAssertEqual(at(2025, 3, 31, 8).timeIntervalSince(at(2025, 3, 28, 8)), 3 * 86_400 - 3_600)
        let every = JobSchedule.every(seconds: 300)
        let t = Date(timeIntervalSince1970: 1_000_000_123)
        XCTAssertEqual(every.next(after: t), Date(timeIntervalSince1970: 1_000_000_200), "boundaries every instance agrees on")
    }
}

final class ReminderRuleTests: XCTestCase {
    func d(_ y: Int, _ m: Int, _ day: Int) -> DateComponents { DateComponents(year: y, month: m, day: day) }
    func due(_ kind: ReminderKind, _ day: DateComponents, today: DateComponents) -> Bool {
        ReminderRules.isDue(ReminderOccasion(kind: kind, object: "case-1", day: day), today: today)
    }

    func testMaterialAndResponsumTwoWorkingDaysBeforeTheDeadline() {
        for kind in [ReminderKind.material, .responsum] {
            // Deadline Thursday 6 March 2025.
            XCTAssertFalse(due(kind, d(2025, 3, 6), today: d(2025, 3, 3)), "Monday: three working days ahead")
            XCTAssertTrue(due(kind, d(2025, 3, 6), today: d(2025, 3, 4)), "Tuesday: two working days ahead")
            XCTAssertTrue(due(kind, d(2025, 3, 6), today: d(2025, 3, 6)), "the day itself")
            XCTAssertFalse(due(kind, d(2025, 3, 6), today: d(2025, 3, 7)), "after the deadline")
        }
        // Deadline Monday 10 March: two working days before is Thursday 6 March (over the weekend).
        XCTAssertFalse(due(.material, d(2025, 3, 10), today: d(2025, 3, 5)))
        XCTAssertTrue(due(.material, d(2025, 3, 10), today: d(2025, 3, 6)))
        XCTAssertFalse(due(.material, d(2025, 3, 10), today: d(2025, 3, 8)), "never on a weekend")
    }

    func testSignOffAfterThreeWorkingDaysAndImpartialityAfterTwo() {
        // The letter waits from Friday 28 February 2025.
        XCTAssertFalse(due(.signOff, d(2025, 2, 28), today: d(2025, 3, 4)))
        XCTAssertTrue(due(.signOff, d(2025, 2, 28), today: d(2025, 3, 5)))
        XCTAssertTrue(due(.signOff, d(2025, 2, 28), today: d(2025, 3, 12)), "still waiting later (sent once, by its key)")
        XCTAssertFalse(due(.impartiality, d(2025, 3, 3), today: d(2025, 3, 4)))
        XCTAssertTrue(due(.impartiality, d(2025, 3, 3), today: d(2025, 3, 5)))
        // Appointed Wednesday 16 April 2025: Easter's holidays do not count.
        XCTAssertFalse(due(.impartiality, d(2025, 4, 16), today: d(2025, 4, 22)))
        XCTAssertTrue(due(.impartiality, d(2025, 4, 16), today: d(2025, 4, 23)))
    }

    func testAgendaTwoWorkingDaysBeforeTheMeeting() {
        XCTAssertFalse(due(.agenda, d(2025, 3, 13), today: d(2025, 3, 10)))
        XCTAssertTrue(due(.agenda, d(2025, 3, 13), today: d(2025, 3, 11)))
        XCTAssertFalse(due(.agenda, d(2025, 3, 13), today: d(2025, 3, 14)))
    }

    func testOneKeyPerKindObjectAndDate() {
        let a = ReminderOccasion(kind: .material, object: "case-12", day: DateComponents(year: 2027, month: 3, day: 4, hour: 9))
        XCTAssertEqual(a.key, "material:case-12:2027-03-04")
        XCTAssertNotEqual(a.key, ReminderOccasion(kind: .material, object: "case-12", day: d(2027, 3, 5)).key, "a new deadline is a new occasion")
        XCTAssertNotEqual(a.key, ReminderOccasion(kind: .responsum, object: "case-12", day: d(2027, 3, 4)).key)
    }

    func testAnOwnStepCanBeDigestedButNotTurnedOff() {
        for kind in ReminderKind.allCases {
            XCTAssertEqual(ReminderChoice.allowed(for: kind).contains(.off), !kind.isOwnStep, "\(kind)")
            XCTAssertTrue(ReminderChoice.allowed(for: kind).contains(.digest))
            XCTAssertEqual(ReminderChoice.off.effective(for: kind), kind.isOwnStep ? .digest : .off)
        }
        XCTAssertEqual(Set(ReminderKind.allCases.filter(\.isOwnStep)), [.material, .signOff, .responsum])
        XCTAssertEqual(ReminderKind.kinds(for: [.projectLeader]), [.material, .responsum])
        XCTAssertEqual(ReminderKind.kinds(for: [.boardMember]), [.agenda])
        XCTAssertEqual(ReminderKind.kinds(for: [.admin]), [])
    }
}
