import Database
import Domain
import Foundation
import Hummingbird

/// Accounts people manage themselves: a password reset by e-mail, a request for an account that
/// the council secretariat approves (a project-leader account) or declines, and ending one's other
/// sessions. Two-factor set-up with its QR code and recovery codes is `TOTPRoutes`.
struct AccountRoutes {
    let app: AppServices
    var accounts: AccountRepository { AccountRepository(pool: app.pool) }

    /// Per address per hour: reset e-mails asked for, account requests sent.
    static let resetsPerAddress = 10
    /// Per account per hour: reset e-mails sent (more asks get the same answer and no e-mail).
    static let resetsPerAccount = 3
    static let requestsPerAddress = 5

    func addRoutes(to router: SiteRouter) {
        router.get(.passwordForgot) { request, context in try await self.forgotForm(request, context) }
        router.post(.passwordForgot) { request, context in try await self.forgot(request, context) }
        router.get(.passwordReset(.key)) { request, context in try await self.resetForm(request, context) }
        router.post(.passwordReset(.key)) { request, context in try await self.reset(request, context) }
        router.get(.accountRequest) { request, context in try await self.requestForm(request, context) }
        router.post(.accountRequest) { request, context in try await self.sendRequest(request, context) }
        router.post(.accountSessionsEnd) { request, context in try await self.endOtherSessions(request, context) }
        let secretariat = router.requiring(.runCouncil)
        secretariat.get(.accountRequests) { request, context in try await self.requestList(request, context) }
        secretariat.post(.accountRequestDecision(.key)) { request, context in try await self.decide(request, context) }
    }

    // MARK: Anonymous forms

    /// The anonymous visitor's CSRF token, from their pre-session (made when there is none).
    func anonymous(_ request: Request, _ context: AppContext) async throws -> (AppContext, String?) {
        var context = context
        guard context.user == nil else { return (context, nil) }
        if let pre = request.cookies[app.cookies.preSession]?.value, pre.count < 100, !pre.isEmpty,
            let token = try await app.sessions.anonymousToken(token: pre)
        {
            context.csrfToken = token
            return (context, nil)
        }
        let pre = Tokens.random()
        let token = Tokens.random()
        try await app.sessions.createAnonymous(token: pre, csrfToken: token)
        context.csrfToken = token
        return (context, pre)
    }

    func page<Model: Encodable>(
        _ request: Request, _ context: AppContext, _ template: String, status: HTTPResponse.Status = .ok,
        build: (Viewer) -> Model
    ) async throws -> Response {
        let (ctx, newPre) = try await anonymous(request, context)
        var response = try app.views.render(template, build(Viewer(ctx)), status: status).response(from: request, context: ctx)
        response.headers[.cacheControl] = "no-store"
        if let newPre { response.setCookie(app.cookies.make(app.cookies.preSession, value: newPre)) }
        return response
    }

    // MARK: Password reset

    func forgotForm(_ request: Request, _ context: AppContext) async throws -> Response {
        try await page(request, context, PasswordForgotPage.template) {
            PasswordForgotPage.build(viewer: $0, identifier: "", errors: FormErrors(), sent: request.uri.queryParameters.get("sendt") != nil)
        }
    }

