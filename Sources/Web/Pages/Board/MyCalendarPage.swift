import Database
import Domain
import Foundation

/// "Min kalender" (`SiteURL.myCalendar`): a board member's personal calendar feed. The URL is
/// secret and stored only as a hash, so it is shown once, when it is made or renewed.
enum MyCalendarPage {
    static let template = "my_calendar"
    static let confirmTemplate = ConfirmActionPage.template

    struct Model: Encodable {
        let page: PageInfo
        let hasFeed: Bool
        let createdAt: String
        let newURL: String?
        let createAction: String
        let renewURL: String
        let publicURL: String
    }

    static func build(created: Date?, newURL: String?, baseURL: String, viewer: Viewer) -> Model {
        Model(
            page: PageInfo(title: "Min kalender", viewer: viewer, path: SiteURL.myCalendar.path),
            hasFeed: created != nil,
            createdAt: created.map { "\(DanishFormat.longDate($0)) kl. \(DanishFormat.time($0))" } ?? "",
            newURL: newURL, createAction: SiteURL.myCalendar.path, renewURL: SiteURL.myCalendarRenew.path,
            publicURL: baseURL + SiteURL.calendar.path)
    }

    static func confirm(viewer: Viewer) -> ConfirmActionPage.Model {
        ConfirmActionPage.build(
            title: "Forny kalenderadressen?", heading: "Forny kalenderadressen?",
            lead: "Du får en ny hemmelig adresse til din personlige kalender.",
            happens: [
                "Den gamle adresse holder op med at virke med det samme: kalendere, der abonnerer på den, får ikke flere opdateringer.",
                "Den nye adresse vises én gang. Abonnér på den i din kalender.",
            ], told: [], action: SiteURL.myCalendarRenew.path, fields: [], confirmLabel: "Ja, forny adressen",
            cancel: SiteURL.myCalendar.path, path: SiteURL.myCalendar.path, viewer: viewer)
    }
}
