import Database
import Domain
import Foundation
import Hummingbird

/// The recommendation letter: written by the secretariat and the appointed council members, signed
/// off by each appointed council member (any edit voids every sign-off), sent by the secretariat when
/// fully signed, then frozen and readable by the project and the directors.
extension CaseRoutes {
    var letters: LetterRepository { LetterRepository(pool: app.pool) }

    func addLetterRoutes(to router: SiteRouter) {
        router.get(.caseLetter(.key)) { request, context in try await self.showLetter(request, context, error: nil) }
        router.get(.caseLetterEdit(.key)) { request, context in try await self.editLetter(request, context) }
        router.post(.caseLetterEdit(.key)) { request, context in try await self.saveLetter(request, context) }
        router.post(.caseLetterApprove(.key)) { request, context in try await self.signLetter(request, context) }
        router.post(.caseLetterSend(.key)) { request, context in try await self.sendLetter(request, context) }
        router.get(.caseLetterPDF(.key)) { request, context in try await self.letterPDF(request, context) }
    }

    /// The sent letter (with the responsum, once given) as a PDF, for those who may read it (see
    /// `Documents`: rendered by the job runner, served from PostgreSQL per version).
    func letterPDF(_ request: Request, _ context: AppContext) async throws -> Response {
        let (_, c, _, _, _) = try await letterAccess(context, request)
        let documents = Documents(app: app)
        guard let version = try await documents.letter(c) else { throw HTTPError(.notFound) }
        return try await documents.respond(version, filename: "Anbefalingsbrev \(c.projectName).pdf", request: request, context: context)
    }

    /// Who may read the letter: the secretariat and declared council appointees while it is written;
    /// after sending also the project leader and the directors.
    func letterAccess(_ context: AppContext, _ request: Request) async throws
        -> (User, CaseRepository.Summary, canEdit: Bool, isSigner: Bool, appointments: [CaseRepository.Appointment])
    {
        let (user, c, appointments) = try await visibleCaseAndAppointments(context, request)
        let facts = c.facts(appointments)
        guard CasePolicy.mayReadLetter(user, facts) else { throw HTTPError(.notFound) }
        return (user, c, CasePolicy.mayEditLetter(user, facts), facts.signers.contains(user.id), appointments)
    }

