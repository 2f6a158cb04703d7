import Database
import Domain
import Foundation
import Hummingbird

/// New expected costs on a case below the threshold (issue 18, point 1): the case's project leader
/// or the secretariat records the figure; one above the threshold makes the case one that must be
/// assessed, after a confirmation that says what will happen and who will be told.
extension CaseRoutes {
    func addCostRoutes(to router: SiteRouter) {
        router.post(.caseCosts(.key)) { request, context in try await self.recordCosts(request, context) }
    }

    func recordCosts(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c, appointments) = try await visibleCaseAndAppointments(context, request)
        guard CostRise.mayRecord(user, c.facts(appointments)) else { throw HTTPError(.forbidden) }
        guard let intake = try await IntakeFormPage.query(cases, caseID: c.id), let kind = intake.kind,
            CostRise.applies(kind: kind, requirement: c.requirement, state: c.state)
        else {
            return try await show(request, context, decideError: "Sagen er ikke længere under tærsklen; udgifterne kan ikke registreres her.")
        }
        let form = context.form ?? FormData()
        let typed = form["new_costs"].trimmingWhitespace()
        guard typed.count <= 200, !typed.contains("\u{0}") else {
            return try await show(
                request, context,
                costs: .init(typed: String(typed.prefix(40)), error: "Udgifterne kunne ikke læses. Skriv et tal i mio. kr., fx 12,5."))
        }
        // A figure of 10.000 or more is read as kroner and shown converted; nothing is saved until it is sent again.
        if let k = KronerReading(typed) {
            return try await show(request, context, costs: .init(typed: k.fieldText, kroner: k.explanation))
        }
        let millions: Double
        switch CostRise.parse(typed) {
        case .success(let value): millions = value
        case .failure(let refusal): return try await show(request, context, costs: .init(typed: typed, error: refusal.description))
        }
        if form["bekraeft"] == "ret" { return try await show(request, context, costs: .init(typed: typed)) }
        let outcome = CostRise.outcome(
            millions: millions, kind: kind, scope: intake.scope, state: c.state, threshold: app.config.council.thresholdMillions)
        let figure = CostRise.figure(millions)
        // Changing the case's kind cannot be undone: ask first, saying what happens and who is told.
        if outcome.madeMandatory && form["bekraeft"] != "ja" {
            let leader = try await projectLeader(of: c)
            var happens = [
                "De nye forventede udgifter, \(figure), registreres på sagen med dags dato og dit navn.",
                "Udgifterne er over tærsklen på \(app.config.council.threshold): projektet skal risikovurderes. Det kan ikke gøres om.",
            ]
            switch c.state {
            case .afventerBeslutning:
                happens.append("Anmodningen skal ikke længere besluttes; sagen går til rådssekretariatet, som planlægger vurderingen.")
            case .afvist:
                happens.append("Afvisningen af anmodningen gælder ikke længere; sagen går til rådssekretariatet, som planlægger vurderingen.")
            default: happens.append("Sagen fortsætter, hvor den er (\(c.state.danishName)).")
            }
            let model = ConfirmActionPage.build(
                title: "Registrér de nye udgifter?", heading: "Projektet skal risikovurderes – registrér de nye udgifter?",
                lead: "Du er ved at registrere nye forventede udgifter for »\(c.projectName)«.", happens: happens,
                told: [
                    "Rådssekretariatet og projektlederen\(leader.map { ", \($0.fullName)," } ?? "") får besked pr. e-mail og ser ændringen på sagen og i forløbet."
                ],
                action: SiteURL.caseCosts(.value(c.id)).path,
                fields: form.fields.sorted { $0.key < $1.key }.flatMap { key, values in values.map { (key, $0) } },
                confirmLabel: "Ja, registrér udgifterne", cancel: SiteURL.caseDetail(.value(c.id)).path, backInForm: true,
                path: SiteURL.cases.path, viewer: Viewer(context))
            return try app.views.render(ConfirmActionPage.template, model).response(from: request, context: context)
        }
        let result = try await cases.recordCost(
            caseID: c.id, millions: millions, expected: c.state, outcome: outcome, userID: user.id, name: user.fullName,
            audit: .init(
                userID: user.id, username: user.username, action: "case.cost_rise", objectType: "case", objectID: String(c.id),
                detail: CostRise.detail(millions: millions, outcome), clientIP: context.clientIP),
            notify: outcome.madeMandatory ? mail(.costsAboveThreshold(figure: figure), c) : [])
        switch result {
        case .success(let o):
            return .redirect(to: SiteURL.caseDetail(.value(c.id)).path(query: [("besked", o.madeMandatory ? "udgifter-over" : "udgifter")]))
        case .failure(let refusal): return try await show(request, context, decideError: refusal.description)
        case nil: throw HTTPError(.notFound)
        }
    }
}
