import Database
import Domain
import Foundation

/// The council's projects and activities (Tabel 1, `/raadet/projekter`). A project leader (and an
/// assessor, until appointments arrive with the council's process) sees only their own projects.
enum ProjectsPage {
    static let template = "projects"

    struct ProjectRow: Encodable {
        let name: String
        let shortName: String?
        let purpose: String
        let kind: String
        let leadingBodies: String
        let budget: String
        let riskProfile: String
        let phase: String
        /// What of the project the demo invented (printed after the marker), nil when nothing is.
        let invented: String?
    }

    struct ActivityRow: Encodable {
        let project: String
        let leadingBodies: String
        let activity: String
        let when: String
    }

    struct MemberRow: Encodable {
        let name: String
        let title: String
        let membership: String
    }

    struct Model: Encodable {
        let page: PageInfo
        let heading: String
        let projects: [ProjectRow]
        let done: [ActivityRow]
        let expected: [ActivityRow]
        let members: [MemberRow]
        let ownOnly: Bool
    }

    struct Rows {
        /// Whose projects: nil for all of them.
        let leaderID: Int64?
        let projects: [Project]
        let activities: [CouncilActivity]
        let members: [CouncilMember]
    }

    static func query(_ council: CouncilRepository, user: User) async throws -> Rows {
        // Object check: a project leader (without a wider role) sees only projects they lead.
        let leaderID: Int64? = CouncilAccess.seesAllProjects(user.roles) ? nil : user.id
        let projects = try await council.projects(leaderID: leaderID)
        let activities = try await council.activities(leaderID: leaderID)
        let members = leaderID == nil ? try await council.members() : []
        return Rows(leaderID: leaderID, projects: projects, activities: activities, members: members)
    }

    static func build(_ rows: Rows, viewer: Viewer) -> Model {
        func bodies(_ list: [String]) -> String { list.joined(separator: " og ") }
        func activityName(_ a: CouncilActivity) -> String {
            a.kind.danishName + (a.partnerCouncil.isEmpty ? "" : " (samarbejde med \(a.partnerCouncil))")
        }
        let projects = rows.projects.map { p in
            ProjectRow(
                name: p.name, shortName: p.shortName.isEmpty || p.name.contains(p.shortName) ? nil : p.shortName, purpose: p.purpose,
                kind: p.kind.danishName, leadingBodies: bodies(p.leadingBodies),
                budget: p.budgetMillions.map(DanishFormat.millions) ?? "–", riskProfile: p.riskProfile?.danishName ?? "Ikke vurderet",
                phase: p.rsiPhase, invented: p.invented)
        }
        let done = rows.activities.filter { $0.monthDone != nil }.map {
            ActivityRow(
                project: $0.projectName, leadingBodies: bodies($0.leadingBodies), activity: activityName($0),
                when: DanishFormat.month($0.monthDone!).capitalizedFirst)
        }
        let expected = rows.activities.filter { $0.monthDone == nil }.map {
            ActivityRow(
                project: $0.projectName, leadingBodies: bodies($0.leadingBodies), activity: activityName($0),
                when: quarterLabel(year: $0.expectedYear ?? 0, quarters: $0.expectedQuarters))
        }
        let title = rows.leaderID == nil ? "It-rådets projekter" : "Mine projekter"
        return Model(
            page: PageInfo(title: title, viewer: viewer, path: SiteURL.projects.path), heading: title, projects: projects,
            done: done, expected: expected,
            members: rows.members.map {
                MemberRow(
                    name: $0.fullName + ($0.isChair ? " (formand)" : ""), title: $0.title,
                    membership: $0.isRegional ? "Regionalt medlem" : "Eksternt medlem")
            },
            ownOnly: rows.leaderID != nil)
    }
}