    func showLetter(_ request: Request, _ context: AppContext, error: String?, send: (typed: String, error: String?) = ("", nil)) async throws
        -> Response
    {
        let (user, c, _, isSigner, appointments) = try await letterAccess(context, request)
        let model = LetterPage.build(
            c, appointments: appointments, try await LetterPage.query(letters, DocumentRepository(pool: app.pool), caseID: c.id),
            viewer: Viewer(context),
            message: request.uri.queryParameters.get("besked").map { String($0) }, error: error,
            signedBefore: isSigner ? try await letters.signedText(caseID: c.id, userID: user.id) : nil, send: send)
        return try app.views.render(LetterPage.template, model, status: error == nil && send.error == nil ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func letterForm(_ request: Request, _ context: AppContext, caseID: Int64, _ l: LetterRepository.Letter, errors: FormErrors) async throws
        -> Response
    {
        let model = LetterFormPage.build(
            caseID: caseID, l, signed: try await LetterFormPage.query(letters, caseID: caseID), errors: errors, viewer: Viewer(context))
        return try app.views.render(LetterFormPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func editLetter(_ request: Request, _ context: AppContext) async throws -> Response {
        let (_, c, canEdit, _, _) = try await letterAccess(context, request)
        guard canEdit else { throw HTTPError(.forbidden) }
        return try await letterForm(request, context, caseID: c.id, try await letters.letter(caseID: c.id), errors: FormErrors())
    }

    func saveLetter(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c, canEdit, _, _) = try await letterAccess(context, request)
        guard canEdit else { throw HTTPError(.forbidden) }
        let form = context.form ?? FormData()
        var l = LetterRepository.Letter()
        l.version = Int(form["version"]) ?? 0
        l.generalStatement = form["statement"]
        l.complexity = Set(form.values("criteria").compactMap { $0.hasPrefix("k:") ? ComplexityCriterion(rawValue: String($0.dropFirst(2))) : nil })
        l.risks = Set(form.values("criteria").compactMap { $0.hasPrefix("r:") ? RiskCriterion(rawValue: String($0.dropFirst(2))) : nil })
        for code in ComplexityCriterion.allCases.map({ "k:" + $0.rawValue }) + RiskCriterion.allCases.map({ "r:" + $0.rawValue }) {
            l.comments[code] = form["comment_" + code]
        }
        l.finalProfile = RiskProfile(rawValue: form["profile"])
        l.profileReason = form["profile_reason"]
        var errors = FormErrors()
        l.recommendations = RecommendationRows.read(form, into: &errors)
        if let final = l.finalProfile, final != l.proposedProfile, l.profileReason.trimmingWhitespace().isEmpty {
            errors.add("profile_reason", "Den valgte risikoprofil afviger fra den foreslåede (\(l.proposedProfile.rawValue)). Skriv en begrundelse.")
        }
        let texts = [l.generalStatement, l.profileReason] + l.recommendations.map(\.body) + Array(l.comments.values)
        if texts.contains(where: { $0.contains("\u{0}") || $0.count > 50_000 }) {
            errors.add("statement", "En tekst er for lang eller indeholder ugyldige tegn.")
        }
        guard errors.isEmpty else { return try await letterForm(request, context, caseID: c.id, l, errors: errors) }
        switch try await letters.save(
            caseID: c.id, l,
            audit: .init(
                userID: user.id, username: user.username, action: "letter.saved", objectType: "case", objectID: String(c.id),
                clientIP: context.clientIP),
            askToSign: mail(.letterAwaitsSignOff, c))
        {
        case .saved(let voided):
            return .redirect(to: SiteURL.caseLetter(.value(c.id)).path(query: [("besked", voided > 0 ? "annulleret" : "gemt")]))
        case .stale:
            errors.add(
                "statement",
                "Brevet er gemt af en anden, mens du skrev. Din tekst står herunder og er ikke gemt. Åbn brevet i en ny fane for at se den gemte udgave, og gem igen."
            )
            l.version = try await letters.letter(caseID: c.id).version
            return try await letterForm(request, context, caseID: c.id, l, errors: errors)
        case .frozen: throw HTTPError(.forbidden)
        }
    }

    func signLetter(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c, _, isSigner, _) = try await letterAccess(context, request)
        guard isSigner else { throw HTTPError(.forbidden) }
        let l = try await letters.letter(caseID: c.id)
        guard l.finalProfile != nil, !l.recommendations.isEmpty else {
            return try await showLetter(request, context, error: "Brevet skal have en risikoprofil og mindst én anbefaling, før det kan godkendes.")
        }
        switch try await letters.sign(
            caseID: c.id, userID: user.id, version: Int((context.form ?? FormData())["version"]) ?? -1,
            signedText: LetterPage.signedLines(l).joined(separator: "\n"),
            audit: .init(
                userID: user.id, username: user.username, action: "letter.signed", objectType: "case", objectID: String(c.id),
                clientIP: context.clientIP))
        {
        case .success: return .redirect(to: SiteURL.caseLetter(.value(c.id)).path(query: [("besked", "godkendt")]))
        case .failure(let refusal): return try await showLetter(request, context, error: refusal.description)
        }
    }

    func sendLetter(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c, _, _, _) = try await letterAccess(context, request)
        guard user.has(.secretariat) else { throw HTTPError(.forbidden) }
        let form = context.form ?? FormData()
        guard let due = DanishFormat.parseDay(form["responsum_due"]) else {
            return try await showLetter(
                request, context, error: nil, send: (form["responsum_due"], "Skriv fristen for responsum som dd.mm.åååå, fx 1.6.2027."))
        }
        // The responsum answers the letter: its deadline lies after the day the letter is sent.
        let today = DanishFormat.calendar.dateComponents([.year, .month, .day], from: Date())
        guard let dueDate = DanishFormat.calendar.date(from: due), let todayDate = DanishFormat.calendar.date(from: today), dueDate > todayDate
        else {
            return try await showLetter(
                request, context, error: nil, send: (form["responsum_due"], "Fristen for responsum skal ligge efter i dag, den dag brevet sendes."))
        }
        guard form["bekraeft"] == "ja" else {
            // A letter that cannot be sent yet (not every sign-off, already sent) says so at once, not after a confirmation.
            let signOff = try await letters.signOff(caseID: c.id)
            do {
                _ = try AssessmentCase.apply(.letterSent(signOff), to: c.state)
            } catch {
                return try await showLetter(request, context, error: error.description)
            }
            let leader = try await projectLeader(of: c)
            let model = ConfirmActionPage.build(
                title: "Send brevet?", heading: "Send anbefalingsbrevet?",
                lead: "Du er ved at sende It-rådets anbefalingsbrev til »\(c.projectName)«. Et sendt brev kan ikke rettes eller trækkes tilbage.",
                happens: [
                    "Brevet låses: det kan ikke længere rettes eller godkendes.",
                    "Projektet skal sende sit responsum senest \(DanishFormat.longDate(dueDate)).",
                    "Brevet bliver også en PDF, som projektet og direktørerne kan hente.",
                ],
                told: [
                    "Projektlederen\(leader.map { ", \($0.fullName)," } ?? "") kan læse brevet og får besked pr. e-mail med fristen for responsum.",
                    "Regionsdirektørkredsen (direktørerne) får brevet til orientering.",
                ],
                action: SiteURL.caseLetterSend(.value(c.id)).path, fields: [("responsum_due", form["responsum_due"])],
                confirmLabel: "Ja, send brevet", cancel: SiteURL.caseLetter(.value(c.id)).path, path: SiteURL.cases.path,
                viewer: Viewer(context))
            return try app.views.render(ConfirmActionPage.template, model).response(from: request, context: context)
        }
        switch try await letters.send(
            caseID: c.id, responsumDue: due,
            audit: .init(
                userID: user.id, username: user.username, action: "letter.sent", objectType: "case", objectID: String(c.id),
                clientIP: context.clientIP),
            notify: mail(.letterSent(responsumDue: due), c))
        {
        case .success:
            // The PDF is rendered now, before the project and the directors open it.
            let documents = Documents(app: app)
            if let version = try await documents.letter(c) {
                try await documents.repository.requestRender(kind: Documents.renderKind, document: version.ref.name, stamp: version.stamp)
            }
            return .redirect(to: SiteURL.caseLetter(.value(c.id)).path(query: [("besked", "sendt")]))
        case .failure(let refusal): return try await showLetter(request, context, error: refusal.description)
        }
    }
}