    /// The same answer whether or not the address belongs to anyone: "if it does, a link is on its way".
    func forgot(_ request: Request, _ context: AppContext) async throws -> Response {
        let identifier = (context.form ?? FormData())["identifier"].trimmingWhitespace()
        var errors = FormErrors()
        if identifier.isEmpty || identifier.count > 254 { errors.add("identifier", "Skriv din e-mailadresse eller dit brugernavn.") }
        guard errors.isEmpty else {
            return try await page(request, context, PasswordForgotPage.template, status: .unprocessableContent) {
                PasswordForgotPage.build(viewer: $0, identifier: identifier, errors: errors, sent: false)
            }
        }
        guard try await app.sessions.allowEvent(kind: "reset.address", key: context.clientIP, limit: Self.resetsPerAddress) else {
            errors.add("identifier", "Der er bedt om for mange nye adgangskoder herfra. Vent en time, og prøv igen.")
            return try await page(request, context, PasswordForgotPage.template, status: .tooManyRequests) {
                PasswordForgotPage.build(viewer: $0, identifier: identifier, errors: errors, sent: false)
            }
        }
        for user in try await accounts.resetCandidates(identifier) {
            guard try await app.sessions.allowEvent(kind: "reset.account", key: String(user.id), limit: Self.resetsPerAccount) else {
                continue
            }
            let token = Tokens.random()
            let link = app.baseURL + SiteURL.passwordReset(.value(token)).path
            let mail = MailDraft(
                to: [.user(user.id)], subject: "Ny adgangskode til Rådsportalen",
                body: """
                    Kære \(user.fullName)

                    Der er bedt om en ny adgangskode til din konto i Rådsportalen (brugernavn: \(user.username)).
                    Vælg en ny adgangskode her – linket virker én gang og i en time:

                    \(link)

                    Har du ikke selv bedt om det, kan du se bort fra denne e-mail: din adgangskode er uændret.
                    """,
                reason: "password.reset")
            try await accounts.issueToken(token, userID: user.id, purpose: .reset, mail: mail)
            try await app.audit.append(
                .init(
                    userID: user.id, username: user.username, action: "password.reset_requested", objectType: "user",
                    objectID: String(user.id), clientIP: context.clientIP))
        }
        return .redirect(to: SiteURL.passwordForgot.path(query: [("sendt", "1")]))
    }

    func resetForm(_ request: Request, _ context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let found = token.count < 100 ? try await accounts.tokenUser(token) : nil
        return try await page(request, context, PasswordResetPage.template, status: found == nil ? .notFound : .ok) {
            PasswordResetPage.build(viewer: $0, token: token, user: found?.user, welcome: found?.purpose == .welcome, errors: FormErrors())
        }
    }

    func reset(_ request: Request, _ context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard token.count < 100, let (user, purpose) = try await accounts.tokenUser(token) else {
            return try await page(request, context, PasswordResetPage.template, status: .notFound) {
                PasswordResetPage.build(viewer: $0, token: token, user: nil, welcome: false, errors: FormErrors())
            }
        }
        let form = context.form ?? FormData()
        var errors = FormErrors()
        if let problem = PasswordPolicy.problem(with: form["new"], username: user.username, commonPasswords: app.commonPasswords) {
            errors.add("new", problem)
        } else if form["new"] != form["repeat"] {
            errors.add("repeat", "De to adgangskoder er ikke ens.")
        }
        guard errors.isEmpty else {
            return try await page(request, context, PasswordResetPage.template, status: .unprocessableContent) {
                PasswordResetPage.build(viewer: $0, token: token, user: user, welcome: purpose == .welcome, errors: errors)
            }
        }
        let hash = try await app.hasher.hash(form["new"])
        guard let userID = try await accounts.setPassword(token: token, hash: hash) else { throw HTTPError(.notFound) }
        try await app.audit.append(
            .init(
                userID: userID, username: user.username, action: purpose == .welcome ? "password.welcome_set" : "password.reset",
                objectType: "user", objectID: String(userID), clientIP: context.clientIP))
        return .redirect(to: SiteURL.login.path(query: [("adgangskode", "ny")]))
    }

    // MARK: A request for an account

    func requestForm(_ request: Request, _ context: AppContext) async throws -> Response {
        try await page(request, context, AccountRequestPage.template) {
            AccountRequestPage.build(
                viewer: $0, form: FormData(), errors: FormErrors(), sent: request.uri.queryParameters.get("sendt") != nil)
        }
    }

