import Database
import Domain
import Foundation

/// The confirmation before a draft report is published (`/aarsrapporter/{id}/offentliggoer`).
enum PublishReportPage {
    static let template = "report_publish"

    struct Model: Encodable {
        let page: PageInfo
        let id: Int64
        let title: String
        let version: Int
        let error: String?
        let reportURL: String
        let publishURL: String
    }

    static func build(_ r: AnnualReportRepository.Report, viewer: Viewer, error: String?) -> Model {
        Model(
            page: PageInfo(title: "Offentliggør årsrapporten", viewer: viewer, path: SiteURL.reports.path), id: r.id, title: r.title,
            version: r.version, error: error, reportURL: SiteURL.report(.value(r.id)).path,
            publishURL: SiteURL.reportPublish(.value(r.id)).path)
    }
}
