import Database
import Domain
import Foundation

/// The public pages, for search engines (`/sitemap.xml`): what anyone may read without logging in,
/// and nothing else (confidential items, drafts and logged-in pages are never listed).
enum Sitemap {
    struct Data: Sendable {
        let meetings: [Meeting]
        let publicItems: [(meetingID: Int64, number: Int)]
        let reports: [AnnualReportRepository.Summary]
    }

    /// Published meetings, their public items and the published reports (one query each, however many there are).
    static func query(_ pool: ConnectionPool) async throws -> Data {
        let board = BoardRepository(pool: pool)
        return Data(
            meetings: try await board.meetings(includeDrafts: false), publicItems: try await board.publicItems(),
            reports: try await AnnualReportRepository(pool: pool).list(publishedOnly: true))
    }

    /// The XML document, with every path after `base` (the site's public address).
    static func build(_ data: Data, base: String) -> String {
        var paths = [SiteURL.home, .meetings, .council, .councilModel, .library, .reports, .accessibility, .privacyPolicy].map(\.path)
        paths += data.meetings.map { SiteURL.meeting(.value($0.id)).path }
        paths += data.publicItems.map { SiteURL.agendaItem(meeting: .value($0.meetingID), number: .value($0.number)).path }
        paths += data.reports.map { SiteURL.report(.value($0.id)).path }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            \(paths.map { "  <url><loc>\(HTMLEscape.escape(base + $0))</loc></url>" }.joined(separator: "\n"))
            </urlset>

            """
    }
}
