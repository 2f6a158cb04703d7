/// The paths as strings, being replaced by the typed `SiteURL` area by area (issue 17); removed when no caller is left.
public enum LegacyPaths {
    public static let home = "/"
    public static let healthz = "/healthz"
    public static let metrics = "/metrics"
    public static let login = "/login"
    public static let logout = "/logout"
    public static let account = "/konto"
    public static let accountPassword = "/konto/adgangskode"
    public static let accountTOTP = "/konto/totrin"
    public static let loginCode = "/login/kode"
    public static let adminTOTP = "/admin/totrin"

    /// What a user whose role requires two-factor sign-in may reach before setting it up.
    static func allowedBeforeTOTP(_ path: String) -> Bool {
        path == accountTOTP || path.hasPrefix(accountTOTP + "/") || path == logout
    }
    public static let accessibility = "/tilgaengelighedserklaering"
    public static let meetings = "/bestyrelse/moeder"
    public static func meeting(_ id: Int64) -> String { "/bestyrelse/moeder/\(id)" }
    public static func agendaItem(meeting: Int64, number: Int) -> String { "/bestyrelse/moeder/\(meeting)/punkter/\(number)" }
    public static let search = "/bestyrelse/soeg"
    public static let statusNotes = "/bestyrelse/statusnotater"
    public static let calendar = "/bestyrelse/kalender.ics"
    public static func meetingPack(_ id: Int64) -> String { "/bestyrelse/moeder/\(id)/pakke" }
    public static func minutes(_ id: Int64) -> String { "/bestyrelse/moeder/\(id)/referat" }
    public static let projects = "/raadet/projekter"
    public static let cases = "/raadet/sager"
    public static let intake = "/raadet/indmelding"
    public static func caseURL(_ id: Int64) -> String { "/raadet/sager/\(id)" }
    public static let overview = "/raadet/overblik"
    public static let sparring = "/raadet/sparring"
    public static let newSparring = "/raadet/sparring/ny"
    public static func sparringURL(_ id: Int64) -> String { "/raadet/sparring/\(id)" }
    public static let council = "/it-raadet"
    public static let councilModel = "/it-raadet/risikovurdering"
    public static let councilContact = "/it-raadet/kontakt"
    public static let library = "/it-raadet/materialer"
    public static let newLibraryDocument = "/it-raadet/materialer/ny"
    public static func libraryDocument(_ id: Int64) -> String { "/it-raadet/materialer/\(id)" }
    public static func libraryFile(_ id: Int64) -> String { "/it-raadet/filer/\(id)" }
    public static let requests = "/raadet/anmodninger"
    public static let newRequest = "/raadet/anmodninger/ny"
    public static func request(_ id: Int64) -> String { "/raadet/anmodninger/\(id)" }
    public static let sitemap = "/sitemap.xml"
    public static let reports = "/aarsrapporter"
    public static let newReport = "/aarsrapporter/ny"
    public static func report(_ id: Int64) -> String { "/aarsrapporter/\(id)" }
    public static let adminUsers = "/admin/brugere"
    public static let adminNewUser = "/admin/brugere/ny"
    public static func adminUser(_ id: Int64) -> String { "/admin/brugere/\(id)" }
    public static func adminUserPassword(_ id: Int64) -> String { "/admin/brugere/\(id)/adgangskode" }
    public static let adminAudit = "/admin/log"

    /// A `next` target after login must be a local path, never another site.
    public static func safeLocalPath(_ candidate: String) -> String? {
        // Only plain path characters: no control characters (a tab is dropped by browsers, so
        // "/\t/evil" would become "//evil"), no backslash, and never a second leading slash.
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._~%?=&-#")
        guard candidate.hasPrefix("/"), !candidate.hasPrefix("//"), candidate.count < 500,
              candidate.allSatisfy({ allowed.contains($0) })
        else { return nil }
        return candidate
    }
}
