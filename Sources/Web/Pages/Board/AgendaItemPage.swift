import Database
import Domain
import Foundation

/// One agenda item (`SiteURL.agendaItem`): its sections, decision, attachments,
/// sub-topics and status note; a board member's read mark and own note; the secretariat's tools.
enum AgendaItemPage {
    static let template = "agenda_item"

    struct Model: Encodable {
        /// The page's forms and links.
        struct URLs: Encodable {
            let edit: String
            let attachments: String
            let decision: String
            let read: String
            let note: String
            let exclusions: String
        }
        let page: PageInfo
        let itemID: Int64
        let urls: URLs
        let secretariat: Bool
        let isBoardMember: Bool
        let read: Bool
        /// What changed since the board member marked the item read (nil: nothing, or not read).
        let changedSinceRead: ChangedSinceRead?
        let note: String?
        let noteSaved: Bool
        let decision: String
        let meeting: BoardPage.MeetingRow
        let heading: String
        let title: String
        let confidential: Bool
        let caseNumber: String
        let caseOfficer: String
        /// What of the item the demo invented (printed after the marker), nil when nothing is.
        let invented: String?
        let sections: [BoardPage.Section]
        let decisionHTML: String?
        let attachments: [BoardPage.AttachmentRow]
        let hasAttachments: Bool
        let statusNote: BoardPage.StatusNoteView?
        let subtopics: [BoardPage.SubtopicView]
        let attachmentNotice: String?
        let attachmentError: String?
        let maxUpload: String
    }

    struct Loaded {
        struct StatusNote {
            let version: StatusNoteRepository.Version
            let current: [StatusSection]
            let previous: [StatusSection]?
            let previousDated: Date?
        }
        let meeting: Meeting
        let item: AgendaItem
        let attachments: [AttachmentRepository.Info]
        let statusNote: StatusNote?
        /// A board member's read mark and note (false and nil for everyone else).
        let read: Bool
        let note: String?
        let subtopics: [Subtopic]
        /// What the item said when the member marked it read, and now, when they differ.
        var changes: (readAt: Date, then: ItemText, now: ItemText)? = nil
    }

    enum Found {
        case page(Loaded)
        /// The item is confidential and the reader may not read it (the handler logs the attempt).
        case withheld
        case notFound
    }

    static func query(_ pool: ConnectionPool, meetingID id: Int64, number: Int, user: User?) async throws -> Found {
        let roles = user?.roles ?? []
        let board = BoardRepository(pool: pool)
        guard let meeting = try await board.meeting(id: id, includeDrafts: roles.contains(.boardSecretariat)) else { return .notFound }
        // A confidential item answers 404 to those who may not read it: no hint that it exists.
        let found = try await board.item(
            meetingID: id, number: number, includeDrafts: roles.contains(.boardSecretariat),
            reader: ItemReader(user: user))
        guard case .readable(let item) = found else {
            if case .withheld = found { return .withheld }
            return .notFound
        }
        let attachments = try await AttachmentRepository(pool: pool).list(itemID: item.id)
        var statusNote: Loaded.StatusNote? = nil
        let notes = StatusNoteRepository(pool: pool)
        if let versionID = try await notes.versionID(forItem: item.id), let version = try await notes.version(id: versionID) {
            let (current, previous, previousDated) = try await notes.sectionsWithPrevious(versionID: versionID)
            statusNote = .init(version: version, current: current, previous: previous, previousDated: previousDated)
        }
        var read = false
        var note: String? = nil
        var changes: (readAt: Date, then: ItemText, now: ItemText)? = nil
        if roles.contains(.boardMember), let user {
            read = try await board.readItemIDs(userID: user.id, meetingID: id).contains(item.id)
            note = try await board.note(userID: user.id, itemID: item.id)
            if read { changes = try await board.changesSinceRead(userID: user.id, itemID: item.id) }
        }
        var loaded = Loaded(
            meeting: meeting, item: item, attachments: attachments, statusNote: statusNote, read: read, note: note,
            subtopics: try await board.subtopics(itemID: item.id))
        loaded.changes = changes
        return .page(loaded)
    }

    /// `message`: the `besked` of the URL (a note saved, an attachment added or refused).
    static func build(_ data: Loaded, viewer: Viewer, maxUploadBytes: Int, message: String?) -> Model {
        let (meeting, item) = (data.meeting, data.item)
        let (id, number) = (meeting.id, item.number)
        return Model(
            page: PageInfo(title: "\(item.number). \(item.title)", viewer: viewer, path: SiteURL.meetings.path),
            itemID: item.id,
            urls: .init(
                edit: SiteURL.itemEdit(.value(item.id)).path, attachments: SiteURL.itemAttachments(.value(item.id)).path,
                decision: SiteURL.itemDecision(.value(item.id)).path,
                read: SiteURL.agendaItemRead(meeting: .value(id), number: .value(number)).path,
                note: SiteURL.agendaItemNote(meeting: .value(id), number: .value(number)).path,
                exclusions: SiteURL.itemExclusions(.value(item.id)).path),
            secretariat: viewer.roles.contains(.boardSecretariat), isBoardMember: viewer.roles.contains(.boardMember), read: data.read,
            changedSinceRead: data.changes.flatMap { ChangedSinceRead(readAt: $0.readAt, then: $0.then, now: $0.now) }, note: data.note,
            noteSaved: message == "note", decision: item.decision,
            meeting: BoardPage.row(meeting, now: viewer.now), heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential),
            title: item.title, confidential: item.confidential, caseNumber: item.caseNumber, caseOfficer: item.caseOfficer, invented: item.invented,
            sections: BoardPage.sections(of: item, withDecision: false),
            decisionHTML: item.decision.isEmpty || !meeting.minutesStatus.showsDecisions(to: viewer.roles) ? nil : RichText.html(item.decision),
            attachments: BoardPage.attachmentRows(data.attachments), hasAttachments: !data.attachments.isEmpty,
            statusNote: data.statusNote.map {
                BoardPage.StatusNoteView(version: $0.version, current: $0.current, previous: $0.previous, previousDated: $0.previousDated)
            },
            subtopics: BoardPage.SubtopicView.list(data.subtopics),
            attachmentNotice: message == "bilag" ? "Bilaget er tilføjet." : nil,
            attachmentError: message == "bilag-type"
                ? "Filen blev afvist: den er ikke en \(FileKind.allowedDescription)-fil (typen afgøres af filens indhold, ikke kun navnet)."
                : message == "bilag-mangler"
                    ? "Vælg en fil, før du trykker »Tilføj bilag«." : message == "bilag-navn" ? UploadReceiver.badNameText : nil,
            maxUpload: UploadReceiver.label(maxUploadBytes))
    }
}
