import Database
import Domain
import Foundation

/// The board secretariat's meeting form: a new meeting (`SiteURL.newMeeting`) or an existing
/// one (`SiteURL.meetingEdit`), with the values as typed and their errors after a refused save.
enum MeetingFormPage {
    static let template = "meeting_form"

    /// The form's values as typed.
    struct Values: Encodable {
        var title = "Bestyrelsesmøde"
        var date = ""
        var start = "9.00"
        var end = "12.00"
        var place = "Danske Regioner, Dampfærgevej 22, 2100 København Ø"
        var version = 0
    }

    struct Model: Encodable {
        let page: PageInfo
        let meetingsURL: String
        let action: String
        let isNew: Bool
        let values: Values
        let errors: ErrorSummary?
        let titleError: String?
        let dateError: String?
        let startError: String?
        let endError: String?
        let placeError: String?
        let versionError: String?
        let published: Bool
    }

    /// The meeting `id` to edit (drafts included: the form is the board secretariat's).
    static func query(_ pool: ConnectionPool, meetingID id: Int64) async throws -> Meeting? {
        try await BoardRepository(pool: pool).meeting(id: id, includeDrafts: true)
    }

    /// A stored meeting as the form shows it.
    static func values(_ m: Meeting) -> Values {
        Values(
            title: m.title, date: DanishFormat.shortDate(m.startsAt), start: DanishFormat.clock(m.startsAt),
            end: m.endsAt.map(DanishFormat.clock) ?? "", place: m.place, version: m.version)
    }

    /// `meetingID`: nil for a new meeting; `published`: the meeting is no longer a draft (saving notifies the board).
    static func build(values: Values, errors: FormErrors, meetingID: Int64?, published: Bool, viewer: Viewer) -> Model {
        Model(
            page: PageInfo(title: meetingID == nil ? "Nyt møde" : "Ret mødet", viewer: viewer, path: SiteURL.meetings.path),
            meetingsURL: SiteURL.meetings.path,
            action: meetingID.map { SiteURL.meetingEdit(.value($0)).path } ?? SiteURL.meetings.path, isNew: meetingID == nil, values: values,
            errors: ErrorSummary(errors), titleError: errors["title"], dateError: errors["date"], startError: errors["start"],
            endError: errors["end"], placeError: errors["place"], versionError: errors["version"], published: published)
    }
}
