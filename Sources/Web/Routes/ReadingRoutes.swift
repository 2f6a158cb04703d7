import Database
import Domain
import Foundation
import Hummingbird

/// A board member's reading aids beyond one item: "Mine noter", all of their private notes.
struct ReadingRoutes {
    let app: AppServices

    func addRoutes(to site: SiteRouter) {
        let router = site.requiring(.readAsBoardMember)
        router.get(.myNotes) { request, context in
            let user = try requireUser(context, request)
            let notes = try await app.board.notes(
                userID: user.id, reader: ItemReader(user: user), includeDrafts: BoardAccess.mayReadDraft(user.roles))
            return try app.views.render(MyNotesPage.template, MyNotesPage.build(notes, viewer: Viewer(context))).response(
                from: request, context: context)
        }
    }
}
