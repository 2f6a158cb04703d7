import Database
import Domain
import Foundation

/// The project's evaluation after the responsum (`/raadet/sager/{id}/evaluering`): the current
/// version of the secretariat's questionnaire (its questions on its scale) and free text. The
/// handler has read the case (its own project leader's) and its state.
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
        /// The version answered: the form sends it back, so the answer keeps the questions it was shown.
        let version: Int64
        let scaleMax: Int
        let lowLabel: String
        let highLabel: String
        let questions: [Question]
        let comment: String
        let error: String?
    }

    /// The form field of question `index` (0-based).
    static func field(_ index: Int) -> String { "q\(index + 1)" }

    /// - Parameter typed: the refused form (nothing typed is lost); nil for an empty form.
    static func build(_ c: CaseRepository.Summary, questionnaire q: EvaluationQuestionnaire, typed: FormData?, error: String?, viewer: Viewer)
        -> Model
    {
        Model(
            page: PageInfo(title: "Evaluering af risikovurderingen", viewer: viewer, path: SiteURL.cases.path), caseID: c.id, urls: CaseURLs(c.id),
            version: q.id, scaleMax: q.scaleMax, lowLabel: q.lowLabel, highLabel: q.highLabel,
            questions: q.questions.enumerated().map { i, text in
                .init(code: field(i), text: text, options: q.scale.map { .init(value: $0, checked: typed?[field(i)] == String($0)) })
            }, comment: typed?["comment"] ?? "", error: error)
    }
}
