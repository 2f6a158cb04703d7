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
        /// The minutes' state, attendance, approval and comments (sql/025); nil only in tests
        /// that build the page without it.
        let cycle: MinutesCycleView?
        /// Whether the decisions are shown to this reader (the public reads them once approved).
        let decisionsShown: Bool
        /// The approval line a printed copy carries, »Godkendt den …«.
        let approvedText: String?
    }

    /// The meeting's cycle (attendance, minutes state, comments) for the minutes page.
    static func cycleQuery(_ pool: ConnectionPool, meeting: Meeting) async throws -> MeetingCycleRepository.Cycle? {
        try await MeetingCycleRepository(pool: pool).cycle(meetingID: meeting.id)
    }

    /// The items of `meeting` (already checked visible to `user`) as `user` may read them.
    static func query(_ pool: ConnectionPool, meeting: Meeting, user: User?) async throws -> [AgendaEntry] {
        try await BoardRepository(pool: pool).fullAgenda(
            meetingID: meeting.id, reader: ItemReader(user: user))
    }

    static func build(
        _ meeting: Meeting, _ entries: [AgendaEntry], cycle: MeetingCycleRepository.Cycle? = nil, message: String? = nil, viewer: Viewer
    ) -> Model {
        let view = cycle.map { MinutesCycleView(meeting, $0, viewer: viewer, message: message) }
        let shown = view?.showsContent ?? true
        let decisions = entries.map { entry -> Model.Decision in
            switch entry {
            case .withheld(let n):
                return .init(
                    heading: AgendaItemHeading.label(number: n, confidential: true), title: "", withheld: true, decisionHTML: nil, invented: nil)
            case .readable(let item):
                return .init(
                    heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential), title: item.title,
                    withheld: false, decisionHTML: item.decision.isEmpty || !shown ? nil : RichText.html(item.decision), invented: item.invented)
            }
        }
        return Model(
            page: PageInfo(
                title: "Referat – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))", viewer: viewer, path: SiteURL.meetings.path),
            meeting: BoardPage.row(meeting, now: viewer.now), decisions: decisions,
            held: MeetingCycle.minutesOpen(meeting.status, startsAt: meeting.startsAt, now: viewer.now), cycle: view, decisionsShown: shown,
            approvedText: view?.approvedText)
    }
}
