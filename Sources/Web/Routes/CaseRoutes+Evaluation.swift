import Database
import Domain
import Foundation
import Hummingbird

/// The evaluation after the responsum: the secretariat's questionnaire (its current version) and
/// free text; it closes the case.
extension CaseRoutes {
    func addEvaluationRoutes(to router: SiteRouter) {
        router.get(.caseEvaluation(.key)) { request, context in try await self.evaluationForm(request, context, typed: nil, error: nil) }
        router.post(.caseEvaluation(.key)) { request, context in try await self.submitEvaluation(request, context) }
    }

    func evaluationForm(_ request: Request, _ context: AppContext, typed: FormData?, error: String?) async throws -> Response {
        let (_, c) = try await ownCase(context, request)
        guard c.state == .responsumModtaget else { return .redirect(to: SiteURL.caseDetail(.value(c.id)).path) }
        let questionnaire = try await answered(typed)
        let model = EvaluationPage.build(c, questionnaire: questionnaire, typed: typed, error: error, viewer: Viewer(context))
        return try app.views.render(EvaluationPage.template, model, status: error == nil ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func submitEvaluation(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await ownCase(context, request)
        let form = context.form ?? FormData()
        let questionnaire = try await answered(form)
        let scores = questionnaire.questions.indices.map {
            Int(form[EvaluationPage.field($0)]).flatMap { questionnaire.scale.contains($0) ? $0 : nil }
        }
        guard scores.allSatisfy({ $0 != nil }) else {
            return try await evaluationForm(
                request, context, typed: form, error: "Besvar alle spørgsmålene på skalaen fra 1 til \(questionnaire.scaleMax).")
        }
        let comment = form["comment"]
        guard comment.count <= 20_000, !comment.contains("\u{0}") else {
            return try await evaluationForm(request, context, typed: form, error: "Kommentaren er for lang eller indeholder ugyldige tegn.")
        }
        let result = try await cases.submitEvaluation(
            caseID: c.id, questionnaireID: questionnaire.id, scores: scores.map { $0! }, comment: comment,
            audit: .init(
                userID: user.id, username: user.username, action: "evaluation.submitted", objectType: "case", objectID: String(c.id),
                clientIP: context.clientIP))
        switch result {
        case .success: return .redirect(to: SiteURL.caseDetail(.value(c.id)).path(query: [("besked", "evalueret")]))
        case .failure(let refusal): return try await show(request, context, decideError: refusal.description)
        case nil: throw HTTPError(.notFound)
        }
    }

    /// The version the form showed (sent back with it), so an answer keeps the questions it was
    /// given even if the secretariat saved a new version meanwhile; the current one for a new form.
    func answered(_ form: FormData?) async throws -> EvaluationQuestionnaire {
        let repository = EvaluationRepository(pool: app.pool)
        if let id = form.flatMap({ Int64($0["version"]) }), let version = try await repository.version(id) { return version }
        return try await repository.current()
    }
}
