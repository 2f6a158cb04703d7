import Database
import Foundation
import Logging

/// What the routes share: configuration, repositories, templates and the password hasher.
public struct AppServices: Sendable {
    public let config: AppConfig
    public let pool: ConnectionPool
    public let views: Views
    public let hasher: PasswordHasher
    public let commonPasswords: Set<String>
    /// Sends e-mail when SMTP_URL is set; nil otherwise.
    public let mailer: (any Mailer)?
    /// Renders the letter and the annual report as PDFs (see `Documents`).
    public let documentEngine: DocumentEngine
    let cookies: SessionCookies
    /// The OpenID provider when single sign-on is configured (`OIDC_ISSUER`).
    public let oidc: OIDCProvider?
    /// Where the one-line-per-request log goes.
    public var requestLogger = Logger(label: "raadsportal.request")

    public var users: UserRepository { UserRepository(pool: pool) }
    public var sessions: SessionRepository { SessionRepository(pool: pool) }
    public var audit: AuditRepository { AuditRepository(pool: pool) }
    public var board: BoardRepository { BoardRepository(pool: pool) }
    public var council: CouncilRepository { CouncilRepository(pool: pool) }

    /// True when a relay is configured: changes then write their e-mails to the outbox.
    public var sendsMail: Bool { !config.smtpURL.isEmpty }

    /// The address people reach the portal at, for links in e-mails and feeds.
    public var baseURL: String { config.publicURL.isEmpty ? "http://\(config.host):\(config.port)" : config.publicURL }

    public init(
        config: AppConfig, pool: ConnectionPool, views: Views, hasher: PasswordHasher, commonPasswords: Set<String> = [],
        mailer: (any Mailer)? = nil
    ) {
        self.mailer = mailer
        self.config = config
        self.pool = pool
        self.views = views
        self.hasher = hasher
        self.commonPasswords = commonPasswords
        self.cookies = SessionCookies(https: config.isHTTPS)
        self.oidc = config.oidc.map(OIDCProvider.init(settings:))
        self.documentEngine = DocumentEngine(python: config.pdfPython, script: config.pdfScript, staticDirectory: config.publicDirectory)
    }
}
