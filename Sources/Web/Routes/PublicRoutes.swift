import Database
import Domain
import Foundation
import Hummingbird

/// The front page, the health check and the accessibility statement.
struct PublicRoutes {
    let app: AppServices

    func addRoutes(to router: SiteRouter) {
        router.get(.home) { request, context in try await self.home(request, context) }
        router.get(.healthz) { request, context in try await self.healthz(request, context) }
        router.get(.accessibility) { request, context in
            try self.app.views.render("accessibility", SimpleModel(
                page: PageInfo(title: "Tilgængelighedserklæring", description: "Tilgængelighedserklæring for Rådsportalen",
                               context: context, path: SiteURL.accessibility.path)))
        }
        router.get(.sitemap) { request, context in try await self.sitemap(request, context) }
    }

    /// The public pages, for search engines: what anyone may read without logging in, and nothing else
    /// (confidential items, drafts and logged-in pages are never listed).
    func sitemap(_ request: Request, _ context: AppContext) async throws -> Response {
        var paths = [SiteURL.home, .meetings, .council, .councilModel, .library, .reports, .accessibility].map(\.path)
        // Published meetings and their public items (one query each, however many meetings there are).
        paths += try await app.board.meetings(includeDrafts: false).map { SiteURL.meeting(.value($0.id)).path }
        paths += try await app.board.publicItems().map { SiteURL.agendaItem(meeting: .value($0.meetingID), number: .value($0.number)).path }
        paths += try await AnnualReportRepository(pool: app.pool).list(publishedOnly: true).map { SiteURL.report(.value($0.id)).path }
        let base = app.config.publicURL.isEmpty ? app.baseURL : app.config.publicURL
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            \(paths.map { "  <url><loc>\(HTMLEscape.escape(base + $0))</loc></url>" }.joined(separator: "\n"))
            </urlset>

            """
        return Response(status: .ok, headers: [.contentType: "application/xml; charset=utf-8"], body: .init(byteBuffer: .init(string: xml)))
    }

    struct SimpleModel: Encodable { let page: PageInfo }

    struct HomeModel: Encodable {
        struct Shortcut: Encodable {
            let title: String
            let href: String
            let text: String
        }
        let page: PageInfo
        let firstName: String?
        let nextMeeting: BoardRoutes.MeetingRow?
        let shortcuts: [Shortcut]
        let unread: [Unread]?
        let hasUnreadList: Bool
        let allRead: Bool
        let tasks: [Unread]
        let hasTasks: Bool
        let meetingsURL = SiteURL.meetings.path
        let loginURL = SiteURL.login.path
    }

    struct Unread: Encodable {
        let href: String
        let text: String
    }

    func home(_ request: Request, _ context: AppContext) async throws -> HTML {
        let roles = context.roles
        let next = try await app.board.nextMeeting(includeDrafts: roles.contains(.boardSecretariat))
        var shortcuts: [HomeModel.Shortcut] = []
        if BoardAccess.mayReadConfidential(roles) {
            shortcuts.append(.init(title: "Bestyrelsens dagsordener", href: SiteURL.meetings.path,
                                   text: "Læs dagsordenerne i deres helhed, også de fortrolige punkter."))
        } else {
            shortcuts.append(.init(title: "Bestyrelsens dagsordener", href: SiteURL.meetings.path,
                                   text: "Læs de offentlige punkter på Danske Regioners bestyrelsesmøder."))
        }
        if CouncilAccess.usesCouncil(roles) {
            shortcuts.append(.init(
                title: roles.contains(.projectLeader) && !CouncilAccess.seesAllProjects(roles) ? "Mine projekter" : "It-rådets projekter",
                href: SiteURL.projects.path, text: "Projekter, risikovurderinger og sparringsmøder i Regionernes It-råd."))
        }
        if roles.contains(.admin) {
            shortcuts.append(.init(title: "Brugere", href: SiteURL.adminUsers.path, text: "Opret brugere, tildel roller og nulstil adgangskoder."))
            shortcuts.append(.init(title: "Auditlog", href: SiteURL.adminAudit.path, text: "Hvem gjorde hvad og hvornår."))
        }
        // What awaits the user in the council's process.
        var tasks: [Unread] = []
        if let user = context.user, !roles.isDisjoint(with: [.projectLeader, .secretariat, .councilMember, .assessor, .director]) {
            tasks = try await CaseRepository(pool: app.pool).awaiting(userID: user.id, roles: roles).map {
                Unread(href: SiteURL.caseDetail(.value($0.caseID)).path, text: "\($0.what): \($0.project)")
            }
        }
        // The secretariat answers the projects' requests.
        if roles.contains(.secretariat) {
            tasks += try await RequestRepository(pool: app.pool).list(requestedBy: nil, status: "new").map {
                Unread(href: SiteURL.request(.value($0.id)).path, text: "Besvar anmodning om \($0.kind == .sparring ? "sparringsmøde" : "risikovurdering"): \($0.projectName)")
            }
        }
        // The board secretariat decides the council's proposals for the agenda.
        if roles.contains(.boardSecretariat) {
            tasks += try await AnnualReportRepository(pool: app.pool).openProposals(meetingID: nil).map {
                Unread(href: SiteURL.meeting(.value($0.meetingID)).path, text: "Tag stilling til forslag fra It-rådet: \($0.reportTitle) til \($0.meetingTitle.lowercased()) \(DanishFormat.longDate($0.meetingStartsAt))")
            }
        }
        let firstName = context.user.map { String($0.fullName.split(separator: " ").first ?? "") }.flatMap { $0.isEmpty ? nil : $0 }
        // A board member sees what is still unread on the coming agendas.
        var unread: [Unread]? = nil
        if roles.contains(.boardMember), let user = context.user {
            unread = try await app.board.unread(userID: user.id, from: Date()).map {
                Unread(href: SiteURL.agendaItem(meeting: .value($0.meeting.id), number: .value($0.number)).path,
                       text: "\($0.number). \($0.title) (\(DanishFormat.shortDate($0.meeting.startsAt)))")
            }
        }
        return try app.views.render("home", HomeModel(
            page: PageInfo(title: "Forside", context: context, path: SiteURL.home.path), firstName: firstName,
            nextMeeting: next.map { BoardRoutes.row($0) }, shortcuts: shortcuts, unread: unread,
            hasUnreadList: unread != nil, allRead: unread?.isEmpty ?? false, tasks: tasks,
            hasTasks: !tasks.isEmpty))
    }

    func healthz(_ request: Request, _ context: AppContext) async throws -> Response {
        let ok: Bool
        do {
            ok = try await app.pool.query("SELECT 1 AS ok").first != nil
        } catch {
            ok = false
        }
        let body = ok ? #"{"status":"ok","database":"ok"}"# : #"{"status":"error","database":"unavailable"}"#
        return Response(
            status: ok ? .ok : .serviceUnavailable,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
