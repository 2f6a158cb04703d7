import Database
import Domain
import Foundation
import Hummingbird

/// The council's cases: a project leader's intake (indmelding), the list of cases, the case page,
/// and the decision on requests below the threshold by Regionsdirektørkredsen or RSI.
struct CaseRoutes {
    let app: AppServices
    var cases: CaseRepository { CaseRepository(pool: app.pool) }

    func addRoutes(to site: SiteRouter) {
        // Every case page needs a council role; which case, the Domain's CasePolicy decides per case.
        let router = site.requiring(.readCases)
        let projectLeader = site.requiring(.registerProjects)
        router.get(.cases) { request, context in try await self.list(request, context) }
        projectLeader.get(.intake) { request, context in
            try await self.form(request, context, IntakeDraft(), errors: FormErrors(), caseID: nil, version: 0)
        }
        projectLeader.post(.intake) { request, context in try await self.save(request, context, caseID: nil) }
        router.get(.caseDetail(.key)) { request, context in try await self.show(request, context) }
        router.get(.caseIntake(.key)) { request, context in try await self.editIntake(request, context) }
        projectLeader.post(.caseIntake(.key)) { request, context in
            try await self.save(request, context, caseID: context.parameters.get("id", as: Int64.self))
        }
        router.post(.caseDecision(.key)) { request, context in try await self.decide(request, context) }
        addPlanningRoutes(to: router, secretariat: site.requiring(.runCouncil))
        // A file answers 404 to anyone who may not read it, whatever their roles: it never shows that it exists.
        site.get(.caseFile(.key)) { request, context in try await self.downloadMaterial(request, context) }
        addMaterialRoutes(to: router)
        addLetterRoutes(to: router)
        addResponsumRoutes(to: router)
        addEvaluationRoutes(to: router)
        addAssessmentRoutes(to: router)
        addCaseNumberRoutes(to: site.requiring(.runCouncil))
        addCostRoutes(to: router)
    }

    /// The e-mails about `event` on the case, for the repository to write with the change.
    func mail(_ event: CaseNotifier.Event, _ c: CaseRepository.Summary) -> [MailDraft] {
        CaseNotifier(app: app).drafts(event, caseID: c.id, project: c.projectName)
    }

    /// The case's project leader, named on the confirmation of a step that tells them.
    func projectLeader(of c: CaseRepository.Summary) async throws -> User? {
        guard let id = c.leaderID else { return nil }
        return try await UserRepository(pool: app.pool).find(id: id)
    }

    /// A case the reader may see, or 404 (someone else's case never shows that it exists).
    func visibleCase(_ context: AppContext, _ request: Request) async throws -> (User, CaseRepository.Summary) {
        let (user, c, _) = try await visibleCaseAndAppointments(context, request)
        return (user, c)
    }

    /// The same check, handing on the appointments it had to read (pages that show them need not read them again).
    func visibleCaseAndAppointments(_ context: AppContext, _ request: Request) async throws
        -> (User, CaseRepository.Summary, [CaseRepository.Appointment])
    {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let c = try await cases.summary(id: id) else { throw HTTPError(.notFound) }
        let appointments = try await cases.appointments(caseID: c.id)
        guard CasePolicy.maySee(user, c.facts(appointments)) else { throw HTTPError(.notFound) }
        return (user, c, appointments)
    }

    // MARK: List

    func list(_ request: Request, _ context: AppContext) async throws -> HTML {
        let list = try await CaseListPage.query(cases, user: try requireUser(context, request))
        let model = CaseListPage.build(list, viewer: Viewer(context), submitted: request.uri.queryParameters.get("besked") == "indsendt")
        return try app.views.render(CaseListPage.template, model)
    }

    // MARK: Intake form

