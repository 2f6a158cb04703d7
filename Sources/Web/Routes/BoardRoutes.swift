import Database
import Domain
import Foundation
import Hummingbird

/// The board's agendas. Anyone may read published meetings; confidential items show as
/// "N (Fortrolig)" to everyone but board members and the board secretariat.
struct BoardRoutes {
    let app: AppServices

    func addRoutes(to router: SiteRouter) {
        let member = router.requiring(.readAsBoardMember)
        router.get(.meetings) { request, context in try await self.meetings(request, context) }
        router.get(.meeting(.key)) { request, context in try await self.meeting(request, context) }
        router.get(.agendaItem(meeting: .key, number: .key)) { request, context in try await self.item(request, context) }
        member.post(.agendaItemRead(meeting: .key, number: .key)) { request, context in try await self.markRead(request, context) }
        member.post(.agendaItemNote(meeting: .key, number: .key)) { request, context in try await self.saveNote(request, context) }
        router.get(.meetingPack(.key)) { request, context in try await self.pack(request, context) }
        router.get(.minutes(.key)) { request, context in try await self.minutes(request, context) }
        router.get(.search) { request, context in try await self.search(request, context) }
        router.get(.calendar) { request, context in try await self.calendar(request, context) }
    }

    func meetings(_ request: Request, _ context: AppContext) async throws -> HTML {
        let meetings = try await MeetingsPage.query(app.pool, user: context.user)
        return try app.views.render(MeetingsPage.template, MeetingsPage.build(meetings, viewer: Viewer(context)))
    }

    func meeting(_ request: Request, _ context: AppContext) async throws -> HTML {
        guard let id = context.parameters.get("id", as: Int64.self),
            let data = try await MeetingPage.query(app.pool, meetingID: id, user: context.user)
        else { throw HTTPError(.notFound) }
        let model = MeetingPage.build(data, viewer: Viewer(context), message: request.uri.queryParameters.get("besked"))
        return try app.views.render(MeetingPage.template, model)
    }

    /// The meeting of the `:id` parameter, if the reader may see it (drafts only for the board secretariat).
    func visibleMeeting(_ context: AppContext) async throws -> Meeting {
        guard let id = context.parameters.get("id", as: Int64.self),
            let meeting = try await app.board.meeting(id: id, includeDrafts: context.roles.contains(.boardSecretariat))
        else { throw HTTPError(.notFound) }
        return meeting
    }

    func item(_ request: Request, _ context: AppContext) async throws -> HTML {
        guard let id = context.parameters.get("id", as: Int64.self), let number = context.parameters.get("number", as: Int.self)
        else { throw HTTPError(.notFound) }
        switch try await AgendaItemPage.query(app.pool, meetingID: id, number: number, user: context.user) {
        case .page(let data):
            let model = AgendaItemPage.build(
                data, viewer: Viewer(context), maxUploadBytes: app.config.maxUploadBytes, message: request.uri.queryParameters.get("besked"))
            return try app.views.render(AgendaItemPage.template, model)
        case .withheld:
            try await app.audit.append(
                .init(
                    userID: context.user?.id, username: context.user?.username ?? "", action: "item.denied",
                    objectType: "agenda_item", objectID: "\(id)/\(number)", clientIP: context.clientIP))
            throw HTTPError(.notFound)
        case .notFound:
            throw HTTPError(.notFound)
        }
    }
}

// MARK: - Board members' tools, the agenda pack, minutes, search and calendar

extension BoardRoutes {
    /// The item a board member acts on: it must exist and be readable by them.
    /// A reader's write about an item (a read mark, a note): the item is checked and written in one
    /// statement; an item the reader may not read is "not found", as on the item's page.
    func markRead(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (meetingID, number) = try itemAddress(context)
        guard
            try await app.board.markRead(
                userID: user.id, meetingID: meetingID, number: number, includeDrafts: context.roles.contains(.boardSecretariat),
                reader: ItemReader(user: user))
        else { throw HTTPError(.notFound) }
        let back =
            (context.form ?? FormData())["tilbage"] == "moede"
            ? SiteURL.meeting(.value(meetingID)).path(fragment: "punkt-\(number)")
            : SiteURL.agendaItem(meeting: .value(meetingID), number: .value(number)).path
        return .redirect(to: back)
    }

    func saveNote(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (meetingID, number) = try itemAddress(context)
        let body = (context.form ?? FormData())["note"]
        guard body.count <= 20_000, !body.contains("\u{0}") else { throw HTTPError(.badRequest) }
        guard
            try await app.board.saveNote(
                userID: user.id, meetingID: meetingID, number: number, includeDrafts: context.roles.contains(.boardSecretariat),
                reader: ItemReader(user: user), body: body)
        else { throw HTTPError(.notFound) }
        return .redirect(to: SiteURL.agendaItem(meeting: .value(meetingID), number: .value(number)).path(query: [("besked", "note")]) + "#note")
    }

    func itemAddress(_ context: AppContext) throws -> (meetingID: Int64, number: Int) {
        guard let id = context.parameters.get("id", as: Int64.self), let number = context.parameters.get("number", as: Int.self)
        else { throw HTTPError(.notFound) }
        return (id, number)
    }

    /// One print-ready page per meeting: table of contents, then every item in order with page breaks.
    func pack(_ request: Request, _ context: AppContext) async throws -> HTML {
        let meeting = try await visibleMeeting(context)
        let data = try await AgendaPackPage.query(app.pool, meeting: meeting, user: context.user)
        return try app.views.render(AgendaPackPage.template, AgendaPackPage.build(data, viewer: Viewer(context)))
    }

    /// The minutes (referat): each item's decision. Confidential decisions only for those who may read them.
    func minutes(_ request: Request, _ context: AppContext) async throws -> HTML {
        let meeting = try await visibleMeeting(context)
        let entries = try await MinutesPage.query(app.pool, meeting: meeting, user: context.user)
        let cycle = try await MinutesPage.cycleQuery(app.pool, meeting: meeting)
        let model = MinutesPage.build(meeting, entries, cycle: cycle, message: request.uri.queryParameters.get("besked"), viewer: Viewer(context))
        return try app.views.render(MinutesPage.template, model)
    }

    func search(_ request: Request, _ context: AppContext) async throws -> HTML {
        let query = request.queryForm["q"].trimmingWhitespace()
        let viewer = Viewer(context)
        guard !query.isEmpty else {
            return try app.views.render(SearchPage.template, SearchPage.build(query: "", results: nil, error: nil, viewer: viewer))
        }
        if let problem = SearchPage.problem(query) {
            return try app.views.render(
                SearchPage.template, SearchPage.build(query: query, results: nil, error: problem, viewer: viewer), status: .badRequest)
        }
        let pageNumber = Pager.pageNumber(request)
        let result = try await SearchPage.query(app.pool, query, page: pageNumber, user: context.user)
        if result.hits.isEmpty && pageNumber > 1 { throw HTTPError(.notFound) }
        return try app.views.render(SearchPage.template, SearchPage.build(query: query, results: (result, pageNumber), error: nil, viewer: viewer))
    }

    /// iCalendar feed of the published meetings (titles, times and places only: nothing confidential).
    func calendar(_ request: Request, _ context: AppContext) async throws -> Response {
        try await CalendarRoutes.feed(app: app, name: "Danske Regioners bestyrelse", includeDrafts: false, now: Date())
    }
}
