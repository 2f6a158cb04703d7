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
    }

    /// `viewer` carries the pre-session's CSRF token for the anonymous visitor.
    static func build(viewer: Viewer, username: String, next: String?, error: String?, expired: Bool) -> Model {
        Model(
            page: PageInfo(title: "Log ind", viewer: viewer, path: SiteURL.login.path), username: username, next: next, error: error, expired: expired
        )
    }
}
