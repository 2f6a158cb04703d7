import Domain
import Foundation

/// Single sign-on's group → role mapping (`/admin/sso-roller`): which of the provider's groups give
/// which role. Roles the groups give are replaced at each sign-in; roles granted in the portal stay.
enum RoleMappingPage {
    static let template = "admin_sso_roles"

    struct Model: Encodable {
        struct Rule: Encodable {
            let group: String
            let role: String
            let roleName: String
            let removeLabel: String
        }
        struct RoleOption: Encodable {
            let code: String
            let name: String
            let selected: Bool
        }
        let page: PageInfo
        let errors: ErrorSummary?
        let notice: String?
        let configured: Bool
        let providerName: String
        let groupsClaim: String
        let rules: [Rule]
        let hasRules: Bool
        let roles: [RoleOption]
        let group: String
        let groupError: String?
        let roleError: String?
        let saveURL = SiteURL.adminRoleMapping.path
        let usersURL = SiteURL.adminUsers.path
    }

    static func build(
        mapping: RoleMapping, settings: OIDCSettings?, viewer: Viewer, errors: FormErrors, group: String, role: String, notice: String?
    ) -> Model {
        Model(
            page: PageInfo(title: "Roller fra single sign-on", viewer: viewer, path: SiteURL.adminUsers.path),
            errors: ErrorSummary(errors), notice: notice, configured: settings != nil,
            providerName: settings?.displayName ?? "", groupsClaim: settings?.groupsClaim ?? "groups",
            rules: mapping.rules.map {
                Model.Rule(
                    group: $0.group, role: $0.role.rawValue, roleName: $0.role.danishName,
                    removeLabel: "Fjern: gruppen \($0.group) giver \($0.role.danishName)")
            },
            hasRules: !mapping.rules.isEmpty,
            roles: Role.allCases.map { Model.RoleOption(code: $0.rawValue, name: $0.danishName, selected: $0.rawValue == role) },
            group: group, groupError: errors["gruppe"], roleError: errors["rolle"])
    }
}
