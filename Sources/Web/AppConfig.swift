import Database
import Domain
import Foundation

/// Every setting in one place, read from the environment (keys are the variable names).
public struct AppConfig: Sendable {
    /// A libpq connection string (`DATABASE_URL`): a URI, also with several hosts, or key=value
    /// pairs; see `ConnectionString`. Empty: libpq's PG* variables and defaults decide, as for psql.
    public var databaseURL: String
    public var host: String
    public var port: Int
    /// The address the public reaches the portal at; https turns on Secure cookies and HSTS.
    public var publicURL: String
    /// Proxies whose X-Forwarded-For is believed.
    public var trustedProxies: [String]
    public var databasePoolSize: Int
    public var viewsDirectory: String
    public var publicDirectory: String
    /// The PDF engine (`scripts/render_pdf.py`, WeasyPrint) and the Python that runs it
    /// (`PDF_SCRIPT`, `PDF_PYTHON`).
    public var pdfScript: String = "scripts/render_pdf.py"
    public var pdfPython: String = "python3"
    /// How long a request for a PDF waits for its render before it answers 202 with Retry-After
    /// (a letter is usually ready within it). Not read from the environment; the route sweep sets it
    /// to zero, so its PDF routes answer at once.
    public var documentWait: Duration = .seconds(1)
    /// Largest request body accepted for ordinary forms.
    public var maxFormBytes: Int
    /// Largest file accepted as an upload (bilag, a case's material, a library document, a request's
    /// material). Not read from the environment; tests lower it to reach the limit with little data.
    public var maxUploadBytes: Int = 50 * 1024 * 1024
    /// bcrypt cost (≥ 12).
    public var bcryptCost: Int
    /// The SMTP relay (`smtp://host:25`, `smtp://user:pass@host:587` with STARTTLS, `smtps://…:465`);
    /// when empty, no e-mail is written or sent.
    public var smtpURL: String = ""
    /// The sender of the portal's e-mails (`MAIL_FROM`), required with `SMTP_URL`; its domain ends
    /// every Message-ID.
    public var mailFrom: String = ""
    /// Extra certificate authorities (a PEM file) trusted for the relay's TLS, besides the system's.
    public var smtpCAFile: String = ""
    /// The delays between tries of a message the relay did not take (`MAIL_RETRY_SCHEDULE`, e.g.
    /// `1m,5m,1h`); after the last, the message is marked failed. About a day by default.
    public var mailRetrySchedule: RetrySchedule = .mail
    /// How often the reminders are looked for (`REMINDER_SCAN_SECONDS`; they go out only on working
    /// days 8–17 Copenhagen time).
    public var reminderScanSeconds: Int = 300
    /// Tests only (`REMINDERS_NOW`, ISO 8601): the time the reminders are reckoned at.
    public var remindersNow: Date?
    /// The council's numbers (threshold, notice, working days, team sizes): the intake enforces them
    /// and the public pages describe them, from this one value. The seed's rules unless configured.
    public var council: CouncilParameters = .standard
    /// Addresses allowed to read `/metrics` without a token (`METRICS_ALLOW`; this machine by default).
    public var metricsAllow: [String] = ["127.0.0.1", "::1"]
    /// A bearer token that opens `/metrics` from anywhere (`METRICS_TOKEN`; none by default).
    public var metricsToken: String = ""
    /// `text` (readable, the default) or `json` (one object per line) for the log.
    public var logFormat: String = "text"
    /// Single sign-on by OpenID Connect (`OIDC_*`, see `OIDCSettings`); nil when not configured.
    public var oidc: OIDCSettings?
    /// Whether the username-and-password form logs in (`LOCAL_LOGIN`, on by default).
    public var localLogin = true
    /// How long personal data is kept (`RETENTION_*`, see the README and docs/privacy.md); the
    /// job `privacy.retention` carries it out once a day.
    public var retention: RetentionPolicy = .standard

