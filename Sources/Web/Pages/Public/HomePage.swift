import Database
import Domain
import Foundation

/// The front page (`/`): the next board meeting, shortcuts by role, what awaits the reader in the
/// council's process (the secretariat's new requests, the board secretariat's proposals to decide)
/// and a board member's unread items.
enum HomePage {
    static let template = "home"

    struct Model: Encodable {
        struct Shortcut: Encodable {
            let title: String
            let href: String
            let text: String
        }
        let page: PageInfo
        let firstName: String?
        let nextMeeting: BoardPage.MeetingRow?
        let shortcuts: [Shortcut]
        let unread: [Link]?
        let hasUnreadList: Bool
        let allRead: Bool
        let tasks: [Link]
        let hasTasks: Bool
        let meetingsURL = SiteURL.meetings.path
        /// A board member's calendar feeds and notes (nil for others).
        let boardMember: BoardMemberLinks?
        let loginURL = SiteURL.login.path
    }

    struct BoardMemberLinks: Encodable {
        let calendarURL = SiteURL.calendar.path
        let myCalendarURL = SiteURL.myCalendar.path
        let myNotesURL = SiteURL.myNotes.path
    }

    struct Link: Encodable {
        let href: String
        let text: String
        /// A task's due date ("frist 1. juni 2027", or "ingen fast frist"); nil for links that are not tasks.
        var due: String? = nil
    }

    /// What the front page reads for the viewer; each list is read only for the roles it is shown to.
    struct Data: Sendable {
        var nextMeeting: Meeting?
        var awaiting: [CaseRepository.Task] = []
        var newRequests: [RequestRepository.Request] = []
        var openProposals: [AnnualReportRepository.Proposal] = []
        /// A board member's unread items on the coming agendas (nil for others).
        var unread: [(meeting: Meeting, number: Int, title: String)]?
    }

    static func query(_ pool: ConnectionPool, viewer: Viewer) async throws -> Data {
        let roles = viewer.roles
        let board = BoardRepository(pool: pool)
        var data = Data(nextMeeting: try await board.nextMeeting(includeDrafts: roles.contains(.boardSecretariat), after: viewer.now))
        if let user = viewer.user, !roles.isDisjoint(with: [.projectLeader, .secretariat, .councilMember, .assessor, .director]) {
            data.awaiting = try await CaseRepository(pool: pool).awaiting(userID: user.id, roles: roles)
        }
        if roles.contains(.secretariat) {
            data.newRequests = try await RequestRepository(pool: pool).list(requestedBy: nil, status: .new)
        }
        if roles.contains(.boardSecretariat) {
            data.openProposals = try await AnnualReportRepository(pool: pool).openProposals(meetingID: nil)
        }
        if roles.contains(.boardMember), let user = viewer.user {
            data.unread = try await board.unread(userID: user.id, reader: ItemReader(user: user), from: viewer.now)
        }
        return data
    }

    static func build(_ data: Data, viewer: Viewer) -> Model {
        let roles = viewer.roles
        var shortcuts: [Model.Shortcut] = []
        if BoardAccess.mayReadConfidential(roles) {
            shortcuts.append(
                .init(
                    title: "Bestyrelsens dagsordener", href: SiteURL.meetings.path,
                    text: "Læs dagsordenerne i deres helhed, også de fortrolige punkter."))
        } else {
            shortcuts.append(
                .init(
                    title: "Bestyrelsens dagsordener", href: SiteURL.meetings.path,
                    text: "Læs de offentlige punkter på Danske Regioners bestyrelsesmøder."))
        }
        if CouncilAccess.usesCouncil(roles) {
            shortcuts.append(
                .init(
                    title: roles.contains(.projectLeader) && !CouncilAccess.seesAllProjects(roles) ? "Mine projekter" : "It-rådets projekter",
                    href: SiteURL.projects.path, text: "Projekter, risikovurderinger og sparringsmøder i Regionernes It-råd."))
        }
        if roles.contains(.admin) {
            shortcuts.append(.init(title: "Brugere", href: SiteURL.adminUsers.path, text: "Opret brugere, tildel roller og nulstil adgangskoder."))
            shortcuts.append(.init(title: "Auditlog", href: SiteURL.adminAudit.path, text: "Hvem gjorde hvad og hvornår."))
        }
        // What awaits the user in the council's process; the secretariat answers the projects'
        // requests; the board secretariat decides the council's proposals for the agenda.
        var tasks = data.awaiting.map {
            Link(
                href: SiteURL.caseDetail(.value($0.caseID)).path, text: "\($0.what): \($0.project)",
                due: $0.due.map { "frist \(DanishFormat.longDate(MaterialBox.dayDate($0)))" } ?? "ingen fast frist")
        }
        tasks += data.newRequests.map {
            Link(
                href: SiteURL.request(.value($0.id)).path,
                text: "Besvar anmodning om \($0.kind == .sparring ? "sparringsmøde" : "risikovurdering"): \($0.projectName)",
                due: "ingen fast frist")
        }
        tasks += data.openProposals.map {
            Link(
                href: SiteURL.meeting(.value($0.meetingID)).path,
                text:
                    "Tag stilling til forslag fra It-rådet: \($0.reportTitle) til \($0.meetingTitle.lowercased()) \(DanishFormat.longDate($0.meetingStartsAt))",
                due: "frist \(DanishFormat.longDate($0.meetingStartsAt))")
        }
        let firstName = viewer.user.map { String($0.fullName.split(separator: " ").first ?? "") }.flatMap { $0.isEmpty ? nil : $0 }
        let unread = data.unread?.map {
            Link(
                href: SiteURL.agendaItem(meeting: .value($0.meeting.id), number: .value($0.number)).path,
                text: "\($0.number). \($0.title) (\(DanishFormat.shortDate($0.meeting.startsAt)))")
        }
        return Model(
            page: PageInfo(title: "Forside", viewer: viewer, path: SiteURL.home.path), firstName: firstName,
            nextMeeting: data.nextMeeting.map { BoardPage.row($0, now: viewer.now) }, shortcuts: shortcuts, unread: unread,
            hasUnreadList: unread != nil, allRead: unread?.isEmpty ?? false, tasks: tasks,
            hasTasks: !tasks.isEmpty, boardMember: roles.contains(.boardMember) ? BoardMemberLinks() : nil)
    }
}
