import Domain
import Foundation

/// The login form (`/login`): after a refusal it keeps the username and where to go next.
enum LoginPage {
    static let template = "login"

    struct Model: Encodable {
        let page: PageInfo
        let username: String
        let next: String?
        let error: String?
        let expired: Bool
        let loginURL = SiteURL.login.path
        let forgotURL = SiteURL.passwordForgot.path
        let requestURL = SiteURL.accountRequest.path
        /// Single sign-on's button (`OIDCRoutes.choice`), when configured.
        var sso: SSOChoice? = nil
        /// The username-and-password form (`LOCAL_LOGIN`).
        var localLogin = true
    }

    struct SSOChoice: Encodable {
        let name: String
        let url: String
    }

    /// `viewer` carries the pre-session's CSRF token for the anonymous visitor.
    static func build(
        viewer: Viewer, username: String, next: String?, error: String?, expired: Bool, sso: SSOChoice? = nil, localLogin: Bool = true
    ) -> Model {
        Model(
            page: PageInfo(title: "Log ind", viewer: viewer, path: SiteURL.login.path), username: username, next: next, error: error,
            expired: expired, sso: sso, localLogin: localLogin
        )
    }
}
