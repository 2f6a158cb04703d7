import Database
import Domain
import Foundation
import Hummingbird

/// Administration of accounts and the audit log (role `admin`).
struct AdminRoutes {
    let app: AppServices

    func addRoutes(to site: SiteRouter) {
        let router = site.requiring(.administer)
        router.get(.adminUsers) { request, context in try await self.users(request, context) }
        router.get(.adminNewUser) { request, context in
            try self.userForm(request, context, UserFormPage.Values(), errors: FormErrors(), userID: nil)
        }
        router.post(.adminUsers) { request, context in try await self.create(request, context) }
        router.get(.adminUser(.key)) { request, context in try await self.edit(request, context) }
        router.post(.adminUser(.key)) { request, context in try await self.update(request, context) }
        router.post(.adminUserPassword(.key)) { request, context in try await self.resetPassword(request, context) }
        router.get(.adminAudit) { request, context in try await self.auditLog(request, context) }
        router.get(.adminOutbox) { request, context in try await self.outbox(request, context) }
        router.post(.adminOutboxRetry(.key)) { request, context in try await self.retryMail(request, context) }
        PrivacyRoutes(app: app).addRoutes(to: site)
    }

    // MARK: Mail outbox

    func outbox(_ request: Request, _ context: AppContext) async throws -> HTML {
        let pageNumber = Pager.pageNumber(request)
        let state = OutboxPage.state(slug: request.uri.queryParameters.get("vis"))
        let model = OutboxPage.build(
            try await OutboxPage.query(Outbox(pool: app.pool), state: state, pageNumber: pageNumber), state: state, pageNumber: pageNumber,
            viewer: Viewer(context), message: request.uri.queryParameters.get("besked"), sendsMail: app.sendsMail)
        return try app.views.render(OutboxPage.template, model)
    }

    /// "Prøv igen": the message is due now, with a fresh round of tries; recorded in the audit log.
    func retryMail(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let entry = try await Outbox(pool: app.pool).entry(id: id) else {
            throw HTTPError(.notFound)
        }
        let retried = try await Outbox(pool: app.pool).retry(id: id)
        if retried {
            try await app.audit.append(
                .init(
                    userID: user.id, username: user.username, action: "mail.retried", objectType: "mail", objectID: String(id),
                    detail: "til \(entry.recipient): \(entry.subject)", clientIP: context.clientIP))
        }
        return .redirect(to: SiteURL.adminOutbox.path(query: [("besked", retried ? "proeves" : "sendt")]))
    }

    // MARK: List

    func users(_ request: Request, _ context: AppContext) async throws -> HTML {
        let pageNumber = Pager.pageNumber(request)
        let model = UsersPage.build(
            try await UsersPage.query(app.users, pageNumber: pageNumber), pageNumber: pageNumber, viewer: Viewer(context),
            message: request.uri.queryParameters.get("besked"))
        return try app.views.render(UsersPage.template, model)
    }

    // MARK: Create and edit

    func userForm(_ request: Request, _ context: AppContext, _ values: UserFormPage.Values, errors: FormErrors, userID: Int64?) throws -> Response {
        let model = UserFormPage.build(values, userID: userID, viewer: Viewer(context), errors: errors)
        return try app.views.render(UserFormPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent)
            .response(from: request, context: context)
    }

