import Database
import Domain
import Foundation

/// The secretariat's overview (`/raadet/overblik`): cases by state, what is late (material, the
/// 10 working days, the responsum), the pipeline of the coming quarters, and the recommendations'
/// follow-up status per project; filtered by year and region.
enum OverviewPage {
    static let template = "overview"

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
            /// What of the case the demo invented (`partials/invented_what`); nil for what is real.
            let invented: String?
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
            /// "opfølgningsstatus" when the statuses are the demo's; nil for what is real.
            let invented: String?
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

    struct Rows {
        let cases: [OverviewRepository.CaseRow]
        let activities: [CouncilActivity]
        let followUps: [OverviewRepository.FollowUpRow]
    }

    static func query(_ pool: ConnectionPool) async throws -> Rows {
        let repo = OverviewRepository(pool: pool)
        let cases = try await repo.cases()
        let activities = try await CouncilRepository(pool: pool).activities(leaderID: nil)
        return Rows(cases: cases, activities: activities, followUps: try await repo.followUps())
    }

    /// The filters as the reader chose them: a year, and one of the regions (anything else is no filter).
    static func filters(year: String?, region: String?) -> (year: Int?, region: String?) {
        (Int(year ?? ""), region.flatMap { LeadingBodies.regions.contains($0) ? $0 : nil })
    }

    static func build(_ data: Rows, viewer: Viewer, year: Int?, region: String?) -> Model {
        let calendar = DanishFormat.calendar
        func inYear(_ date: Date?) -> Bool { year == nil || date.map { calendar.component(.year, from: $0) == year } == true }
        func inRegion(_ bodies: [String]) -> Bool { region == nil || bodies.contains(region!) }

        let cases = data.cases.filter { inYear($0.submittedAt) && inRegion($0.leadingBodies) }
        let today = calendar.dateComponents([.year, .month, .day], from: viewer.now)
        let late = cases.compactMap { c -> Model.LateRow? in
            guard
                let l = CaseDeadlines.late(
                    state: c.state, materialDeadline: c.materialDeadline.map(MaterialBox.day),
                    materialReceived: c.materialReceived.map { calendar.dateComponents([.year, .month, .day], from: $0) },
                    responsumDue: c.responsumDue.map(MaterialBox.day), today: today)
            else { return nil }
            return .init(
                href: SiteURL.caseDetail(.value(c.id)).path, project: c.project, kind: l.kind, text: l.danishDescription, invented: c.invented)
        }
        // The coming four quarters, from the activities expected (as Tabel 1's pipeline).
        let now = calendar.dateComponents([.year, .month], from: viewer.now)
        var quarterKeys: [(Int, Int)] = []
        var (y, q) = (now.year!, (now.month! - 1) / 3 + 1)
        for _ in 0..<4 {
            quarterKeys.append((y, q))
            (y, q) = q == 4 ? (y + 1, 1) : (y, q + 1)
        }
        let activities = data.activities.filter { $0.monthDone == nil && inRegion($0.leadingBodies) }
        let quarters = quarterKeys.map { key in
            Model.Quarter(
                label: "\(key.1). kvartal \(key.0)",
                rows: activities.filter { $0.expectedYear == key.0 && $0.expectedQuarters.contains(key.1) }.map {
                    AnnualReport.row($0, when: quarterLabel(year: key.0, quarters: $0.expectedQuarters))
                })
        }
        // Follow-up per project (and the year its letter was sent).
        var follow: [String: (year: Int, cells: [Int], invented: Bool)] = [:]
        var order: [String] = []
        for r in data.followUps where inYear(r.sentAt) && inRegion(r.leadingBodies) {
            let key = r.project
            if follow[key] == nil {
                order.append(key)
                follow[key] = (calendar.component(.year, from: r.sentAt), FollowUpStatus.allCases.map { _ in 0 }, false)
            }
            follow[key]!.invented = follow[key]!.invented || r.invented
            follow[key]!.cells[FollowUpStatus.allCases.firstIndex(of: r.status)!] += r.count
        }
        let allYears = Set(data.cases.compactMap { $0.submittedAt.map { calendar.component(.year, from: $0) } }).sorted(by: >)
        return Model(
            page: PageInfo(title: "Overblik over It-rådets sager", viewer: viewer, path: SiteURL.overview.path),
            overviewURL: SiteURL.overview.path,
            years: allYears.map { .init(value: String($0), name: String($0), selected: $0 == year) },
            regions: LeadingBodies.regions.map { .init(value: $0, name: $0, selected: $0 == region) },
            states: CaseState.allCases.filter { $0 != .kladde }.map { s in .init(state: s.danishName, count: cases.filter { $0.state == s }.count) },
            caseCount: cases.count, late: late, hasLate: !late.isEmpty, quarters: quarters, hasPipeline: quarters.contains { !$0.rows.isEmpty },
            statuses: FollowUpStatus.allCases.map(\.danishName),
            followUps: order.map {
                .init(
                    project: $0, year: follow[$0]!.year, cells: follow[$0]!.cells, total: follow[$0]!.cells.reduce(0, +),
                    invented: follow[$0]!.invented ? "opfølgningsstatus" : nil)
            },
            hasFollowUps: !order.isEmpty, filtered: year != nil || region != nil)
    }
}
