import Database
import Domain
import Foundation

/// The secretariat's plan of an assessment (`/raadet/sager/{id}/planlaegning`): council members
/// and assessors (each conflicted person shown with the reason), the dates and a partner council.
enum PlanningPage {
    static let template = "case_plan"

    struct Model: Encodable {
        struct Person: Encodable {
            let id: Int64
            let name: String
            let title: String
            let checked: Bool
            let blocked: String?
        }
        let page: PageInfo
        let caseID: Int64
        let urls: CaseURLs
        let project: String
        let council: [Person]
        let assessors: [Person]
        let reason: String
        let assessorReason: String
        let material: String
        let dialogue: String
        let letter: String
        let partner: String
        let errors: ErrorSummary?
        /// Each refusal also next to its field.
        let e: [String: String]
        let usual: Int
        let assessorRange: String
        let dueHint: String
    }

    /// What the secretariat typed: nothing typed is lost when the plan is refused.
    struct Typed {
        var council: Set<Int64> = []
        var assessors: Set<Int64> = []
        var reason = ""
        var assessorReason = ""
        var material = ""
        var dialogue = ""
        var letter = ""
        var partner = ""
    }

    struct Rows {
        let council: [CaseRepository.Candidate]
        let assessors: [CaseRepository.Candidate]
        /// The partner council already recorded for the case, if any.
        let partner: String
    }

    /// Why a candidate may not be appointed (the habilitet rule), or nil.
    static func blockReason(_ c: CaseRepository.Candidate) -> String? {
        Impartiality.problem(personName: c.name, onSteeringGroup: c.onSteeringGroup, declaredInterest: c.declaredInterest)
    }

    /// The candidates of a case in planning (the handler has read the case and checked its state).
    static func query(_ cases: CaseRepository, caseID: Int64) async throws -> Rows {
        let council = try await cases.candidates(caseID: caseID, role: .councilMember)
        let assessors = try await cases.candidates(caseID: caseID, role: .assessor)
        return Rows(council: council, assessors: assessors, partner: try await cases.links(caseID: caseID)?.partnerCouncil ?? "")
    }

    /// - Parameter typed: what was typed, after a refused plan; nil shows the case's current appointments.
    static func build(_ c: CaseRepository.Summary, _ rows: Rows, typed: Typed?, errors: FormErrors, viewer: Viewer) -> Model {
        func people(_ list: [CaseRepository.Candidate], _ chosen: Set<Int64>?) -> [Model.Person] {
            list.map {
                .init(id: $0.userID, name: $0.name, title: $0.title, checked: chosen?.contains($0.userID) ?? $0.appointed, blocked: blockReason($0))
            }
        }
        return Model(
            page: PageInfo(title: "Planlæg risikovurderingen", viewer: viewer, path: SiteURL.cases.path), caseID: c.id, urls: CaseURLs(c.id),
            project: c.projectName, council: people(rows.council, typed?.council), assessors: people(rows.assessors, typed?.assessors),
            reason: typed?.reason ?? "", assessorReason: typed?.assessorReason ?? "", material: typed?.material ?? "",
            dialogue: typed?.dialogue ?? "", letter: typed?.letter ?? "",
            partner: typed?.partner ?? rows.partner, errors: ErrorSummary(errors), e: councilFieldErrors(errors),
            usual: CouncilRules.usualCouncilMembers,
            assessorRange: "\(CouncilRules.assessorRange.lowerBound)–\(CouncilRules.assessorRange.upperBound)",
            dueHint: "Vurderingen løber over ca. \(CouncilRules.assessmentWorkingDays) arbejdsdage fra materialet er modtaget.")
    }
}
