import Domain
import Foundation

/// Who is looking at a page, and when: all that a page builder knows of the request. A handler
/// makes one from its context; a test makes one with a fixed clock and token, so that a builder's
/// output for the demo data can be compared with a stored snapshot.
public struct Viewer: Sendable {
    public let user: User?
    /// The token the page's forms carry in `csrf_token`.
    public let csrfToken: String
    /// A form's one-time id (see `SubmissionMiddleware`); only logged-in users send forms that write.
    public let submissionID: String
    /// "Now", for due dates, "late" flags and what is shown as upcoming.
    public let now: Date

    public init(user: User?, csrfToken: String, submissionID: String, now: Date) {
        self.user = user
        self.csrfToken = csrfToken
        self.submissionID = submissionID
        self.now = now
    }

    init(_ context: AppContext, now: Date = Date()) {
        self.init(
            user: context.user, csrfToken: context.csrfToken ?? "",
            submissionID: context.user == nil ? "" : Tokens.hex(bytes: 16), now: now)
    }

    public var roles: Set<Role> { user?.roles ?? [] }
}

extension PageInfo {
    /// The layout's part of a page: title, navigation for the viewer, and the tokens its forms carry.
    public init(title: String, description: String = "", viewer: Viewer, path: String) {
        self.title = title
        self.description = description.isEmpty ? "Rådsportalen – Regionernes It-råd og Danske Regioners bestyrelse" : description
        self.userName = viewer.user?.fullName
        self.loggedIn = viewer.user != nil
        let roleNames = viewer.roles.sorted().map(\.danishName).joined(separator: ", ")
        self.roleNames = roleNames.isEmpty ? nil : roleNames
        self.csrfToken = viewer.csrfToken
        self.submissionID = viewer.submissionID
        let home = SiteURL.home.path
        self.nav = Navigation.links(for: viewer.user).map {
            NavLink(title: $0.title, href: $0.href, current: $0.href == home ? path == home : path.hasPrefix($0.href))
        }
    }
}
