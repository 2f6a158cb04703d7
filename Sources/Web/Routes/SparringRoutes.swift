import Database
import Domain
import Foundation
import Hummingbird

/// Sparring meetings (sparringsmøder): the secretariat plans one for a project with its council
/// members (habilitet applies as for an assessment) and writes the minutes afterwards: remarks and
/// the council members' immediate recommendations in the letter's focus areas.
struct SparringRoutes {
    let app: AppServices
    var sparring: SparringRepository { SparringRepository(pool: app.pool) }

    func addRoutes(to site: SiteRouter) {
        let router = site.requiring(.readSparring)
        let secretariat = site.requiring(.runCouncil)
        router.get(.sparring) { request, context in try await self.list(request, context) }
        secretariat.get(.newSparring) { request, context in
            try await self.newForm(request, context, typed: SparringFormPage.Typed(), errors: FormErrors())
        }
        secretariat.post(.newSparring) { request, context in try await self.create(request, context) }
        router.get(.sparringMeeting(.key)) { request, context in try await self.show(request, context) }
        secretariat.get(.sparringMinutes(.key)) { request, context in
            let (_, m) = try await self.visible(context, request)
            return try await self.minutesForm(request, context, m, typed: nil, errors: FormErrors())
        }
        secretariat.post(.sparringMinutes(.key)) { request, context in try await self.saveMinutes(request, context) }
    }

    /// The meeting, or 404 for someone who may not see it (a project leader sees only their own projects').
    func visible(_ context: AppContext, _ request: Request) async throws -> (User, SparringRepository.Meeting) {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let m = try await SparringMeetingPage.query(sparring, id: id, user: user) else {
            throw HTTPError(.notFound)
        }
        return (user, m)
    }

    // MARK: List

    func list(_ request: Request, _ context: AppContext) async throws -> HTML {
        let pageNumber = Pager.pageNumber(request)
        let result = try await SparringListPage.query(sparring, user: try requireUser(context, request), pageNumber: pageNumber)
        return try app.views.render(SparringListPage.template, SparringListPage.build(result, pageNumber: pageNumber, viewer: Viewer(context)))
    }

    // MARK: Planning

    func newForm(_ request: Request, _ context: AppContext, typed: SparringFormPage.Typed, errors: FormErrors) async throws -> Response {
        let model = SparringFormPage.build(
            try await SparringFormPage.query(app.pool, typed: typed), typed: typed, errors: errors, viewer: Viewer(context))
        return try app.views.render(SparringFormPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        var typed = SparringFormPage.Typed()
        typed.project = form["project"]
        typed.date = form["planned_on"].trimmingWhitespace()
        typed.topic = form["topic"]
        typed.council = Set(form.values("council").compactMap { Int64($0) })
        let projectID = Int64(typed.project)
        var projectExists = false
        if let projectID { projectExists = try await CouncilRepository(pool: app.pool).projects(leaderID: nil).contains { $0.id == projectID } }
        let plannedOn = DanishFormat.parseDay(typed.date)
        var errors = FormErrors()
        for p in SparringRules.problems(
            .init(projectChosen: projectExists, plannedOn: plannedOn, councilMembers: typed.council.count, topic: typed.topic))
        {
            errors.add(p.field, p.message)
        }
        if let projectID, projectExists {
            let candidates = try await sparring.candidates(projectID: projectID)
            for person in candidates where typed.council.contains(person.userID) {
                if let reason = PlanningPage.blockReason(person) { errors.add("council", reason) }
            }
            if !typed.council.isSubset(of: Set(candidates.map(\.userID))) { errors.add("council", "Kun rådsmedlemmer kan udpeges.") }
        }
        guard errors.isEmpty, let projectID, let plannedOn else { return try await newForm(request, context, typed: typed, errors: errors) }
        let id = try await sparring.create(
            projectID: projectID, plannedOn: plannedOn, topic: typed.topic.trimmingWhitespace(), councilMembers: typed.council.sorted(),
            audit: .init(userID: user.id, username: user.username, action: "sparring.planned", objectType: "sparring", clientIP: context.clientIP))
        return .redirect(to: SiteURL.sparringMeeting(.value(id)).path(query: [("besked", "planlagt")]))
    }

    // MARK: The meeting and its minutes

    func show(_ request: Request, _ context: AppContext) async throws -> Response {
        let (_, m) = try await visible(context, request)
        let model = SparringMeetingPage.build(m, viewer: Viewer(context), message: request.uri.queryParameters.get("besked").map { String($0) })
        return try app.views.render(SparringMeetingPage.template, model).response(from: request, context: context)
    }

    func minutesForm(
        _ request: Request, _ context: AppContext, _ m: SparringRepository.Meeting, typed: SparringMinutesPage.Typed?,
        errors: FormErrors
    ) async throws -> Response {
        let model = SparringMinutesPage.build(m, typed: typed, errors: errors, viewer: Viewer(context))
        return try app.views.render(SparringMinutesPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func saveMinutes(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, m) = try await visible(context, request)
        let form = context.form ?? FormData()
        var errors = FormErrors()
        var typed = SparringMinutesPage.Typed(
            version: Int(form["version"]) ?? -1, heldOn: form["held_on"].trimmingWhitespace(), remarks: form["remarks"], recommendations: [])
        typed.recommendations = RecommendationRows.read(form, into: &errors)
        let heldOn = DanishFormat.parseDay(typed.heldOn)
        let today = DanishFormat.calendar.dateComponents([.year, .month, .day], from: Date())
        for p in SparringRules.minutesProblems(heldOn: heldOn, today: today, remarks: typed.remarks) { errors.add(p.field, p.message) }
        if typed.recommendations.contains(where: { $0.body.count > AssessmentWork.maxText || $0.body.contains("\u{0}") }) {
            errors.add("remarks", "En anbefaling er for lang eller indeholder ugyldige tegn.")
        }
        guard errors.isEmpty, let heldOn else { return try await minutesForm(request, context, m, typed: typed, errors: errors) }
        switch try await sparring.saveMinutes(
            id: m.id, version: typed.version, heldOn: heldOn, remarks: typed.remarks, recommendations: typed.recommendations,
            audit: .init(
                userID: user.id, username: user.username, action: "sparring.minutes", objectType: "sparring", objectID: String(m.id),
                clientIP: context.clientIP))
        {
        case .saved: return .redirect(to: SiteURL.sparringMeeting(.value(m.id)).path(query: [("besked", "referat")]))
        case .notFound: throw HTTPError(.notFound)
        case .stale:
            errors.add(
                "remarks",
                "Referatet er gemt af en anden, mens du skrev. Din tekst står herunder og er ikke gemt. Åbn referatet i en ny fane for at se den gemte udgave, og gem igen."
            )
            typed.version = try await sparring.meeting(id: m.id)?.version ?? typed.version
            return try await minutesForm(request, context, m, typed: typed, errors: errors)
        }
    }
}
