import Database
import Domain
import Foundation
import Hummingbird

/// Login, logout and a user's own password.
struct AuthRoutes {
    let app: AppServices

    func addRoutes(to router: SiteRouter) {
        router.get(.login) { request, context in try await self.loginForm(request, context) }
        router.post(.login) { request, context in try await self.login(request, context) }
        router.get(.loginCode) { request, context in try await self.codeForm(request, context) }
        router.post(.loginCode) { request, context in try await self.code(request, context) }
        router.post(.logout) { request, context in try await self.logout(request, context) }
        router.get(.account) { request, context in try await self.account(request, context, form: nil, errors: FormErrors(), saved: false) }
        router.post(.accountPassword) { request, context in try await self.changePassword(request, context) }
        router.post(.accountReminders) { request, context in try await self.saveReminders(request, context) }
    }

    func loginForm(_ request: Request, _ context: AppContext) async throws -> Response {
        var context = context
        var newPreSession: String?
        if context.user == nil {
            // The login form's CSRF token lives in a pre-session of the anonymous visitor.
            if let pre = request.cookies[app.cookies.preSession]?.value, pre.count < 100,
                let token = try await app.sessions.anonymousToken(token: pre)
            {
                context.csrfToken = token
            } else {
                let pre = Tokens.random()
                let token = Tokens.random()
                try await app.sessions.createAnonymous(token: pre, csrfToken: token)
                context.csrfToken = token
                newPreSession = pre
            }
        }
        let next = SiteURL.safeLocalPath(request.uri.queryParameters.get("next") ?? "")
        let model = LoginPage.build(
            viewer: Viewer(context), username: "", next: next, error: nil, expired: request.uri.queryParameters.get("udloebet") != nil,
            sso: OIDCRoutes.choice(app, next: next), localLogin: app.config.localLogin)
        var response = try app.views.render(LoginPage.template, model).response(from: request, context: context)
        response.headers[.cacheControl] = "no-store"
        if let newPreSession { response.setCookie(app.cookies.make(app.cookies.preSession, value: newPreSession)) }
        return response
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        // LOCAL_LOGIN=off: only single sign-on logs in.
        guard app.config.localLogin else { throw HTTPError(.forbidden) }
        let form = context.form ?? FormData()
        let username = form["username"].trimmingWhitespace()
        let password = form["password"]
        let next = SiteURL.safeLocalPath(form["next"]) ?? SiteURL.home.path

        func refuse(_ message: String, status: HTTPResponse.Status) throws -> Response {
            let model = LoginPage.build(
                viewer: Viewer(context), username: username, next: next == SiteURL.home.path ? nil : next, error: message, expired: false,
                sso: OIDCRoutes.choice(app, next: next == SiteURL.home.path ? nil : next), localLogin: app.config.localLogin)
            var response = try app.views.render(LoginPage.template, model, status: status).response(from: request, context: context)
            response.headers[.cacheControl] = "no-store"
            return response
        }

        if username.isEmpty || password.isEmpty || username.count > 64 || password.count > PasswordPolicy.maximumLength {
            return try refuse("Skriv dit brugernavn og din adgangskode.", status: .unprocessableContent)
        }
        // The attempt is counted before bcrypt runs, so parallel guesses are throttled too. A
        // browser with a device cookie for this account counts against itself alone.
        let secret = try await app.sessions.deviceSecret()
        let device = trustedDevice(request, username: username, secret: secret)
        guard let attempt = try await app.sessions.beginLoginAttempt(username: username, clientIP: context.clientIP, device: device) else {
            try await app.audit.append(
                .init(
                    userID: nil, username: username, action: "login.throttled", detail: device == nil ? "" : "enhed",
                    clientIP: context.clientIP))
            return try refuse(
                device == nil
                    ? "For mange mislykkede forsøg på denne konto. Vent op til en time, og prøv igen – eller log ind fra en browser, du har logget ind med før."
                    : "For mange mislykkede forsøg fra denne browser. Vent op til en time, og prøv igen.",
                status: .tooManyRequests)
        }
        let found = try await app.users.credentials(username: username)
        let ok = try await app.hasher.verify(password, hash: found?.1)
        guard ok, let (user, _) = found, user.active else {
            try await app.audit.append(
                .init(
                    userID: found?.0.id, username: username, action: "login.failed",
                    detail: found == nil ? "ukendt bruger" : (found!.0.active ? "forkert adgangskode" : "deaktiveret"),
                    clientIP: context.clientIP))
            return try refuse("Forkert brugernavn eller adgangskode.", status: .unauthorized)
        }
        let security = SecurityRepository(pool: app.pool)
        if try await security.totp(userID: user.id).enabled {
            // The password was right; the code comes next. The attempt stays counted as a failure
            // until the code is right too, so codes cannot be guessed faster than passwords.
            let challenge = Tokens.random()
            try await security.createChallenge(token: challenge, userID: user.id, next: next, attempt: attempt)
            var response = Response.redirect(to: SiteURL.loginCode.path)
            response.setCookie(app.cookies.make(app.cookies.challenge, value: challenge))
            return response
        }
        let mustEnrol = !user.roles.isDisjoint(with: try await security.requiredRoles())
        return try await startSession(request, context, user: user, next: next, mustEnrolTOTP: mustEnrol, detail: "", attempt: attempt)
    }

