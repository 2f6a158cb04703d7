import Database
import Domain
import Foundation

/// A meeting's agenda (the public agenda page, the most read page): the meeting, its items as the
/// reader may see them (confidential ones withheld from readers without `BoardAccess`), a board
/// member's read marks, the changes since publication, and the board secretariat's tools.
/// The meeting, items, read marks and changes are one pipeline (`BoardRepository.agendaPage`).
enum MeetingPage {
    static let template = "meeting"

    struct Model: Encodable {
        /// An item as shown on the meeting page, with the reader's tools.
        struct Entry: Encodable {
            let row: BoardPage.ItemRow
            let read: Bool
            let editable: Bool
            let first: Bool
            let last: Bool
            /// The secretariat's tools for the item (empty for a withheld item, which has none).
            let editURL: String
            let moveURL: String
            let deleteURL: String
        }
        /// The page's links.
        struct URLs: Encodable {
            let meetings: String
            let pack: String
            /// The board book (PDF) of what the reader may see.
            let book: String
            let minutes: String
            let edit: String
            let newItem: String
            let statusNotes: String
            let status: String
            /// The confirmations before publishing and before marking the meeting held.
            let publish: String
            let held: String
        }
        let page: PageInfo
        let urls: URLs
        let meeting: BoardPage.MeetingRow
        let meetingID: Int64
        let items: [Entry]
        let hasItems: Bool
        let mayReadConfidential: Bool
        let secretariat: Bool
        let isBoardMember: Bool
        let canPublish: Bool
        let canMarkHeld: Bool
        /// »Offentliggøres automatisk …« while a draft's publishing is planned.
        let plannedNote: String?
        let changes: [Change]
        let hasChanges: Bool
        let notice: String?
        let proposals: [Proposal]
    }

    /// A proposal from the council's secretariat (an annual report) for the board secretariat to decide.
    struct Proposal: Encodable {
        let id: Int64
        let text: String
        let href: String
        let decideURL: String
    }

    struct Change: Encodable {
        let at: String
        let summary: String
    }

    struct Loaded {
        let agenda: BoardRepository.AgendaPage
        /// The open proposals for the meeting: loaded for the board secretariat only.
        let proposals: [AnnualReportRepository.Proposal]
        /// When a draft publishes itself (sql/025): loaded for the board secretariat only.
        var publishAt: Date? = nil
    }

    /// The meeting `id` as `user` may see it, nil when they may not (drafts are the board secretariat's).
    static func query(_ pool: ConnectionPool, meetingID id: Int64, user: User?) async throws -> Loaded? {
        let roles = user?.roles ?? []
        let secretariat = roles.contains(.boardSecretariat)
        guard
            let agenda = try await BoardRepository(pool: pool).agendaPage(
                meetingID: id, includeDrafts: secretariat, reader: ItemReader(user: user),
                readerID: roles.contains(.boardMember) ? user?.id : nil)
        else { return nil }
        let proposals = secretariat ? try await AnnualReportRepository(pool: pool).openProposals(meetingID: id) : []
        var loaded = Loaded(agenda: agenda, proposals: proposals)
        if secretariat && agenda.meeting.status == .draft {
            loaded.publishAt = try await MeetingCycleRepository(pool: pool).cycle(meetingID: id)?.publishAt
        }
        return loaded
    }

    /// `message`: the `besked` of the URL (what the secretariat's last action did).
    static func build(_ data: Loaded, viewer: Viewer, message: String?) -> Model {
        let roles = viewer.roles
        let secretariat = roles.contains(.boardSecretariat)
        let (meeting, entries, read, changes) = (data.agenda.meeting, data.agenda.entries, data.agenda.readItemIDs, data.agenda.changes)
        let id = meeting.id
        let row = BoardPage.row(meeting, now: viewer.now)
        let rows = entries.map { BoardPage.itemRow($0, meetingID: id) }
        let notice: String? =
            switch message {
            case "published": "Mødet er offentliggjort."
            case "held": "Mødet er markeret som afholdt."
            case "planlagt": "Offentliggørelsen er planlagt."
            case "slettet": "Punktet er slettet, og de følgende punkter er omnummereret."
            case "status-afvist": "Mødets status kunne ikke ændres."
            case "forslag-afvist": "Forslaget er afvist."
            case "forslag-lukket": "Forslaget er allerede behandlet, eller mødet er afholdt."
            case "forslag-pdf-dannes": "Årsrapportens PDF dannes stadig. Optag forslaget igen om et øjeblik."
            default: nil
            }
        let proposals = data.proposals.map {
            Proposal(
                id: $0.id,
                text: "\($0.reportTitle) (sag \($0.caseNumber), foreslået af \($0.proposedBy.isEmpty ? "rådssekretariatet" : $0.proposedBy))",
                href: SiteURL.report(.value($0.reportID)).path, decideURL: SiteURL.boardProposal(.value($0.id)).path)
        }
        return Model(
            page: PageInfo(
                title: "Dagsorden – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))",
                description: "Dagsorden for \(meeting.title.lowercased()) \(row.date)", viewer: viewer, path: SiteURL.meetings.path),
            urls: .init(
                meetings: SiteURL.meetings.path, pack: SiteURL.meetingPack(.value(id)).path, book: SiteURL.meetingBook(.value(id)).path,
                minutes: SiteURL.minutes(.value(id)).path,
                edit: SiteURL.meetingEdit(.value(id)).path, newItem: SiteURL.newAgendaItem(.value(id)).path,
                statusNotes: SiteURL.statusNotes.path, status: SiteURL.meetingStatus(.value(id)).path,
                publish: SiteURL.meetingPublish(.value(id)).path, held: SiteURL.meetingHeld(.value(id)).path),
            meeting: row, meetingID: id,
            items: rows.enumerated().map { i, r in
                Model.Entry(
                    row: r, read: read.contains(r.id), editable: secretariat, first: i == 0, last: i == rows.count - 1,
                    editURL: r.withheld ? "" : SiteURL.itemEdit(.value(r.id)).path,
                    moveURL: r.withheld ? "" : SiteURL.itemMove(.value(r.id)).path,
                    deleteURL: r.withheld ? "" : SiteURL.itemDelete(.value(r.id)).path)
            },
            hasItems: !entries.isEmpty, mayReadConfidential: BoardAccess.mayReadConfidential(roles), secretariat: secretariat,
            isBoardMember: roles.contains(.boardMember),
            canPublish: secretariat && meeting.status == .draft, canMarkHeld: secretariat && meeting.status == .published,
            plannedNote: data.publishAt.map { "Offentliggøres automatisk \(DanishFormat.dateTime($0))." },
            changes: changes.map { Change(at: DanishFormat.dateTime($0.at), summary: $0.summary) }, hasChanges: !changes.isEmpty,
            notice: notice, proposals: proposals)
    }
}
