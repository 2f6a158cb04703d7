import Database
import Domain
import Foundation

/// "Glemt adgangskode" (`/glemt-adgangskode`): one field; the same answer whoever it names.
enum PasswordForgotPage {
    static let template = "password_forgot"

    struct Model: Encodable {
        let page: PageInfo
        let identifier: String
        let errors: ErrorSummary?
        let identifierError: String?
        let sent: Bool
        let action = SiteURL.passwordForgot.path
        let loginURL = SiteURL.login.path
    }

    static func build(viewer: Viewer, identifier: String, errors: FormErrors, sent: Bool) -> Model {
        Model(
            page: PageInfo(title: "Glemt adgangskode", viewer: viewer, path: SiteURL.passwordForgot.path), identifier: identifier,
            errors: ErrorSummary(errors), identifierError: errors["identifier"], sent: sent)
    }
}

/// Choosing a password with a link from an e-mail (`/ny-adgangskode/<token>`): a reset or the
/// welcome of an approved account. An unknown, used or expired link says so.
enum PasswordResetPage {
    static let template = "password_reset"

    struct Model: Encodable {
        let page: PageInfo
        let valid: Bool
        let welcome: Bool
        let username: String
        let action: String
        let errors: ErrorSummary?
        let newError: String?
        let repeatError: String?
        let minLength = PasswordPolicy.minimumLength
        let forgotURL = SiteURL.passwordForgot.path
    }

    static func build(viewer: Viewer, token: String, user: User?, welcome: Bool, errors: FormErrors) -> Model {
        Model(
            page: PageInfo(title: welcome ? "Vælg din adgangskode" : "Ny adgangskode", viewer: viewer, path: SiteURL.passwordForgot.path),
            valid: user != nil, welcome: welcome, username: user?.username ?? "",
            action: SiteURL.passwordReset(.value(token)).path, errors: ErrorSummary(errors), newError: errors["new"],
            repeatError: errors["repeat"])
    }
}

/// A new project leader asks for an account (`/bliv-bruger`); the council secretariat decides.
enum AccountRequestPage {
    static let template = "account_request"

    struct Input {
        let fullName: String
        let email: String
        let organisation: String
        let project: String
        let message: String

        init(_ form: FormData) {
            fullName = form["full_name"].trimmingWhitespace()
            email = form["email"].trimmingWhitespace()
            organisation = form["organisation"].trimmingWhitespace()
            project = form["project"].trimmingWhitespace()
            message = form["message"].trimmingWhitespace()
        }

        func errors() -> FormErrors {
            var errors = FormErrors()
            if fullName.isEmpty { errors.add("full_name", "Skriv dit fulde navn.") }
            if fullName.count > 200 { errors.add("full_name", "Navnet må højst være på 200 tegn.") }
            if !AccountRequestPage.isEmail(email) { errors.add("email", "Skriv en e-mailadresse som navn@region.dk.") }
            if organisation.isEmpty { errors.add("organisation", "Skriv, hvor du arbejder (region, kommune eller organisation).") }
            if organisation.count > 200 { errors.add("organisation", "Arbejdsstedet må højst være på 200 tegn.") }
            if project.count > 300 { errors.add("project", "Projektets navn må højst være på 300 tegn.") }
            if message.count > 4000 { errors.add("message", "Beskeden må højst være på 4.000 tegn.") }
            return errors
        }
    }

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return s.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !s.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }

    struct Model: Encodable {
        let page: PageInfo
        let fullName: String
        let email: String
        let organisation: String
        let project: String
        let message: String
        let errors: ErrorSummary?
        let fullNameError: String?
        let emailError: String?
        let organisationError: String?
        let projectError: String?
        let messageError: String?
        let sent: Bool
        let action = SiteURL.accountRequest.path
    }

    static func build(viewer: Viewer, form: FormData, errors: FormErrors, sent: Bool) -> Model {
        Model(
            page: PageInfo(title: "Bed om en brugerkonto", viewer: viewer, path: SiteURL.accountRequest.path),
            fullName: form["full_name"], email: form["email"], organisation: form["organisation"], project: form["project"],
            message: form["message"], errors: ErrorSummary(errors), fullNameError: errors["full_name"], emailError: errors["email"],
            organisationError: errors["organisation"], projectError: errors["project"], messageError: errors["message"], sent: sent)
    }
}

/// The council secretariat's list of requests for an account (`/raadet/kontoanmodninger`): each
/// pending one with a form to approve it (a username, the role is project leader) or decline it
/// (a message); the latest decided below.
enum AccountRequestsPage {
    static let template = "account_requests"

    struct Row: Encodable {
        let id: Int64
        let fullName: String
        let email: String
        let organisation: String
        let project: String
        let message: String
        let createdAt: String
        let action: String
        let username: String
        let usernameField: String
        let usernameError: String?
        let decisionMessage: String
        let messageField: String
        let messageError: String?
        let state: String
    }

    struct Model: Encodable {
        let page: PageInfo
        let pending: [Row]
        let decided: [Row]
        let hasPending: Bool
        let hasDecided: Bool
        let errors: ErrorSummary?
        let notice: String?
    }

    /// A username suggested from the address: its part before @, in the characters usernames allow.
    static func suggestedUsername(_ email: String) -> String {
        let local = email.split(separator: "@").first.map(String.init)?.lowercased() ?? ""
        return String(local.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".contains($0) }.prefix(64))
    }

    static func build(
        _ requests: [AccountRepository.Request], viewer: Viewer, errors: [Int64: FormErrors], form: FormData?, message: String?
    ) -> Model {
        func row(_ r: AccountRepository.Request) -> Row {
            let e = errors[r.id] ?? FormErrors()
            let mine = errors[r.id] != nil
            return Row(
                id: r.id, fullName: r.fullName, email: r.email, organisation: r.organisation, project: r.project, message: r.message,
                createdAt: DanishFormat.dateTime(r.createdAt), action: SiteURL.accountRequestDecision(.value(r.id)).path,
                username: mine ? (form?["username"] ?? "") : suggestedUsername(r.email), usernameField: "username-\(r.id)",
                usernameError: e["username-\(r.id)"], decisionMessage: mine ? (form?["message"] ?? "") : r.decisionMessage,
                messageField: "message-\(r.id)", messageError: e["message-\(r.id)"],
                state: r.state == .approved ? "Godkendt" : r.state == .declined ? "Afvist" : "Venter")
        }
        var all = FormErrors()
        for (_, e) in errors { for item in e.list { all.add(item.field, item.message) } }
        let notice: String? =
            switch message {
            case "godkendt": "Kontoen er oprettet, og der er sendt et link til at vælge adgangskode."
            case "afvist": "Anmodningen er afvist, og begrundelsen er sendt."
            case "afgjort": "Anmodningen var allerede afgjort."
            default: nil
            }
        let pending = requests.filter { $0.state == .pending }.map(row)
        let decided = requests.filter { $0.state != .pending }.map(row)
        return Model(
            page: PageInfo(title: "Anmodninger om brugerkonti", viewer: viewer, path: SiteURL.accountRequests.path),
            pending: pending, decided: decided, hasPending: !pending.isEmpty, hasDecided: !decided.isEmpty, errors: ErrorSummary(all),
            notice: notice)
    }
}
