import Database
import Domain
import Foundation

/// The secretariat's form for a new sparring meeting (`/raadet/sparring/ny`): the project, the date,
/// the topic and the council members (habilitet shown for the chosen project, after a first submit).
enum SparringFormPage {
    static let template = "sparring_form"

    struct Model: Encodable {
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        struct Person: Encodable {
            let id: Int64
            let name: String
            let checked: Bool
            let blocked: String?
        }
        let page: PageInfo
        let sparringListURL: String
        let newSparringURL: String
        let projects: [Option]
        let council: [Person]
        let date: String
        let topic: String
        let usual: Int
        let errors: ErrorSummary?
        let e: [String: String]
    }

    /// What was typed: nothing typed is lost on an error.
    struct Typed {
        var project = ""
        var date = ""
        var topic = ""
        var council: Set<Int64> = []
    }

    struct Rows {
        let projects: [Project]
        let candidates: [CaseRepository.Candidate]
    }

    static func query(_ pool: ConnectionPool, typed: Typed) async throws -> Rows {
        let projects = try await CouncilRepository(pool: pool).projects(leaderID: nil)
        // Habilitet is shown for the chosen project (after a first submit); before that, everyone is listed.
        let candidates = try await SparringRepository(pool: pool).candidates(projectID: Int64(typed.project) ?? 0)
        return Rows(projects: projects, candidates: candidates)
    }

    static func build(_ rows: Rows, typed: Typed, errors: FormErrors, viewer: Viewer) -> Model {
        Model(
            page: PageInfo(title: "Planlæg et sparringsmøde", viewer: viewer, path: SiteURL.sparring.path),
            sparringListURL: SiteURL.sparring.path, newSparringURL: SiteURL.newSparring.path,
            projects: rows.projects.map { .init(value: String($0.id), name: $0.name, selected: typed.project == String($0.id)) },
            council: rows.candidates.map {
                .init(id: $0.userID, name: $0.name, checked: typed.council.contains($0.userID), blocked: PlanningPage.blockReason($0))
            },
            date: typed.date, topic: typed.topic, usual: CouncilRules.usualCouncilMembers, errors: ErrorSummary(errors), e: councilFieldErrors(errors)
        )
    }
}
