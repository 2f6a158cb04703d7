import Database
import Domain
import Foundation
import Hummingbird

/// The board book of a meeting (`SiteURL.meetingBook`): anyone who may see the meeting gets the
/// book of what they may see (the public: no confidential item; an excluded member: not the items
/// they are excluded from). See `BoardBook`.
struct BoardBookRoutes {
    let app: AppServices

    func addRoutes(to router: SiteRouter) {
        router.get(.meetingBook(.key)) { request, context in try await self.book(request, context) }
    }

    func book(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self),
            let meeting = try await app.board.meeting(id: id, includeDrafts: BoardAccess.mayReadDraft(context.roles))
        else { throw HTTPError(.notFound) }
        return try await BoardBook(app: app).respond(meeting: meeting, request: request, context: context)
    }
}