    /// The device id of the request's device cookie when it is valid and names `username`.
    func trustedDevice(_ request: Request, username: String, secret: [UInt8]) -> String? {
        guard let value = request.cookies[app.cookies.device]?.value, let claim = DeviceCookie.verify(value, secret: secret),
            claim.username == username.lowercased()
        else { return nil }
        return claim.device
    }

    /// A new session id at every login; the old session, the pre-session and a two-factor
    /// challenge are dropped. The browser gets (or keeps) its device cookie for the account, and a
    /// form it sent after its last session expired is handed to the new session: the user lands on
    /// that form's page with the text filled in (`DraftMiddleware`).
    func startSession(
        _ request: Request, _ context: AppContext, user: User, next: String, mustEnrolTOTP: Bool, detail: String, attempt: Int64? = nil
    ) async throws
        -> Response
    {
        if let old = request.cookies[app.cookies.session]?.value, !old.isEmpty { try await app.sessions.delete(token: old) }
        let token = Tokens.random()
        try await app.sessions.create(
            token: token, userID: user.id, csrfToken: Tokens.random(), clientIP: context.clientIP, mustEnrolTOTP: mustEnrolTOTP,
            userAgent: request.headers[.userAgent] ?? "")
        var landing = mustEnrolTOTP ? SiteURL.accountTOTP.path : next
        if let pre = request.cookies[app.cookies.preSession]?.value, !pre.isEmpty, pre.count < 100 {
            if let page = try await app.sessions.adoptDraft(preSession: pre, session: token), !mustEnrolTOTP {
                landing = FormDrafts.landing(page)
            }
            try await app.sessions.deleteAnonymous(token: pre)
        }
        let secret = try await app.sessions.deviceSecret()
        let known = trustedDevice(request, username: user.username, secret: secret)
        try await app.sessions.loginSucceeded(attempt: attempt, device: known)
        try await app.audit.append(.init(userID: user.id, username: user.username, action: "login", detail: detail, clientIP: context.clientIP))
        var response = Response.redirect(to: landing)
        response.setCookie(app.cookies.make(app.cookies.session, value: token))
        response.setCookie(app.cookies.expire(app.cookies.preSession))
        if !secret.isEmpty {
            response.setCookie(
                app.cookies.makeDevice(value: DeviceCookie.make(username: user.username, device: known ?? Tokens.hex(bytes: 16), secret: secret)))
        }
        if request.cookies[app.cookies.challenge] != nil { response.setCookie(app.cookies.expire(app.cookies.challenge)) }
        return response
    }

