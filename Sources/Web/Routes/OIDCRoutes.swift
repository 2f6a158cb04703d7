import Database
import Domain
import Foundation
import Hummingbird

/// Single sign-on by OpenID Connect: `/login/sso` sends the browser to the provider with a fresh
/// state, nonce and PKCE challenge; `/login/sso/retur` takes the code back, exchanges it, checks
/// the ID token (`IDTokenVerifier`), finds or creates the user by the provider's subject, replaces
/// the roles its groups give and starts a session. `/admin/sso-roller` is the group → role mapping.
struct OIDCRoutes {
    let app: AppServices
    var identity: IdentityRepository { IdentityRepository(pool: app.pool) }

    /// The cookie that binds a sign-in to the browser that began it (a state from another
    /// browser's sign-in is refused: no login CSRF).
    var stateCookie: String { app.config.isHTTPS ? "__Host-rp_sso" : "rp_sso" }

    func addRoutes(to router: SiteRouter) {
        router.get(.loginSSO) { request, context in try await self.start(request, context) }
        router.get(.loginSSOCallback) { request, context in try await self.callback(request, context) }
        let admin = router.requiring(.administer)
        admin.get(.adminRoleMapping) { request, context in
            try await self.mappingPage(request, context, errors: FormErrors(), group: "", role: "", notice: request.uri.queryParameters.get("besked"))
        }
        admin.post(.adminRoleMapping) { request, context in try await self.saveMapping(request, context) }
    }

    /// The address the provider sends the browser back to (registered at the provider).
    var redirectURI: String { app.baseURL + SiteURL.loginSSOCallback.path }

    /// The login page's button, when single sign-on is configured.
    static func choice(_ app: AppServices, next: String?) -> LoginPage.SSOChoice? {
        guard let settings = app.config.oidc else { return nil }
        return LoginPage.SSOChoice(
            name: settings.displayName, url: next.map { SiteURL.loginSSO.path(query: [("next", $0)]) } ?? SiteURL.loginSSO.path)
    }

    func start(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let provider = app.oidc else { throw HTTPError(.notFound) }
        let next = SiteURL.safeLocalPath(request.uri.queryParameters.get("next") ?? "") ?? SiteURL.home.path
        let state = Tokens.random()
        let nonce = Tokens.random()
        let verifier = PKCE.verifier()
        let url: String
        do {
            url = try await provider.authorizationURL(
                redirectURI: redirectURI, state: state, nonce: nonce, codeChallenge: PKCE.challenge(for: verifier))
        } catch {
            return try refuse(request, context, reason: error as? OIDCError ?? .provider("\(error)"), status: .badGateway)
        }
        try await identity.beginLogin(state: state, nonce: nonce, codeVerifier: verifier, nextPath: next)
        var response = Response.redirect(to: url)
        response.headers[.cacheControl] = "no-store"
        response.setCookie(app.cookies.make(stateCookie, value: state))
        return response
    }

    func callback(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let provider = app.oidc else { throw HTTPError(.notFound) }
        let query = request.uri.queryParameters
        let state = query.get("state") ?? ""
        let cookieState = request.cookies[stateCookie]?.value ?? ""
        // The state must be this browser's (the cookie), and unused (its row, taken once).
        guard !state.isEmpty, state.count < 200, state.utf8.count == cookieState.utf8.count,
            Data(state.utf8).constantTimeEquals(Data(cookieState.utf8)),
            let pending = try await identity.takeLogin(state: state)
        else {
            return try await refuseAudited(request, context, reason: .unknownState, status: .badRequest)
        }
        if let error = query.get("error") {
            return try await refuseAudited(request, context, reason: .providerError(String(error.prefix(100))), status: .forbidden)
        }
        guard let code = query.get("code"), !code.isEmpty, code.count < 2048 else {
            return try await refuseAudited(request, context, reason: .providerError("no code"), status: .badRequest)
        }
        let claims: IDTokenClaims
        let idToken: String
        do {
            idToken = try await provider.exchange(code: code, codeVerifier: pending.codeVerifier, redirectURI: redirectURI)
            claims = try await provider.verify(idToken: idToken, nonce: pending.nonce)
        } catch let error as OIDCError {
            return try await refuseAudited(request, context, reason: error, status: .forbidden)
        } catch {
            return try await refuseAudited(request, context, reason: .provider("\(error)"), status: .badGateway)
        }
        let roles = try await identity.mapping().roles(forGroups: claims.groups)
        let result = try await identity.signIn(
            issuer: claims.issuer, subject: claims.subject, fullName: claims.name, email: claims.email,
            preferredUsername: claims.preferredUsername, providerRoles: roles,
            audit: .init(userID: nil, username: "", action: "login.sso.roles", clientIP: context.clientIP))
        guard result.user.active else {
            try await app.audit.append(
                .init(
                    userID: result.user.id, username: result.user.username, action: "login.failed", detail: "deaktiveret (single sign-on)",
                    clientIP: context.clientIP))
            return try page(
                request, context, status: .forbidden,
                message: "Din konto i Rådsportalen er deaktiveret. Kontakt sekretariatet, hvis det er en fejl.")
        }
        if let old = request.cookies[app.cookies.session]?.value, !old.isEmpty { try await app.sessions.delete(token: old) }
        if let pre = request.cookies[app.cookies.preSession]?.value, !pre.isEmpty { try await app.sessions.deleteAnonymous(token: pre) }
        let token = Tokens.random()
        try await identity.createSession(
            token: token, userID: result.user.id, csrfToken: Tokens.random(), clientIP: context.clientIP, idToken: idToken)
        try await app.audit.append(
            .init(
                userID: result.user.id, username: result.user.username, action: "login",
                detail: "single sign-on" + (result.created ? ", ny bruger" : ""), clientIP: context.clientIP))
        var response = Response.redirect(to: pending.nextPath)
        response.headers[.cacheControl] = "no-store"
        response.setCookie(app.cookies.make(app.cookies.session, value: token))
        response.setCookie(app.cookies.expire(app.cookies.preSession))
        response.setCookie(app.cookies.expire(stateCookie))
        return response
    }

