import Database
import Domain
import Foundation

/// A user's form (`/admin/brugere/ny` and `/admin/brugere/{id}`): name, e-mail, roles, active, and on
/// an existing user the password and two-factor resets. On an error the typed values are shown again.
enum UserFormPage {
    static let template = "admin_user_form"

    struct Values: Encodable {
        var username = ""
        var fullName = ""
        var email = ""
        var roles: Set<Role> = []
        var active = true
        var version = 0
        /// The body a director belongs to (fx Regionsdirektørkredsen).
        var body = ""
        /// Single sign-on: the roles the user's groups gave at the latest sign-in (shown apart from
        /// those granted here), and whether the user signs in at a provider at all.
        var providerRoles: Set<Role> = []
        var ssoLinked = false

        init() {}

        /// The user as saved.
        init(_ user: User) {
            self.init(
                username: user.username, fullName: user.fullName, email: user.email, roles: user.roles, active: user.active, version: user.version)
            body = user.body
        }

        init(username: String, fullName: String, email: String, roles: Set<Role>, active: Bool, version: Int) {
            self.username = username
            self.fullName = fullName
            self.email = email
            self.roles = roles
            self.active = active
            self.version = version
        }
    }

    struct Model: Encodable {
        struct RoleOption: Encodable {
            let code: String
            let name: String
            let checked: Bool
            let fromProvider: Bool
        }
        let page: PageInfo
        let isNew: Bool
        let action: String
        let values: Values
        let roleOptions: [RoleOption]
        let errors: ErrorSummary?
        let usernameError: String?
        let fullNameError: String?
        let emailError: String?
        let bodyError: String?
        let bodySuggestions = DecidingBody.suggestions
        let passwordError: String?
        let versionError: String?
        let resetAction: String?
        let totpResetAction: String?
        /// The person's data: export (art. 15) and erasure (art. 17).
        let privacyURL: String?
        let usersURL = SiteURL.adminUsers.path
        let minLength = PasswordPolicy.minimumLength
    }

    /// `userID` nil: a new user.
    static func build(_ values: Values, userID: Int64?, viewer: Viewer, errors: FormErrors) -> Model {
        let isNew = userID == nil
        return Model(
            page: PageInfo(title: isNew ? "Ny bruger" : "Rediger \(values.username)", viewer: viewer, path: SiteURL.adminUsers.path),
            isNew: isNew, action: userID.map { SiteURL.adminUser(.value($0)).path } ?? SiteURL.adminUsers.path, values: values,
            roleOptions: Role.allCases.map {
                .init(
                    code: $0.rawValue, name: $0.danishName, checked: values.roles.contains($0), fromProvider: values.providerRoles.contains($0))
            },
            errors: ErrorSummary(errors), usernameError: errors["username"], fullNameError: errors["full_name"],
            emailError: errors["email"], bodyError: errors["body"], passwordError: errors["password"], versionError: errors["version"],
            resetAction: userID.map { SiteURL.adminUserPassword(.value($0)).path },
            totpResetAction: userID.map { SiteURL.adminUserTOTPReset(.value($0)).path },
            privacyURL: userID.map { SiteURL.adminUserPrivacy(.value($0)).path })
    }
}