    public init(
        databaseURL: String = "postgresql://127.0.0.1:5432/raadsportal", host: String = "127.0.0.1", port: Int = 8080,
        publicURL: String = "", trustedProxies: [String] = [], databasePoolSize: Int = 8,
        viewsDirectory: String = "Views", publicDirectory: String = "Public", maxFormBytes: Int = 2 * 1024 * 1024,
        bcryptCost: Int = 12
    ) {
        self.databaseURL = databaseURL
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.trustedProxies = trustedProxies
        self.databasePoolSize = databasePoolSize
        self.viewsDirectory = viewsDirectory
        self.publicDirectory = publicDirectory
        self.maxFormBytes = maxFormBytes
        self.bcryptCost = bcryptCost
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        var c = AppConfig()
        if let v = env["DATABASE_URL"], !v.isEmpty {
            c.databaseURL = v
        } else if Self.connectionVariables.contains(where: { env[$0]?.isEmpty == false }) {
            // No DATABASE_URL but e.g. PGHOST: libpq reads the PG* variables, as psql does.
            c.databaseURL = ""
        }
        if let v = env["HOST"], !v.isEmpty { c.host = v }
        if let v = env["PORT"], !v.isEmpty {
            guard let p = Int(v), (1...65535).contains(p) else { throw ConfigError("PORT must be a number from 1 to 65535, got '\(v)'") }
            c.port = p
        }
        if let v = env["PUBLIC_URL"] { c.publicURL = v }
        if let v = env["TRUSTED_PROXIES"] {
            c.trustedProxies = v.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        }
        if let v = env["DB_POOL_SIZE"], !v.isEmpty {
            guard let n = Int(v), (1...200).contains(n) else { throw ConfigError("DB_POOL_SIZE must be 1–200, got '\(v)'") }
            c.databasePoolSize = n
        }
        if let v = env["VIEWS_DIR"], !v.isEmpty { c.viewsDirectory = v }
        if let v = env["PUBLIC_DIR"], !v.isEmpty { c.publicDirectory = v }
        if let v = env["PDF_SCRIPT"], !v.isEmpty { c.pdfScript = v }
        if let v = env["PDF_PYTHON"], !v.isEmpty { c.pdfPython = v }
        if let v = env["BCRYPT_COST"], !v.isEmpty {
            guard let n = Int(v), (12...16).contains(n) else { throw ConfigError("BCRYPT_COST must be 12–16, got '\(v)'") }
            c.bcryptCost = n
        }
        if let v = env["SMTP_URL"], !v.isEmpty {
            guard let relay = SMTPRelay(url: v) else {
                throw ConfigError("SMTP_URL must look like smtp://host:25, smtp://user:password@host:587 or smtps://user:password@host:465")
            }
            c.smtpURL = v
            guard env["MAIL_FROM"]?.isEmpty == false else {
                throw ConfigError(
                    "MAIL_FROM must be set when SMTP_URL is (\(relay.redacted)): the portal's sender address, e.g. raadsportal@regioner.dk")
            }
        }
        if let v = env["MAIL_FROM"], !v.isEmpty {
            let parts = v.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !v.contains(where: { $0.isWhitespace || "<>\"".contains($0) }) else {
                throw ConfigError("MAIL_FROM must be an address such as raadsportal@regioner.dk, got '\(v)'")
            }
            c.mailFrom = v
        }
        if let v = env["SMTP_CA_FILE"], !v.isEmpty {
            guard FileManager.default.isReadableFile(atPath: v) else { throw ConfigError("SMTP_CA_FILE '\(v)' cannot be read") }
            c.smtpCAFile = v
        }
        if let v = env["MAIL_RETRY_SCHEDULE"], !v.isEmpty {
            guard let schedule = RetrySchedule(v) else {
                throw ConfigError("MAIL_RETRY_SCHEDULE must be delays such as 1m,5m,1h (s, m or h), got '\(v)'")
            }
            c.mailRetrySchedule = schedule
        }
        if let v = env["REMINDER_SCAN_SECONDS"], !v.isEmpty {
            guard let n = Int(v), (1...86_400).contains(n) else { throw ConfigError("REMINDER_SCAN_SECONDS must be 1–86400, got '\(v)'") }
            c.reminderScanSeconds = n
        }
        if let v = env["REMINDERS_NOW"], !v.isEmpty {
            guard let at = try? Date(v, strategy: .iso8601) else { throw ConfigError("REMINDERS_NOW must be an ISO 8601 time, got '\(v)'") }
            c.remindersNow = at
        }
        if let v = env["CLOSING_DAYS"] {
            // The secretariat's closing days besides weekends and holidays: "juleaftensdag,nytaarsaftensdag", or "ingen".
            let names = v.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init).filter { $0 != "ingen" }
            let days = names.compactMap(WorkingDays.ClosingDay.init(rawValue:))
            guard days.count == names.count else {
                throw ConfigError(
                    "CLOSING_DAYS must name closing days among \(WorkingDays.ClosingDay.allCases.map(\.rawValue).joined(separator: ", ")) or be 'ingen', got '\(v)'"
                )
            }
            c.council.closingDays = Set(days)
        }
        if let v = env["METRICS_ALLOW"] { c.metricsAllow = v.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) }
        if let v = env["METRICS_TOKEN"], !v.isEmpty {
            guard v.count >= 16 else { throw ConfigError("METRICS_TOKEN must be at least 16 characters") }
            c.metricsToken = v
        }
        if let v = env["LOG_FORMAT"], !v.isEmpty {
            guard ["text", "json"].contains(v) else { throw ConfigError("LOG_FORMAT must be text or json, got '\(v)'") }
            c.logFormat = v
        }
        let periods: [(String, WritableKeyPath<RetentionPolicy, Int>, ClosedRange<Int>, String)] = [
            ("RETENTION_SESSIONS_DAYS", \.sessionsDays, 1...3650, "dage/days"),
            ("RETENTION_LOGIN_ATTEMPTS_DAYS", \.loginAttemptsDays, 1...3650, "dage/days"),
            ("RETENTION_AUDIT_PSEUDONYMISE_YEARS", \.auditPseudonymiseYears, 1...100, "år/years"),
            ("RETENTION_MAIL_DAYS", \.mailDays, 0...36_500, "dage/days, 0 = behold/keep"),
        ]
        for (key, path, range, unit) in periods {
            guard let v = env[key], !v.isEmpty else { continue }
            guard let n = Int(v), range.contains(n) else {
                throw ConfigError(
                    "\(key) skal være et tal fra \(range.lowerBound) til \(range.upperBound) (\(unit)) / must be a number from \(range.lowerBound) to \(range.upperBound), got '\(v)'"
                )
            }
            c.retention[keyPath: path] = n
        }
        try OIDCSettings.apply(env, to: &c)
        if let problem = Self.databaseURLProblem(c.databaseURL) { throw ConfigError(problem) }
        return c
    }

    /// The PG* variables that name the server or database: without DATABASE_URL, any of them set
    /// hands the connection to libpq's variables instead of the default URL.
    static let connectionVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGSERVICE"]

    /// A DATABASE_URL that libpq could never use, said plainly in one line (libpq reads it).
    static func databaseURLProblem(_ url: String) -> String? {
        ConnectionString.problem(url)
    }

    /// The connection string without its password, for messages.
    static func redacted(_ url: String) -> String {
        ConnectionString.redacted(url)
    }

    /// `schemas/` beside `Views/`: the archive package's XSD, put into every package.
    public var schemasDirectory: String {
        let base = (viewsDirectory as NSString).deletingLastPathComponent
        return base.isEmpty ? "schemas" : base + "/schemas"
    }

    /// True when the portal is served over https (Secure cookies with the __Host- prefix, HSTS).
    public var isHTTPS: Bool { publicURL.lowercased().hasPrefix("https://") }
}

public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
