import Database
import Domain
import Foundation

/// The audit log (`/admin/log`), newest first, fifty a page.
enum AuditLogPage {
    static let template = "admin_audit"

    struct Model: Encodable {
        struct Row: Encodable {
            let at: String
            let username: String
            let action: String
            let object: String
            let detail: String
            let clientIP: String
        }
        let page: PageInfo
        let rows: [Row]
        let pager: Pager
    }

    static func query(_ audit: AuditRepository, pageNumber: Int) async throws -> (entries: [AuditRepository.Entry], total: Int) {
        try await audit.page(offset: (pageNumber - 1) * UsersPage.pageSize, limit: UsersPage.pageSize)
    }

    static func build(_ entries: [AuditRepository.Entry], total: Int, pageNumber: Int, viewer: Viewer) -> Model {
        let rows = entries.map {
            Model.Row(
                at: DanishFormat.dateTime($0.at), username: $0.username, action: $0.action,
                object: $0.objectType.isEmpty ? "" : "\($0.objectType) \($0.objectID)", detail: $0.detail, clientIP: $0.clientIP)
        }
        return Model(
            page: PageInfo(title: "Auditlog", viewer: viewer, path: SiteURL.adminAudit.path), rows: rows,
            pager: Pager(page: pageNumber, pageSize: UsersPage.pageSize, total: total, path: SiteURL.adminAudit.path))
    }
}
