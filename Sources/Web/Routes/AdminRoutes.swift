import Foundation
import Database
import Domain
import Hummingbird

/// Administration of accounts and the audit log (role `admin`).
struct AdminRoutes {
    let app: AppServices
    static let pageSize = 50

    func addRoutes(to site: SiteRouter) {
        let router = site.requiring(.administer)
        router.get(.adminUsers) { request, context in try await self.users(request, context) }
        router.get(.adminNewUser) { request, context in
            try self.userForm(request, context, UserFormModel.Values(), errors: FormErrors(), userID: nil)
        }
        router.post(.adminUsers) { request, context in try await self.create(request, context) }
        router.get(.adminUser(.key)) { request, context in try await self.edit(request, context) }
        router.post(.adminUser(.key)) { request, context in try await self.update(request, context) }
        router.post(.adminUserPassword(.key)) { request, context in try await self.resetPassword(request, context) }
        router.get(.adminAudit) { request, context in try await self.auditLog(request, context) }
    }

    // MARK: List

    struct UsersModel: Encodable {
        struct Row: Encodable {
            let href: String
            let username: String
            let fullName: String
            let roles: String
            let active: Bool
        }
        let page: PageInfo
        let rows: [Row]
        let pager: Pager
        let notice: String?
        let newUserURL = SiteURL.adminNewUser.path
        let totpSettingsURL = SiteURL.adminTOTP.path
    }

    func users(_ request: Request, _ context: AppContext) async throws -> HTML {
        let pageNumber = Pager.pageNumber(request)
        let result = try await app.users.list(offset: (pageNumber - 1) * Self.pageSize, limit: Self.pageSize)
        let rows = result.users.map {
            UsersModel.Row(href: SiteURL.adminUser(.value($0.id)).path, username: $0.username, fullName: $0.fullName,
                           roles: $0.roles.sorted().map(\.danishName).joined(separator: ", "), active: $0.active)
        }
        let notice: String? = switch request.uri.queryParameters.get("besked") {
        case "oprettet": "Brugeren er oprettet."
        case "gemt": "Ændringerne er gemt."
        case "adgangskode": "Adgangskoden er nulstillet, og brugerens sessioner er afsluttet."
        case "totrin": "Brugerens totrinsbekræftelse er nulstillet, og brugerens sessioner er afsluttet."
        default: nil
        }
        return try app.views.render("admin_users", UsersModel(
            page: PageInfo(title: "Brugere", context: context, path: SiteURL.adminUsers.path), rows: rows,
            pager: Pager(page: pageNumber, pageSize: Self.pageSize, total: result.total, path: SiteURL.adminUsers.path), notice: notice))
    }

    // MARK: Create and edit

    struct UserFormModel: Encodable {
        struct Values: Encodable {
            var username = ""
            var fullName = ""
            var email = ""
            var roles: Set<Role> = []
            var active = true
            var version = 0
        }
        struct RoleOption: Encodable {
            let code: String
            let name: String
            let checked: Bool
        }
        let page: PageInfo
        let isNew: Bool
        let action: String
        let values: Values
        let roleOptions: [RoleOption]
        let errors: ErrorSummary?
        let usernameError: String?
        let fullNameError: String?
        let emailError: String?
        let passwordError: String?
        let versionError: String?
        let resetAction: String?
        let totpResetAction: String?
        let usersURL = SiteURL.adminUsers.path
        let minLength = PasswordPolicy.minimumLength
    }

    func userForm(_ request: Request, _ context: AppContext, _ values: UserFormModel.Values, errors: FormErrors, userID: Int64?) throws -> Response {
        let isNew = userID == nil
        let model = UserFormModel(
            page: PageInfo(title: isNew ? "Ny bruger" : "Rediger \(values.username)", context: context, path: SiteURL.adminUsers.path),
            isNew: isNew, action: userID.map { SiteURL.adminUser(.value($0)).path } ?? SiteURL.adminUsers.path, values: values,
            roleOptions: Role.allCases.map { .init(code: $0.rawValue, name: $0.danishName, checked: values.roles.contains($0)) },
            errors: ErrorSummary(errors), usernameError: errors["username"], fullNameError: errors["full_name"],
            emailError: errors["email"], passwordError: errors["password"], versionError: errors["version"],
            resetAction: userID.map { SiteURL.adminUserPassword(.value($0)).path },
            totpResetAction: userID.map { SiteURL.adminUserTOTPReset(.value($0)).path })
        return try app.views.render("admin_user_form", model, status: errors.isEmpty ? .ok : .unprocessableContent)
            .response(from: request, context: context)
    }

