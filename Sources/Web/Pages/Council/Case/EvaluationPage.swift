import Database
import Domain
import Foundation

/// The project's evaluation after the responsum (`/raadet/sager/{id}/evaluering`): three 1–5
/// questions and free text. The handler has read the case (its own project leader's) and its state.
enum EvaluationPage {
    static let template = "evaluation"

    struct Model: Encodable {
        struct Question: Encodable {
            let code: String
            let text: String
            let options: [Option]
        }
        struct Option: Encodable {
            let value: Int
            let checked: Bool
        }
        let page: PageInfo
        let caseID: Int64
        let urls: CaseURLs
        let questions: [Question]
        let comment: String
        let error: String?
    }

    /// - Parameter typed: the refused form (nothing typed is lost); nil for an empty form.
    static func build(_ c: CaseRepository.Summary, typed: FormData?, error: String?, viewer: Viewer) -> Model {
        Model(
            page: PageInfo(title: "Evaluering af risikovurderingen", viewer: viewer, path: SiteURL.cases.path), caseID: c.id, urls: CaseURLs(c.id),
            questions: EvaluationQuestion.allCases.map { q in
                .init(
                    code: q.rawValue, text: q.danishText,
                    options: EvaluationQuestion.scale.map { .init(value: $0, checked: typed?[q.rawValue] == String($0)) })
            }, comment: typed?["comment"] ?? "", error: error)
    }
}