    /// A refused sign-in: recorded in the audit log, told in Danish without the details.
    func refuseAudited(_ request: Request, _ context: AppContext, reason: OIDCError, status: HTTPResponse.Status) async throws -> Response {
        try await app.audit.append(
            .init(userID: nil, username: "", action: "login.sso.refused", detail: reason.code + ": " + reason.description, clientIP: context.clientIP)
        )
        return try refuse(request, context, reason: reason, status: status)
    }

    func refuse(_ request: Request, _ context: AppContext, reason: OIDCError, status: HTTPResponse.Status) throws -> Response {
        let message =
            reason == .unknownState
            ? "Login-forsøget er allerede brugt, udløbet eller startet i en anden browser. Prøv at logge ind igen."
            : "Rådsportalen kunne ikke godkende svaret fra \(app.config.oidc?.displayName ?? "udbyderen"). Prøv igen om lidt, og kontakt sekretariatet, hvis det bliver ved."
        var response = try page(request, context, status: status, message: message)
        response.setCookie(app.cookies.expire(stateCookie))
        return response
    }

    func page(_ request: Request, _ context: AppContext, status: HTTPResponse.Status, message: String) throws -> Response {
        let model = SSOErrorPage.Model(
            page: PageInfo(title: "Du blev ikke logget ind", viewer: Viewer(context), path: SiteURL.login.path), message: message,
            retryURL: app.config.oidc == nil ? SiteURL.login.path : SiteURL.loginSSO.path,
            providerName: app.config.oidc?.displayName ?? "", loginURL: SiteURL.login.path, localLogin: app.config.localLogin)
        var response = try app.views.render(SSOErrorPage.template, model, status: status).response(from: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    // MARK: The logout's second half

    /// Where the logout sends the browser: the provider's logout (which comes back to the front
    /// page) when the session began there and the provider has one; nil otherwise.
    static func providerLogoutURL(_ app: AppServices, sessionToken: String) async throws -> String? {
        guard let provider = app.oidc,
            let idToken = try await IdentityRepository(pool: app.pool).sessionIDToken(token: sessionToken)
        else { return nil }
        return await provider.endSessionURL(idTokenHint: idToken, postLogoutRedirectURI: app.baseURL + SiteURL.home.path)
    }

    // MARK: The mapping

    func mappingPage(_ request: Request, _ context: AppContext, errors: FormErrors, group: String, role: String, notice: String?)
        async throws -> Response
    {
        let text: String? =
            switch notice {
            case "tilfoejet": "Gruppen giver nu rollen ved næste login."
            case "fjernet": "Reglen er fjernet. Brugerne mister rollen ved deres næste login."
            case "findes": "Den regel findes allerede."
            default: nil
            }
        let model = RoleMappingPage.build(
            mapping: try await identity.mapping(), settings: app.config.oidc, viewer: Viewer(context), errors: errors, group: group,
            role: role, notice: text)
        return try app.views.render(RoleMappingPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent)
            .response(from: request, context: context)
    }

    func saveMapping(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try requireUser(context, request)
        let form = context.form ?? FormData()
        let group = form["gruppe"].trimmingCharacters(in: .whitespaces)
        let roleCode = form["rolle"]
        var errors = FormErrors()
        if let problem = RoleMapping.problem(group: group) { errors.add("gruppe", problem) }
        let role = Role(rawValue: roleCode)
        if role == nil { errors.add("rolle", "Vælg en rolle.") }
        guard errors.isEmpty, let role else {
            return try await mappingPage(request, context, errors: errors, group: group, role: roleCode, notice: nil)
        }
        let rule = RoleMapping.Rule(group: group, role: role)
        let entry = { (action: String) in
            AuditRepository.Entry(
                userID: admin.id, username: admin.username, action: action, objectType: "oidc_role_mapping",
                detail: "\(group) → \(role.rawValue)", clientIP: context.clientIP)
        }
        switch form["handling"] {
        case "tilfoej":
            let added = try await identity.addRule(rule, audit: entry("sso.mapping.added"))
            return .redirect(to: SiteURL.adminRoleMapping.path(query: [("besked", added ? "tilfoejet" : "findes")]))
        case "fjern":
            _ = try await identity.removeRule(rule, audit: entry("sso.mapping.removed"))
            return .redirect(to: SiteURL.adminRoleMapping.path(query: [("besked", "fjernet")]))
        default:
            throw HTTPError(.badRequest)
        }
    }
}

/// The page of a refused single sign-on.
enum SSOErrorPage {
    static let template = "sso_error"

    struct Model: Encodable {
        let page: PageInfo
        let message: String
        let retryURL: String
        let providerName: String
        let loginURL: String
        let localLogin: Bool
    }
}
