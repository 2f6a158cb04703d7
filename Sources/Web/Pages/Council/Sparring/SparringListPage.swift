import Database
import Domain
import Foundation

/// The sparring meetings (`/raadet/sparring`), a page at a time: all of them for the council and
/// its secretariat, a project leader's own projects' for a project leader.
enum SparringListPage {
    static let template = "sparring_list"
    static let pageSize = 25

    struct Model: Encodable {
        struct Row: Encodable {
            let href: String
            let project: String
            let date: String
            let state: String
            let topic: String
            /// What the demo invented (`partials/invented_what`); nil for what is real.
            let invented: String?
        }
        let page: PageInfo
        let rows: [Row]
        let pager: Pager
        let canPlan: Bool
        let newSparringURL: String
        let notice: String?
    }

    /// The council and its secretariat see every meeting; a project leader those of their projects.
    static func seesAll(_ user: User) -> Bool { user.has(.secretariat) || user.has(.councilMember) || user.has(.admin) }

    static func query(_ sparring: SparringRepository, user: User, pageNumber: Int) async throws -> (
        meetings: [SparringRepository.Meeting], total: Int
    ) {
        try await sparring.list(leaderID: seesAll(user) ? nil : user.id, offset: (pageNumber - 1) * pageSize, limit: pageSize)
    }

    static func build(_ result: (meetings: [SparringRepository.Meeting], total: Int), pageNumber: Int, viewer: Viewer) -> Model {
        Model(
            page: PageInfo(title: "Sparringsmøder", viewer: viewer, path: SiteURL.sparring.path),
            rows: result.meetings.map {
                .init(
                    href: SiteURL.sparringMeeting(.value($0.id)).path, project: $0.projectName, date: SparringMeetingPage.date($0),
                    state: $0.isHeld ? "Holdt" : "Planlagt", topic: $0.topic, invented: $0.inventedNote)
            },
            pager: Pager(page: pageNumber, pageSize: pageSize, total: result.total, path: SiteURL.sparring.path),
            canPlan: viewer.councilUser.has(.secretariat), newSparringURL: SiteURL.newSparring.path, notice: nil)
    }
}
