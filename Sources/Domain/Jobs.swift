import Foundation

/// How long to wait before the next try of a background job that failed for a passing reason
/// (a relay answering 4xx, a connection refused): one delay per try, and no more tries after the
/// last. Written as `30s,1m,5m,1h` (seconds, minutes, hours), as `MAIL_RETRY_SCHEDULE` is.
public struct RetrySchedule: Sendable, Equatable, CustomStringConvertible {
    /// The delays in seconds: `delays[0]` after the first try, and so on.
    public let delays: [Int]

    public init(delays: [Int]) { self.delays = delays }

    /// Reads `30s,1m,5m,1h`; nil for anything else (an empty list, a zero, a unit it does not know).
    public init?(_ text: String) {
        var delays: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmingWhitespace() }) {
            guard let unit = part.last, let n = Int(part.dropLast()), n > 0, part.count <= 8 else { return nil }
            switch unit {
            case "s": delays.append(n)
            case "m": delays.append(n * 60)
            case "h": delays.append(n * 3_600)
            default: return nil
            }
        }
        guard !delays.isEmpty else { return nil }
        self.delays = delays
    }

    /// Mail in production: ten tries after the first over a little under a day, close together at
    /// first (a relay restarting), then hours apart (a relay down overnight).
    public static let mail = RetrySchedule(delays: [60, 300, 900, 1_800, 3_600, 7_200, 14_400, 14_400, 21_600, 21_600])

    /// The delay after `attempts` tries have failed, or nil when that was the last try.
    public func delay(afterAttempts attempts: Int) -> Int? {
        attempts >= 1 && attempts <= delays.count ? delays[attempts - 1] : nil
    }

    /// How many tries in all: the first and one per delay.
    public var tries: Int { delays.count + 1 }

    /// From the first try to the last, in seconds.
    public var span: Int { delays.reduce(0, +) }

    public var description: String {
        delays.map { $0 % 3_600 == 0 ? "\($0 / 3_600)h" : $0 % 60 == 0 ? "\($0 / 60)m" : "\($0)s" }.joined(separator: ",")
    }
}

/// The council's office hours: a Danish working day between 8 and 17, Copenhagen time. Reminders
/// go out only then.
public enum OfficeHours {
    public static let opens = 8
    public static let closes = 17

    public static func isOpen(_ date: Date, workingDays: WorkingDays = WorkingDays()) -> Bool {
        let c = DanishFormat.wallClock(date)
        return workingDays.isWorkingDay(CivilDay.number(year: c.year, month: c.month, day: c.day)) && c.hour >= opens && c.hour < closes
    }

    /// The Copenhagen day of `date`, as year, month and day.
    public static func day(_ date: Date) -> DateComponents {
        let c = DanishFormat.wallClock(date)
        return DateComponents(year: c.year, month: c.month, day: c.day)
    }
}

/// When a recurring background job runs, in Copenhagen time. Each occurrence is a job of its own
/// whose key names the occurrence, so two instances that both plan the next one plan it once.
public enum JobSchedule: Sendable, Equatable {
    /// Every so many seconds, on boundaries counted from 1970 (every instance finds the same ones).
    case every(seconds: Int)
    /// Once a day at this Copenhagen wall-clock time, on Danish working days only.
    case workingDaysAt(hour: Int, minute: Int)

    /// The first occurrence strictly after `date`.
    public func next(after date: Date, workingDays: WorkingDays = WorkingDays()) -> Date {
        switch self {
        case .every(let seconds):
            let step = max(1, seconds)
            let now = Int(date.timeIntervalSince1970.rounded(.down))
            return Date(timeIntervalSince1970: TimeInterval((now / step + 1) * step))
        case .workingDaysAt(let hour, let minute):
            let today = OfficeHours.day(date)
            var day = CivilDay.number(year: today.year!, month: today.month!, day: today.day!)
            // A year of holidays is the longest the search could take; 400 days is a safe bound.
            for _ in 0..<400 {
                if workingDays.isWorkingDay(day) {
                    let (y, m, d) = CivilDay.date(day)
                    if let at = DanishFormat.instant(year: y, month: m, day: d, hour: hour, minute: minute), at > date { return at }
                }
                day += 1
            }
            return date.addingTimeInterval(86_400)
        }
    }
}
