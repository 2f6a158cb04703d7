import Database
import Domain
import Foundation

/// The annual reports (`/aarsrapporter`): the published ones for everyone, drafts too for their readers.
enum ReportListPage {
    static let template = "reports"

    struct Model: Encodable {
        struct Row: Encodable {
            let href: String
            let title: String
            let span: String
            let state: String
            /// What of the report the demo invented (`partials/invented_what`); nil for what is real.
            let invented: String?
        }
        let page: PageInfo
        let rows: [Row]
        let canCreate: Bool
        let newReportURL = SiteURL.newReport.path
        let questionnaireURL = SiteURL.evaluationQuestionnaire.path
    }

    static func mayReadDrafts(_ viewer: Viewer) -> Bool { viewer.user?.hasAny(ReportPage.draftReaders) ?? false }

    static func query(_ reports: AnnualReportRepository, viewer: Viewer) async throws -> [AnnualReportRepository.Summary] {
        try await reports.list(publishedOnly: !mayReadDrafts(viewer))
    }

    static func build(_ list: [AnnualReportRepository.Summary], viewer: Viewer) -> Model {
        let rows = list.map {
            Model.Row(
                href: SiteURL.report(.value($0.id)).path, title: $0.title,
                span: $0.fromYear == $0.toYear ? "\($0.toYear)" : "\($0.fromYear)–\($0.toYear)",
                state: $0.published ? "Offentliggjort " + ($0.publishedAt.map(DanishFormat.longDate) ?? "") : "Kladde", invented: $0.inventedNote)
        }
        return Model(
            page: PageInfo(title: "Årsrapporter for Regionernes It-råd", viewer: viewer, path: SiteURL.reports.path), rows: rows,
            canCreate: viewer.user?.has(.secretariat) ?? false)
    }
}
