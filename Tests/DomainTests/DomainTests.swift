import Foundation
import XCTest

@testable import Domain

final class CaseNumberTests: XCTestCase {
    func testAcceptsFourOrFiveDigitsAfterTheYear() {
        XCTAssertEqual(CaseNumber("EMN-2022-00443")?.value, "EMN-2022-00443")
        XCTAssertEqual(CaseNumber("EMN-2018-0274")?.value, "EMN-2018-0274")
        XCTAssertEqual(CaseNumber(" emn-2019-00960 ")?.value, "EMN-2019-00960")
    }

    func testRefusesOtherShapes() {
        for bad in ["", "EMN-2022-443", "EMN-2022-004431", "EMN-22-00443", "EMN202200443", "ABC-2022-00443", "EMN-2022-0044a", "EMN-2022-00443-1"] {
            XCTAssertNil(CaseNumber(bad), bad)
        }
    }
}

final class PasswordPolicyTests: XCTestCase {
    func testLengthBoundary() {
        XCTAssertNotNil(PasswordPolicy.problem(with: "elleve-tegn"))  // 11
        XCTAssertNil(PasswordPolicy.problem(with: "tolv-tegn-ok"))  // 12
        XCTAssertNil(PasswordPolicy.problem(with: String(repeating: "x", count: 72)))
        XCTAssertNotNil(PasswordPolicy.problem(with: String(repeating: "x", count: 73)), "bcrypt would cut it at 72 bytes")
        XCTAssertNotNil(PasswordPolicy.problem(with: String(repeating: "æ", count: 37)), "74 bytes")
        XCTAssertNotNil(PasswordPolicy.problem(with: String(repeating: "\u{0}", count: 12)))
    }

    func testRefusesUsernameAndCommonPasswords() {
        XCTAssertNotNil(PasswordPolicy.problem(with: "bestyrelse-2026", username: "bestyrelse"))
        XCTAssertNotNil(PasswordPolicy.problem(with: "Velkommen1234", commonPasswords: ["velkommen1234"]))
        XCTAssertNil(PasswordPolicy.problem(with: "en lang sætning om æbler", username: "anne", commonPasswords: ["velkommen1234"]))
    }
}

final class DanishFormatTests: XCTestCase {
    /// The wall clock by integer arithmetic agrees with Foundation's calendar in Copenhagen time,
    /// every 37 minutes through three years and around the summer-time changes (and before 1970).
    func testWallClockAgreesWithTheCalendar() {
        let cal = DanishFormat.calendar
        var instants: [Date] = []
        let start = Date(timeIntervalSince1970: 1_672_531_200)  // 1 January 2023, UTC
        for i in 0..<(3 * 365 * 24 * 60 / 37) { instants.append(start.addingTimeInterval(Double(i * 37 * 60))) }
        for change in [1_679_792_400.0, 1_698_541_200.0, 1_711_846_800.0, 1_729_990_800.0] {  // 2023 and 2024 summer time
            for s in stride(from: -7_200.0, through: 7_200, by: 60) { instants.append(Date(timeIntervalSince1970: change + s)) }
        }
        instants += [Date(timeIntervalSince1970: -86_400 * 400 - 1), Date(timeIntervalSince1970: 0.5), Date(timeIntervalSince1970: -0.5)]
        for date in instants {
            let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
            let w = DanishFormat.wallClock(date)
            XCTAssertEqual(
                [w.year, w.month, w.day, w.hour, w.minute, w.weekday], [c.year!, c.month!, c.day!, c.hour!, c.minute!, c.weekday!], "\(date)")
        }
        XCTAssertEqual(DanishFormat.weekdayDate(Date(timeIntervalSince1970: 1_652_349_600)), "torsdag den 12. maj 2022")
        XCTAssertEqual(DanishFormat.dateTime(Date(timeIntervalSince1970: 1_744_981_500)), "18.4.2025 kl. 15.05")
    }

    func testNumbers() {
        XCTAssertEqual(DanishFormat.number(1_234_567.89), "1.234.567,89")
        XCTAssertEqual(DanishFormat.number(-1234.5), "-1.234,5")
        XCTAssertEqual(DanishFormat.number(10), "10")
        XCTAssertEqual(DanishFormat.millions(12.5), "12,5 mio. kr.")
        XCTAssertEqual(DanishFormat.millions(245), "245 mio. kr.")
    }

    func testParsesWhatADaneTypes() {
        XCTAssertEqual(DanishFormat.parseNumber("12,5"), 12.5)
        XCTAssertEqual(DanishFormat.parseNumber("1.234,5"), 1234.5)
        XCTAssertEqual(DanishFormat.parseNumber("12.5"), 12.5)
        XCTAssertEqual(DanishFormat.parseNumber("1.234"), 1234)
        XCTAssertEqual(DanishFormat.parseNumber(" 10 mio. kr."), 10)
        XCTAssertNil(DanishFormat.parseNumber("ti"))
        XCTAssertNil(DanishFormat.parseNumber(""))
    }