    // MARK: The code of a two-factor sign-in

    /// The pending challenge and the pre-session's CSRF token, or nil (then: log in again).
    func pendingChallenge(_ request: Request) async throws -> (token: String, challenge: SecurityRepository.Challenge, csrf: String)? {
        guard let token = request.cookies[app.cookies.challenge]?.value, !token.isEmpty, token.count < 100,
            let pre = request.cookies[app.cookies.preSession]?.value, !pre.isEmpty, pre.count < 100,
            let csrf = try await app.sessions.anonymousToken(token: pre),
            let challenge = try await SecurityRepository(pool: app.pool).challenge(token: token),
            challenge.attempts < TOTP.maximumAttempts
        else { return nil }
        return (token, challenge, csrf)
    }

    func codeForm(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let pending = try await pendingChallenge(request) else { return .redirect(to: SiteURL.login.path) }
        var context = context
        context.csrfToken = pending.csrf
        var response = try app.views.render(LoginCodePage.template, LoginCodePage.build(viewer: Viewer(context), error: nil))
            .response(from: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func code(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let pending = try await pendingChallenge(request), let user = try await app.users.find(id: pending.challenge.userID), user.active else {
            return .redirect(to: SiteURL.login.path(query: [("udloebet", "1")]))
        }
        let security = SecurityRepository(pool: app.pool)
        let state = try await security.totp(userID: user.id)
        let code = (context.form ?? FormData())["code"]
        if state.enabled, let secret = state.secret, let step = TOTP.matchingStep(secret: secret, code: code),
            try await security.useStep(userID: user.id, step: step)
        {
            try await security.deleteChallenge(token: pending.token)
            return try await startSession(
                request, context, user: user, next: pending.challenge.next, mustEnrolTOTP: false,
                detail: "med totrinsbekræftelse", attempt: pending.challenge.attempt)
        }
        if try await security.useRecoveryCode(userID: user.id, code: code) {
            try await security.deleteChallenge(token: pending.token)
            return try await startSession(
                request, context, user: user, next: pending.challenge.next, mustEnrolTOTP: false,
                detail: "med gendannelseskode", attempt: pending.challenge.attempt)
        }
        let attempts = try await security.failChallenge(token: pending.token)
        let device = trustedDevice(request, username: user.username, secret: try await app.sessions.deviceSecret())
        try await app.sessions.recordLoginFailure(username: user.username, clientIP: context.clientIP, device: device)
        try await app.audit.append(
            .init(
                userID: user.id, username: user.username, action: "login.failed", detail: "forkert kode", clientIP: context.clientIP))
        if attempts >= TOTP.maximumAttempts {
            try await security.deleteChallenge(token: pending.token)
            var response = Response.redirect(to: SiteURL.login.path)
            response.setCookie(app.cookies.expire(app.cookies.challenge))
            return response
        }
        var page = context
        page.csrfToken = pending.csrf
        var response = try app.views.render(
            LoginCodePage.template,
            LoginCodePage.build(viewer: Viewer(page), error: "Koden er forkert eller udløbet. Skriv den kode, appen viser nu."),
            status: .unauthorized
        ).response(from: request, context: page)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func logout(_ request: Request, _ context: AppContext) async throws -> Response {
        var providerLogout: String?
        if let token = context.sessionToken, let user = context.user {
            // A session begun by single sign-on also ends at the provider, where it has a logout.
            providerLogout = try await OIDCRoutes.providerLogoutURL(app, sessionToken: token)
            try await app.sessions.delete(token: token)
            try await app.audit.append(.init(userID: user.id, username: user.username, action: "logout", clientIP: context.clientIP))
        }
        var response = Response.redirect(to: providerLogout ?? SiteURL.home.path)
        response.setCookie(app.cookies.expire(app.cookies.session))
        return response
    }

    func account(_ request: Request, _ context: AppContext, form: FormData?, errors: FormErrors, saved: Bool) async throws -> Response {
        let user = try requireUser(context, request)
        let choices = try await ReminderRepository(pool: app.pool).preferences(userID: user.id)
        let sessions = try await app.sessions.active(userID: user.id, current: context.sessionToken ?? "")
        return try app.views.render(
            AccountPage.template,
            AccountPage.build(
                user, viewer: Viewer(context), errors: errors, saved: saved, choices: choices,
                remindersSaved: request.uri.queryParameters.get("besked") == "paamindelser", sessions: sessions,
                sessionsEnded: request.uri.queryParameters.get("besked") == "logget-ud"),
            status: errors.isEmpty ? .ok : .unprocessableContent
        )
        .response(from: request, context: context)
    }

    /// Saves the user's choice per kind of reminder. A step of their own cannot be turned off: the
    /// form does not offer it, and a forged "off" is a 400.
    func saveReminders(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        var choices: [ReminderKind: ReminderChoice] = [:]
        for kind in ReminderKind.kinds(for: user.roles) {
            let value = form["reminder_" + kind.rawValue]
            if value.isEmpty { continue }
            guard let choice = ReminderChoice(rawValue: value), ReminderChoice.allowed(for: kind).contains(choice) else {
                throw HTTPError(.badRequest)
            }
            choices[kind] = choice
        }
        try await ReminderRepository(pool: app.pool).setPreferences(
            userID: user.id, choices,
            audit: .init(
                userID: user.id, username: user.username, action: "reminders.chosen", objectType: "user", objectID: String(user.id),
                detail: choices.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value.rawValue)" }.joined(
                    separator: ", "),
                clientIP: context.clientIP))
        return .redirect(to: SiteURL.account.path(query: [("besked", "paamindelser")]) + "#paamindelser")
    }

    func changePassword(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        var errors = FormErrors()
        let current = form["current"]
        let new = form["new"]
        let repeated = form["repeat"]
        let hash = try await app.users.passwordHash(id: user.id)
        let currentOK = current.isEmpty ? false : try await app.hasher.verify(current, hash: hash)
        if !currentOK {
            errors.add("current", "Den nuværende adgangskode er forkert.")
        }
        if let problem = PasswordPolicy.problem(with: new, username: user.username, commonPasswords: app.commonPasswords) {
            errors.add("new", problem)
        } else if new != repeated {
            errors.add("repeat", "De to nye adgangskoder er ikke ens.")
        }
        guard errors.isEmpty else { return try await account(request, context, form: form, errors: errors, saved: false) }
        let newHash = try await app.hasher.hash(new)
        // Changing the password ends the user's other sessions; this one stays.
        try await app.users.setPassword(id: user.id, hash: newHash, keepSessionToken: context.sessionToken)
        try await app.audit.append(
            .init(
                userID: user.id, username: user.username, action: "password.changed", objectType: "user", objectID: String(user.id),
                clientIP: context.clientIP))
        return try await account(request, context, form: nil, errors: FormErrors(), saved: true)
    }
}

/// The error summary at the top of a form: a link to each field in error. Nil when all is well.
struct ErrorSummary: Encodable {
    struct Link: Encodable {
        let field: String
        let message: String
    }
    let links: [Link]
    init?(_ errors: FormErrors) {
        guard !errors.isEmpty else { return nil }
        links = errors.list.map { Link(field: $0.field, message: $0.message) }
    }
}

/// The logged-in user, or a redirect to the login page that brings the reader back afterwards.
func requireUser(_ context: AppContext, _ request: Request) throws -> User {
    guard let user = context.user else {
        let back = request.method == .get || request.method == .head ? request.uri.path : SiteURL.home.path
        let next = back.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_.~"))) ?? SiteURL.home.path
        throw HTTPError(.seeOther, headers: [.location: SiteURL.login.path + "?next=" + next + (context.sessionExpired ? "&udloebet=1" : "")])
    }
    return user
}
