import Database
import Domain
import Foundation

/// One case (`/raadet/sager/{id}`): the intake's facts, the decision below the threshold, the plan,
/// the material box, the letter's and the assessment's links, genbesøg and the timeline, as the
/// reader may see them. One pipeline (`CaseRepository.page`), then a pure builder.
enum CasePage {
    static let template = "case"

    struct Model: Encodable {
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
        /// The deciding body as typed, or the director's own; the seed's examples as suggestions.
        let typedBody: String
        let bodySuggestions: [String]
        /// The decision form's refusals, each next to its field and linked from the summary, and the choice kept.
        let errors: ErrorSummary?
        let decisionForm: DecisionForm
        let canPlan: Bool
        let appointees: [AppointeeView]
        let dates: [Fact]
        let hasPlan: Bool
        let mustDeclare: Bool
        let material: MaterialBox.View?
        let hasLetter: Bool
        let canEvaluate: Bool
        let canAssess: Bool
        let kind: String
        let partner: String?
        let previous: CaseLink?
        let revisits: [CaseLink]
        let canRevisit: Bool
        /// The closed case's archive package, for the secretariat (nil otherwise).
        let archiveURL: String?
        let timeline: [TimelineStep]
        let hasTimeline: Bool
        let caseNumber: CaseNumberView
        /// What of the case and its project the demo invented (printed after the marker), nil when nothing is.
        let invented: String?
        /// New expected costs recorded since the intake, and the form to record them (nil: nothing to show).
        let costs: CostsView?
    }

