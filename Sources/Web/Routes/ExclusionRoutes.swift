import Database
import Domain
import Foundation
import Hummingbird

/// Exclusion from a confidential item (inhabilitet): the board secretariat's page to mark a board
/// member as excluded, with a reason, and to lift it. Every action is in the audit log.
struct ExclusionRoutes {
    let app: AppServices

    func addRoutes(to site: SiteRouter) {
        let router = site.requiring(.runBoard)
        router.get(.itemExclusions(.key)) { request, context in try await self.page(request, context) }
        router.post(.itemExclusions(.key)) { request, context in try await self.exclude(request, context) }
        router.post(.itemExclusionRemove(.key, member: .key)) { request, context in try await self.remove(request, context) }
    }

    func loadItem(_ context: AppContext) async throws -> AgendaItem {
        guard BoardAccess.mayManageExclusions(context.roles), let id = context.parameters.get("item", as: Int64.self),
            let (item, _) = try await app.board.itemForEditing(id: id)
        else { throw HTTPError(.notFound) }
        return item
    }

    func entry(_ context: AppContext, _ user: User, _ action: String, _ item: AgendaItem, _ detail: String) -> AuditRepository.Entry {
        .init(
            userID: user.id, username: user.username, action: action, objectType: "agenda_item", objectID: String(item.id), detail: detail,
            clientIP: context.clientIP)
    }

    static let messages = ["registreret": "Inhabiliteten er registreret.", "ophaevet": "Inhabiliteten er ophævet."]

    func page(_ request: Request, _ context: AppContext) async throws -> Response {
        let item = try await loadItem(context)
        let (exclusions, members) = (try await app.board.exclusions(itemID: item.id), try await app.board.excludableMembers())
        let message = Self.messages[request.queryForm["besked"]]
        return try app.views.render(
            ExclusionsPage.template,
            ExclusionsPage.build(item: item, exclusions: exclusions, members: members, viewer: Viewer(context), message: message)
        ).response(from: request, context: context)
    }

    func exclude(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let item = try await loadItem(context)
        let form = context.form ?? FormData()
        let members = try await app.board.excludableMembers()
        guard let (memberID, reason) = ExclusionsPage.read(member: form["member"], reason: form["reason"], members: members) else {
            let exclusions = try await app.board.exclusions(itemID: item.id)
            return try app.views.render(
                ExclusionsPage.template,
                ExclusionsPage.build(
                    item: item, exclusions: exclusions, members: members, viewer: Viewer(context), selected: form["member"],
                    reason: form["reason"], errors: ExclusionsPage.errors(member: form["member"], reason: form["reason"], members: members)),
                status: .badRequest
            ).response(from: request, context: context)
        }
        let name = members.first { $0.id == memberID }?.username ?? String(memberID)
        guard
            try await app.board.exclude(
                itemID: item.id, userID: memberID, reason: reason, by: user.id,
                audit: entry(context, user, "item.exclusion.added", item, "\(item.number). \(item.caseNumber): \(name)"))
        else { throw HTTPError(.notFound) }
        return .redirect(to: SiteURL.itemExclusions(.value(item.id)).path(query: [("besked", "registreret")]))
    }

    func remove(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let item = try await loadItem(context)
        guard let memberID = context.parameters.get("member", as: Int64.self),
            try await app.board.removeExclusion(
                itemID: item.id, userID: memberID,
                audit: entry(context, user, "item.exclusion.removed", item, "\(item.number). \(item.caseNumber): bruger \(memberID)"))
        else { throw HTTPError(.notFound) }
        return .redirect(to: SiteURL.itemExclusions(.value(item.id)).path(query: [("besked", "ophaevet")]))
    }
}
