import Database
import Domain
import Foundation

/// The editorial text of a draft report (`/aarsrapporter/{id}/rediger`): title, years, foreword,
/// themes and stories, each list with one empty row to add to. On an error the report holds what was typed.
enum EditReportPage {
    static let template = "report_form"

    struct Model: Encodable {
        struct Row: Encodable {
            let index: Int
            let title: String
            let body: String
        }
        let page: PageInfo
        let id: Int64
        let version: Int
        let title: String
        let fromYear: String
        let toYear: String
        let foreword: String
        let themes: [Row]
        let stories: [Row]
        let errors: ErrorSummary?
        let reportURL: String
        let editURL: String
    }

    static func build(_ r: AnnualReportRepository.Report, viewer: Viewer, errors: FormErrors) -> Model {
        func rows(_ sections: [AnnualReport.Section]) -> [Model.Row] {
            (sections + [AnnualReport.Section(title: "", body: "")]).enumerated().map {
                .init(index: $0.offset, title: $0.element.title, body: $0.element.body)
            }
        }
        return Model(
            page: PageInfo(title: "Redigér årsrapporten", viewer: viewer, path: SiteURL.reports.path), id: r.id, version: r.version,
            title: r.title, fromYear: String(r.fromYear), toYear: String(r.toYear), foreword: r.foreword,
            themes: rows(r.themes), stories: rows(r.stories), errors: ErrorSummary(errors),
            reportURL: SiteURL.report(.value(r.id)).path, editURL: SiteURL.reportEdit(.value(r.id)).path)
    }
}