    func sendRequest(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = context.form ?? FormData()
        let input = AccountRequestPage.Input(form)
        let errors = input.errors()
        guard errors.isEmpty else {
            return try await page(request, context, AccountRequestPage.template, status: .unprocessableContent) {
                AccountRequestPage.build(viewer: $0, form: form, errors: errors, sent: false)
            }
        }
        guard try await app.sessions.allowEvent(kind: "account.request", key: context.clientIP, limit: Self.requestsPerAddress) else {
            var errors = FormErrors()
            errors.add("full_name", "Der er sendt for mange anmodninger herfra. Vent en time, og prøv igen.")
            return try await page(request, context, AccountRequestPage.template, status: .tooManyRequests) {
                AccountRequestPage.build(viewer: $0, form: form, errors: errors, sent: false)
            }
        }
        let notify = MailDraft(
            to: [.role(.secretariat)], subject: "Anmodning om en brugerkonto: \(input.fullName)",
            body: """
                \(input.fullName) (\(input.email), \(input.organisation)) beder om en brugerkonto som projektleder i Rådsportalen.

                Godkend eller afvis anmodningen her:
                \(app.baseURL + SiteURL.accountRequests.path)
                """,
            reason: "account.requested")
        let id = try await accounts.createRequest(
            fullName: input.fullName, email: input.email, organisation: input.organisation, project: input.project, message: input.message,
            notify: [notify])
        try await app.audit.append(
            .init(
                userID: nil, username: "", action: "account.requested", objectType: "account_request", objectID: String(id),
                detail: input.email, clientIP: context.clientIP))
        return .redirect(to: SiteURL.accountRequest.path(query: [("sendt", "1")]))
    }

    // MARK: The secretariat decides

    func requestList(_ request: Request, _ context: AppContext, errors: [Int64: FormErrors] = [:], form: FormData? = nil) async throws
        -> Response
    {
        let rows = try await accounts.requests()
        let model = AccountRequestsPage.build(
            rows, viewer: Viewer(context), errors: errors, form: form, message: request.uri.queryParameters.get("besked"))
        return try app.views.render(AccountRequestsPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent)
            .response(from: request, context: context)
    }

