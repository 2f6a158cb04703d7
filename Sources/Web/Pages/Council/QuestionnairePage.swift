import Database
import Domain
import Foundation

/// The secretariat's evaluation questionnaire (`/raadet/evalueringsskema`): the current version in
/// a form (one question a line, the scale's top and the words for its ends), and every earlier
/// version as it was answered. Saving makes a new version; an old one is never changed.
enum QuestionnairePage {
    static let template = "evaluation_questionnaire"

    struct Model: Encodable {
        struct Version: Encodable {
            let number: Int64
            let current: Bool
            let made: String
            let questions: [String]
            let scale: String
            let answers: Int
        }
        struct Values: Encodable {
            let questions: String
            let scaleMax: String
            let low: String
            let high: String
        }
        let page: PageInfo
        let formURL = SiteURL.evaluationQuestionnaire.path
        let reportsURL = SiteURL.reports.path
        let currentVersion: Int64
        let values: Values
        let errors: ErrorSummary?
        let questionsError: String?
        let scaleError: String?
        let lowError: String?
        let highError: String?
        let saved: Bool
        let versions: [Version]
    }

    static func query(_ repository: EvaluationRepository) async throws -> [EvaluationRepository.Version] {
        try await repository.versions()
    }

    /// - Parameter typed: the refused form, kept as typed; nil shows the current version.
    static func build(
        _ versions: [EvaluationRepository.Version], typed: FormData?, errors: FormErrors, saved: Bool, viewer: Viewer
    ) -> Model {
        let current = versions.first?.questionnaire ?? .version1
        let values =
            typed.map { Model.Values(questions: $0["questions"], scaleMax: $0["scale_max"], low: $0["low_label"], high: $0["high_label"]) }
            ?? Model.Values(
                questions: current.questions.joined(separator: "\n"), scaleMax: String(current.scaleMax), low: current.lowLabel,
                high: current.highLabel)
        return Model(
            page: PageInfo(title: "Evalueringsskemaet", viewer: viewer, path: SiteURL.reports.path), currentVersion: current.id, values: values,
            errors: ErrorSummary(errors), questionsError: errors["questions"], scaleError: errors["scale_max"],
            lowError: errors["low_label"], highError: errors["high_label"], saved: saved,
            versions: versions.enumerated().map { i, v in
                Model.Version(
                    number: v.questionnaire.id, current: i == 0,
                    made: v.createdBy.map { "\(DanishFormat.shortDate(v.createdAt)) af \($0)" } ?? "Standardskemaet",
                    questions: v.questionnaire.questions,
                    scale: "1 (\(v.questionnaire.lowLabel)) til \(v.questionnaire.scaleMax) (\(v.questionnaire.highLabel))", answers: v.answers)
            })
    }
}
