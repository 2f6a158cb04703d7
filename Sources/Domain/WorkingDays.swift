import Foundation

/// Danish working days: weekends and public holidays excluded (and optional closing days).
public struct WorkingDays: Sendable {
    /// Days the organisation may close although they are not public holidays.
    public enum ClosingDay: String, CaseIterable, Sendable {
        case grundlovsdag, juleaftensdag, nytaarsaftensdag

        /// "juleaftensdag (24. december)", for the public description of the deadline.
        public var danishName: String {
            switch self {
            case .grundlovsdag: "grundlovsdag (5. juni)"
            case .juleaftensdag: "juleaftensdag (24. december)"
            case .nytaarsaftensdag: "nytårsaftensdag (31. december)"
            }
        }
    }

    public var closingDays: Set<ClosingDay>

    public init(closingDays: Set<ClosingDay> = Set(ClosingDay.allCases)) {
        self.closingDays = closingDays
    }

    /// Easter Sunday (anonymous Gregorian algorithm).
    public static func easter(_ year: Int) -> DateComponents {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return DateComponents(year: year, month: month, day: day)
    }

    /// The public holidays of a year, by name. Store bededag was abolished after 2023.
    public static func publicHolidays(_ year: Int) -> [(name: String, day: DateComponents)] {
        let cal = DanishFormat.calendar
        let easter = cal.date(from: Self.easter(year))!
        func fromEaster(_ offset: Int) -> DateComponents {
            plainDay(cal.date(byAdding: .day, value: offset, to: easter)!)
        }
        var days: [(String, DateComponents)] = [
            ("nytårsdag", DateComponents(year: year, month: 1, day: 1)),
            ("skærtorsdag", fromEaster(-3)),
            ("langfredag", fromEaster(-2)),
            ("påskedag", fromEaster(0)),
            ("2. påskedag", fromEaster(1)),
            ("Kristi himmelfartsdag", fromEaster(39)),
            ("pinsedag", fromEaster(49)),
            ("2. pinsedag", fromEaster(50)),
            ("juledag", DateComponents(year: year, month: 12, day: 25)),
            ("2. juledag", DateComponents(year: year, month: 12, day: 26)),
        ]
        if year <= 2023 { days.append(("store bededag", fromEaster(26))) }
        return days
    }

    /// The closing days of a year as month * 100 + day.
    func closing(_ year: Int) -> [Int] {
        closingDays.map {
            switch $0 {
            case .grundlovsdag: 605
            case .juleaftensdag: 1224
            case .nytaarsaftensdag: 1231
            }
        }
    }

    public func isWorkingDay(_ day: DateComponents) -> Bool {
        guard let year = day.year, let month = day.month, let d = day.day else { return false }
        return isWorkingDay(CivilDay.number(year: year, month: month, day: d))
    }

    /// `day` counted from 1 January 1970. Integer arithmetic only: deadlines are worked out on
    /// every case page, day by day, where a Calendar call per day is costly.
    func isWorkingDay(_ day: Int) -> Bool {
        if CivilDay.isWeekend(day) { return false }
        let (year, month, d) = CivilDay.date(day)
        let key = month * 100 + d
        if Self.isPublicHoliday(year: year, key: key) { return false }
        return !closing(year).contains(key)
    }

    /// Public holidays as month * 100 + day, per year, worked out once: deadlines on the case pages
    /// count working days on every view, and Easter is costly to compute.
    static let holidayTable: [Int: Set<Int>] = Dictionary(
        uniqueKeysWithValues: (1990...2100).map { year in
            (year, Set(publicHolidays(year).map { $0.day.month! * 100 + $0.day.day! }))
        })

    static func isPublicHoliday(year: Int, key: Int) -> Bool {
        let holidays = holidayTable[year] ?? Set(publicHolidays(year).map { $0.day.month! * 100 + $0.day.day! })
        return holidays.contains(key)
    }

    /// The closing days in the year's order, named: "grundlovsdag (5. juni), juleaftensdag (24. december)".
    public var closingDayNames: [String] { ClosingDay.allCases.filter(closingDays.contains).map(\.danishName) }

    /// The day `count` working days after `start`: day 1 is the first working day after `start`
    /// (the day of receipt itself is never counted), so 10 working days from Monday 14 April 2025
    /// end on 1 May 2025.
    public func add(_ count: Int, to start: DateComponents) -> DateComponents {
        var day = CivilDay.number(year: start.year!, month: start.month!, day: start.day!)
        var left = count
        while left > 0 {
            day += 1
            if isWorkingDay(day) { left -= 1 }
        }
        let (year, month, d) = CivilDay.date(day)
        return DateComponents(year: year, month: month, day: d)
    }
}

/// Dates of the Gregorian calendar as day numbers, 1 January 1970 = 0 (H. Hinnant's
/// `days_from_civil` and `civil_from_days`). A day out of range for its month rolls over, as
/// Calendar does (31 February is 3 or 2 March).
enum CivilDay {
    static func number(year: Int, month: Int, day: Int) -> Int {
        // Months outside 1...12 roll into the years around.
        let m0 = month - 1
        let y0 = year + (m0 >= 0 ? m0 / 12 : (m0 - 11) / 12)
        let m = m0 - (y0 - year) * 12 + 1
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func date(_ number: Int) -> (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Saturday or Sunday (day 0 was a Thursday).
    static func isWeekend(_ number: Int) -> Bool {
        let weekday = ((number % 7) + 7 + 3) % 7  // Monday 0 … Sunday 6
        return weekday >= 5
    }
}

/// Year, month and day only (Calendar adds other fields that would spoil comparisons).
func plainDay(_ date: Date) -> DateComponents {
    let c = DanishFormat.calendar.dateComponents([.year, .month, .day], from: date)
    return DateComponents(year: c.year, month: c.month, day: c.day)
}
