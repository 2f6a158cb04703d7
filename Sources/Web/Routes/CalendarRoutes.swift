import Database
import Domain
import Foundation
import Hummingbird

/// The board's calendar feeds: the public feed of published meetings (`SiteURL.calendar`) and a
/// board member's personal feed (`SiteURL.personalCalendar`), a secret URL that also carries the
/// meetings the member may see in draft; the member makes and renews it at `SiteURL.myCalendar`.
struct CalendarRoutes {
    let app: AppServices

    func addRoutes(to site: SiteRouter) {
        site.get(.personalCalendar(.key)) { request, context in try await self.personalFeed(request, context) }
        // Board members and the board secretariat: those who read the board's meetings in full.
        site.get(.myCalendar) { request, context in try await self.page(request, context) }
        site.post(.myCalendar) { request, context in try await self.create(request, context) }
        site.get(.myCalendarRenew) { request, context in try await self.confirmRenew(request, context) }
        site.post(.myCalendarRenew) { request, context in try await self.renew(request, context) }
    }

    /// The logged-in user who may have a personal feed (403 for others, the login page for the anonymous).
    func member(_ context: AppContext, _ request: Request) throws -> User {
        let user = try requireUser(context, request)
        guard BoardAccess.mayReadConfidential(user.roles) else { throw HTTPError(.forbidden) }
        return user
    }

    /// The feed for a reader: published and held meetings, and drafts when `includeDrafts`.
    static func feed(app: AppServices, name: String, includeDrafts: Bool, now: Date) async throws -> Response {
        let meetings = try await app.board.calendarMeetings(includeDrafts: includeDrafts)
        let base = app.baseURL
        let events = meetings.map { c in
            let m = c.meeting
            var event = ICalendar.Event(
                uid: "moede-\(m.id)@raadsportalen", start: m.startsAt, end: m.endsAt ?? m.startsAt.addingTimeInterval(3 * 3600),
                summary: (m.status == .draft ? "Udkast: " : "") + "\(m.title) – Danske Regioners bestyrelse", location: m.place,
                url: base + SiteURL.meeting(.value(m.id)).path, updated: c.lastModified)
            event.sequence = c.sequence
            event.tentative = m.status == .draft
            event.description =
                m.status == .draft
                ? "Udkast til dagsorden – endnu ikke offentliggjort. Dagsordenen: \(base + SiteURL.meeting(.value(m.id)).path)"
                : "Dagsordenen: \(base + SiteURL.meeting(.value(m.id)).path)"
            return event
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/calendar; charset=utf-8", .contentLanguage: "da",
                .contentDisposition: "inline; filename=\"bestyrelsesmoeder.ics\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: ICalendar.feed(name: name, events: events, stamp: now))))
    }

    func personalFeed(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let token = context.parameters.get("token"), token.count <= 100,
            let user = try await CalendarFeedRepository(pool: app.pool).user(token: token),
            BoardAccess.mayReadConfidential(user.roles)
        else { throw HTTPError(.notFound) }
        var response = try await Self.feed(
            app: app, name: "Danske Regioners bestyrelse – \(user.fullName)", includeDrafts: BoardAccess.mayReadDraft(user.roles),
            now: Date())
        // A personal URL: no shared cache keeps it.
        response.headers[.cacheControl] = "private, no-store"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        return response
    }

    func page(_ request: Request, _ context: AppContext, newURL: String? = nil) async throws -> Response {
        let user = try member(context, request)
        let created = try await CalendarFeedRepository(pool: app.pool).createdAt(userID: user.id)
        return try app.views.render(
            MyCalendarPage.template, MyCalendarPage.build(created: created, newURL: newURL, baseURL: app.baseURL, viewer: Viewer(context))
        ).response(from: request, context: context)
    }

    func confirmRenew(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try member(context, request)
        guard try await CalendarFeedRepository(pool: app.pool).createdAt(userID: user.id) != nil else {
            return .redirect(to: SiteURL.myCalendar.path)
        }
        return try app.views.render(MyCalendarPage.confirmTemplate, MyCalendarPage.confirm(viewer: Viewer(context))).response(
            from: request, context: context)
    }

    /// Makes the first URL: nothing to lose, so no confirmation (a member with a URL is sent to renew).
    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try member(context, request)
        guard try await CalendarFeedRepository(pool: app.pool).createdAt(userID: user.id) == nil else {
            return .redirect(to: SiteURL.myCalendarRenew.path)
        }
        return try await issue(request, context, user, action: "calendar.created")
    }

    func renew(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try member(context, request)
        guard (context.form ?? FormData())["bekraeft"] == "ja" else { return .redirect(to: SiteURL.myCalendarRenew.path) }
        return try await issue(request, context, user, action: "calendar.renewed")
    }

    /// A new token: stored as its hash, shown once on the page that answers the POST.
    func issue(_ request: Request, _ context: AppContext, _ user: User, action: String) async throws -> Response {
        let token = Tokens.random()
        try await CalendarFeedRepository(pool: app.pool).renew(
            userID: user.id, token: token,
            audit: .init(
                userID: user.id, username: user.username, action: action, objectType: "user", objectID: String(user.id), clientIP: context.clientIP))
        return try await page(request, context, newURL: app.baseURL + SiteURL.personalCalendar(.value(token)).path)
    }
}
