import Database
import Domain
import Foundation

/// The minutes (`SiteURL.minutes`): each item's decision, confidential decisions
/// only for those who may read them.
enum MinutesPage {
    static let template = "minutes"

    struct Model: Encodable {
        struct Decision: Encodable {
            let heading: String
            let title: String
            let withheld: Bool
            let decisionHTML: String?
            /// What of the item the demo invented, nil when nothing is (or it is withheld).
            let invented: String?
        }
        let page: PageInfo
        let meeting: BoardPage.MeetingRow
        let decisions: [Decision]
        let held: Bool
    }

    /// The items of `meeting` (already checked visible to `user`) as `user` may read them.
    static func query(_ pool: ConnectionPool, meeting: Meeting, user: User?) async throws -> [AgendaEntry] {
        try await BoardRepository(pool: pool).fullAgenda(
            meetingID: meeting.id, reader: ItemReader(user: user))
    }

    static func build(_ meeting: Meeting, _ entries: [AgendaEntry], viewer: Viewer) -> Model {
        let decisions = entries.map { entry -> Model.Decision in
            switch entry {
            case .withheld(let n):
                return .init(
                    heading: AgendaItemHeading.label(number: n, confidential: true), title: "", withheld: true, decisionHTML: nil, invented: nil)
            case .readable(let item):
                return .init(
                    heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential), title: item.title,
                    withheld: false, decisionHTML: item.decision.isEmpty ? nil : RichText.html(item.decision), invented: item.invented)
            }
        }
        return Model(
            page: PageInfo(
                title: "Referat – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))", viewer: viewer, path: SiteURL.meetings.path),
            meeting: BoardPage.row(meeting, now: viewer.now), decisions: decisions, held: meeting.status == .held)
    }
}