    func decide(_ request: Request, _ context: AppContext) async throws -> Response {
        let decider = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let row = try await accounts.request(id: id) else {
            throw HTTPError(.notFound)
        }
        guard row.state == .pending else { return .redirect(to: SiteURL.accountRequests.path(query: [("besked", "afgjort")])) }
        let form = context.form ?? FormData()
        let approve = form["handling"] == "godkend"
        var errors = FormErrors()
        let username = form["username"].trimmingWhitespace().lowercased()
        let message = form["message"].trimmingWhitespace()
        if approve {
            if let problem = User.usernameProblem(username) { errors.add("username-\(id)", problem) }
        } else if form["handling"] == "afvis" {
            if message.isEmpty { errors.add("message-\(id)", "Skriv en begrundelse til den, der har bedt om kontoen.") }
            if message.count > 4000 { errors.add("message-\(id)", "Begrundelsen må højst være på 4.000 tegn.") }
        } else {
            throw HTTPError(.badRequest)
        }
        guard errors.isEmpty else { return try await requestList(request, context, errors: [id: errors], form: form) }
        if form["bekraeft"] != "ja" {
            let model = ConfirmActionPage.build(
                title: approve ? "Godkend anmodning" : "Afvis anmodning",
                heading: approve ? "Opret \(row.fullName) som projektleder?" : "Afvis anmodningen fra \(row.fullName)?",
                lead: approve
                    ? "Der oprettes en brugerkonto med brugernavnet \(username) og rollen projektleder – ingen andre roller."
                    : "Anmodningen afvises med din begrundelse.",
                happens: approve
                    ? [
                        "Kontoen \(username) oprettes med rollen projektleder.",
                        "Et link til at vælge en adgangskode sendes til \(row.email) (virker i 3 døgn).",
                    ]
                    : ["Anmodningen markeres som afvist.", "Din begrundelse sendes til \(row.email)."],
                told: [row.email], action: SiteURL.accountRequestDecision(.value(id)).path,
                fields: form.fields.flatMap { name, values in values.map { (name, $0) } }.sorted { $0.0 < $1.0 },
                confirmLabel: approve ? "Ja, opret kontoen" : "Ja, afvis anmodningen", cancel: SiteURL.accountRequests.path,
                path: SiteURL.accountRequests.path, viewer: Viewer(context))
            return try app.views.render(ConfirmActionPage.template, model).response(from: request, context: context)
        }
        let audit = AuditRepository.Entry(
            userID: decider.id, username: decider.username, action: approve ? "account.approved" : "account.declined",
            objectType: "account_request", detail: approve ? "" : String(message.prefix(200)), clientIP: context.clientIP)
        let outcome: AccountRepository.Outcome
        if approve {
            let token = Tokens.random()
            let link = app.baseURL + SiteURL.passwordReset(.value(token)).path
            let unusable = "!" + Tokens.random()  // no bcrypt hash: no password opens it until one is chosen
            outcome = try await accounts.approve(
                id: id, by: decider.id, username: username, unusableHash: unusable, welcomeToken: token,
                mail: { userID in
                    MailDraft(
                        to: [.user(userID)], subject: "Din brugerkonto i Rådsportalen",
                        body: """
                            Kære \(row.fullName)

                            Rådssekretariatet har oprettet en brugerkonto til dig i Rådsportalen som projektleder.
                            Dit brugernavn er: \(username)

                            Vælg din adgangskode her – linket virker én gang og i 3 døgn:

                            \(link)
                            """,
                        reason: "account.approved")
                }, audit: audit)
        } else {
            outcome = try await accounts.decline(
                id: id, by: decider.id, message: message,
                mail: MailDraft(
                    to: [.address(row.email)], subject: "Din anmodning om en brugerkonto i Rådsportalen",
                    body: """
                        Kære \(row.fullName)

                        Rådssekretariatet har afvist din anmodning om en brugerkonto i Rådsportalen med denne begrundelse:

                        \(message)
                        """,
                    reason: "account.declined"),
                audit: audit)
        }
        switch outcome {
        case .done: return .redirect(to: SiteURL.accountRequests.path(query: [("besked", approve ? "godkendt" : "afvist")]))
        case .alreadyDecided: return .redirect(to: SiteURL.accountRequests.path(query: [("besked", "afgjort")]))
        case .usernameTaken:
            errors.add("username-\(id)", "Brugernavnet er taget. Vælg et andet.")
            return try await requestList(request, context, errors: [id: errors], form: form)
        }
    }

    // MARK: Sessions

    /// "Log ud overalt": ends every session of the user but this one, after a confirmation.
    func endOtherSessions(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let token = context.sessionToken else { throw HTTPError(.forbidden) }
        if (context.form ?? FormData())["bekraeft"] != "ja" {
            let model = ConfirmActionPage.build(
                title: "Log ud overalt", heading: "Log ud alle andre steder?",
                lead: "Du bliver logget ud på alle andre computere, telefoner og browsere. Her forbliver du logget ind.",
                happens: ["Alle dine andre sessioner afsluttes med det samme."], told: [], action: SiteURL.accountSessionsEnd.path,
                fields: [], confirmLabel: "Ja, log ud overalt", cancel: SiteURL.account.path, path: SiteURL.account.path,
                viewer: Viewer(context))
            return try app.views.render(ConfirmActionPage.template, model).response(from: request, context: context)
        }
        let ended = try await app.sessions.endOthers(userID: user.id, keep: token)
        try await app.audit.append(
            .init(
                userID: user.id, username: user.username, action: "sessions.ended", objectType: "user", objectID: String(user.id),
                detail: "\(ended) sessioner", clientIP: context.clientIP))
        return .redirect(to: SiteURL.account.path(query: [("besked", "logget-ud")]) + "#sessioner")
    }
}
