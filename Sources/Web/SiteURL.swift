/// Every path of the site, so links in views and routes are written once.
public enum SiteURL {
    public static let home = "/"
    public static let healthz = "/healthz"
    public static let login = "/login"
    public static let logout = "/logout"
    public static let account = "/konto"
    public static let accountPassword = "/konto/adgangskode"
    public static let accessibility = "/tilgaengelighedserklaering"
    public static let meetings = "/bestyrelse/moeder"
    public static func meeting(_ id: Int64) -> String { "/bestyrelse/moeder/\(id)" }
    public static func agendaItem(meeting: Int64, number: Int) -> String { "/bestyrelse/moeder/\(meeting)/punkter/\(number)" }
    public static let projects = "/raadet/projekter"
    public static let adminUsers = "/admin/brugere"
    public static let adminNewUser = "/admin/brugere/ny"
    public static func adminUser(_ id: Int64) -> String { "/admin/brugere/\(id)" }
    public static func adminUserPassword(_ id: Int64) -> String { "/admin/brugere/\(id)/adgangskode" }
    public static let adminAudit = "/admin/log"

    /// A `next` target after login must be a local path, never another site.
    public static func safeLocalPath(_ candidate: String) -> String? {
        guard candidate.hasPrefix("/"), !candidate.hasPrefix("//"), !candidate.hasPrefix("/\\"),
              !candidate.contains("\r"), !candidate.contains("\n"), candidate.count < 500
        else { return nil }
        return candidate
    }
}