    func testParsesDays() {
        XCTAssertEqual(DanishFormat.parseDay("18.4.2025"), DateComponents(year: 2025, month: 4, day: 18))
        XCTAssertEqual(DanishFormat.parseDay("18-04-2025"), DateComponents(year: 2025, month: 4, day: 18))
        XCTAssertEqual(DanishFormat.parseDay("2025-04-18"), DateComponents(year: 2025, month: 4, day: 18))
        XCTAssertNil(DanishFormat.parseDay("31.2.2025"))
        XCTAssertNil(DanishFormat.parseDay("18. april"))
    }

    func testShowsCopenhagenTimeInSummerAndWinter() {
        // 07:00 UTC on 28 April 2022 is 9.00 in Copenhagen (summer time, UTC+2).
        let summer = Date(timeIntervalSince1970: 1_651_129_200)
        XCTAssertEqual(DanishFormat.longDate(summer), "28. april 2022")
        XCTAssertEqual(DanishFormat.time(summer), "kl. 9.00")
        XCTAssertEqual(DanishFormat.weekdayDate(summer), "torsdag den 28. april 2022")
        XCTAssertEqual(DanishFormat.shortDate(summer), "28.4.2022")
        // 08:05 UTC on 1 December 2022 is 9.05 (winter time, UTC+1).
        let winter = Date(timeIntervalSince1970: 1_669_881_900)
        XCTAssertEqual(DanishFormat.time(winter), "kl. 9.05")
        // 23:30 UTC on 31 December 2021 is already 2022 in Copenhagen.
        let newYear = Date(timeIntervalSince1970: 1_640_993_400)
        XCTAssertEqual(DanishFormat.shortDate(newYear), "1.1.2022")
        XCTAssertEqual(DanishFormat.instant(year: 2022, month: 4, day: 28, hour: 9), summer)
    }
}

final class AccessTests: XCTestCase {
    func testOnlyBoardMembersAndBoardSecretariatReadConfidentialItems() {
        XCTAssertTrue(BoardAccess.mayReadConfidential([.boardMember]))
        XCTAssertTrue(BoardAccess.mayReadConfidential([.boardSecretariat, .admin]))
        for role in Role.allCases where role != .boardMember && role != .boardSecretariat {
            XCTAssertFalse(BoardAccess.mayReadConfidential([role]), role.rawValue)
        }
        XCTAssertFalse(BoardAccess.mayReadConfidential([]))
    }

    func testRolesParseIgnoringUnknownCodes() {
        XCTAssertEqual(Role.set(from: ["admin", "board_member", "root"]), [.admin, .boardMember])
    }

    func testAgendaHeading() {
        XCTAssertEqual(AgendaItemHeading.label(number: 3, confidential: true), "3 (Fortrolig)")
        XCTAssertEqual(AgendaItemHeading.label(number: 2, confidential: false), "2 (Offentlig)")
    }

    func testUsernames() {
        XCTAssertNil(User.usernameProblem("raadsmedlem1"))
        XCTAssertNil(User.usernameProblem("jens.hansen"))
        XCTAssertNotNil(User.usernameProblem("Jens"))
        XCTAssertNotNil(User.usernameProblem("a"))
        XCTAssertNotNil(User.usernameProblem("jens hansen"))
        XCTAssertNotNil(User.usernameProblem("søren"))
    }
}

final class PolicyTests: XCTestCase {
    func testThrottleLimits() {
        XCTAssertFalse(LoginThrottle.isBlocked(accountFailures: 19, addressFailures: 0))
        XCTAssertTrue(LoginThrottle.isBlocked(accountFailures: 20, addressFailures: 0))
        XCTAssertTrue(LoginThrottle.isBlocked(accountFailures: 0, addressFailures: 30))
        XCTAssertFalse(LoginThrottle.isBlocked(deviceFailures: 9))
        XCTAssertTrue(LoginThrottle.isBlocked(deviceFailures: 10))
        XCTAssertEqual(LoginThrottle.windowMinutes, 60)
        // At most 100 failed attempts per account per hour get through (ASVS 2.2.1).
        XCTAssertLessThanOrEqual(LoginThrottle.maxFailuresPerAccount * (60 / LoginThrottle.windowMinutes), 100)
    }

    func testSessionTimeouts() {
        XCTAssertFalse(SessionPolicy.isExpired(createdAgo: 60, idleFor: 29 * 60))
        XCTAssertTrue(SessionPolicy.isExpired(createdAgo: 60, idleFor: 30 * 60))
        XCTAssertTrue(SessionPolicy.isExpired(createdAgo: 12 * 3600, idleFor: 0))
        XCTAssertFalse(SessionPolicy.isExpired(createdAgo: 12 * 3600 - 1, idleFor: 0))
    }

    func testQuarterLabel() {
        XCTAssertEqual(quarterLabel(year: 2022, quarters: [4, 3]), "Q3/Q4 2022")
        XCTAssertEqual(quarterLabel(year: 2022, quarters: [2]), "Q2 2022")
    }
}
