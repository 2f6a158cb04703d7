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
    }

    func notify(_ event: CaseNotifier.Event, _ c: CaseRepository.Summary, _ context: AppContext) {
        CaseNotifier(app: app, logger: context.logger).send(event, caseID: c.id, project: c.projectName)
    }

    /// A case the reader may see, or 404 (someone else's case never shows that it exists).
    func visibleCase(_ context: AppContext, _ request: Request) async throws -> (User, CaseRepository.Summary) {
        let (user, c, _) = try await visibleCaseAndAppointments(context, request)
        return (user, c)
    }

    /// The same check, handing on the appointments it had to read (pages that show them need not read them again).
    func visibleCaseAndAppointments(_ context: AppContext, _ request: Request) async throws
        -> (User, CaseRepository.Summary, [CaseRepository.Appointment]) {
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

    struct FormModel: Encodable {
        struct Option: Encodable {
            let value: String
            let name: String
            let checked: Bool
            /// The value as an HTML id fragment: no spaces ("Region Nordjylland" → "region-nordjylland").
            let id: String
            init(value: String, name: String, checked: Bool) {
                self.value = value
                self.name = name
                self.checked = checked
                self.id = value.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            }
        }
        let page: PageInfo
        let casesURL: String
        let action: String
        let values: Values
        let kinds: [Option]
        let regions: [Option]
        let phases: [Option]
        let reasons: [Option]
        let errors: ErrorSummary?
        let e: [String: String]
        let threshold: String
        let noticeMonths: Int
        let requirementText: String?
    }

    struct Values: Encodable {
        let version: Int
        let name, purpose, otherBodies, budget, regionalShare, chair, members, desiredMonth, contact, reasonText: String
    }

    func form(_ request: Request, _ context: AppContext, _ d: IntakeDraft, errors: FormErrors, caseID: Int64?, version: Int) async throws -> Response {
        var e: [String: String] = [:]
        for item in errors.list where e[item.field] == nil { e[item.field] = item.message }
        let model = FormModel(
            page: PageInfo(title: caseID == nil ? "Indmeld et projekt" : "Indmelding: \(d.name)", context: context, path: SiteURL.cases.path),
            casesURL: SiteURL.cases.path,
            action: caseID.map { SiteURL.caseIntake(.value($0)).path } ?? SiteURL.intake.path,
            values: Values(version: version, name: d.name, purpose: d.purpose, otherBodies: d.otherBodies, budget: d.budget,
                           regionalShare: d.regionalShare, chair: d.chair, members: d.members, desiredMonth: d.desiredMonth,
                           contact: d.contact, reasonText: d.reasonText),
            kinds: ProjectKind.allCases.map { .init(value: $0.rawValue, name: $0.danishName, checked: d.kind == $0) },
            regions: LeadingBodies.regions.map { .init(value: $0, name: $0, checked: d.regions.contains($0)) },
            phases: RSIPhase.allCases.map { .init(value: $0.rawValue, name: $0.rawValue + ($0.steps.isEmpty ? "" : " (" + $0.steps.joined(separator: ", ") + ")"), checked: d.phase == $0) },
            reasons: RequestReason.allCases.map { .init(value: $0.rawValue, name: $0.danishName, checked: d.reasons.contains($0)) },
            errors: ErrorSummary(errors), e: e, threshold: DanishFormat.number(app.config.council.thresholdMillions),
            noticeMonths: app.config.council.noticeMonths, requirementText: d.requirement?.explanation(threshold: d.threshold))
        return try app.views.render("intake_form", model, status: errors.isEmpty ? .ok : .unprocessableContent)
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
        d.reasonText = form["reason_text"]
        return d
    }

    func editIntake(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        guard c.leaderID == user.id, c.state == .kladde, var d = try await cases.intake(caseID: c.id) else { throw HTTPError(.notFound) }
        d.threshold = app.config.council.thresholdMillions
        return try await form(request, context, d, errors: FormErrors(), caseID: c.id, version: c.version)
    }

    func save(_ request: Request, _ context: AppContext, caseID: Int64?) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        let d = read(form)
        let version = Int(form["version"]) ?? 0
        let submit = form["handling"] == "indsend"
        var errors = FormErrors()
        for p in submit ? d.submitProblems() : d.draftProblems() { errors.add(p.field, p.message) }
        guard errors.isEmpty else { return try await self.form(request, context, d, errors: errors, caseID: caseID, version: version) }
        var state = CaseState.kladde
        var shortNotice = false
        if submit, let requirement = d.requirement {
            state = try AssessmentCase.apply(.submit(requirement), to: .kladde)
            let today = DanishFormat.calendar.dateComponents([.year, .month, .day], from: Date())
            shortNotice = d.month.map { NoticeRule.isShort(registeredOn: today, desired: $0) } ?? false
        }
        let result: CaseRepository.SaveResult
        do {
            result = try await cases.saveIntake(
                caseID: caseID, version: version, d, leaderID: user.id, state: state, shortNotice: shortNotice,
                audit: .init(userID: user.id, username: user.username, action: submit ? "intake.submitted" : "intake.saved",
                             objectType: "case", detail: d.name, clientIP: context.clientIP))
        } catch DatabaseError.uniqueViolation(constraint: "projects_name_key") {
            errors.add("name", "Der findes allerede et projekt med navnet »\(d.name)«. Vælg et andet navn, eller kontakt rådssekretariatet, hvis projektet er det samme.")
            return try await self.form(request, context, d, errors: errors, caseID: caseID, version: version)
        }
        switch result {
        case .saved(let id):
            if submit { CaseNotifier(app: app, logger: context.logger).send(.submitted(needsDecision: state == .afventerBeslutning), caseID: id, project: d.name) }
            return .redirect(to: SiteURL.caseDetail(.value(id)).path(query: [("besked", submit ? "indsendt" : "gemt")]))
        case .stale:
            errors.add("name", "Indmeldingen er blevet gemt et andet sted, mens du redigerede. Din tekst står herunder og er ikke gemt; åbn sagen igen for at se den gemte udgave.")
            return try await self.form(request, context, d, errors: errors, caseID: caseID, version: version)
        case .notEditable:
            throw HTTPError(.notFound)
        }
    }

    // MARK: Case page and decisions

    struct CaseModel: Encodable {
        let page: PageInfo
        let id: Int64
        let urls: CaseURLs
        let project: String
        let state: String
        let next: String?
        let requirement: String?
        let shortNotice: Bool
        let desired: String?
        let facts: [Fact]
        let canEdit: Bool
        let canDecide: Bool
        let recordsElsewhere: Bool
        let decision: DecisionView?
        let notice: String?
        let decideError: String?
        let typedMessage: String
        let typedDecidedBy: String
        let canPlan: Bool
        let appointees: [AppointeeView]
        let dates: [Fact]
        let hasPlan: Bool
        let mustDeclare: Bool
        let material: MaterialView?
        let hasLetter: Bool
        let canEvaluate: Bool
        let canAssess: Bool
        let kind: String
        let partner: String?
        let previous: CaseLink?
        let revisits: [CaseLink]
        let canRevisit: Bool
        let timeline: [TimelineStep]
        let hasTimeline: Bool
    }

    struct CaseLink: Encodable {
        let href: String
        let state: String
    }

    /// The links of one case's pages and forms, from the route table, for the case's templates
    /// (`{{urls.letter}}`, `action="{{urls.decision}}"`).
    struct CaseURLs: Encodable {
        let cases, caseDetail, intake, decision, planning, declaration, material, materialSend, assessment, observations,
            dialogue, letter, letterPDF, letterEdit, letterApprove, letterSend, responsum, followUp, evaluation, revisit: String

        init(_ id: Int64) {
            cases = SiteURL.cases.path
            caseDetail = SiteURL.caseDetail(.value(id)).path
            intake = SiteURL.caseIntake(.value(id)).path
            decision = SiteURL.caseDecision(.value(id)).path
            planning = SiteURL.casePlanning(.value(id)).path
            declaration = SiteURL.caseDeclaration(.value(id)).path
            material = SiteURL.caseMaterial(.value(id)).path
            materialSend = SiteURL.caseMaterialSend(.value(id)).path
            assessment = SiteURL.caseAssessment(.value(id)).path
            observations = SiteURL.caseObservations(.value(id)).path
            dialogue = SiteURL.caseDialogue(.value(id)).path
            letter = SiteURL.caseLetter(.value(id)).path
            letterPDF = SiteURL.caseLetterPDF(.value(id)).path
            letterEdit = SiteURL.caseLetterEdit(.value(id)).path
            letterApprove = SiteURL.caseLetterApprove(.value(id)).path
            letterSend = SiteURL.caseLetterSend(.value(id)).path
            responsum = SiteURL.caseResponsum(.value(id)).path
            followUp = SiteURL.caseFollowUp(.value(id)).path
            evaluation = SiteURL.caseEvaluation(.value(id)).path
            revisit = SiteURL.caseRevisit(.value(id)).path
        }
    }

    struct TimelineStep: Encodable {
        let at: String
        let iso: String
        let text: String
        let actor: String
    }

    struct AppointeeView: Encodable {
        let name: String
        let role: String
        let declared: Bool
    }

    struct Fact: Encodable {
        let label: String
        let value: String
    }

    struct DecisionView: Encodable {
        let outcome: String
        let by: String
        let at: String
        let message: String?
    }

    func show(_ request: Request, _ context: AppContext, decideError: String? = nil, typed: (message: String, by: String) = ("", "")) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let casePage = try await cases.page(id: id),
              CasePolicy.maySee(user, casePage.summary.facts(casePage.appointments))
        else { throw HTTPError(.notFound) }
        let (c, appointments) = (casePage.summary, casePage.appointments)
        let d = casePage.intake ?? IntakeDraft()
        let decision = casePage.decision
        var facts = [
            Fact(label: "Formål", value: d.purpose),
            Fact(label: "Type", value: d.kind?.danishName ?? "–"),
            Fact(label: "Projektledende", value: (d.regions + (d.otherBodies.isEmpty ? [] : [d.otherBodies])).joined(separator: ", ")),
            Fact(label: "Budget", value: d.budgetMillions.map(DanishFormat.millions) ?? "–"),
        ]
        if let share = d.regionalShareMillions { facts.append(Fact(label: "Regionernes andel", value: DanishFormat.millions(share))) }
        facts += [
            Fact(label: "Fase i RSI's projektmodel", value: d.phase?.rawValue ?? "–"),
            Fact(label: "Styregruppeformand", value: d.chair),
            Fact(label: "Styregruppe", value: d.memberNames.joined(separator: ", ")),
            Fact(label: "Kontakt", value: d.contact),
        ]
        if c.requirement?.needsDecision ?? false {
            facts.append(Fact(label: "Begrundelse", value: (d.reasons.map(\.danishName).sorted() + [d.reasonText]).filter { !$0.isEmpty }.joined(separator: ". ")))
        }
        let canDecide = CasePolicy.mayDecide(user, c.facts(appointments))
        let planned = casePage.dates
        var dates: [Fact] = []
        if let d = planned.material { dates.append(Fact(label: "Frist for materiale", value: DanishFormat.longDate(d))) }
        let material = materialView(user: user, c: c, appointments: appointments, dates: planned, files: casePage.materialFiles)
        if let d = planned.dialogue { dates.append(Fact(label: "Dialogmøde", value: DanishFormat.longDate(d))) }
        if let d = planned.letter { dates.append(Fact(label: "Anbefalingsbrev", value: DanishFormat.longDate(d))) }
        if !planned.reason.isEmpty { dates.append(Fact(label: "Begrundelse for antal rådsmedlemmer", value: planned.reason)) }
        let mustDeclare = appointments.contains { $0.userID == user.id && !$0.declared }
        let declaredAppointee = appointments.contains { $0.userID == user.id && $0.declared }
        let insider = user.has(.secretariat) || user.has(.admin) || declaredAppointee
        let links = casePage.links
        let timeline = casePage.timeline.compactMap { entry -> TimelineStep? in
            guard let step = CaseTimeline.step(for: entry.action), insider || !step.internalOnly else { return nil }
            return TimelineStep(at: DanishFormat.dateTime(entry.at), iso: entry.at.ISO8601Format(), text: step.text, actor: entry.actor)
        }
        let letterSent = c.state.letterSent
        let message: String? = switch request.uri.queryParameters.get("besked") {
        case "indsendt": c.state == .afventerBeslutning
            ? "Indmeldingen er sendt. Projektet er under tærsklen, så Regionsdirektørkredsen eller RSI beslutter, om det risikovurderes."
            : "Indmeldingen er sendt til rådssekretariatet, som planlægger risikovurderingen."
        case "gemt": "Kladden er gemt. Du kan fortsætte senere."
        case "besluttet": "Beslutningen er registreret."
        case "planlagt": "Risikovurderingen er planlagt. De udpegede skal nu afgive habilitetserklæring."
        case "erklaeret": "Din habilitetserklæring er registreret."
        case "erklaering-mangler": "Sæt kryds ved erklæringen for at afgive den."
        case "materiale": "Dokumentet er uploadet."
        case "evalueret": "Tak for evalueringen. Sagen er afsluttet."
        case "materiale-type": "Filen blev afvist: den er ikke en \(FileKind.allowedDescription)-fil (typen afgøres af filens indhold)."
        case "materiale-mangler": "Vælg en fil, før du trykker »Upload«."
        case "materiale-sendt": "Materialet er sendt. Vurderingen løber over \(CouncilRules.assessmentWorkingDays) arbejdsdage."
        case "genbesoeg": "Genbesøget er oprettet."
        default: nil
        }
        return try app.views.render("case", CaseModel(
            page: PageInfo(title: c.projectName, context: context, path: SiteURL.cases.path), id: c.id, urls: CaseURLs(c.id), project: c.projectName,
            state: c.state.danishName, next: c.state.nextActor?.danishName, requirement: c.requirement?.explanation(threshold: app.config.council.thresholdMillions),
            shortNotice: c.shortNotice, desired: c.desiredMonth.map(CaseListPage.month), facts: facts.filter { !$0.value.isEmpty },
            canEdit: c.state == .kladde && c.leaderID == user.id, canDecide: canDecide,
            recordsElsewhere: canDecide && !user.has(.director),
            decision: decision.map {
                DecisionView(outcome: c.state == .afvist ? "Afvist" : "Godkendt til risikovurdering", by: $0.decidedBy,
                             at: $0.decidedAt.map(DanishFormat.dateTime) ?? "", message: $0.message.isEmpty ? nil : $0.message)
            }, notice: message, decideError: decideError, typedMessage: typed.message, typedDecidedBy: typed.by,
            canPlan: c.state == .planlaegning && user.has(.secretariat),
            appointees: appointments.map { AppointeeView(name: $0.name, role: $0.role.danishName, declared: $0.declared) },
            dates: dates, hasPlan: !dates.isEmpty || !appointments.isEmpty, mustDeclare: mustDeclare, material: material,
            hasLetter: c.state == .vurdering ? (user.has(.secretariat) || appointments.contains { $0.userID == user.id && $0.role == .councilMember && $0.declared })
                : c.state.letterSent,
            canEvaluate: c.state == .responsumModtaget && c.leaderID == user.id && user.has(.projectLeader),
            canAssess: (user.has(.secretariat) || declaredAppointee) && (c.state == .vurdering || letterSent),
            kind: links?.kind == "genbesoeg" ? "Genbesøg" : "Risikovurdering",
            partner: links.flatMap { $0.partnerCouncil.isEmpty ? nil : $0.partnerCouncil },
            previous: links?.previous.map { CaseLink(href: SiteURL.caseDetail(.value($0.id)).path, state: $0.state.danishName) },
            revisits: links?.revisits.map { CaseLink(href: SiteURL.caseDetail(.value($0.id)).path, state: $0.state.danishName) } ?? [],
            canRevisit: user.has(.secretariat) && letterSent && !(links?.revisits.contains { ![.afvist, .afsluttet].contains($0.state) } ?? false),
            timeline: timeline, hasTimeline: !timeline.isEmpty), status: decideError == nil ? .ok : .unprocessableContent)
            .response(from: request, context: context)
    }

    func decide(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        guard user.has(.director) || user.has(.secretariat) else { throw HTTPError(.forbidden) }
        let form = context.form ?? FormData()
        let accepted: Bool
        switch form["beslutning"] {
        case "godkend": accepted = true
        case "afvis": accepted = false
        default:
            return try await show(request, context, decideError: "Vælg, om anmodningen godkendes eller afvises.",
                                  typed: (form["message"], form["decided_by"]))
        }
        let message = form["message"].trimmingWhitespace()
        // The secretariat records a decision taken elsewhere and names who took it.
        let decidedBy = user.has(.director) ? user.fullName : form["decided_by"].trimmingWhitespace()
        if !user.has(.director) && decidedBy.isEmpty {
            return try await show(request, context, decideError: "Skriv, hvem der traf beslutningen (fx Regionsdirektørkredsen på mødet 3.3.2027).",
                                  typed: (form["message"], form["decided_by"]))
        }
        if !accepted && message.isEmpty {
            return try await show(request, context, decideError: "Skriv en begrundelse til projektet, når anmodningen afvises.",
                                  typed: (form["message"], form["decided_by"]))
        }
        guard message.count <= 20_000, !message.contains("\u{0}"), decidedBy.count <= 300 else { throw HTTPError(.badRequest) }
        let result = try await cases.decide(
            caseID: c.id, accepted: accepted, message: message, userID: user.id, decidedBy: decidedBy,
            audit: .init(userID: user.id, username: user.username, action: accepted ? "case.accepted" : "case.declined", objectType: "case",
                         objectID: String(c.id), detail: decidedBy, clientIP: context.clientIP))
        switch result {
        case .success:
            notify(.decided(accepted: accepted), c, context)
            return .redirect(to: SiteURL.caseDetail(.value(c.id)).path(query: [("besked", "besluttet")]))
        case .failure(let refusal): return try await show(request, context, decideError: refusal.description)
        case nil: throw HTTPError(.notFound)
        }
    }
}

extension CaseRepository.Summary {
    /// The facts the Domain policy decides on.
    func facts(_ appointments: [CaseRepository.Appointment]) -> CaseFacts {
        facts(appointed: Set(appointments.map(\.userID)),
              signers: Set(appointments.filter { $0.role == .councilMember && $0.declared }.map(\.userID)))
    }

    func facts(appointed: Set<Int64>, signers: Set<Int64> = []) -> CaseFacts {
        CaseFacts(state: state, leaderID: leaderID, needsDecision: requirement?.needsDecision ?? false, appointed: appointed, signers: signers)
    }
}
