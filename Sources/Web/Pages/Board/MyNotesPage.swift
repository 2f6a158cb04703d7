import Database
import Domain
import Foundation

/// "Mine noter" (`SiteURL.myNotes`): all of a board member's private notes across meetings, each
/// with a link to its item. Only the author ever sees a note.
enum MyNotesPage {
    static let template = "my_notes"

    struct Model: Encodable {
        let page: PageInfo
        let meetings: [MeetingNotes]
        let hasNotes: Bool
        let count: String
    }

    struct MeetingNotes: Encodable {
        let heading: String
        let href: String
        let notes: [Note]
    }

    struct Note: Encodable {
        let href: String
        let heading: String
        let title: String
        let confidential: Bool
        let paragraphs: [String]
        let updated: String
    }

    static func build(_ entries: [BoardRepository.NoteEntry], viewer: Viewer) -> Model {
        var groups: [MeetingNotes] = []
        var order: [Int64] = []
        var byMeeting: [Int64: [BoardRepository.NoteEntry]] = [:]
        for e in entries {
            if byMeeting[e.meeting.id] == nil { order.append(e.meeting.id) }
            byMeeting[e.meeting.id, default: []].append(e)
        }
        for id in order {
            let list = byMeeting[id]!
            let m = list[0].meeting
            groups.append(
                MeetingNotes(
                    heading: "\(m.title) \(DanishFormat.longDate(m.startsAt))", href: SiteURL.meeting(.value(m.id)).path,
                    notes: list.map { e in
                        Note(
                            href: SiteURL.agendaItem(meeting: .value(m.id), number: .value(e.number)).path(fragment: "note"),
                            heading: AgendaItemHeading.label(number: e.number, confidential: e.confidential), title: e.title,
                            confidential: e.confidential,
                            paragraphs: e.body.split(separator: "\n", omittingEmptySubsequences: true).map {
                                String($0).trimmingWhitespace()
                            }.filter { !$0.isEmpty },
                            updated: "\(DanishFormat.longDate(e.updatedAt)) kl. \(DanishFormat.time(e.updatedAt))")
                    }))
        }
        return Model(
            page: PageInfo(title: "Mine noter", viewer: viewer, path: SiteURL.myNotes.path), meetings: groups, hasNotes: !entries.isEmpty,
            count: entries.count == 1 ? "1 note" : "\(entries.count) noter")
    }
}
