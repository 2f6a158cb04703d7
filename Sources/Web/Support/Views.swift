import Domain
import Foundation
import Hummingbird

/// The Mustache templates of `Views/`, parsed once at start (see `Template`).
public struct Views: Sendable {
    let library: TemplateLibrary

    /// `strict` (the tests) makes a name a template uses but the model lacks an error instead of
    /// an empty string (see `TemplateLibrary`).
    public init(directory: String, strict: Bool = false) async throws {
        guard FileManager.default.fileExists(atPath: directory + "/layout.mustache") else {
            throw ConfigError("the templates folder '\(directory)' has no layout.mustache (set VIEWS_DIR)")
        }
        var templates: [String: Template] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".mustache") else { continue }
            let text = try String(contentsOfFile: directory + "/" + path, encoding: .utf8)
            do {
                templates[String(path.dropLast(".mustache".count))] = try Template(text)
            } catch {
                throw ConfigError("the template \(path) cannot be read: \(error)")
            }
        }
        self.library = TemplateLibrary(templates: templates, strict: strict, optionalNames: Self.layoutOptional)
    }

    /// What the layout asks of every page to put "Fejl: " in the title, though only form pages
    /// have it: a page without it has it empty, not missing, when rendering strictly.
    static let layoutOptional = ["errors", "error", "decideError", "attachmentError"]

    /// Renders a page; a missing template is a programming error, reported as a 500.
    public func render(_ template: String, _ model: some Encodable, status: HTTPResponse.Status = .ok) throws -> HTML {
        guard let html = try library.render(template, try TemplateValue.from(model)) else {
            throw HTTPError(.internalServerError, message: "template \(template) not found")
        }
        return HTML(html, status: status)
    }
}

/// An HTML response (a plain String would be text/plain).
public struct HTML: ResponseGenerator, Sendable {
    public let body: String
    public var status: HTTPResponse.Status

    public init(_ body: String, status: HTTPResponse.Status = .ok) {
        self.body = body
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) -> Response {
        Response(
            status: status,
            // Every page is in Danish (the layout's lang="da" says it to browsers, this to the rest).
            headers: [.contentType: "text/html; charset=utf-8", .contentLanguage: "da"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// What the layout needs on every page: title, navigation for the reader's roles, the CSRF token.
public struct PageInfo: Encodable, Sendable {
    public struct NavLink: Encodable, Sendable {
        public let title: String
        public let href: String
        public let current: Bool
    }

    /// The layout's own links (the brand, logging in and out, the footer).
    public struct URLs: Encodable, Sendable {
        public let home = SiteURL.home.path
        public let login = SiteURL.login.path
        public let logout = SiteURL.logout.path
        public let accessibility = SiteURL.accessibility.path
        public let privacy = SiteURL.privacyPolicy.path
        public let meetings = SiteURL.meetings.path
    }

    public let title: String
    public let description: String
    public let urls = URLs()
    public let nav: [NavLink]
    public let userName: String?
    public let roleNames: String?
    public let csrfToken: String
    public let loggedIn: Bool
    /// A form's one-time id (see `SubmissionMiddleware`); only logged-in users send forms that write.
    public let submissionID: String

    public init(title: String, description: String = "", context: AppContext, path: String) {
        self.title = title
        self.description = description.isEmpty ? "Rådsportalen – Regionernes It-råd og Danske Regioners bestyrelse" : description
        self.userName = context.user?.fullName
        self.loggedIn = context.user != nil
        let roleNames = (context.user?.roles.sorted() ?? []).map(\.danishName).joined(separator: ", ")
        self.roleNames = roleNames.isEmpty ? nil : roleNames
        self.csrfToken = context.csrfToken ?? ""
        self.submissionID = context.user == nil ? "" : Tokens.hex(bytes: 16)
        let home = SiteURL.home.path
        self.nav = Navigation.links(for: context.user).map {
            NavLink(title: $0.title, href: $0.href, current: $0.href == home ? path == home : path.hasPrefix($0.href))
        }
    }
}

/// The role-aware main navigation: a link appears only for roles that may use the page behind it.
enum Navigation {
    /// A link of the main navigation: shown to readers with the capability its page's route
    /// requires (`NavigationTests` holds the two together), or to everyone, or once signed in.
    struct Entry {
        let title: String
        let url: SiteURL
        let capability: Capability?
        var signedInOnly = false
    }

    static let entries: [Entry] = [
        Entry(title: "Forside", url: .home, capability: nil),
        Entry(title: "Bestyrelsesmøder", url: .meetings, capability: nil),
        Entry(title: "Søg", url: .search, capability: nil),
        Entry(title: "It-rådet", url: .council, capability: nil),
        Entry(title: "Årsrapporter", url: .reports, capability: nil),
        Entry(title: "It-rådets projekter", url: .projects, capability: .readProjects),
        Entry(title: "Sager", url: .cases, capability: .readCases),
        Entry(title: "Overblik", url: .overview, capability: .readOverview),
        Entry(title: "Anmodninger", url: .requests, capability: .readRequests),
        Entry(title: "Sparringsmøder", url: .sparring, capability: .readSparring),
        Entry(title: "Brugere", url: .adminUsers, capability: .administer),
        Entry(title: "Auditlog", url: .adminAudit, capability: .administer),
        Entry(title: "E-mail", url: .adminOutbox, capability: .administer),
        Entry(title: "Min konto", url: .account, capability: nil, signedInOnly: true),
    ]

    static func links(for user: User?) -> [(title: String, href: String)] {
        entries.compactMap { entry in
            if entry.signedInOnly && user == nil { return nil }
            if let capability = entry.capability, !(user?.may(capability) ?? false) { return nil }
            // A project leader or an assessor sees only their own projects.
            let title = entry.url == .projects && !CouncilAccess.seesAllProjects(user?.roles ?? []) ? "Mine projekter" : entry.title
            return (title, entry.url.path)
        }
    }
}