    /// The case's and its project's notes of what the demo invented, as one: "hele sagen; projektets budget".
    static func invented(case caseNote: String?, project projectNote: String?) -> String? {
        let parts = [caseNote, projectNote.map { "projektets " + $0 }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// A warning when the planned letter falls after the 10 working days, counted as if the material
    /// arrives on its deadline (the assessment must end within them).
    static func lateLetterWarning(material: Date?, letter: Date?) -> String? {
        guard let material, let letter else { return nil }
        let due = CaseDeadlines.assessmentDue(materialReceived: MaterialBox.day(material))
        let l = MaterialBox.day(letter)
        guard (l.year!, l.month!, l.day!) > (due.year!, due.month!, due.day!), let dueDate = DanishFormat.calendar.date(from: due) else { return nil }
        return "Anbefalingsbrevet er planlagt efter de \(CouncilRules.assessmentWorkingDays) arbejdsdage: "
            + "kommer materialet til fristen, skal vurderingen være afsluttet senest \(DanishFormat.longDate(dueDate))."
    }

    /// What the reader chose and typed in the decision form, and what was refused, by field.
    struct DecisionForm: Encodable {
        let accept: Bool
        let decline: Bool
        let e: [String: String]
        init(chosen: String = "", errors: FormErrors = FormErrors()) {
            accept = chosen == "godkend"
            decline = chosen == "afvis"
            e = councilFieldErrors(errors)
        }
    }

    /// The case's number in the records system (EMN), printed on the letter; the secretariat records it.
    struct CaseNumberView: Encodable {
        let number: String?
        let invented: Bool
        let canEdit: Bool
        /// What the field holds: the number, or what was typed with `error`.
        let typed: String
        let error: String?
        let action: String
    }

    /// The case number as stored, or as typed and refused.
    struct CaseNumberInput {
        var number: String?
        var invented = false
        var typed: String?
        var error: String?
    }

    struct CaseLink: Encodable {
        let href: String
        let state: String
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

    /// The case with everything its page shows, in one pipeline; nil when it does not exist or
    /// `user` may not see it (the handler answers 404 either way).
    static func query(_ cases: CaseRepository, id: Int64, user: User) async throws -> CaseRepository.Page? {
        guard let page = try await cases.page(id: id), CasePolicy.maySee(user, page.summary.facts(page.appointments)) else { return nil }
        return page
    }

    /// The notice for `?besked=…` after a form sent the reader back to the case.
    static func notice(_ message: String?, state: CaseState) -> String? {
        switch message {
        case "indsendt":
            state == .afventerBeslutning
                ? "Indmeldingen er sendt. Om projektet risikovurderes, beror på en konkret vurdering hos fx \(DecidingBody.examples)."
                : "Indmeldingen er sendt til rådssekretariatet, som planlægger risikovurderingen."
        case "gemt": "Kladden er gemt. Du kan fortsætte senere."
        case "besluttet": "Beslutningen er registreret."
        case "planlagt": "Risikovurderingen er planlagt. De udpegede skal nu afgive habilitetserklæring."
        case "erklaeret": "Din habilitetserklæring er registreret."
        case "erklaering-mangler": "Sæt kryds ved erklæringen for at afgive den."
        case "materiale": "Dokumentet er uploadet."
        case "evalueret": "Tak for evalueringen. Sagen er afsluttet."
        case "materiale-sendt": "Materialet er sendt. Vurderingen løber over \(CouncilRules.assessmentWorkingDays) arbejdsdage."
        case "genbesoeg": "Genbesøget er oprettet."
        case "sagsnummer": "Sagsnummeret er gemt. Det står på anbefalingsbrevet."
        case "udgifter": "De nye forventede udgifter er registreret. De er under tærsklen, så sagen er uændret."
        case "udgifter-over": "De nye forventede udgifter er registreret. De er over tærsklen, så projektet skal risikovurderes."
        default: nil
        }
    }

    /// - Parameters:
    ///   - message: the `besked` the reader was sent back with.
    ///   - decideError, typed: a refused decision, and what the reader typed into its form.
    static func build(
        _ casePage: CaseRepository.Page, viewer: Viewer, rules: CouncilParameters, maxUploadBytes: Int, message: String?,
        decideError: String? = nil, typed: (message: String, by: String) = ("", ""), number: CaseNumberInput = CaseNumberInput(),
        decisionForm: (chosen: String, errors: FormErrors) = ("", FormErrors()), typedBody: String? = nil,
        costs costsInput: CostsInput = CostsInput()
    ) -> Model {
        let user = viewer.councilUser
        let (c, appointments) = (casePage.summary, casePage.appointments)
        let d = casePage.intake ?? IntakeDraft()
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
            facts.append(
                Fact(
                    label: "Begrundelse",
                    value: (d.reasons.map(\.danishName).sorted() + [d.otherReason, d.reasonText]).filter { !$0.isEmpty }.joined(separator: ". ")))
        }
        let canDecide = CasePolicy.mayDecide(user, c.facts(appointments))
        let planned = casePage.dates
        var dates: [Fact] = []
        if let d = planned.material { dates.append(Fact(label: "Frist for materiale", value: DanishFormat.longDate(d))) }
        let material = MaterialBox.build(
            rules: rules,
            user: user, c: c, appointments: appointments, dates: planned, files: casePage.materialFiles, now: viewer.now,
            maxUploadBytes: maxUploadBytes, uploadError: UploadReceiver.refusalText(message, prefix: "materiale", button: "Upload"))
        if let d = planned.dialogue { dates.append(Fact(label: "Dialogmøde", value: DanishFormat.longDate(d))) }
        if let d = planned.letter { dates.append(Fact(label: "Anbefalingsbrev", value: DanishFormat.longDate(d))) }
        if let warning = lateLetterWarning(material: planned.material, letter: planned.letter) { dates.append(Fact(label: "Bemærk", value: warning)) }
        if !planned.reason.isEmpty { dates.append(Fact(label: "Begrundelse for antal rådsmedlemmer", value: planned.reason)) }
        if !planned.assessorReason.isEmpty {
            dates.append(Fact(label: "Begrundelse for vurderingsteamets størrelse", value: planned.assessorReason))
        }
        let mustDeclare = appointments.contains { $0.userID == user.id && !$0.declared }
        let declaredAppointee = appointments.contains { $0.userID == user.id && $0.declared }
        let insider = user.has(.secretariat) || user.has(.admin) || declaredAppointee
        let links = casePage.links
        let timeline = casePage.timeline.compactMap { entry -> TimelineStep? in
            guard let step = CaseTimeline.step(for: entry.action), insider || !step.internalOnly else { return nil }
            let text = step.showsDetail && !entry.detail.isEmpty ? "\(step.text): \(entry.detail)" : step.text
            return TimelineStep(at: DanishFormat.dateTime(entry.at), iso: entry.at.ISO8601Format(), text: text, actor: entry.actor)
        }
        let letterSent = c.state.letterSent
        return Model(
            page: PageInfo(title: c.projectName, viewer: viewer, path: SiteURL.cases.path), id: c.id, urls: CaseURLs(c.id), project: c.projectName,
            state: c.state.danishName, next: c.state.nextActor?.danishName,
            requirement: c.requirement?.explanation(threshold: rules.thresholdMillions),
            shortNotice: c.shortNotice, desired: c.desiredMonth.map(CaseListPage.month), facts: facts.filter { !$0.value.isEmpty },
            canEdit: c.state == .kladde && c.leaderID == user.id, canDecide: canDecide,
            recordsElsewhere: canDecide && !user.has(.director),
            decision: casePage.decision.map {
                DecisionView(
                    outcome: c.state == .afvist ? "Afvist" : "Godkendt til risikovurdering",
                    by: $0.body.isEmpty || $0.body == $0.decidedBy ? $0.decidedBy : "\($0.decidedBy) (\($0.body))",
                    at: $0.decidedAt.map(DanishFormat.dateTime) ?? "", message: $0.message.isEmpty ? nil : $0.message)
            }, notice: notice(message, state: c.state), decideError: decideError, typedMessage: typed.message, typedDecidedBy: typed.by,
            typedBody: typedBody ?? user.body, bodySuggestions: DecidingBody.suggestions,
            errors: ErrorSummary(decisionForm.errors), decisionForm: DecisionForm(chosen: decisionForm.chosen, errors: decisionForm.errors),
            canPlan: c.state == .planlaegning && user.has(.secretariat),
            appointees: appointments.map { AppointeeView(name: $0.name, role: $0.role.danishName, declared: $0.declared) },
            dates: dates, hasPlan: !dates.isEmpty || !appointments.isEmpty, mustDeclare: mustDeclare, material: material,
            hasLetter: c.state == .vurdering
                ? (user.has(.secretariat) || appointments.contains { $0.userID == user.id && $0.role == .councilMember && $0.declared })
                : c.state.letterSent,
            canEvaluate: c.state == .responsumModtaget && c.leaderID == user.id && user.has(.projectLeader),
            canAssess: (user.has(.secretariat) || declaredAppointee) && (c.state == .vurdering || letterSent),
            kind: (links?.kind ?? .risikovurdering).danishName,
            partner: links.flatMap { $0.partnerCouncil.isEmpty ? nil : $0.partnerCouncil },
            previous: links?.previous.map { CaseLink(href: SiteURL.caseDetail(.value($0.id)).path, state: $0.state.danishName) },
            revisits: links?.revisits.map { CaseLink(href: SiteURL.caseDetail(.value($0.id)).path, state: $0.state.danishName) } ?? [],
            canRevisit: user.has(.secretariat) && letterSent && !(links?.revisits.contains { ![.afvist, .afsluttet].contains($0.state) } ?? false),
            archiveURL: user.has(.secretariat) && c.state == .afsluttet ? SiteURL.caseArchive(.value(c.id)).path : nil,
            timeline: timeline, hasTimeline: !timeline.isEmpty,
            caseNumber: CaseNumberView(
                number: number.number, invented: number.invented, canEdit: user.has(.secretariat), typed: number.typed ?? number.number ?? "",
                error: number.error, action: SiteURL.caseNumber(.value(c.id)).path),
            invented: invented(case: c.invented, project: c.projectInvented),
            costs: costs(costsInput, user: user, c: c, facts: c.facts(appointments), intake: d, rules: rules))
    }
}

/// The material box of the case page: the project's documents (shown only to those who may read
/// them), upload and send for the project leader, and when the assessment is due or late.
enum MaterialBox {
    struct View: Encodable {
        struct File: Encodable {
            let href: String
            let name: String
            let size: String
        }
        let files: [File]
        let hasFiles: Bool
        let canUpload: Bool
        let canSend: Bool
        let received: String?
        let due: String?
        /// How the 10 working days are counted (day 1, the days that do not count).
        let dueRule: String
        let late: String?
        let maxUpload: String
        /// A refused upload, shown next to the file field.
        let uploadError: String?
    }

    /// May this user read the case's material? The project leader, the secretariat, and appointees
    /// who have declared their impartiality.
    static func mayRead(user: User, c: CaseRepository.Summary, appointments: [CaseRepository.Appointment]) -> Bool {
        user.has(.secretariat) || (user.has(.projectLeader) && c.leaderID == user.id)
            || appointments.contains { $0.userID == user.id && $0.declared }
    }

    /// The box, or nil before the material is asked for; `files` are all the case's documents.
    static func build(
        rules: CouncilParameters = .standard,
        user: User, c: CaseRepository.Summary, appointments: [CaseRepository.Appointment], dates: CaseRepository.Dates,
        files allFiles: [AttachmentRepository.Info], now: Date, maxUploadBytes: Int, uploadError: String? = nil
    ) -> View? {
        guard c.state == .afventerMateriale || c.state.assessmentStarted else { return nil }
        let files = mayRead(user: user, c: c, appointments: appointments) ? allFiles : []
        let isLeader = user.has(.projectLeader) && c.leaderID == user.id
        let today = DanishFormat.calendar.dateComponents([.year, .month, .day], from: now)
        let received = dates.materialReceived.map { DanishFormat.calendar.dateComponents([.year, .month, .day], from: $0) }
        let due = received.map { CaseDeadlines.assessmentDue(materialReceived: $0, rules: rules) }
        let late = CaseDeadlines.late(
            state: c.state, materialDeadline: dates.material.map(day), materialReceived: received,
            responsumDue: nil, today: today)?.danishDescription
        return View(
            files: files.map { .init(href: SiteURL.caseFile(.value($0.id)).path, name: $0.filename, size: BoardPage.fileSize($0.size)) },
            hasFiles: !files.isEmpty, canUpload: isLeader && (c.state == .afventerMateriale || c.state == .vurdering),
            canSend: isLeader && c.state == .afventerMateriale, received: dates.materialReceived.map(DanishFormat.dateTime),
            due: due.map { "\($0.day!). \(DanishFormat.monthNames[$0.month! - 1]) \($0.year!)" },
            dueRule: "\(rules.assessmentWorkingDays) arbejdsdage. \(rules.workingDaysRule)", late: late,
            maxUpload: UploadReceiver.label(maxUploadBytes), uploadError: uploadError)
    }

    /// A `date` column's day (stored as midnight UTC) as that day in Danish time, for `DanishFormat`.
    static func dayDate(_ date: Date) -> Date { DanishFormat.calendar.date(from: day(date)) ?? date }

    /// A `date` column's day (stored as midnight UTC), as calendar components.
    static func day(_ date: Date) -> DateComponents {
        let d = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return DateComponents(year: d.year, month: d.month, day: d.day)
    }
}