    func form(
        _ request: Request, _ context: AppContext, _ d: IntakeDraft, errors: FormErrors, caseID: Int64?, version: Int, kroner: [String: String] = [:]
    ) async throws -> Response {
        let model = IntakeFormPage.build(
            d, errors: errors, caseID: caseID, version: version, viewer: Viewer(context), rules: app.config.council, kroner: kroner)
        return try app.views.render(IntakeFormPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent)
            .response(from: request, context: context)
    }

    func read(_ form: FormData) -> IntakeDraft {
        var d = IntakeDraft()
        d.threshold = app.config.council.thresholdMillions
        d.name = form["name"].trimmingWhitespace()
        d.purpose = form["purpose"]
        d.kind = ProjectKind(rawValue: form["kind"])
        d.regions = form.values("regions").filter { LeadingBodies.regions.contains($0) }
        d.otherBodies = form["other_bodies"]
        d.budget = form["budget"].trimmingWhitespace()
        d.regionalShare = form["regional_share"].trimmingWhitespace()
        d.phase = RSIPhase(rawValue: form["phase"])
        d.chair = form["chair"]
        d.members = form["members"]
        d.desiredMonth = form["desired_month"].trimmingWhitespace()
        d.contact = form["contact"]
        d.reasons = Set(form.values("reasons").compactMap(RequestReason.init(rawValue:)))
        d.otherReason = form["reason_other"].trimmingWhitespace()
        d.scope = ProjectScope(rawValue: form["scope"])
        d.reasonText = form["reason_text"]
        let today = DanishFormat.calendar.dateComponents([.year, .month], from: Date())
        d.today = YearMonth(year: today.year!, month: today.month!)
        return d
    }

    /// Figures typed in kroner into a field in mio. kr. ("12.500.000"): each field shown converted
    /// ("12,5") with its explanation, for the project leader to confirm by sending the form again.
    static func kronerReadings(_ d: inout IntakeDraft) -> [String: String] {
        var notes: [String: String] = [:]
        if let k = KronerReading(d.budget) {
            d.budget = k.fieldText
            notes["budget"] = k.explanation
        }
        if let k = KronerReading(d.regionalShare) {
            d.regionalShare = k.fieldText
            notes["regional_share"] = k.explanation
        }
        return notes
    }

    func editIntake(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        guard c.leaderID == user.id, c.state == .kladde, var d = try await IntakeFormPage.query(cases, caseID: c.id) else {
            throw HTTPError(.notFound)
        }
        d.threshold = app.config.council.thresholdMillions
        return try await form(request, context, d, errors: FormErrors(), caseID: c.id, version: c.version)
    }

