import Database
import Domain
import Hummingbird

/// The council's projects and activities (Tabel 1). A project leader sees only their own projects.
struct CouncilRoutes {
    let app: AppServices

    func addRoutes(to router: SiteRouter) {
        router.requiring(.readProjects).get(.projects) { request, context in try await self.projects(request, context) }
    }

    struct ProjectRow: Encodable {
        let name: String
        let shortName: String?
        let purpose: String
        let kind: String
        let leadingBodies: String
        let budget: String
        let riskProfile: String
        let phase: String
    }

    struct ActivityRow: Encodable {
        let project: String
        let leadingBodies: String
        let activity: String
        let when: String
    }

    struct ProjectsModel: Encodable {
        let page: PageInfo
        let heading: String
        let projects: [ProjectRow]
        let done: [ActivityRow]
        let expected: [ActivityRow]
        let members: [MemberRow]
        let ownOnly: Bool
    }

    struct MemberRow: Encodable {
        let name: String
        let title: String
        let membership: String
    }

    func projects(_ request: Request, _ context: AppContext) async throws -> HTML {
        let user = try requireUser(context, request)
        // Object check: a project leader (without a wider role) sees only projects they lead.
        // Assessors, too, until appointments arrive with the council's process: only what is theirs.
        let leaderID: Int64? = CouncilAccess.seesAllProjects(user.roles) ? nil : user.id
        let projects = try await app.council.projects(leaderID: leaderID)
        let activities = try await app.council.activities(leaderID: leaderID)
        let members = leaderID == nil ? try await app.council.members() : []
        func bodies(_ list: [String]) -> String { list.joined(separator: " og ") }
        func activityName(_ a: CouncilActivity) -> String {
            a.kind.danishName + (a.partnerCouncil.isEmpty ? "" : " (samarbejde med \(a.partnerCouncil))")
        }
        let rows = projects.map { p in
            ProjectRow(
                name: p.name, shortName: p.shortName.isEmpty || p.name.contains(p.shortName) ? nil : p.shortName, purpose: p.purpose, kind: p.kind.danishName, leadingBodies: bodies(p.leadingBodies),
                budget: p.budgetMillions.map(DanishFormat.millions) ?? "–", riskProfile: p.riskProfile?.danishName ?? "Ikke vurderet",
                phase: p.rsiPhase)
        }
        let done = activities.filter { $0.monthDone != nil }.map {
            ActivityRow(project: $0.projectName, leadingBodies: bodies($0.leadingBodies), activity: activityName($0),
                        when: DanishFormat.month($0.monthDone!).capitalizedFirst)
        }
        let expected = activities.filter { $0.monthDone == nil }.map {
            ActivityRow(project: $0.projectName, leadingBodies: bodies($0.leadingBodies), activity: activityName($0),
                        when: quarterLabel(year: $0.expectedYear ?? 0, quarters: $0.expectedQuarters))
        }
        let title = leaderID == nil ? "It-rådets projekter" : "Mine projekter"
        return try app.views.render("projects", ProjectsModel(
            page: PageInfo(title: title, context: context, path: SiteURL.projects.path), heading: title, projects: rows,
            done: done, expected: expected,
            members: members.map { MemberRow(name: $0.fullName + ($0.isChair ? " (formand)" : ""), title: $0.title,
                                             membership: $0.isRegional ? "Regionalt medlem" : "Eksternt medlem") },
            ownOnly: leaderID != nil))
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
