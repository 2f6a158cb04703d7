import Database
import Domain
import Foundation
import Hummingbird

/// The project's responsum to the sent letter, submitted as a whole, and the follow-up status of
/// each recommendation, kept up to date by the project.
extension CaseRoutes {
    func addResponsumRoutes(to router: SiteRouter) {
        router.get(.caseResponsum(.key)) { request, context in
            try await self.responsumForm(request, context, typed: [:], errors: FormErrors())
        }
        router.post(.caseResponsum(.key)) { request, context in try await self.submitResponsum(request, context) }
        router.post(.caseFollowUp(.key)) { request, context in try await self.followUp(request, context) }
    }

    /// The project leader of a case whose letter is sent.
    func ownCase(_ context: AppContext, _ request: Request) async throws -> (User, CaseRepository.Summary) {
        let (user, c) = try await visibleCase(context, request)
        guard user.has(.projectLeader), c.leaderID == user.id else { throw HTTPError(.forbidden) }
        return (user, c)
    }

    func responsumForm(_ request: Request, _ context: AppContext, typed: ResponsumPage.Typed, errors: FormErrors) async throws -> Response {
        let (_, c) = try await ownCase(context, request)
        guard c.state == .brevSendt else { return .redirect(to: SiteURL.caseLetter(.value(c.id)).path) }
        let model = ResponsumPage.build(
            c, try await ResponsumPage.query(letters, caseID: c.id), typed: typed, errors: errors, viewer: Viewer(context),
            saved: request.uri.queryParameters.get("besked") == "kladde")
        return try app.views.render(ResponsumPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func submitResponsum(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await ownCase(context, request)
        // A responsum is only possible once, after the letter is sent: say why plainly otherwise.
        do { _ = try AssessmentCase.apply(.responsumSubmitted, to: c.state) } catch {
            return try await showLetter(request, context, error: error.description)
        }
        let form = context.form ?? FormData()
        let recommendations = try await letters.answers(caseID: c.id)
        if form["handling"] == "kladde" { return try await saveResponsumDraft(request, context, user, c, recommendations, form) }
        var typed: ResponsumPage.Typed = [:]
        var answers: [LetterRepository.Answer] = []
        var errors = FormErrors()
        for r in recommendations {
            let (a, action, date) = (form["answer_\(r.id)"], form["action_\(r.id)"], form["date_\(r.id)"].trimmingWhitespace())
            typed[r.id] = (a, action, date)
            guard let answer = ResponsumAnswer(rawValue: a) else {
                errors.add("answer_\(r.id)", "Angiv, om anbefaling \(r.number) følges.")
                continue
            }
            let day = date.isEmpty ? nil : DanishFormat.parseDay(date)
            if !date.isEmpty && day == nil { errors.add("date_\(r.id)", "Skriv datoen for anbefaling \(r.number) som dd.mm.åååå.") }
            if answer != .foelgesIkke && action.trimmingWhitespace().isEmpty {
                errors.add("action_\(r.id)", "Beskriv den planlagte handling for anbefaling \(r.number).")
            }
            if action.count > 20_000 || action.contains("\u{0}") {
                errors.add("action_\(r.id)", "Teksten er for lang eller indeholder ugyldige tegn.")
            }
            answers.append(.init(recommendationID: r.id, answer: answer, action: action, date: day))
        }
        guard errors.isEmpty else { return try await responsumForm(request, context, typed: typed, errors: errors) }
        switch try await letters.submitResponsum(
            caseID: c.id, answers,
            audit: .init(
                userID: user.id, username: user.username, action: "responsum.submitted", objectType: "case", objectID: String(c.id),
                clientIP: context.clientIP),
            notify: mail(.responsumSubmitted, c))
        {
        case .success:
            return .redirect(to: SiteURL.caseLetter(.value(c.id)).path(query: [("besked", "responsum")]))
        case .failure(let refusal):
            errors.add("answers", refusal.description)
            return try await responsumForm(request, context, typed: typed, errors: errors)
        }
    }

    /// "Gem som kladde": what is written so far is kept for later, unchecked except for what cannot be
    /// stored (an unreadable date, an overlong text); nothing is submitted and no one is told.
    func saveResponsumDraft(
        _ request: Request, _ context: AppContext, _ user: User, _ c: CaseRepository.Summary, _ recommendations: [LetterRepository.Answered],
        _ form: FormData
    ) async throws -> Response {
        var typed: ResponsumPage.Typed = [:]
        var drafts: [LetterRepository.DraftAnswer] = []
        var errors = FormErrors()
        for r in recommendations {
            let (a, action, date) = (form["answer_\(r.id)"], form["action_\(r.id)"], form["date_\(r.id)"].trimmingWhitespace())
            typed[r.id] = (a, action, date)
            let day = date.isEmpty ? nil : DanishFormat.parseDay(date)
            if !date.isEmpty && day == nil { errors.add("date_\(r.id)", "Skriv datoen for anbefaling \(r.number) som dd.mm.åååå.") }
            if action.count > 20_000 || action.contains("\u{0}") {
                errors.add("action_\(r.id)", "Teksten er for lang eller indeholder ugyldige tegn.")
            }
            drafts.append(.init(recommendationID: r.id, answer: ResponsumAnswer(rawValue: a), action: action, date: day))
        }
        guard errors.isEmpty else { return try await responsumForm(request, context, typed: typed, errors: errors) }
        guard
            try await letters.saveResponsumDraft(
                caseID: c.id, drafts,
                audit: .init(
                    userID: user.id, username: user.username, action: "responsum.saved", objectType: "case", objectID: String(c.id),
                    clientIP: context.clientIP))
        else { return .redirect(to: SiteURL.caseLetter(.value(c.id)).path) }
        return .redirect(to: SiteURL.caseResponsum(.value(c.id)).path(query: [("besked", "kladde")]))
    }

    func followUp(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await ownCase(context, request)
        let form = context.form ?? FormData()
        guard c.state == .responsumModtaget || c.state == .afsluttet, let id = Int64(form["recommendation"]),
            let status = FollowUpStatus(rawValue: form["status"])
        else { throw HTTPError(.badRequest) }
        // A note on what was done, shown with the status in the case's timeline.
        let note = form["note"].trimmingWhitespace()
        guard note.count <= 2_000, !note.contains("\u{0}") else { throw HTTPError(.badRequest) }
        guard
            try await letters.setFollowUp(
                caseID: c.id, recommendationID: id, status: status,
                audit: .init(
                    userID: user.id, username: user.username, action: "recommendation.follow_up", objectType: "case", objectID: String(c.id),
                    detail: status.danishName + (note.isEmpty ? "" : " – \(note)"), clientIP: context.clientIP))
        else { throw HTTPError(.notFound) }
        return .redirect(to: SiteURL.caseLetter(.value(c.id)).path(fragment: "anbefaling-\(id)"))
    }
}
