import Database
import Domain
import Foundation

/// The audit log (`/admin/log`), newest first, fifty a page, in Danish: what was done ("Brevet er
/// sendt"), by whom and to what, by name; filtered by kind of object (and one object), person and
/// period, the filters kept on the page links.
enum AuditLogPage {
    static let template = "admin_audit"

    struct Model: Encodable {
        struct Row: Encodable {
            let at: String
            let person: String
            let action: String
            let code: String
            let object: String
            let detail: String
            let clientIP: String
        }
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        let page: PageInfo
        let auditURL: String
        let rows: [Row]
        let hasRows: Bool
        let pager: Pager
        let objectTypes: [Option]
        let people: [Option]
        let objectID: String
        let from: String
        let to: String
        let filtered: Bool
        let errors: ErrorSummary?
        let e: [String: String]
    }

    /// The filter as typed (kept in the form), the filter read from it, and what could not be read.
    struct Typed {
        var objectType = ""
        var objectID = ""
        var person = ""
        var from = ""
        var to = ""
    }

    static func read(_ query: FormData) -> (Typed, AuditRepository.Filter, FormErrors) {
        // A filter is a few characters; anything longer or holding a NUL is not one, and is not shown again.
        func field(_ name: String) -> String {
            let v = query[name].trimmingWhitespace()
            return v.count > 100 || v.contains("\u{0}") ? String(v.prefix(100)).replacingOccurrences(of: "\u{0}", with: "") : v
        }
        var typed = Typed()
        typed.objectType = field("objekt")
        typed.objectID = field("id")
        typed.person = field("person")
        typed.from = field("fra")
        typed.to = field("til")
        var filter = AuditRepository.Filter()
        var errors = FormErrors()
        if AuditText.objectTypes.contains(where: { $0.value == typed.objectType }) { filter.objectType = typed.objectType }
        if !typed.objectID.isEmpty {
            if typed.objectID.count <= 40, typed.objectID.allSatisfy(\.isNumber) {
                filter.objectID = typed.objectID
            } else {
                errors.add("id", "Skriv objektets nummer med cifre, fx 8.")
            }
        }
        filter.userID = Int64(typed.person)
        func day(_ text: String, _ field: String) -> String? {
            guard !text.isEmpty else { return nil }
            guard let d = DanishFormat.parseDay(text) else {
                errors.add(field, "Skriv datoen som dd.mm.åååå, fx 1.3.2026.")
                return nil
            }
            return String(format: "%04d-%02d-%02d", d.year!, d.month!, d.day!)
        }
        filter.from = day(typed.from, "fra")
        filter.to = day(typed.to, "til")
        if let from = filter.from, let to = filter.to, from > to { errors.add("til", "Perioden skal slutte samme dag som eller efter den begynder.") }
        return (typed, filter, errors)
    }

    static func query(_ audit: AuditRepository, filter: AuditRepository.Filter, pageNumber: Int) async throws
        -> (entries: [AuditRepository.NamedEntry], total: Int, people: [(id: Int64, name: String)])
    {
        let (entries, total) = try await audit.page(filter: filter, offset: (pageNumber - 1) * UsersPage.pageSize, limit: UsersPage.pageSize)
        return (entries, total, try await audit.people())
    }

    static func build(
        _ entries: [AuditRepository.NamedEntry], total: Int, people: [(id: Int64, name: String)], typed: Typed, errors: FormErrors,
        pageNumber: Int, viewer: Viewer
    ) -> Model {
        let rows = entries.map { named -> Model.Row in
            let e = named.entry
            var object = ""
            if !e.objectType.isEmpty {
                let kind = AuditText.objectType(e.objectType)
                object = named.objectName.map { "\(kind): \($0)" } ?? (e.objectID.isEmpty ? kind : "\(kind) nr. \(e.objectID)")
            }
            return Model.Row(
                at: DanishFormat.dateTime(e.at), person: named.actorName ?? (e.username.isEmpty ? "–" : e.username),
                action: AuditText.action(e.action), code: e.action, object: object, detail: e.detail, clientIP: e.clientIP)
        }
        let query = [("objekt", typed.objectType), ("id", typed.objectID), ("person", typed.person), ("fra", typed.from), ("til", typed.to)]
            .filter { !$0.1.isEmpty }.map { (name: $0.0, value: $0.1) }
        return Model(
            page: PageInfo(title: "Auditlog", viewer: viewer, path: SiteURL.adminAudit.path), auditURL: SiteURL.adminAudit.path, rows: rows,
            hasRows: !rows.isEmpty,
            pager: Pager(page: pageNumber, pageSize: UsersPage.pageSize, total: total, path: SiteURL.adminAudit.path, query: query),
            objectTypes: AuditText.objectTypes.map { .init(value: $0.value, name: $0.name, selected: $0.value == typed.objectType) },
            people: people.map { .init(value: String($0.id), name: $0.name, selected: String($0.id) == typed.person) },
            objectID: typed.objectID, from: typed.from, to: typed.to, filtered: !query.isEmpty, errors: ErrorSummary(errors),
            e: councilFieldErrors(errors))
    }
}
