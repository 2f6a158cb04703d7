import Database
import Domain
import Foundation
import Hummingbird

/// The secretariat edits the evaluation questionnaire: a save is a new version (sql/024).
extension CouncilRoutes {
    func addQuestionnaireRoutes(to router: SiteRouter) {
        let secretariat = router.requiring(.runCouncil)
        secretariat.get(.evaluationQuestionnaire) { request, context in
            try await self.questionnaireForm(request, context, typed: nil, errors: FormErrors())
        }
        secretariat.post(.evaluationQuestionnaire) { request, context in try await self.saveQuestionnaire(request, context) }
    }

    func questionnaireForm(_ request: Request, _ context: AppContext, typed: FormData?, errors: FormErrors) async throws -> Response {
        let versions = try await QuestionnairePage.query(EvaluationRepository(pool: app.pool))
        let model = QuestionnairePage.build(
            versions, typed: typed, errors: errors, saved: typed == nil && request.uri.queryParameters["besked"] == "gemt", viewer: Viewer(context))
        return try app.views.render(QuestionnairePage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func saveQuestionnaire(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        switch EvaluationQuestionnaire.parse(
            questions: form["questions"], scaleMax: form["scale_max"], low: form["low_label"], high: form["high_label"])
        {
        case .failure(let reasons):
            var errors = FormErrors()
            for field in ["questions", "scale_max", "low_label", "high_label"] {
                if let reason = reasons.byField[field] { errors.add(field, reason) }
            }
            return try await questionnaireForm(request, context, typed: form, errors: errors)
        case .success(let questionnaire):
            _ = try await EvaluationRepository(pool: app.pool).save(
                questionnaire, userID: user.id,
                audit: .init(
                    userID: user.id, username: user.username, action: "evaluation_questionnaire.saved", objectType: "evaluation_questionnaire",
                    clientIP: context.clientIP))
            return .redirect(to: SiteURL.evaluationQuestionnaire.path(query: [("besked", "gemt")]))
        }
    }
}
