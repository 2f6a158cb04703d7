import Database
import Domain
import Foundation

/// The users (`/admin/brugere`), fifty a page, with the notice after an action.
enum UsersPage {
    static let template = "admin_users"
    static let pageSize = 50

    struct Model: Encodable {
        struct Row: Encodable {
            let href: String
            let username: String
            let fullName: String
            let roles: String
            let active: Bool
        }
        let page: PageInfo
        let rows: [Row]
        let pager: Pager
        let notice: String?
        let newUserURL = SiteURL.adminNewUser.path
        let totpSettingsURL = SiteURL.adminTOTP.path
    }

    static func query(_ users: UserRepository, pageNumber: Int) async throws -> UserRepository.Page {
        try await users.list(offset: (pageNumber - 1) * pageSize, limit: pageSize)
    }

    static func build(_ result: UserRepository.Page, pageNumber: Int, viewer: Viewer, message: String?) -> Model {
        let rows = result.users.map {
            Model.Row(
                href: SiteURL.adminUser(.value($0.id)).path, username: $0.username, fullName: $0.fullName,
                roles: $0.roles.sorted().map(\.danishName).joined(separator: ", "), active: $0.active)
        }
        let notice: String? =
            switch message {
            case "oprettet": "Brugeren er oprettet."
            case "gemt": "Ændringerne er gemt."
            case "adgangskode": "Adgangskoden er nulstillet, og brugerens sessioner er afsluttet."
            case "totrin": "Brugerens totrinsbekræftelse er nulstillet, og brugerens sessioner er afsluttet."
            default: nil
            }
        return Model(
            page: PageInfo(title: "Brugere", viewer: viewer, path: SiteURL.adminUsers.path), rows: rows,
            pager: Pager(page: pageNumber, pageSize: pageSize, total: result.total, path: SiteURL.adminUsers.path), notice: notice)
    }
}
