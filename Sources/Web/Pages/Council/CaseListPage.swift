import Database
import Domain
import Foundation

/// The council's case list (`/raadet/sager`): every case the viewer may see, with its state and
/// whose move it is. Query, then a pure builder; the handler only reads the notice and renders.
enum CaseListPage {
    static let template = "cases"

    struct Model: Encodable {
        struct Row: Encodable {
            let href: String
            let project: String
            let state: String
            let next: String
            let desired: String
            let shortNotice: Bool
            /// Whether the demo invented (some of) the case: the marker, the case page says what.
            let invented: Bool
        }
        let page: PageInfo
        let rows: [Row]
        let canIntake: Bool
        let intakeURL: String
        let notice: String?
    }

    /// The cases `user` may see: all for the council's own roles, the led and appointed ones for
    /// others, and what reaches a director (the same rule as the case page, `CasePolicy.maySee`).
    static func query(_ cases: CaseRepository, user: User) async throws -> [CaseRepository.Summary] {
        let roles = user.roles
        let all = !roles.isDisjoint(with: [.secretariat, .councilMember, .admin])
        var list = try await cases.list(leaderID: all || roles.contains(.director) || roles.contains(.assessor) ? nil : user.id)
        if !all && (roles.contains(.director) || roles.contains(.assessor)) {
            // The reader's own appointments are the only ones that matter for their own view.
            let mine = Set(try await cases.appointedCaseIDs(userID: user.id))
            list = list.filter { CasePolicy.maySee(user, $0.facts(appointed: mine.contains($0.id) ? [user.id] : [])) }
        }
        return list
    }

    static func build(_ list: [CaseRepository.Summary], viewer: Viewer, submitted: Bool) -> Model {
        Model(
            page: PageInfo(title: "Sager i It-rådet", viewer: viewer, path: SiteURL.cases.path),
            rows: list.map { c in
                Model.Row(
                    href: SiteURL.caseDetail(.value(c.id)).path, project: c.projectName, state: c.state.danishName,
                    next: c.state.nextActor?.danishName ?? "–", desired: c.desiredMonth.map(month) ?? "–", shortNotice: c.shortNotice,
                    invented: c.invented != nil)
            },
            canIntake: viewer.user?.may(.registerProjects) ?? false, intakeURL: SiteURL.intake.path,
            notice: submitted ? "Indmeldingen er sendt til rådssekretariatet." : nil)
    }

    /// A desired month as the intake wrote it ("marts 2027"); stored as its first day at UTC midnight.
    static func month(_ date: Date) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return YearMonth(year: c.year!, month: c.month!)?.description ?? ""
    }
}