    /// Reads and checks the fields common to creating and editing.
    func values(from form: FormData, errors: inout FormErrors) -> UserFormPage.Values {
        var v = UserFormPage.Values()
        v.username = form["username"].trimmingWhitespace().lowercased()
        v.fullName = form["full_name"].trimmingWhitespace()
        v.email = form["email"].trimmingWhitespace()
        v.roles = Role.set(from: form.values("roles"))
        v.active = form["active"] == "on"
        v.version = Int(form["version"]) ?? 0
        // One `direktoer` role; the body the director belongs to is recorded beside it.
        v.body = form["body"].trimmingWhitespace()
        if let p = SuggestedText.problem(v.body, what: "Organet") { errors.add("body", p) }
        if v.fullName.isEmpty {
            errors.add("full_name", "Skriv brugerens fulde navn.")
        } else if v.fullName.count > 200 || v.fullName.withoutNUL == nil {
            errors.add("full_name", "Navnet må højst være 200 tegn og kun indeholde almindelige tegn.")
        }
        if !v.email.isEmpty && (!v.email.contains("@") || v.email.count > 254 || v.email.contains(" ") || v.email.withoutNUL == nil) {
            errors.add("email", "Skriv en gyldig e-mailadresse, fx navn@region.dk.")
        }
        return v
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try requireUser(context, request)
        let form = context.form ?? FormData()
        var errors = FormErrors()
        var v = values(from: form, errors: &errors)
        v.active = true
        if let problem = User.usernameProblem(v.username) { errors.add("username", problem) }
        let password = form["password"]
        if let problem = PasswordPolicy.problem(with: password, username: v.username, commonPasswords: app.commonPasswords) {
            errors.add("password", problem)
        }
        // Put the username first in the error summary, as on the form.
        errors = Self.ordered(errors, ["username", "full_name", "email", "password"])
        guard errors.isEmpty else { return try userForm(request, context, v, errors: errors, userID: nil) }
        let hash = try await app.hasher.hash(password)
        do {
            let id = try await app.users.create(username: v.username, fullName: v.fullName, email: v.email, passwordHash: hash, roles: v.roles)
            try await app.users.setBody(id: id, body: v.body)
            try await app.audit.append(
                .init(
                    userID: admin.id, username: admin.username, action: "user.created", objectType: "user", objectID: String(id),
                    detail: "\(v.username); roller: \(v.roles.sorted().map(\.rawValue).joined(separator: ","))", clientIP: context.clientIP))
            return .redirect(to: SiteURL.adminUsers.path(query: [("besked", "oprettet")]))
        } catch DatabaseError.uniqueViolation {
            errors.add("username", "Brugernavnet \(v.username) er allerede i brug. Vælg et andet.")
            return try userForm(request, context, v, errors: errors, userID: nil)
        }
    }

    static func ordered(_ errors: FormErrors, _ order: [String]) -> FormErrors {
        var out = FormErrors()
        for f in order { if let m = errors[f] { out.add(f, m) } }
        for e in errors.list where !order.contains(e.field) { out.add(e.field, e.message) }
        return out
    }

