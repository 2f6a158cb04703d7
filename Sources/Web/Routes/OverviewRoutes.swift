import Database
import Domain
import Foundation
import Hummingbird

/// The secretariat's overview: cases by state, what is late (material, the 10 working days, the
/// responsum), the pipeline of the coming quarters, and the recommendations' follow-up status per
/// project; filtered by year and region.
struct OverviewRoutes {
    let app: AppServices

    func addRoutes(to router: SiteRouter) {
        router.requiring(.readOverview).get(.overview) { request, context in try await self.overview(request, context) }
    }

    struct Model: Encodable {
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        struct StateCount: Encodable {
            let state: String
            let count: Int
        }
        struct LateRow: Encodable {
            let href: String
            let project: String
            let kind: String
            let text: String
        }
        struct Quarter: Encodable {
            let label: String
            let rows: [AnnualReport.ActivityRow]
        }
        struct FollowRow: Encodable {
            let project: String
            let year: Int
            let cells: [Int]
            let total: Int
        }
        let page: PageInfo
        let overviewURL: String
        let years: [Option]
        let regions: [Option]
        let states: [StateCount]
        let caseCount: Int
        let late: [LateRow]
        let hasLate: Bool
        let quarters: [Quarter]
        let hasPipeline: Bool
        let statuses: [String]
        let followUps: [FollowRow]
        let hasFollowUps: Bool
        let filtered: Bool
    }

    func overview(_ request: Request, _ context: AppContext) async throws -> HTML {
        let year = Int(request.uri.queryParameters.get("aar") ?? "")
        let region = request.uri.queryParameters.get("region").map { String($0) }.flatMap { LeadingBodies.regions.contains($0) ? $0 : nil }
        let repo = OverviewRepository(pool: app.pool)
        let calendar = DanishFormat.calendar
        func inYear(_ date: Date?) -> Bool { year == nil || date.map { calendar.component(.year, from: $0) == year } == true }
        func inRegion(_ bodies: [String]) -> Bool { region == nil || bodies.contains(region!) }

        let allCases = try await repo.cases()
        let cases = allCases.filter { inYear($0.submittedAt) && inRegion($0.leadingBodies) }
        let today = calendar.dateComponents([.year, .month, .day], from: Date())
        let late = cases.compactMap { c -> Model.LateRow? in
            guard let l = CaseDeadlines.late(
                state: c.state, materialDeadline: c.materialDeadline.map(CaseRoutes.day),
                materialReceived: c.materialReceived.map { calendar.dateComponents([.year, .month, .day], from: $0) },
                responsumDue: c.responsumDue.map(CaseRoutes.day), today: today)
            else { return nil }
            return .init(href: SiteURL.caseDetail(.value(c.id)).path, project: c.project, kind: l.kind, text: l.danishDescription)
        }
        // The coming four quarters, from the activities expected (as Tabel 1's pipeline).
        let now = calendar.dateComponents([.year, .month], from: Date())
        var quarterKeys: [(Int, Int)] = []
        var (y, q) = (now.year!, (now.month! - 1) / 3 + 1)
        for _ in 0..<4 {
            quarterKeys.append((y, q))
            (y, q) = q == 4 ? (y + 1, 1) : (y, q + 1)
        }
        let activities = try await CouncilRepository(pool: app.pool).activities(leaderID: nil)
            .filter { $0.monthDone == nil && inRegion($0.leadingBodies) }
        let quarters = quarterKeys.map { key in
            Model.Quarter(label: "\(key.1). kvartal \(key.0)", rows: activities.filter { $0.expectedYear == key.0 && $0.expectedQuarters.contains(key.1) }.map {
                AnnualReport.row($0, when: quarterLabel(year: key.0, quarters: $0.expectedQuarters))
            })
        }
        // Follow-up per project (and the year its letter was sent).
        var follow: [String: (year: Int, cells: [Int])] = [:]
        var order: [String] = []
        for r in try await repo.followUps() where inYear(r.sentAt) && inRegion(r.leadingBodies) {
            let key = r.project
            if follow[key] == nil { order.append(key); follow[key] = (calendar.component(.year, from: r.sentAt), FollowUpStatus.allCases.map { _ in 0 }) }
            follow[key]!.cells[FollowUpStatus.allCases.firstIndex(of: r.status)!] += r.count
        }
        let allYears = Set(allCases.compactMap { $0.submittedAt.map { calendar.component(.year, from: $0) } }).sorted(by: >)
        return try app.views.render("overview", Model(
            page: PageInfo(title: "Overblik over It-rådets sager", context: context, path: SiteURL.overview.path),
            overviewURL: SiteURL.overview.path,
            years: allYears.map { .init(value: String($0), name: String($0), selected: $0 == year) },
            regions: LeadingBodies.regions.map { .init(value: $0, name: $0, selected: $0 == region) },
            states: CaseState.allCases.filter { $0 != .kladde }.map { s in .init(state: s.danishName, count: cases.filter { $0.state == s }.count) },
            caseCount: cases.count, late: late, hasLate: !late.isEmpty, quarters: quarters, hasPipeline: quarters.contains { !$0.rows.isEmpty },
            statuses: FollowUpStatus.allCases.map(\.danishName),
            followUps: order.map { .init(project: $0, year: follow[$0]!.year, cells: follow[$0]!.cells, total: follow[$0]!.cells.reduce(0, +)) },
            hasFollowUps: !order.isEmpty, filtered: year != nil || region != nil))
    }
}
