import Database
import Domain
import Foundation

/// A user's own account (`/konto`): who they are, their roles, how they want their reminders, and
/// the form to change the password.
enum AccountPage {
    static let template = "account"

    /// One kind of reminder the user can receive, with the choices it allows.
    struct Reminder: Encodable {
        struct Option: Encodable {
            let value: String
            let label: String
            let id: String
            let checked: Bool
        }
        let name: String
        let label: String
        let ownStep: Bool
        let options: [Option]
    }

    /// One of the user's sessions (a browser signed in).
    struct Session: Encodable {
        let started: String
        let lastSeen: String
        let address: String
        let browser: String
        let current: Bool
    }

    struct Model: Encodable {
        let page: PageInfo
        let username: String
        let fullName: String
        let email: String?
        let roles: [String]
        let errors: ErrorSummary?
        let currentError: String?
        let newError: String?
        let repeatError: String?
        let saved: Bool
        let reminders: [Reminder]
        let hasReminders: Bool
        let remindersSaved: Bool
        let minLength = PasswordPolicy.minimumLength
        let totpURL = SiteURL.accountTOTP.path
        let passwordURL = SiteURL.accountPassword.path
        let remindersURL = SiteURL.accountReminders.path
        let sessions: [Session]
        let hasOtherSessions: Bool
        let sessionsEnded: Bool
        let endSessionsURL = SiteURL.accountSessionsEnd.path
    }

    /// The reminders of the user's roles, each with its stored choice (immediately when none).
    static func reminders(_ user: User, choices: [ReminderKind: ReminderChoice]) -> [Reminder] {
        ReminderKind.kinds(for: user.roles).map { kind in
            let current = (choices[kind] ?? .immediately).effective(for: kind)
            return Reminder(
                name: "reminder_" + kind.rawValue, label: kind.danishName, ownStep: kind.isOwnStep,
                options: ReminderChoice.allowed(for: kind).map {
                    .init(value: $0.rawValue, label: $0.danishName, id: "reminder_\(kind.rawValue)_\($0.rawValue)", checked: $0 == current)
                })
        }
    }

    /// A short name for a browser from its User-Agent ("Firefox på Linux"), or "Ukendt browser".
    static func browserName(_ agent: String) -> String {
        let browsers = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
        let systems = [
            ("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"), ("Mac OS", "macOS"), ("Linux", "Linux"),
        ]
        let browser = browsers.first { agent.contains($0.0) }?.1
        let system = systems.first { agent.contains($0.0) }?.1
        switch (browser, system) {
        case (let b?, let s?): return "\(b) på \(s)"
        case (let b?, nil): return b
        case (nil, let s?): return "Browser på \(s)"
        default: return "Ukendt browser"
        }
    }

    static func build(
        _ user: User, viewer: Viewer, errors: FormErrors, saved: Bool, choices: [ReminderKind: ReminderChoice] = [:], remindersSaved: Bool = false,
        sessions: [SessionRepository.Active] = [], sessionsEnded: Bool = false
    ) -> Model {
        let reminders = reminders(user, choices: choices)
        return Model(
            page: PageInfo(title: "Min konto", viewer: viewer, path: SiteURL.account.path),
            username: user.username, fullName: user.fullName, email: user.email.isEmpty ? nil : user.email,
            roles: user.roles.sorted().map(\.danishName),
            errors: ErrorSummary(errors), currentError: errors["current"], newError: errors["new"], repeatError: errors["repeat"],
            saved: saved, reminders: reminders, hasReminders: !reminders.isEmpty,
            remindersSaved: remindersSaved,
            sessions: sessions.map {
                Session(
                    started: DanishFormat.dateTime($0.createdAt), lastSeen: DanishFormat.dateTime($0.lastSeenAt),
                    address: $0.clientIP.isEmpty ? "–" : $0.clientIP, browser: browserName($0.userAgent), current: $0.current)
            },
            hasOtherSessions: sessions.contains { !$0.current }, sessionsEnded: sessionsEnded)
    }
}
