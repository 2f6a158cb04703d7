import Foundation

/// The minutes (referat) of a held meeting: draft → sent for review to the board members (who may
/// comment) → approved at a date, after which they are frozen.
public enum MinutesStatus: String, CaseIterable, Sendable {
    /// Whether a reader with `roles` reads the decisions of minutes in this state, wherever they are shown
    /// (minutes, item page, agenda pack): the board secretariat always, board members from review, everyone
    /// once approved.
    public func showsDecisions(to roles: Set<Role>) -> Bool {
        roles.contains(.boardSecretariat) || self == .approved || (roles.contains(.boardMember) && self == .review)
    }

    case draft
    case review
    case approved

    public var danishName: String {
        switch self {
        case .draft: "Udkast"
        case .review: "Sendt til kommentering hos bestyrelsen"
        case .approved: "Godkendt"
        }
    }

    /// draft → review → approved (review may go back to draft for changes; approved is final).
    public func canMove(to next: MinutesStatus) -> Bool {
        switch (self, next) {
        case (.draft, .review), (.review, .approved), (.review, .draft): true
        default: false
        }
    }

    /// Decisions and attendance may be written until the minutes are approved.
    public var isFrozen: Bool { self == .approved }
}

/// A board member's attendance at a meeting.
public enum Attendance: String, CaseIterable, Sendable {
    case present
    case apologies

    public var danishName: String {
        switch self {
        case .present: "Deltog"
        case .apologies: "Afbud"
        }
    }
}

/// The rules of a meeting's cycle in time: draft → published (now or at a planned time) → held
/// (on or after its day) → minutes approved. Pure: each takes "now".
public enum MeetingCycle {
    /// The start of the meeting's day in Copenhagen.
    public static func dayStart(_ startsAt: Date) -> Date {
        DanishFormat.calendar.startOfDay(for: startsAt)
    }

    /// The meeting's day has begun (it may be marked held from then on).
    public static func dayHasBegun(_ startsAt: Date, now: Date) -> Bool {
        now >= dayStart(startsAt)
    }

    /// The meeting's day is over (Copenhagen midnight after it).
    public static func dateHasPassed(_ startsAt: Date, now: Date) -> Bool {
        guard let next = DanishFormat.calendar.date(byAdding: .day, value: 1, to: dayStart(startsAt)) else { return false }
        return now >= next
    }

    /// A meeting may be marked held when it is published and its day has begun, never before.
    public static func mayMarkHeld(_ status: MeetingStatus, startsAt: Date, now: Date) -> Bool {
        status == .published && dayHasBegun(startsAt, now: now)
    }

    /// The status a reader is shown: a published meeting whose date has passed is held, whether
    /// or not the secretariat has marked it (it is never shown as not held).
    public static func shownStatus(_ status: MeetingStatus, startsAt: Date, now: Date) -> MeetingStatus {
        status == .published && dateHasPassed(startsAt, now: now) ? .held : status
    }

    /// The minutes may be worked on (attendance, sending for review, approval) once the meeting is
    /// held as shown.
    public static func minutesOpen(_ status: MeetingStatus, startsAt: Date, now: Date) -> Bool {
        status == .held || (status == .published && dayHasBegun(startsAt, now: now))
    }

    /// Why a planned publishing time is refused, nil when it is fine: it must lie in the future and
    /// not after the meeting begins.
    public static func publishTimeProblem(_ at: Date, startsAt: Date, now: Date) -> String? {
        if at <= now { return "Tidspunktet er passeret. Vælg et senere tidspunkt, eller offentliggør nu." }
        if at > startsAt { return "Dagsordenen skal offentliggøres, før mødet begynder." }
        return nil
    }

    /// Why approval at `day` is refused, nil when it is fine: not before the meeting, not in the future.
    public static func approvalDayProblem(_ day: Date, startsAt: Date, now: Date) -> String? {
        if day < dayStart(startsAt) { return "Referatet kan ikke godkendes før mødets dato." }
        if day > now { return "Godkendelsesdatoen kan ikke ligge i fremtiden." }
        return nil
    }

    /// What looks unfinished on an agenda, in item order: an Indstilling that is only the form's
    /// template (or empty), an item without a case officer, a confidential item without content.
    public static func unfinished(_ items: [AgendaItem]) -> [String] {
        var out: [String] = []
        for item in items {
            let label = "Punkt \(item.number) (\(item.title))"
            if isTemplateOnly(item.indstilling) { out.append("\(label): indstillingen er kun skabelonen") }
            if item.caseOfficer.trimmingWhitespace().isEmpty { out.append("\(label): ingen sagsbehandler") }
            if item.confidential
                && [item.resume, item.sagsfremstilling, item.indstilling].allSatisfy({ isTemplateOnly($0) })
            {
                out.append("\(label): fortroligt punkt uden indhold")
            }
        }
        return out
    }

    /// An Indstilling is only the template when, whitespace aside, it says no more than
    /// »Det indstilles, at bestyrelsen« (or nothing).
    public static func isTemplateOnly(_ text: String) -> Bool {
        let words = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
        return words.isEmpty || words == "det indstilles," || words == "det indstilles, at bestyrelsen" || words == "det indstilles, at"
    }

    /// "Forlod mødet under punkt N": N must be one of the meeting's item numbers.
    public static func leftDuringProblem(_ number: Int?, itemCount: Int) -> String? {
        guard let number else { return nil }
        return (1...max(1, itemCount)).contains(number) && itemCount > 0 ? nil : "Vælg et af mødets punkter."
    }
}
