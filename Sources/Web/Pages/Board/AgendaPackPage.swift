import Database
import Domain
import Foundation

/// The agenda pack (`SiteURL.meetingPack`): one print-ready page per meeting, a table of
/// contents, then every item in order with its sections, sub-topics and attachments.
enum AgendaPackPage {
    static let template = "agenda_pack"

    struct Model: Encodable {
        struct PackItem: Encodable {
            let anchor: String
            let heading: String
            let withheld: Bool
            let title: String
            let caseNumber: String
            let caseOfficer: String
            /// What of the item the demo invented, nil when nothing is (or it is withheld).
            let invented: String?
            let sections: [BoardPage.Section]
            let subtopics: [BoardPage.SubtopicView]
            let attachments: [BoardPage.AttachmentRow]
        }
        let page: PageInfo
        let meeting: BoardPage.MeetingRow
        let items: [PackItem]
        let mayReadConfidential: Bool
    }

    struct Loaded {
        let meeting: Meeting
        let entries: [AgendaEntry]
        let files: [Int64: [AttachmentRepository.Info]]
        let subtopics: [Int64: [Subtopic]]
    }

    /// The pack of `meeting` (already checked visible to `user`).
    static func query(_ pool: ConnectionPool, meeting: Meeting, user: User?) async throws -> Loaded {
        let reader = ItemReader(user: user)
        let board = BoardRepository(pool: pool)
        let entries = try await board.fullAgenda(meetingID: meeting.id, reader: reader)
        let files = try await AttachmentRepository(pool: pool).listForMeeting(meetingID: meeting.id, reader: reader)
        let subtopics = try await board.subtopics(meetingID: meeting.id, reader: reader)
        return Loaded(meeting: meeting, entries: entries, files: files, subtopics: subtopics)
    }

    static func build(_ data: Loaded, viewer: Viewer) -> Model {
        let meeting = data.meeting
        let items = data.entries.map { entry -> Model.PackItem in
            switch entry {
            case .withheld(let n):
                return .init(
                    anchor: "punkt-\(n)", heading: AgendaItemHeading.label(number: n, confidential: true), withheld: true,
                    title: "", caseNumber: "", caseOfficer: "", invented: nil, sections: [], subtopics: [], attachments: [])
            case .readable(let item):
                return .init(
                    anchor: "punkt-\(item.number)", heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential),
                    withheld: false, title: item.title, caseNumber: item.caseNumber, caseOfficer: item.caseOfficer, invented: item.invented,
                    sections: BoardPage.sections(of: item, withDecision: meeting.minutesStatus.showsDecisions(to: viewer.roles)),
                    subtopics: BoardPage.SubtopicView.list(data.subtopics[item.id] ?? []),
                    attachments: BoardPage.attachmentRows(data.files[item.id] ?? []))
            }
        }
        return Model(
            page: PageInfo(
                title: "Dagsordenspakke – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))", viewer: viewer, path: SiteURL.meetings.path),
            meeting: BoardPage.row(meeting, now: viewer.now), items: items, mayReadConfidential: BoardAccess.mayReadConfidential(viewer.roles))
    }
}
