import Database
import Domain
import Foundation

/// One sparring meeting (`/raadet/sparring/{id}`): when, who, the topic, and once held its minutes
/// (remarks and the council members' immediate recommendations). The handler has checked that the
/// reader may see it.
enum SparringMeetingPage {
    static let template = "sparring"

    struct Model: Encodable {
        struct Rec: Encodable {
            let number: Int
            let area: String
            let theme: String
            let html: String
        }
        let page: PageInfo
        let id: Int64
        let sparringListURL: String
        let minutesURL: String
        let project: String
        let date: String
        let held: Bool
        let topic: String?
        let participants: String
        /// What of the meeting the demo invented (`partials/invented_what`); nil for what is real.
        let invented: String?
        let remarksHTML: String?
        let recommendations: [Rec]
        let hasRecommendations: Bool
        let canWrite: Bool
        let notice: String?
    }

    /// The meeting's day: held, planned, the month it was done, or the quarters it is expected in.
    static func date(_ m: SparringRepository.Meeting) -> String {
        if let d = m.heldOn ?? m.plannedOn { return DanishFormat.longDate(d) }
        if let done = m.monthDone { return CaseListPage.month(done) }
        if let year = m.expectedYear, !m.expectedQuarters.isEmpty {
            return "Forventet " + m.expectedQuarters.map { "\($0). kvartal" }.joined(separator: "/") + " \(year)"
        }
        return "–"
    }

    static func build(_ m: SparringRepository.Meeting, viewer: Viewer, message: String?) -> Model {
        let notice: String? =
            switch message {
            case "planlagt": "Sparringsmødet er planlagt."
            case "referat": "Referatet er gemt. Mødet tæller nu som holdt i It-rådets aktiviteter."
            default: nil
            }
        return Model(
            page: PageInfo(title: "Sparringsmøde – \(m.projectName)", viewer: viewer, path: SiteURL.sparring.path), id: m.id,
            sparringListURL: SiteURL.sparring.path, minutesURL: SiteURL.sparringMinutes(.value(m.id)).path,
            project: m.projectName, date: date(m), held: m.isHeld, topic: m.topic.isEmpty ? nil : m.topic,
            participants: m.participants.map(\.name).joined(separator: ", "), invented: m.inventedNote,
            remarksHTML: m.remarks.isEmpty ? nil : RichText.html(m.remarks),
            recommendations: m.recommendations.enumerated().map {
                .init(number: $0.offset + 1, area: $0.element.focusArea.danishName, theme: $0.element.subTheme, html: RichText.html($0.element.body))
            }, hasRecommendations: !m.recommendations.isEmpty,
            canWrite: viewer.councilUser.has(.secretariat), notice: notice)
    }
}

/// The minutes of a sparring meeting (`/raadet/sparring/{id}/referat`), written by the secretariat:
/// the saved minutes, or what was typed with its errors (nothing typed is lost).
enum SparringMinutesPage {
    static let template = "sparring_minutes"

    struct Model: Encodable {
        let page: PageInfo
        let id: Int64
        let meetingURL: String
        let minutesURL: String
        let project: String
        let version: Int
        let heldOn: String
        let remarks: String
        /// What of the saved minutes the demo invented; nil for what is real.
        let invented: String?
        let rows: [RecommendationRows.Row]
        let errors: ErrorSummary?
        let e: [String: String]
    }

    struct Typed {
        var version: Int
        var heldOn: String
        var remarks: String
        var recommendations: [LetterRepository.Recommendation]
    }

    static func build(_ m: SparringRepository.Meeting, typed: Typed?, errors: FormErrors, viewer: Viewer) -> Model {
        Model(
            page: PageInfo(title: "Referat af sparringsmøde", viewer: viewer, path: SiteURL.sparring.path), id: m.id,
            meetingURL: SiteURL.sparringMeeting(.value(m.id)).path, minutesURL: SiteURL.sparringMinutes(.value(m.id)).path, project: m.projectName,
            version: typed?.version ?? m.version,
            heldOn: typed?.heldOn ?? (m.heldOn ?? m.plannedOn).map(DanishFormat.shortDate) ?? "",
            remarks: typed?.remarks ?? m.remarks, invented: m.inventedNote,
            rows: RecommendationRows.rows(typed?.recommendations ?? m.recommendations),
            errors: ErrorSummary(errors), e: councilFieldErrors(errors))
    }
}

extension SparringMeetingPage {
    /// The meeting, or nil for someone who may not see it (a project leader sees only their own projects').
    static func query(_ sparring: SparringRepository, id: Int64, user: User) async throws -> SparringRepository.Meeting? {
        guard let m = try await sparring.meeting(id: id), SparringListPage.seesAll(user) || (user.has(.projectLeader) && m.leaderID == user.id) else {
            return nil
        }
        return m
    }
}