    /// Reads and checks the fields common to creating and editing.
    func values(from form: FormData, errors: inout FormErrors) -> UserFormModel.Values {
        var v = UserFormModel.Values()
        v.username = form["username"].trimmingWhitespace().lowercased()
        v.fullName = form["full_name"].trimmingWhitespace()
        v.email = form["email"].trimmingWhitespace()
        v.roles = Role.set(from: form.values("roles"))
        v.active = form["active"] == "on"
        v.version = Int(form["version"]) ?? 0
        if v.fullName.isEmpty { errors.add("full_name", "Skriv brugerens fulde navn.") }
        else if v.fullName.count > 200 || v.fullName.withoutNUL == nil { errors.add("full_name", "Navnet må højst være 200 tegn og kun indeholde almindelige tegn.") }
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
            try await app.audit.append(.init(
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
        let v = UserFormModel.Values(
            username: user.username, fullName: user.fullName, email: user.email, roles: user.roles, active: user.active, version: user.version)
        return try userForm(request, context, v, errors: FormErrors(), userID: id)
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
            errors.add("version", "Brugeren er blevet ændret af en anden, mens du redigerede. Den gemte udgave har nu navnet \(current.fullName); roller: \(roles); status: \(current.active ? "aktiv" : "deaktiveret"). Dine ændringer er ikke gemt. Tjek dem, og gem igen.")
            v.version = current.version
            return try userForm(request, context, v, errors: errors, userID: id)
        }
        var changes: [String] = []
        if current.roles != v.roles { changes.append("roller: \(v.roles.sorted().map(\.rawValue).joined(separator: ","))") }
        if current.active != v.active { changes.append(v.active ? "aktiveret" : "deaktiveret") }
        if current.fullName != v.fullName || current.email != v.email { changes.append("navn/e-mail") }
        try await app.audit.append(.init(
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
            let v = UserFormModel.Values(
                username: user.username, fullName: user.fullName, email: user.email, roles: user.roles, active: user.active, version: user.version)
            return try userForm(request, context, v, errors: errors, userID: id)
        }
        let hash = try await app.hasher.hash(password)
        try await app.users.setPassword(id: id, hash: hash)
        try await app.audit.append(.init(
            userID: admin.id, username: admin.username, action: "user.password_reset", objectType: "user", objectID: String(id),
            clientIP: context.clientIP))
        return .redirect(to: SiteURL.adminUsers.path(query: [("besked", "adgangskode")]))
    }

    // MARK: Audit log

    struct AuditModel: Encodable {
        struct Row: Encodable {
            let at: String
            let username: String
            let action: String
            let object: String
            let detail: String
            let clientIP: String
        }
        let page: PageInfo
        let rows: [Row]
        let pager: Pager
    }

    func auditLog(_ request: Request, _ context: AppContext) async throws -> HTML {
        let pageNumber = Pager.pageNumber(request)
        let (entries, total) = try await app.audit.page(offset: (pageNumber - 1) * Self.pageSize, limit: Self.pageSize)
        let rows = entries.map {
            AuditModel.Row(
                at: DanishFormat.dateTime($0.at), username: $0.username, action: $0.action,
                object: $0.objectType.isEmpty ? "" : "\($0.objectType) \($0.objectID)", detail: $0.detail, clientIP: $0.clientIP)
        }
        return try app.views.render("admin_audit", AuditModel(
            page: PageInfo(title: "Auditlog", context: context, path: SiteURL.adminAudit.path), rows: rows,
            pager: Pager(page: pageNumber, pageSize: Self.pageSize, total: total, path: SiteURL.adminAudit.path)))
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
