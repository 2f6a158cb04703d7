import Database
import Domain
import Foundation
import Hummingbird

/// Planning by the secretariat: appoint council members (as a rule 2) and 4–5 assessors, with the
/// habilitet rule enforced, and set the dates. Appointees then declare their impartiality.
extension CaseRoutes {
    func addPlanningRoutes(to router: SiteRouter, secretariat: SiteRouter) {
        secretariat.get(.casePlanning(.key)) { request, context in
            try await self.planForm(request, context, typed: nil, errors: FormErrors())
        }
        secretariat.post(.casePlanning(.key)) { request, context in try await self.savePlan(request, context) }
        router.post(.caseDeclaration(.key)) { request, context in try await self.declare(request, context) }
    }

    func planForm(_ request: Request, _ context: AppContext, typed: PlanningPage.Typed?, errors: FormErrors) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self), let c = try await cases.summary(id: id) else { throw HTTPError(.notFound) }
        guard c.state == .planlaegning else { return .redirect(to: SiteURL.caseDetail(.value(id)).path) }
        let model = PlanningPage.build(c, try await PlanningPage.query(cases, caseID: id), typed: typed, errors: errors, viewer: Viewer(context))
        return try app.views.render(PlanningPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func savePlan(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let summary = try await cases.summary(id: id) else { throw HTTPError(.notFound) }
        let form = context.form ?? FormData()
        var typed = PlanningPage.Typed()
        typed.council = Set(form.values("council").compactMap { Int64($0) })
        typed.assessors = Set(form.values("assessors").compactMap { Int64($0) })
        typed.reason = form["reason"]
        typed.assessorReason = form["assessor_reason"]
        typed.material = form["material"].trimmingWhitespace()
        typed.dialogue = form["dialogue"].trimmingWhitespace()
        typed.letter = form["letter"].trimmingWhitespace()
        typed.partner = form["partner"].trimmingWhitespace()
        var errors = FormErrors()
        let council = try await cases.candidates(caseID: id, role: .councilMember)
        let assessors = try await cases.candidates(caseID: id, role: .assessor)
        // Only real candidates count, and the habilitet rule refuses each conflicted person by name.
        for (chosen, list, field) in [(typed.council, council, "council"), (typed.assessors, assessors, "assessors")] {
            for person in list where chosen.contains(person.userID) {
                if let reason = PlanningPage.blockReason(person) { errors.add(field, reason) }
            }
            if !chosen.isSubset(of: Set(list.map(\.userID))) { errors.add(field, "Kun personer med den rette rolle kan udpeges.") }
        }
        if let p = Impartiality.councilCountProblem(count: typed.council.count, reason: typed.reason) { errors.add("council", p) }
        if let p = Impartiality.assessorCountProblem(count: typed.assessors.count, reason: typed.assessorReason) { errors.add("assessors", p) }
        let material = DanishFormat.parseDay(typed.material)
        let dialogue = DanishFormat.parseDay(typed.dialogue)
        let letter = DanishFormat.parseDay(typed.letter)
        if material == nil { errors.add("material", "Skriv fristen for materiale som dd.mm.åååå.") }
        if dialogue == nil { errors.add("dialogue", "Skriv datoen for dialogmødet som dd.mm.åååå.") }
        if letter == nil { errors.add("letter", "Skriv datoen for anbefalingsbrevet som dd.mm.åååå.") }
        // The material comes before the dialogue meeting, which comes before the letter: each refusal
        // stands next to the later of the two dates.
        let cal = DanishFormat.calendar
        if let m = material.flatMap(cal.date(from:)), let d = dialogue.flatMap(cal.date(from:)), !(m < d) {
            errors.add("dialogue", "Dialogmødet skal ligge efter fristen for materiale (\(DanishFormat.longDate(m))).")
        }
        if let d = dialogue.flatMap(cal.date(from:)), let l = letter.flatMap(cal.date(from:)), !(d < l) {
            errors.add("letter", "Anbefalingsbrevet skal ligge efter dialogmødet (\(DanishFormat.longDate(d))).")
        }
        if let m = material.flatMap(cal.date(from:)), dialogue == nil, let l = letter.flatMap(cal.date(from:)), !(m < l) {
            errors.add("letter", "Anbefalingsbrevet skal ligge efter fristen for materiale (\(DanishFormat.longDate(m))).")
        }
        if typed.partner.count > 300 || typed.partner.contains("\u{0}") || typed.reason.count > AssessmentWork.maxText
            || typed.reason.contains("\u{0}") || typed.assessorReason.count > AssessmentWork.maxText || typed.assessorReason.contains("\u{0}")
        {
            errors.add("partner", "En tekst er for lang eller indeholder ugyldige tegn.")
        }
        guard errors.isEmpty, let material, let dialogue, let letter else {
            return try await planForm(request, context, typed: typed, errors: errors)
        }
        let result = try await cases.savePlan(
            caseID: id,
            {
                var plan = CaseRepository.Plan(
                    councilMembers: typed.council.sorted(), assessors: typed.assessors.sorted(), councilCountReason: typed.reason,
                    materialDeadline: material, dialogueDate: dialogue, letterDate: letter, partnerCouncil: typed.partner)
                plan.assessorCountReason = typed.assessorReason
                return plan
            }(),
            audit: .init(
                userID: user.id, username: user.username, action: "case.planned", objectType: "case", objectID: String(id),
                detail: "rådsmedlemmer \(typed.council.sorted()), vurderere \(typed.assessors.sorted())", clientIP: context.clientIP),
            notify: CaseNotifier(app: app).drafts(.planned(materialDue: material), caseID: id, project: summary.projectName))
        switch result {
        case .success:
            return .redirect(to: SiteURL.caseDetail(.value(id)).path(query: [("besked", "planlagt")]))
        case .failure(let refusal):
            errors.add("council", refusal.description)
            return try await planForm(request, context, typed: typed, errors: errors)
        case nil: throw HTTPError(.notFound)
        }
    }

    func declare(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        guard (context.form ?? FormData())["erklaering"] == "ja" else {
            return .redirect(to: SiteURL.caseDetail(.value(c.id)).path(query: [("besked", "erklaering-mangler")]))
        }
        guard
            try await cases.declare(
                caseID: c.id, userID: user.id,
                audit: .init(
                    userID: user.id, username: user.username, action: "case.impartiality_declared", objectType: "case", objectID: String(c.id),
                    clientIP: context.clientIP))
        else { throw HTTPError(.forbidden) }
        return .redirect(to: SiteURL.caseDetail(.value(c.id)).path(query: [("besked", "erklaeret")]))
    }
}
