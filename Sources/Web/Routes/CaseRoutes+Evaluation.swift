import Database
import Domain
import Foundation
import Hummingbird

/// The evaluation after the responsum: three 1–5 questions and free text; it closes the case.
extension CaseRoutes {
    func addEvaluationRoutes(to router: SiteRouter) {
        router.get(.caseEvaluation(.key)) { request, context in try await self.evaluationForm(request, context, typed: nil, error: nil) }
        router.post(.caseEvaluation(.key)) { request, context in try await self.submitEvaluation(request, context) }
    }

    struct EvaluationModel: Encodable {
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

    func evaluationForm(_ request: Request, _ context: AppContext, typed: FormData?, error: String?) async throws -> Response {
        let (_, c) = try await ownCase(context, request)
        guard c.state == .responsumModtaget else { return .redirect(to: SiteURL.caseDetail(.value(c.id)).path) }
        let model = EvaluationModel(
            page: PageInfo(title: "Evaluering af risikovurderingen", context: context, path: SiteURL.cases.path), caseID: c.id, urls: CaseURLs(c.id),
            questions: EvaluationQuestion.allCases.map { q in
                .init(code: q.rawValue, text: q.danishText,
                      options: EvaluationQuestion.scale.map { .init(value: $0, checked: typed?[q.rawValue] == String($0)) })
            }, comment: typed?["comment"] ?? "", error: error)
        return try app.views.render("evaluation", model, status: error == nil ? .ok : .unprocessableContent).response(from: request, context: context)
    }

    func submitEvaluation(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await ownCase(context, request)
        let form = context.form ?? FormData()
        let scores = EvaluationQuestion.allCases.map { Int(form[$0.rawValue]).flatMap { EvaluationQuestion.scale.contains($0) ? $0 : nil } }
        guard scores.allSatisfy({ $0 != nil }) else {
            return try await evaluationForm(request, context, typed: form, error: "Besvar alle tre spørgsmål på skalaen fra 1 til 5.")
        }
        let comment = form["comment"]
        guard comment.count <= 20_000, !comment.contains("\u{0}") else {
            return try await evaluationForm(request, context, typed: form, error: "Kommentaren er for lang eller indeholder ugyldige tegn.")
        }
        let result = try await cases.submitEvaluation(caseID: c.id, scores: scores.map { $0! }, comment: comment, audit: .init(
            userID: user.id, username: user.username, action: "evaluation.submitted", objectType: "case", objectID: String(c.id), clientIP: context.clientIP))
        switch result {
        case .success: return .redirect(to: SiteURL.caseDetail(.value(c.id)).path(query: [("besked", "evalueret")]))
        case .failure(let refusal): return try await show(request, context, decideError: refusal.description)
        case nil: throw HTTPError(.notFound)
        }
    }
}