    func save(_ request: Request, _ context: AppContext, caseID: Int64?) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        var d = read(form)
        let version = Int(form["version"]) ?? 0
        let submit = form["handling"] == "indsend"
        var errors = FormErrors()
        // A figure read as kroner is shown converted before anything is saved: the confirm step.
        let kroner = Self.kronerReadings(&d)
        for p in submit ? d.submitProblems() : d.draftProblems() { errors.add(p.field, p.message) }
        guard errors.isEmpty, kroner.isEmpty else {
            return try await self.form(request, context, d, errors: errors, caseID: caseID, version: version, kroner: kroner)
        }
        var state = CaseState.kladde
        var shortNotice = false
        if submit, let requirement = d.requirement {
            state = try AssessmentCase.apply(.submit(requirement), to: .kladde)
            let today = DanishFormat.calendar.dateComponents([.year, .month, .day], from: Date())
            shortNotice = d.month.map { NoticeRule.isShort(registeredOn: today, desired: $0) } ?? false
        }
        let notifier = CaseNotifier(app: app)
        let (name, needsDecision) = (d.name, state == .afventerBeslutning)
        let submittedMail: @Sendable (Int64) -> [MailDraft] = { id in
            notifier.drafts(.submitted(needsDecision: needsDecision), caseID: id, project: name)
        }
        let result: CaseRepository.SaveResult
        do {
            result = try await cases.saveIntake(
                caseID: caseID, version: version, d, leaderID: user.id, state: state, shortNotice: shortNotice,
                audit: .init(
                    userID: user.id, username: user.username, action: submit ? "intake.submitted" : "intake.saved",
                    objectType: "case", detail: d.name, clientIP: context.clientIP),
                notify: submit ? submittedMail : nil)
        } catch DatabaseError.uniqueViolation(constraint: "projects_name_key") {
            errors.add(
                "name",
                "Der findes allerede et projekt med navnet »\(d.name)«. Vælg et andet navn, eller kontakt rådssekretariatet, hvis projektet er det samme."
            )
            return try await self.form(request, context, d, errors: errors, caseID: caseID, version: version)
        }
        switch result {
        case .saved(let id):
            return .redirect(to: SiteURL.caseDetail(.value(id)).path(query: [("besked", submit ? "indsendt" : "gemt")]))
        case .stale:
            errors.add(
                "name",
                "Indmeldingen er blevet gemt et andet sted, mens du redigerede. Din tekst står herunder og er ikke gemt; åbn sagen igen for at se den gemte udgave."
            )
            return try await self.form(request, context, d, errors: errors, caseID: caseID, version: version)
        case .notEditable:
            throw HTTPError(.notFound)
        }
    }

    // MARK: Case page and decisions

    func show(
        _ request: Request, _ context: AppContext, decideError: String? = nil, typed: (message: String, by: String) = ("", ""),
        numberError: (typed: String, error: String)? = nil, decisionForm: (chosen: String, errors: FormErrors) = ("", FormErrors()),
        typedBody: String? = nil, costs typedCosts: CasePage.CostsInput = CasePage.CostsInput()
    ) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let page = try await CasePage.query(cases, id: id, user: user) else {
            throw HTTPError(.notFound)
        }
        let stored = page.caseNumber
        var costs = typedCosts
        costs.changes = page.costChanges
        let model = CasePage.build(
            page, viewer: Viewer(context), rules: app.config.council, maxUploadBytes: app.config.maxUploadBytes,
            message: request.uri.queryParameters.get("besked").map { String($0) }, decideError: decideError, typed: typed,
            number: .init(number: stored.number, invented: stored.invented, typed: numberError?.typed, error: numberError?.error),
            decisionForm: decisionForm, typedBody: typedBody, costs: costs)
        let refused = decideError != nil || numberError != nil || !decisionForm.errors.isEmpty || costs.error != nil
        return try app.views.render(CasePage.template, model, status: refused ? .unprocessableContent : .ok).response(
            from: request, context: context)
    }

    /// Deciding a request below the threshold: refused input is shown next to its field with the
    /// choice kept; a complete decision is first shown with what will happen and who will be told
    /// (`ConfirmActionPage`), and acted on only when confirmed.
    func decide(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        guard user.has(.director) || user.has(.secretariat) else { throw HTTPError(.forbidden) }
        let form = context.form ?? FormData()
        let chosen = form["beslutning"]
        let typed = (form["message"], form["decided_by"])
        let message = form["message"].trimmingWhitespace()
        // The secretariat records a decision taken elsewhere and names who took it.
        let decidedBy = user.has(.director) ? user.fullName : form["decided_by"].trimmingWhitespace()
        var errors = FormErrors()
        if chosen != "godkend" && chosen != "afvis" { errors.add("beslutning", "Vælg, om anmodningen godkendes eller afvises.") }
        if !user.has(.director) && decidedBy.isEmpty {
            errors.add("decided_by", "Skriv, hvem der traf beslutningen (fx Regionsdirektørkredsen på mødet 3.3.2027).")
        }
        if chosen == "afvis" && message.isEmpty { errors.add("message", "Skriv en begrundelse til projektet, når anmodningen afvises.") }
        // The body that took the decision: as written, or the director's own (fx Regionsdirektørkredsen).
        let typedBody = form["decided_body"].trimmingWhitespace()
        let decidedBody =
            !typedBody.isEmpty ? typedBody : user.has(.director) ? user.body : DecidingBody.named(in: decidedBy) ?? ""
        if decidedBody.isEmpty {
            errors.add("decided_body", "Skriv, hvilket organ der traf beslutningen, fx \(DecidingBody.examples).")
        } else if let p = SuggestedText.problem(decidedBody, what: "Organet") {
            errors.add("decided_body", p)
        }
        guard message.count <= 20_000, !message.contains("\u{0}"), decidedBy.count <= 300 else { throw HTTPError(.badRequest) }
        if !errors.isEmpty || form["bekraeft"] == "ret" {
            return try await show(request, context, typed: typed, decisionForm: (chosen, errors), typedBody: form["decided_body"])
        }
        let accepted = chosen == "godkend"
        guard c.state == .afventerBeslutning else {
            return try await show(request, context, decideError: "Anmodningen er allerede besluttet; sagen er gået videre.")
        }
        guard form["bekraeft"] == "ja" else {
            let leader = try await projectLeader(of: c)
            let model = ConfirmActionPage.build(
                title: accepted ? "Godkend anmodningen?" : "Afvis anmodningen?",
                heading: accepted ? "Godkend anmodningen om risikovurdering?" : "Afvis anmodningen om risikovurdering?",
                lead: "Du er ved at registrere beslutningen om »\(c.projectName)«\(user.has(.director) ? "" : ", truffet af \(decidedBy)"). "
                    + "Beslutningen kan ikke ændres bagefter.",
                happens: accepted
                    ? ["Anmodningen godkendes: projektet risikovurderes.", "Sagen går til rådssekretariatet, som planlægger vurderingen."]
                    : ["Anmodningen afvises: projektet risikovurderes ikke.", "Sagen lukkes som afvist, og begrundelsen står på sagen."],
                told: ["Projektlederen\(leader.map { ", \($0.fullName)," } ?? "") ser beslutningen på sagen og får den pr. e-mail."]
                    + (message.isEmpty ? [] : ["Beskeden til projektet: »\(message)«"]),
                action: SiteURL.caseDecision(.value(c.id)).path,
                fields: form.fields.sorted { $0.key < $1.key }.flatMap { key, values in values.map { (key, $0) } },
                confirmLabel: accepted ? "Ja, godkend anmodningen" : "Ja, afvis anmodningen", cancel: SiteURL.caseDetail(.value(c.id)).path,
                backInForm: true, path: SiteURL.cases.path, viewer: Viewer(context))
            return try app.views.render(ConfirmActionPage.template, model).response(from: request, context: context)
        }
        let result = try await cases.decide(
            caseID: c.id, accepted: accepted, message: message, userID: user.id, decidedBy: decidedBy, decidedBody: decidedBody,
            audit: .init(
                userID: user.id, username: user.username, action: accepted ? "case.accepted" : "case.declined", objectType: "case",
                objectID: String(c.id), detail: decidedBy, clientIP: context.clientIP),
            notify: mail(.decided(accepted: accepted), c))
        switch result {
        case .success:
            return .redirect(to: SiteURL.caseDetail(.value(c.id)).path(query: [("besked", "besluttet")]))
        case .failure(let refusal): return try await show(request, context, decideError: refusal.description)
        case nil: throw HTTPError(.notFound)
        }
    }
}

extension CaseRepository.Summary {
    /// The facts the Domain policy decides on.
    func facts(_ appointments: [CaseRepository.Appointment]) -> CaseFacts {
        facts(
            appointed: Set(appointments.map(\.userID)),
            signers: Set(appointments.filter { $0.role == .councilMember && $0.declared }.map(\.userID)))
    }

    func facts(appointed: Set<Int64>, signers: Set<Int64> = []) -> CaseFacts {
        CaseFacts(state: state, leaderID: leaderID, needsDecision: requirement?.needsDecision ?? false, appointed: appointed, signers: signers)
    }
}
