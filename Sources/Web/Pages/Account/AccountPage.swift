import Domain
import Foundation

/// A user's own account (`/konto`): who they are, their roles, and the form to change the password.
enum AccountPage {
    static let template = "account"

    struct Model: Encodable {
        let page: PageInfo
        let username: String
        let fullName: String
        let email: String?
        let roles: [String]
        let errors: ErrorSummary?
        let currentError: String?
        let newError: String?
        let repeatError: String?
        let saved: Bool
        let minLength = PasswordPolicy.minimumLength
        let totpURL = SiteURL.accountTOTP.path
        let passwordURL = SiteURL.accountPassword.path
    }

    static func build(_ user: User, viewer: Viewer, errors: FormErrors, saved: Bool) -> Model {
        Model(
            page: PageInfo(title: "Min konto", viewer: viewer, path: SiteURL.account.path),
            username: user.username, fullName: user.fullName, email: user.email.isEmpty ? nil : user.email,
            roles: user.roles.sorted().map(\.danishName),
            errors: ErrorSummary(errors), currentError: errors["current"], newError: errors["new"], repeatError: errors["repeat"],
            saved: saved)
    }
}
