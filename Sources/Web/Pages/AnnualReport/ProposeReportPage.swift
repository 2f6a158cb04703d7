import Database
import Domain
import Foundation

/// The form that proposes a published report for a coming board meeting (`/aarsrapporter/{id}/bestyrelse`).
enum ProposeReportPage {
    static let template = "report_propose"

    struct Model: Encodable {
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        let page: PageInfo
        let id: Int64
        let title: String
        let meetings: [Option]
        let caseNumber: String
        let error: String?
        let reportURL: String
        let boardURL: String
    }

    /// The board's meetings, drafts included (the builder keeps the coming ones).
    static func query(_ board: BoardRepository) async throws -> [Meeting] {
        try await board.meetings(includeDrafts: true)
    }

    static func build(_ r: AnnualReportRepository.Report, meetings: [Meeting], viewer: Viewer, typed: FormData?, error: String?) -> Model {
        let coming = meetings.filter { $0.status != .held && $0.startsAt > viewer.now }
        return Model(
            page: PageInfo(title: "Send årsrapporten til bestyrelsen", viewer: viewer, path: SiteURL.reports.path), id: r.id, title: r.title,
            meetings: coming.map {
                .init(value: String($0.id), name: "\($0.title) \(DanishFormat.longDate($0.startsAt))", selected: typed?["meeting"] == String($0.id))
            },
            caseNumber: typed?["case_number"] ?? "", error: error,
            reportURL: SiteURL.report(.value(r.id)).path, boardURL: SiteURL.reportBoard(.value(r.id)).path)
    }
}
