import Database
import Domain
import Foundation
import Hummingbird

/// The assessment period: the team records observations (seen by the appointed council members and
/// the secretariat only), the secretariat records the dialogue meeting; and a genbesøg of an
/// assessment whose letter was sent.
extension CaseRoutes {
    func addAssessmentRoutes(to router: SiteRouter) {
        router.get(.caseAssessment(.key)) { request, context in
            try await self.assessmentPage(request, context, typed: nil, errors: FormErrors())
        }
        router.post(.caseObservations(.key)) { request, context in try await self.addObservation(request, context) }
        router.post(.caseDialogue(.key)) { request, context in try await self.recordDialogue(request, context) }
        router.post(.caseRevisit(.key)) { request, context in try await self.createRevisit(request, context) }
    }

    /// Who sees the assessment's working notes: the secretariat, and the appointed who have declared
    /// their impartiality. Anyone else gets 404, as if the page did not exist.
    func assessmentAccess(_ context: AppContext, _ request: Request) async throws
        -> (User, CaseRepository.Summary, appointment: CaseRepository.Appointment?)
    {
        let (user, c, appointments) = try await visibleCaseAndAppointments(context, request)
        let mine = appointments.first { $0.userID == user.id && $0.declared }
        guard user.has(.secretariat) || mine != nil,
            c.state.assessmentStarted
        else { throw HTTPError(.notFound) }
        return (user, c, mine)
    }

    func assessmentPage(_ request: Request, _ context: AppContext, typed: AssessmentPage.Typed?, errors: FormErrors) async throws -> Response {
        let (_, c, appointment) = try await assessmentAccess(context, request)
        let model = AssessmentPage.build(
            c, appointment: appointment, try await AssessmentPage.query(cases, caseID: c.id), typed: typed, errors: errors,
            viewer: Viewer(context), message: request.uri.queryParameters.get("besked").map { String($0) })
        return try app.views.render(AssessmentPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func addObservation(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c, appointment) = try await assessmentAccess(context, request)
        guard appointment?.role == .assessor else { throw HTTPError(.forbidden) }
        let form = context.form ?? FormData()
        var typed = AssessmentPage.Typed()
        typed.observation = form["observation"]
        typed.area = form["focus_area"]
        var errors = FormErrors()
        if let problem = AssessmentWork.observationProblem(typed.observation) { errors.add("observation", problem) }
        guard errors.isEmpty else { return try await assessmentPage(request, context, typed: typed, errors: errors) }
        if let refusal = try await cases.addObservation(
            caseID: c.id, authorID: user.id, focusArea: FocusArea(rawValue: typed.area), body: typed.observation.trimmingWhitespace(),
            audit: .init(
                userID: user.id, username: user.username, action: "observation.added", objectType: "case", objectID: String(c.id),
                clientIP: context.clientIP))
        {
            errors.add("observation", refusal.description)
            return try await assessmentPage(request, context, typed: typed, errors: errors)
        }
        return .redirect(to: SiteURL.caseAssessment(.value(c.id)).path(query: [("besked", "observation")]))
    }

    func recordDialogue(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c, _) = try await assessmentAccess(context, request)
        guard user.has(.secretariat) else { throw HTTPError(.forbidden) }
        let form = context.form ?? FormData()
        var typed = AssessmentPage.Typed()
        typed.heldOn = form["held_on"].trimmingWhitespace()
        typed.participants = form["participants"]
        typed.notes = form["notes"]
        let heldOn = DanishFormat.parseDay(typed.heldOn)
        var errors = FormErrors()
        for p in AssessmentWork.dialogueProblems(heldOn: heldOn, participants: typed.participants, notes: typed.notes) {
            errors.add(p.field, p.message)
        }
        guard errors.isEmpty, let heldOn else { return try await assessmentPage(request, context, typed: typed, errors: errors) }
        if let refusal = try await cases.recordDialogue(
            caseID: c.id, heldOn: heldOn, participants: typed.participants.trimmingWhitespace(), notes: typed.notes,
            audit: .init(
                userID: user.id, username: user.username, action: "dialogue.recorded", objectType: "case", objectID: String(c.id),
                clientIP: context.clientIP))
        {
            errors.add("held_on", refusal.description)
            return try await assessmentPage(request, context, typed: typed, errors: errors)
        }
        return .redirect(to: SiteURL.caseAssessment(.value(c.id)).path(query: [("besked", "dialog")]))
    }

    func createRevisit(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        guard user.has(.secretariat) else { throw HTTPError(.forbidden) }
        let result = try await cases.createRevisit(
            previousCaseID: c.id, userID: user.id,
            audit: .init(
                userID: user.id, username: user.username, action: "revisit.created", objectType: "case", detail: "genbesøg af sag \(c.id)",
                clientIP: context.clientIP))
        switch result {
        case .success(let id): return .redirect(to: SiteURL.casePlanning(.value(id)).path)
        case .failure(let refusal): return try await show(request, context, decideError: refusal.description)
        case nil: throw HTTPError(.notFound)
        }
    }
}
