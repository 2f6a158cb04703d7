import Foundation

/// Danish working days: weekends and public holidays excluded (and optional closing days).
public struct WorkingDays: Sendable {
    /// Days the organisation may close although they are not public holidays.
    public enum ClosingDay: String, CaseIterable, Sendable {
        case grundlovsdag, juleaftensdag, nytaarsaftensdag
    }

    public var closingDays: Set<ClosingDay>

    public init(closingDays: Set<ClosingDay> = Set(ClosingDay.allCases)) {
        self.closingDays = closingDays
    }

    /// Easter Sunday (anonymous Gregorian algorithm).
    public static func easter(_ year: Int) -> DateComponents {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
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

    func closing(_ year: Int) -> [DateComponents] {
        closingDays.map {
            switch $0 {
            case .grundlovsdag: DateComponents(year: year, month: 6, day: 5)
            case .juleaftensdag: DateComponents(year: year, month: 12, day: 24)
            case .nytaarsaftensdag: DateComponents(year: year, month: 12, day: 31)
            }
        }
    }

    public func isWorkingDay(_ day: DateComponents) -> Bool {
        let cal = DanishFormat.calendar
        guard let date = cal.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else { return false }
        let weekday = cal.component(.weekday, from: date)
        if weekday == 1 || weekday == 7 { return false }
        let key = DateComponents(year: day.year, month: day.month, day: day.day)
        if Self.isPublicHoliday(year: day.year!, month: day.month!, day: day.day!) { return false }
        return !closing(day.year!).contains(key)
    }

    /// Public holidays as month * 100 + day, per year, worked out once: deadlines on the case pages
    /// count working days, and Easter's holidays were a tenth of such a page's time.
    static let holidayTable: [Int: Set<Int>] = Dictionary(uniqueKeysWithValues: (1990...2100).map { year in
        (year, Set(publicHolidays(year).map { $0.day.month! * 100 + $0.day.day! }))
    })

    static func isPublicHoliday(year: Int, month: Int, day: Int) -> Bool {
        let holidays = holidayTable[year] ?? Set(publicHolidays(year).map { $0.day.month! * 100 + $0.day.day! })
        return holidays.contains(month * 100 + day)
    }

    /// The day `count` working days after `start` (the start day itself is not counted).
    public func add(_ count: Int, to start: DateComponents) -> DateComponents {
        let cal = DanishFormat.calendar
        var date = cal.date(from: DateComponents(year: start.year, month: start.month, day: start.day))!
        var left = count
        while left > 0 {
            date = cal.date(byAdding: .day, value: 1, to: date)!
            if isWorkingDay(plainDay(date)) { left -= 1 }
        }
        return plainDay(date)
    }
}

/// Year, month and day only (Calendar adds other fields that would spoil comparisons).
func plainDay(_ date: Date) -> DateComponents {
    let c = DanishFormat.calendar.dateComponents([.year, .month, .day], from: date)
    return DateComponents(year: c.year, month: c.month, day: c.day)
}
