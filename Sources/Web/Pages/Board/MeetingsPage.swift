import Database
import Domain
import Foundation

/// The board's meetings (`SiteURL.meetings`): published meetings for everyone,
/// drafts too for the board secretariat.
enum MeetingsPage {
    static let template = "meetings"

    struct Model: Encodable {
        let page: PageInfo
        let meetings: [BoardPage.MeetingRow]
        let mayReadConfidential: Bool
        /// The board secretariat's »Nyt møde«, nil for everyone else.
        let newMeetingURL: String?
        /// The public iCalendar feed, and a board member's page for their personal feed.
        let calendarURL: String
        let myCalendarURL: String?
    }

    static func query(_ pool: ConnectionPool, user: User?) async throws -> [Meeting] {
        try await BoardRepository(pool: pool).meetings(includeDrafts: user?.roles.contains(.boardSecretariat) ?? false)
    }

    static func build(_ meetings: [Meeting], viewer: Viewer) -> Model {
        Model(
            page: PageInfo(
                title: "Bestyrelsesmøder", description: "Dagsordener for Danske Regioners bestyrelsesmøder",
                viewer: viewer, path: SiteURL.meetings.path),
            meetings: meetings.map { BoardPage.row($0, now: viewer.now) }, mayReadConfidential: BoardAccess.mayReadConfidential(viewer.roles),
            newMeetingURL: viewer.roles.contains(.boardSecretariat) ? SiteURL.newMeeting.path : nil, calendarURL: SiteURL.calendar.path,
            myCalendarURL: viewer.roles.contains(.boardMember) ? SiteURL.myCalendar.path : nil)
    }
}
