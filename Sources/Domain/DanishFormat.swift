import Foundation

/// Danish conventions for showing and reading dates, times and numbers.
/// Everything shown is in Europe/Copenhagen time, whatever the machine's zone.
public enum DanishFormat {
    public static let timeZone = TimeZone(identifier: "Europe/Copenhagen")!

    public static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        c.firstWeekday = 2
        return c
    }()

    public static let monthNames = [
        "januar", "februar", "marts", "april", "maj", "juni",
        "juli", "august", "september", "oktober", "november", "december",
    ]
    public static let weekdayNames = ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"]

    /// The Copenhagen wall clock of `date` (summer time included), by integer arithmetic on the
    /// zone's offset, since pages show many dates and Calendar's date components are several times
    /// slower. `weekday` counts as Calendar does, 1 = Sunday.
    static func wallClock(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, weekday: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - day * 86_400
        let (year, month, dayOfMonth) = CivilDay.date(day)
        return (year, month, dayOfMonth, second / 3_600, second % 3_600 / 60, ((day % 7) + 7 + 4) % 7 + 1)
    }

    /// `18. april 2025`
    public static func longDate(_ date: Date) -> String {
        let c = wallClock(date)
        return "\(c.day). \(monthNames[c.month - 1]) \(c.year)"
    }

    /// `torsdag den 12. maj 2022`
    public static func weekdayDate(_ date: Date) -> String {
        "\(weekdayNames[wallClock(date).weekday - 1]) den \(longDate(date))"
    }

    /// `18.4.2025`
    public static func shortDate(_ date: Date) -> String {
        let c = wallClock(date)
        return "\(c.day).\(c.month).\(c.year)"
    }

    /// `kl. 15.05`
    public static func time(_ date: Date) -> String {
        let c = wallClock(date)
        return "kl. \(c.hour).\(twoDigits(c.minute))"
    }

    /// `18.4.2025 kl. 15.05`
    public static func dateTime(_ date: Date) -> String { "\(shortDate(date)) \(time(date))" }

    /// `april 2020` (a month, e.g. when an activity was done)
    public static func month(_ date: Date) -> String {
        let c = wallClock(date)
        return "\(monthNames[c.month - 1]) \(c.year)"
    }

    /// "April 2020": a month as the first word of a table cell.
    /// "a", "a og b", "a, b og c".
    public static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " og " + items.last!
    }

    public static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// `1.234.567,89`; `decimals` fixed digits after the comma (trailing zeros dropped when `trim`).
    public static func number(_ value: Double, decimals: Int = 2, trim: Bool = true) -> String {
        let negative = value < 0
        var scaled = (abs(value) * pow(10, Double(decimals))).rounded()
        var fraction: [Character] = []
        for _ in 0..<decimals {
            let digit = Int(scaled.truncatingRemainder(dividingBy: 10))
            fraction.insert(Character(String(digit)), at: 0)
            scaled = (scaled / 10).rounded(.down)
        }
        let whole = String(Int(scaled))
        var grouped = ""
        for (i, ch) in whole.enumerated() {
            if i > 0 && (whole.count - i) % 3 == 0 { grouped.append(".") }
            grouped.append(ch)
        }
        if trim { while fraction.last == "0" { fraction.removeLast() } }
        let text = fraction.isEmpty ? grouped : grouped + "," + String(fraction)
        return negative ? "-" + text : text
    }

    /// `12,5 mio. kr.`
    public static func millions(_ value: Double) -> String { number(value, decimals: 1) + " mio. kr." }

    /// Reads what a Dane types: `12,5`, `1.234,5`, `12.5` (a lone dot followed by 1–2 digits is a decimal point), `12`.
    public static func parseNumber(_ text: String) -> Double? {
        var t = text.trimmingWhitespace().replacingOccurrences(of: " ", with: "")
        for suffix in ["mio.kr.", "mio.", "mio", "kr."] where t.lowercased().hasSuffix(suffix) {
            t = String(t.dropLast(suffix.count))
        }
        guard !t.isEmpty else { return nil }
        if t.contains(",") {
            t = t.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else if let dot = t.lastIndex(of: "."), t.filter({ $0 == "." }).count == 1, t.distance(from: dot, to: t.endIndex) <= 3 {
            // "12.5" — a decimal point, as some keyboards give it
        } else {
            t = t.replacingOccurrences(of: ".", with: "")
        }
        guard t.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }), let v = Double(t), v.isFinite else { return nil }
        return v
    }

    /// Reads `18.4.2025`, `18-04-2025`, `18/4/2025` or `2025-04-18` as a calendar day (no time).
    public static func parseDay(_ text: String) -> DateComponents? {
        let t = text.trimmingWhitespace()
        let parts = t.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "/" }).map(String.init)
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else { return nil }
        let (day, month, year) = parts[0].count == 4 ? (c, b, a) : (a, b, c)
        guard (1...12).contains(month), (1900...2200).contains(year) else { return nil }
        var comps = DateComponents(year: year, month: month, day: day)
        comps.calendar = calendar
        guard let date = calendar.date(from: comps),
            calendar.component(.day, from: date) == day
        else { return nil }
        return DateComponents(year: year, month: month, day: day)
    }

    /// Reads a time of day: `9.00`, `09:00`, `kl. 9.05`, `9` → (hour, minute).
    public static func parseTime(_ text: String) -> (hour: Int, minute: Int)? {
        var t = text.trimmingWhitespace().lowercased()
        if t.hasPrefix("kl.") {
            t = String(t.dropFirst(3)).trimmingWhitespace()
        } else if t.hasPrefix("kl") {
            t = String(t.dropFirst(2)).trimmingWhitespace()
        }
        let parts = t.split(whereSeparator: { $0 == "." || $0 == ":" }).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCIIDigit) }),
            let h = Int(parts[0]), (0...23).contains(h)
        else { return nil }
        let m = parts.count == 2 ? Int(parts[1])! : 0
        guard (0...59).contains(m), parts.count == 1 || parts[1].count == 2 else { return nil }
        return (h, m)
    }

    /// `9.05` (for a form field)
    public static func clock(_ date: Date) -> String {
        let c = wallClock(date)
        return "\(c.hour).\(twoDigits(c.minute))"
    }

    /// The instant of a Copenhagen wall-clock time (summer time included).
    public static func instant(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) -> Date? {
        calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
