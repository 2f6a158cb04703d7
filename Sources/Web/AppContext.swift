import Domain
import Hummingbird
import Logging
import NIOCore

/// The request context: who is asking, their CSRF token, and the parsed form of a POST.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The remote address of the connection (before X-Forwarded-For is considered).
    public let peerAddress: String
    /// The client's address as used for throttling and the audit log.
    public var clientIP: String
    /// The logged-in user, if any.
    public var user: User?
    /// The session token (cookie value) of a logged-in user.
    public var sessionToken: String?
    /// The token every form carries in `csrf_token`: the session's, or a pre-session's for anonymous forms.
    public var csrfToken: String?
    /// The request carried a session cookie that has expired (the login page says so).
    public var sessionExpired = false
    /// The decoded body of a form POST, once the CSRF check has read it.
    public var form: FormData?
    /// What the request log learns from inner middleware (the user), shared by reference.
    public var requestRecord: RequestRecord?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress ?? ""
        self.clientIP = self.peerAddress
    }

    public var maxUploadSize: Int { 2 * 1024 * 1024 }

    public var roles: Set<Role> { user?.roles ?? [] }
}
