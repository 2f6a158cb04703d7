import Database
import Domain
import Foundation
import Hummingbird

/// Two-factor sign-in: a user sets it up (or off) under Min konto; an administrator decides which
/// roles require it and can reset a user who lost their phone.
struct TOTPRoutes {
    let app: AppServices
    var security: SecurityRepository { SecurityRepository(pool: app.pool) }

    func addRoutes(to router: SiteRouter) {
        router.get(.accountTOTP) { request, context in try await self.page(request, context, errors: FormErrors()) }
        router.post(.accountTOTPStart) { request, context in try await self.start(request, context) }
        router.post(.accountTOTPActivate) { request, context in try await self.enable(request, context) }
        router.post(.accountTOTPDisable) { request, context in try await self.disable(request, context) }
        router.post(.accountTOTPRecoveryCodes) { request, context in try await self.newRecoveryCodes(request, context) }
        let admin = router.requiring(.administer)
        admin.get(.adminTOTP) { request, context in try await self.policies(request, context) }
        admin.post(.adminTOTP) { request, context in try await self.savePolicies(request, context) }
        admin.post(.adminUserTOTPReset(.key)) { request, context in try await self.reset(request, context) }
    }

    func page(_ request: Request, _ context: AppContext, errors: FormErrors, newCodes: [String]? = nil, message: String? = nil) async throws
        -> Response
    {
        let user = try requireUser(context, request)
        let (state, requiredRoles) = try await TOTPPage.query(security, user: user)
        let model = TOTPPage.build(
            state, requiredRoles: requiredRoles, user: user, viewer: Viewer(context), errors: errors,
            message: message ?? request.uri.queryParameters.get("besked"), recoveryCodes: newCodes,
            recoveryCodesLeft: try await security.recoveryCodesLeft(userID: user.id))
        return try app.views.render(TOTPPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func start(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        try await security.startTOTP(userID: user.id, secret: TOTP.newSecret())
        return .redirect(to: SiteURL.accountTOTP.path)
    }

    /// The first right code turns it on. The session id changes (the session was just raised), and
    /// the user's other sessions end: they were signed in with the password only.
    func enable(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let state = try await security.totp(userID: user.id)
        guard !state.enabled, let secret = state.secret else { return .redirect(to: SiteURL.accountTOTP.path) }
        guard let step = TOTP.matchingStep(secret: secret, code: (context.form ?? FormData())["code"]),
            try await security.enableTOTP(userID: user.id, step: step)
        else {
            var errors = FormErrors()
            errors.add("code", "Koden passer ikke. Tjek, at du har skrevet nøglen rigtigt, og skriv den kode, appen viser nu.")
            return try await page(request, context, errors: errors)
        }
        try await app.users.endSessions(userID: user.id)
        try await app.audit.append(
            .init(
                userID: user.id, username: user.username, action: "totp.enabled", objectType: "user", objectID: String(user.id),
                clientIP: context.clientIP))
        let token = Tokens.random()
        let csrf = Tokens.random()
        try await app.sessions.create(
            token: token, userID: user.id, csrfToken: csrf, clientIP: context.clientIP, userAgent: request.headers[.userAgent] ?? "")
        // Ten recovery codes, shown on this answer only.
        let codes = RecoveryCodes.make()
        try await security.replaceRecoveryCodes(userID: user.id, codes: codes)
        var raised = context
        raised.sessionToken = token
        raised.csrfToken = csrf
        var response = try await page(request, raised, errors: FormErrors(), newCodes: codes, message: "til")
        response.headers[.cacheControl] = "no-store"
        response.setCookie(app.cookies.make(app.cookies.session, value: token))
        return response
    }

    /// New recovery codes replace the old ones; shown on this answer only.
    func newRecoveryCodes(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard try await security.totp(userID: user.id).enabled else { return .redirect(to: SiteURL.accountTOTP.path) }
        let codes = RecoveryCodes.make()
        try await security.replaceRecoveryCodes(userID: user.id, codes: codes)
        try await app.audit.append(
            .init(
                userID: user.id, username: user.username, action: "totp.recovery_codes", objectType: "user", objectID: String(user.id),
                clientIP: context.clientIP))
        var response = try await page(request, context, errors: FormErrors(), newCodes: codes)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func disable(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let state = try await security.totp(userID: user.id)
        guard state.enabled, let secret = state.secret else { return .redirect(to: SiteURL.accountTOTP.path) }
        if !user.roles.isDisjoint(with: try await security.requiredRoles()) { throw HTTPError(.forbidden) }
        guard let step = TOTP.matchingStep(secret: secret, code: (context.form ?? FormData())["code"]),
            try await security.useStep(userID: user.id, step: step)
        else {
            var errors = FormErrors()
            errors.add("code", "Koden passer ikke. Skriv den kode, appen viser nu.")
            return try await page(request, context, errors: errors)
        }
        try await security.disableTOTP(userID: user.id)
        try await app.audit.append(
            .init(
                userID: user.id, username: user.username, action: "totp.disabled", objectType: "user", objectID: String(user.id),
                clientIP: context.clientIP))
        return .redirect(to: SiteURL.accountTOTP.path(query: [("besked", "fra")]))
    }

    // MARK: Administration

    func policies(_ request: Request, _ context: AppContext) async throws -> HTML {
        let (required, counts) = try await TOTPPolicyPage.query(security)
        return try app.views.render(
            TOTPPolicyPage.template,
            TOTPPolicyPage.build(
                required: required, counts: counts, viewer: Viewer(context), message: request.uri.queryParameters.get("besked")))
    }

    func savePolicies(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try requireUser(context, request)
        let roles = Set((context.form ?? FormData()).values("roles").compactMap(Role.init(rawValue:)))
        try await security.setRequiredRoles(roles)
        try await app.audit.append(
            .init(
                userID: admin.id, username: admin.username, action: "totp.policy", objectType: "role_policies",
                detail: roles.isEmpty ? "ingen roller" : roles.map(\.rawValue).sorted().joined(separator: ","), clientIP: context.clientIP))
        return .redirect(to: SiteURL.adminTOTP.path(query: [("besked", "gemt")]))
    }

    func reset(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let user = try await app.users.find(id: id) else { throw HTTPError(.notFound) }
        try await security.disableTOTP(userID: user.id)
        try await app.users.endSessions(userID: user.id)
        try await app.audit.append(
            .init(
                userID: admin.id, username: admin.username, action: "totp.reset", objectType: "user", objectID: String(user.id),
                detail: user.username, clientIP: context.clientIP))
        return .redirect(to: SiteURL.adminUsers.path(query: [("besked", "totrin")]))
    }
}
