import Foundation

/// The reminders that keep the council's process and the board on time. Each is sent once per
/// occasion (a key per kind, case or meeting, and date), on working days between 8 and 17.
public enum ReminderKind: String, CaseIterable, Sendable, Codable {
    /// The project's material is due in two working days (to the project leader).
    case material
    /// The letter has waited three working days for a council member's sign-off.
    case signOff = "signoff"
    /// The responsum is due in two working days (to the project leader).
    case responsum
    /// An appointed council member or assessor has not declared impartiality after two working days.
    case impartiality
    /// A board member has unread items two working days before the meeting.
    case agenda

    public var danishName: String {
        switch self {
        case .material: "Materiale, der skal sendes inden for to arbejdsdage"
        case .signOff: "Anbefalingsbrev, der har ventet på din godkendelse i tre arbejdsdage"
        case .responsum: "Responsum, der skal sendes inden for to arbejdsdage"
        case .impartiality: "Habilitetserklæring, der ikke er afgivet efter to arbejdsdage"
        case .agenda: "Ulæste punkter på dagsordenen to arbejdsdage før bestyrelsesmødet"
        }
    }

    /// A step that is the reader's own to take in the council's process: its reminder can be
    /// moved to the daily digest, never turned off.
    public var isOwnStep: Bool { self == .material || self == .signOff || self == .responsum }

    /// The roles whose holders can receive it (the account page offers a choice for these).
    public var roles: Set<Role> {
        switch self {
        case .material, .responsum: [.projectLeader]
        case .signOff: [.councilMember]
        case .impartiality: [.councilMember, .assessor]
        case .agenda: [.boardMember]
        }
    }

    /// The kinds a user with `roles` can receive.
    public static func kinds(for roles: Set<Role>) -> [ReminderKind] {
        allCases.filter { !$0.roles.isDisjoint(with: roles) }
    }
}

/// How a user wants one kind of reminder.
public enum ReminderChoice: String, CaseIterable, Sendable, Codable {
    case immediately
    case digest
    case off

    public var danishName: String {
        switch self {
        case .immediately: "Med det samme"
        case .digest: "Samlet i én e-mail hver arbejdsdag kl. 8"
        case .off: "Fra"
        }
    }

    /// The choices offered for `kind`: every one, but off only where the step is not the user's own.
    public static func allowed(for kind: ReminderKind) -> [ReminderChoice] {
        kind.isOwnStep ? [.immediately, .digest] : allCases
    }

    /// What is done for `kind` with this choice: a stored "off" of an own step counts as the digest.
    public func effective(for kind: ReminderKind) -> ReminderChoice {
        self == .off && kind.isOwnStep ? .digest : self
    }
}

/// One occasion for a reminder: the kind, what it is about (`case-12`, `meeting-3`) and the date it
/// is reckoned from (the deadline, the day the wait began, the meeting's day). Its key is unique
/// per recipient in the database, so it is sent once however many instances look.
public struct ReminderOccasion: Sendable, Hashable {
    public let kind: ReminderKind
    public let object: String
    public let day: DateComponents

    public init(kind: ReminderKind, object: String, day: DateComponents) {
        self.kind = kind
        self.object = object
        self.day = DateComponents(year: day.year, month: day.month, day: day.day)
    }

    /// `material:case-12:2027-03-04`
    public var key: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(kind.rawValue):\(object):\(day.year ?? 0)-\(two(day.month ?? 0))-\(two(day.day ?? 0))"
    }
}

/// When each kind of reminder is due, from its occasion's date and today (Copenhagen days).
public enum ReminderRules {
    /// Material and responsum: due in at most this many working days.
    public static let deadlineWorkingDays = 2
    /// A sign-off waiting this many working days.
    public static let signOffWorkingDays = 3
    /// An impartiality declaration missing after this many working days.
    public static let impartialityWorkingDays = 2
    /// Unread agenda items this many working days before the meeting.
    public static let agendaWorkingDays = 2

    /// Is the reminder of `occasion` due on `today`? Only ever on a working day.
    public static func isDue(_ occasion: ReminderOccasion, today: DateComponents, workingDays: WorkingDays = WorkingDays()) -> Bool {
        guard workingDays.isWorkingDay(today) else { return false }
        switch occasion.kind {
        case .material, .responsum:
            return isWithin(deadlineWorkingDays, before: occasion.day, today: today, workingDays: workingDays)
        case .agenda:
            return isWithin(agendaWorkingDays, before: occasion.day, today: today, workingDays: workingDays)
        case .signOff:
            return hasWaited(signOffWorkingDays, since: occasion.day, today: today, workingDays: workingDays)
        case .impartiality:
            return hasWaited(impartialityWorkingDays, since: occasion.day, today: today, workingDays: workingDays)
        }
    }

    /// `day` is today or later, and no more than `count` working days ahead.
    static func isWithin(_ count: Int, before day: DateComponents, today: DateComponents, workingDays: WorkingDays) -> Bool {
        let d = number(day)
        return d >= number(today) && d <= number(workingDays.add(count, to: today))
    }

    /// `count` working days have passed since `day`.
    static func hasWaited(_ count: Int, since day: DateComponents, today: DateComponents, workingDays: WorkingDays) -> Bool {
        number(workingDays.add(count, to: day)) <= number(today)
    }

    static func number(_ d: DateComponents) -> Int { CivilDay.number(year: d.year!, month: d.month!, day: d.day!) }
}
