import Foundation

/// How long the portal keeps personal data (GDPR art. 5(1)(e)): the retention job
/// (`privacy.retention`) carries it out; `docs/privacy.md` and the page »Privatlivspolitik« say
/// the same. Each value comes from the environment (see the README), with these defaults.
public struct RetentionPolicy: Sendable, Equatable {
    /// Signed-in sessions are removed this many days after they were last used (they expire
    /// much sooner; this is the outer bound for what is kept of them).
    public var sessionsDays: Int = 30
    /// Failed sign-ins (the throttling's count) and rate events.
    public var loginAttemptsDays: Int = 30
    /// Audit log entries older than this are pseudonymised: the person's name, user name and
    /// address are replaced; what happened, when, and to what stay.
    public var auditPseudonymiseYears: Int = 5
    /// E-mails the portal wrote (the outbox): removed this many days after they were sent.
    public var mailDays: Int = 365
    /// Case material: kept unless configured (the authority's records rules decide; 0 = kept).
    public var caseMaterialYears: Int = 0

    public init() {}

    public static let standard = RetentionPolicy()

    /// The moment before which entries of the given period are due, for `now`.
    public func cutoff(days: Int, before now: Date) -> Date { now.addingTimeInterval(-Double(days) * 86_400) }

    public func auditCutoff(before now: Date) -> Date {
        Calendar(identifier: .gregorian).date(byAdding: .year, value: -auditPseudonymiseYears, to: now) ?? now
    }
}

/// What the retention job removed in one run (recorded as the job's result).
public struct RetentionReport: Sendable, Equatable, Codable {
    public var sessions = 0
    public var loginAttempts = 0
    public var auditPseudonymised = 0
    public var privateNotes = 0
    public var mails = 0
    /// PDF exports of a person's data (art. 15), kept a day for the admin to fetch.
    public var exports = 0
    public init() {}

    public var summary: String {
        "sessions \(sessions), login attempts \(loginAttempts), audit entries pseudonymised \(auditPseudonymised), "
            + "private notes \(privateNotes), e-mails \(mails), exports \(exports)"
    }
}

/// The names a person's data is given when it is erased: »Tidligere bruger 17«.
public enum Pseudonym {
    public static func fullName(userID: Int64) -> String { "Tidligere bruger \(userID)" }
    public static func username(userID: Int64) -> String { "tidligere-bruger-\(userID)" }
    /// An audit entry older than the retention period names its actor this way.
    public static func auditActor(userID: Int64?) -> String { userID.map { "bruger \($0)" } ?? "ukendt" }
}

/// Who keeps private notes on the board's agenda items: an active board member. Anyone else's
/// notes are deleted (the retention job, and at once when an admin removes the role).
public enum PrivateNotes {
    public static func mayKeep(roles: Set<Role>, active: Bool) -> Bool { active && roles.contains(.boardMember) }
}

/// What erasing a person (GDPR art. 17) changes and what it keeps: the confirmation page lists
/// both, and `PrivacyRepository.erase` does exactly the first.
public enum ErasureScope {
    public static let changes: [String] = [
        "Kontoen pseudonymiseres: navn, brugernavn, e-mail, organ, adgangskode og koblingen til single sign-on fjernes, og den kan ikke længere logge ind. Den hedder herefter »Tidligere bruger N«.",
        "Alle roller fjernes, og alle sessioner, enhedscookies, gendannelseskoder, nulstillingslinks, påmindelsesvalg og kalenderlinks slettes.",
        "Private noter til dagsordenspunkter og læsemarkeringer slettes.",
        "I revisionsloggen og sagernes tidslinjer erstattes navn, brugernavn og IP-adresse med pseudonymet; hvad der skete, hvornår og på hvilken sag, står uændret.",
        "E-mails, portalen har skrevet til personen (udbakken), slettes.",
        "En kontoanmodning fra personen pseudonymiseres.",
    ]
    public static let keeps: [String] = [
        "Sendte anbefalingsbreve og deres PDF, offentliggjorte årsrapporter og godkendte referater er arkivalier og beholder de navne, de blev udstedt med.",
        "Fakta på sagerne står: en underskrift er stadig en underskrift, en udpegning en udpegning, en habilitetserklæring en erklæring – nu med pseudonymet.",
        "Andre brugeres data og sagernes historik ændres ikke.",
        "Navne i styregrupper og i fritekst, som andre har skrevet, ændres ikke (de er projektets og sagens oplysninger).",
    ]
}