    func edit(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self), let user = try await app.users.find(id: id) else {
            throw HTTPError(.notFound)
        }
        var values = UserFormPage.Values(user)
        if let sso = try await IdentityRepository(pool: app.pool).roleSources(userID: id) {
            values.providerRoles = sso.sources.provider
            values.ssoLinked = sso.subject != nil
        }
        return try userForm(request, context, values, errors: FormErrors(), userID: id)
    }

    func update(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let current = try await app.users.find(id: id) else {
            throw HTTPError(.notFound)
        }
        var errors = FormErrors()
        var v = values(from: context.form ?? FormData(), errors: &errors)
        v.username = current.username
        if id == admin.id && (!v.active || !v.roles.contains(.admin)) {
            errors.add("roles", "Du kan ikke fjerne din egen administratorrolle eller deaktivere dig selv.")
        }
        guard errors.isEmpty else { return try userForm(request, context, v, errors: errors, userID: id) }
        // A changed role (or deactivation) ends the user's sessions: the next login gets a new
        // session id with the new rights.
        let saved = try await app.users.update(
            id: id, version: v.version, fullName: v.fullName, email: v.email, roles: v.roles, active: v.active,
            endSessions: current.roles != v.roles || !v.active)
        guard saved else {
            // Someone saved first: show what they saved, keep what this admin typed.
            let roles = current.roles.isEmpty ? "ingen" : current.roles.sorted().map(\.danishName).joined(separator: ", ")
            errors.add(
                "version",
                "Brugeren er blevet ændret af en anden, mens du redigerede. Den gemte udgave har nu navnet \(current.fullName); roller: \(roles); status: \(current.active ? "aktiv" : "deaktiveret"). Dine ændringer er ikke gemt. Tjek dem, og gem igen."
            )
            v.version = current.version
            return try userForm(request, context, v, errors: errors, userID: id)
        }
        var changes: [String] = []
        if current.roles != v.roles { changes.append("roller: \(v.roles.sorted().map(\.rawValue).joined(separator: ","))") }
        if current.active != v.active { changes.append(v.active ? "aktiveret" : "deaktiveret") }
        if current.fullName != v.fullName || current.email != v.email { changes.append("navn/e-mail") }
        if current.body != v.body {
            try await app.users.setBody(id: id, body: v.body)
            changes.append("organ: \(v.body)")
        }
        // No longer a board member: their private notes go now (the retention job would take them
        // at its next run anyway, as for a provider's role removal at sign-in).
        if !PrivateNotes.mayKeep(roles: v.roles, active: v.active) {
            let dropped = try await PrivacyRepository(pool: app.pool).dropNotesIfNoLongerBoardMember(userID: id)
            if dropped > 0 { changes.append("private noter slettet: \(dropped)") }
        }
        try await app.audit.append(
            .init(
                userID: admin.id, username: admin.username,
                action: current.roles != v.roles ? "user.roles_changed" : (current.active && !v.active ? "user.deactivated" : "user.updated"),
                objectType: "user", objectID: String(id), detail: changes.joined(separator: "; "), clientIP: context.clientIP))
        return .redirect(to: SiteURL.adminUsers.path(query: [("besked", "gemt")]))
    }

    func resetPassword(_ request: Request, _ context: AppContext) async throws -> Response {
        let admin = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let user = try await app.users.find(id: id) else {
            throw HTTPError(.notFound)
        }
        let password = (context.form ?? FormData())["new_password"]
        if let problem = PasswordPolicy.problem(with: password, username: user.username, commonPasswords: app.commonPasswords) {
            var errors = FormErrors()
            errors.add("password", problem)
            return try userForm(request, context, UserFormPage.Values(user), errors: errors, userID: id)
        }
        let hash = try await app.hasher.hash(password)
        try await app.users.setPassword(id: id, hash: hash)
        try await app.audit.append(
            .init(
                userID: admin.id, username: admin.username, action: "user.password_reset", objectType: "user", objectID: String(id),
                clientIP: context.clientIP))
        return .redirect(to: SiteURL.adminUsers.path(query: [("besked", "adgangskode")]))
    }

    // MARK: Audit log

    func auditLog(_ request: Request, _ context: AppContext) async throws -> HTML {
        let pageNumber = Pager.pageNumber(request)
        let (typed, filter, errors) = AuditLogPage.read(request.queryForm)
        let (entries, total, people) = try await AuditLogPage.query(app.audit, filter: filter, pageNumber: pageNumber)
        let model = AuditLogPage.build(
            entries, total: total, people: people, typed: typed, errors: errors, pageNumber: pageNumber, viewer: Viewer(context))
        return try app.views.render(AuditLogPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent)
    }
}

/// Page links for a long list (`?side=N`).
struct Pager: Encodable {
    let page: Int
    let pageCount: Int
    let total: Int
    let previous: String?
    let next: String?
    let multiple: Bool

    /// `query` is kept on the links (e.g. a search's words), percent-encoded here.
    init(page: Int, pageSize: Int, total: Int, path: String, query: [(name: String, value: String)] = []) {
        self.page = page
        self.total = total
        self.pageCount = max(1, (total + pageSize - 1) / pageSize)
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-_.~"))
        let kept = query.map { "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")&" }.joined()
        self.previous = page > 1 ? "\(path)?\(kept)side=\(page - 1)" : nil
        self.next = page < pageCount ? "\(path)?\(kept)side=\(page + 1)" : nil
        self.multiple = pageCount > 1
    }

    static func pageNumber(_ request: Request) -> Int {
        min(max(1, Int(request.uri.queryParameters.get("side") ?? "") ?? 1), 100_000)
    }
}
