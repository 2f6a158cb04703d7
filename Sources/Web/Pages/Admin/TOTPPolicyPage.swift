import Database
import Domain
import Foundation

/// Which roles require two-factor sign-in (`/admin/totrin`), with how many users of each role have it on.
enum TOTPPolicyPage {
    static let template = "admin_security"

    struct Model: Encodable {
        struct Row: Encodable {
            let code: String
            let name: String
            let required: Bool
            let userCount: Int
            let enabledCount: Int
        }
        let page: PageInfo
        let roles: [Row]
        let notice: String?
        let saveURL = SiteURL.adminTOTP.path
    }

    /// Board members and administrators first: they hold the most confidential material.
    static let roleOrder: [Role] = [.boardMember, .admin, .boardSecretariat, .secretariat, .councilMember, .director, .assessor, .projectLeader]

    static func query(_ security: SecurityRepository) async throws -> (required: Set<Role>, counts: [Role: SecurityRepository.RoleCount]) {
        let required = try await security.requiredRoles()
        return (required, try await security.roleCounts())
    }

    static func build(required: Set<Role>, counts: [Role: SecurityRepository.RoleCount], viewer: Viewer, message: String?) -> Model {
        Model(
            page: PageInfo(title: "Totrinsbekræftelse pr. rolle", viewer: viewer, path: SiteURL.adminUsers.path),
            roles: roleOrder.map {
                Model.Row(
                    code: $0.rawValue, name: $0.danishName, required: required.contains($0),
                    userCount: counts[$0]?.users ?? 0, enabledCount: counts[$0]?.enabled ?? 0)
            },
            notice: message == "gemt" ? "Kravene er gemt." : nil)
    }
}
