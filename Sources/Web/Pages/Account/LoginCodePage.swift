import Domain
import Foundation

/// The code of a two-factor sign-in (`/login/kode`), after the password was right.
enum LoginCodePage {
    static let template = "login_code"

    struct Model: Encodable {
        let page: PageInfo
        let error: String?
        let codeURL = SiteURL.loginCode.path
    }

    /// `viewer` carries the pre-session's CSRF token.
    static func build(viewer: Viewer, error: String?) -> Model {
        Model(page: PageInfo(title: "Skriv koden", viewer: viewer, path: SiteURL.login.path), error: error)
    }
}
