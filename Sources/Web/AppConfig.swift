import Domain
import Foundation

/// Every setting in one place, read from the environment (keys are the variable names).
public struct AppConfig: Sendable {
    /// libpq connection URI.
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
    /// Largest request body accepted for ordinary forms.
    public var maxFormBytes: Int
    /// bcrypt cost (≥ 12).
    public var bcryptCost: Int
    /// An SMTP relay (`smtp://host:port`); when empty, no e-mail is sent.
    public var smtpURL: String = ""
    /// The sender of the portal's e-mails.
    public var mailFrom: String = "raadsportal@localhost"
    /// The council's numbers (threshold, notice, working days, team sizes): the intake enforces them
    /// and the public pages describe them, from this one value. The seed's rules unless configured.
    public var council: CouncilParameters = .standard

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
        if let v = env["DATABASE_URL"], !v.isEmpty { c.databaseURL = v }
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
        if let v = env["BCRYPT_COST"], !v.isEmpty {
            guard let n = Int(v), (12...16).contains(n) else { throw ConfigError("BCRYPT_COST must be 12–16, got '\(v)'") }
            c.bcryptCost = n
        }
        if let v = env["SMTP_URL"], !v.isEmpty {
            guard v.hasPrefix("smtp://"), URL(string: v)?.host != nil else { throw ConfigError("SMTP_URL must look like smtp://host:port, got '\(v)'") }
            c.smtpURL = v
        }
        if let v = env["MAIL_FROM"], !v.isEmpty { c.mailFrom = v }
        return c
    }

    /// True when the portal is served over https (Secure cookies with the __Host- prefix, HSTS).
    public var isHTTPS: Bool { publicURL.lowercased().hasPrefix("https://") }
}

public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
