import Database
import Domain
import Foundation

/// The form for a new annual report (`/aarsrapporter/ny`): title and years, last year's by default;
/// on an error the typed values are shown again.
enum NewReportPage {
    static let template = "report_new"

    struct Model: Encodable {
        let page: PageInfo
        let title: String
        let fromYear: String
        let toYear: String
        let error: String?
        let reportsURL = SiteURL.reports.path
        let newReportURL = SiteURL.newReport.path
    }

    static func build(viewer: Viewer, typed: FormData?, error: String?) -> Model {
        let year = DanishFormat.calendar.component(.year, from: viewer.now)
        return Model(
            page: PageInfo(title: "Ny årsrapport", viewer: viewer, path: SiteURL.reports.path),
            title: typed?["title"] ?? "Regionernes It-råd – Årsrapport \(year - 1)",
            fromYear: typed?["from_year"] ?? String(year - 1), toYear: typed?["to_year"] ?? String(year - 1), error: error)
    }
}
