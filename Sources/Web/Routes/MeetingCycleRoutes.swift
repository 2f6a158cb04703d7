import Database
import Domain
import Foundation
import Hummingbird

/// A board meeting's cycle around its agenda (issue 20, points 1 and 3): publishing now or at a
/// planned time and marking it held, each after a confirmation that says what happens, who is told
/// and what looks unfinished; attendance; the minutes sent for review to the board members (who
/// comment) and approved at a date, after which they are frozen.
struct MeetingCycleRoutes {
    let app: AppServices
    var cycles: MeetingCycleRepository { MeetingCycleRepository(pool: app.pool) }

    func addRoutes(to site: SiteRouter) {
        let secretariat = site.requiring(.runBoard)
        secretariat.get(.meetingPublish(.key)) { request, context in try await self.publishPage(request, context) }
        secretariat.post(.meetingPublish(.key)) { request, context in try await self.publish(request, context) }
        secretariat.get(.meetingHeld(.key)) { request, context in try await self.heldPage(request, context) }
        secretariat.post(.meetingHeld(.key)) { request, context in try await self.markHeld(request, context) }
        secretariat.get(.meetingAttendance(.key)) { request, context in try await self.attendancePage(request, context) }
        secretariat.post(.meetingAttendance(.key)) { request, context in try await self.saveAttendance(request, context) }
        secretariat.post(.minutesReview(.key)) { request, context in try await self.sendForReview(request, context) }
        secretariat.get(.minutesApprove(.key)) { request, context in try await self.approvePage(request, context) }
        secretariat.post(.minutesApprove(.key)) { request, context in try await self.approve(request, context) }
        site.requiring(.readAsBoardMember).post(.minutesComments(.key)) { request, context in try await self.comment(request, context) }
    }

    func entry(_ context: AppContext, _ user: User, _ action: String, _ id: Int64, _ detail: String = "") -> AuditRepository.Entry {
        .init(
            userID: user.id, username: user.username, action: action, objectType: "meeting", objectID: String(id), detail: detail,
            clientIP: context.clientIP)
    }

    /// The meeting of the `:id` parameter with its cycle (the board secretariat sees drafts too).
    func load(_ context: AppContext) async throws -> (Meeting, MeetingCycleRepository.Cycle) {
        guard let id = context.parameters.get("id", as: Int64.self),
            let meeting = try await app.board.meeting(id: id, includeDrafts: context.roles.contains(.boardSecretariat)),
            let cycle = try await cycles.cycle(meetingID: id)
        else { throw HTTPError(.notFound) }
        return (meeting, cycle)
    }

    // MARK: Publishing

    func publishPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let (meeting, cycle) = try await load(context)
        return try await renderConfirm(request, context, .publish, meeting, cycle, values: .init(), errors: FormErrors())
    }

    func renderConfirm(
        _ request: Request, _ context: AppContext, _ kind: MeetingConfirmPage.Kind, _ meeting: Meeting, _ cycle: MeetingCycleRepository.Cycle,
        values: MeetingConfirmPage.Values, errors: FormErrors, refusal: String? = nil
    ) async throws -> Response {
        let members = try await cycles.boardMembers()
        let model = MeetingConfirmPage.build(
            kind, meeting, cycle, members: members, sendsMail: app.sendsMail, values: values, errors: errors, refusal: refusal,
            viewer: Viewer(context))
        let status: HTTPResponse.Status = !errors.isEmpty ? .unprocessableContent : refusal != nil ? .conflict : .ok
        return try app.views.render(MeetingConfirmPage.template, model, status: status).response(from: request, context: context)
    }

    func publish(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (meeting, cycle) = try await load(context)
        let form = context.form ?? FormData()
        var values = MeetingConfirmPage.Values()
        values.when = form["naar"] == "planlagt" ? "planlagt" : "nu"
        values.date = form["dato"].trimmingWhitespace()
        values.time = form["tid"].trimmingWhitespace()
        let now = Date()
        if values.when == "nu" {
            let mail = BoardEditRoutes(app: app).boardMail(
                meetingID: meeting.id, title: meeting.title, startsAt: meeting.startsAt, place: meeting.place, corrected: false)
            switch try await cycles.publish(meetingID: meeting.id, audit: entry(context, user, "meeting.published", meeting.id), notify: mail) {
            case .done: return .redirect(to: SiteURL.meeting(.value(meeting.id)).path(query: [("besked", "published")]))
            case .notFound: throw HTTPError(.notFound)
            case .refused(let why):
                return try await renderConfirm(request, context, .publish, meeting, cycle, values: values, errors: .init(), refusal: why)
            }
        }
        var errors = FormErrors()
        let day = DanishFormat.parseDay(values.date)
        let time = DanishFormat.parseTime(values.time)
        if day == nil { errors.add("dato", "Skriv datoen som dd.mm.åååå, fx 21.6.2022.") }
        if time == nil { errors.add("tid", "Skriv tidspunktet som tt.mm, fx 9.00.") }
        var at: Date? = nil
        if let day, let time {
            at = DanishFormat.instant(year: day.year!, month: day.month!, day: day.day!, hour: time.hour, minute: time.minute)
            if let at, let problem = MeetingCycle.publishTimeProblem(at, startsAt: meeting.startsAt, now: now) { errors.add("dato", problem) }
        }
        guard errors.isEmpty, let at else {
            return try await renderConfirm(request, context, .publish, meeting, cycle, values: values, errors: errors)
        }
        switch try await cycles.schedulePublish(
            meetingID: meeting.id, at: at, now: now, audit: entry(context, user, "meeting.publish_scheduled", meeting.id, DanishFormat.dateTime(at)))
        {
        case .done: return .redirect(to: SiteURL.meeting(.value(meeting.id)).path(query: [("besked", "planlagt")]))
        case .notFound: throw HTTPError(.notFound)
        case .refused(let why):
            return try await renderConfirm(request, context, .publish, meeting, cycle, values: values, errors: .init(), refusal: why)
        }
    }

    // MARK: Held

    func heldPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let (meeting, cycle) = try await load(context)
        return try await renderConfirm(request, context, .held, meeting, cycle, values: .init(), errors: FormErrors())
    }

    func markHeld(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (meeting, cycle) = try await load(context)
        switch try await cycles.markHeld(meetingID: meeting.id, now: Date(), audit: entry(context, user, "meeting.held", meeting.id)) {
        case .done: return .redirect(to: SiteURL.meeting(.value(meeting.id)).path(query: [("besked", "held")]))
        case .notFound: throw HTTPError(.notFound)
        case .refused(let why):
            return try await renderConfirm(request, context, .held, meeting, cycle, values: .init(), errors: .init(), refusal: why)
        }
    }

    // MARK: Attendance

    func attendancePage(_ request: Request, _ context: AppContext) async throws -> Response {
        let (meeting, cycle) = try await load(context)
        return try renderAttendance(request, context, meeting, cycle, typed: nil, errors: FormErrors(), refusal: nil)
    }

    func renderAttendance(
        _ request: Request, _ context: AppContext, _ meeting: Meeting, _ cycle: MeetingCycleRepository.Cycle,
        typed: [MeetingCycleRepository.AttendanceEntry]?, errors: FormErrors, refusal: String?
    ) throws -> Response {
        let model = AttendancePage.build(meeting, cycle, typed: typed, errors: errors, refusal: refusal, viewer: Viewer(context))
        let status: HTTPResponse.Status = !errors.isEmpty ? .unprocessableContent : refusal != nil ? .conflict : .ok
        return try app.views.render(AttendancePage.template, model, status: status).response(from: request, context: context)
    }

    func saveAttendance(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (meeting, cycle) = try await load(context)
        let form = context.form ?? FormData()
        var errors = FormErrors()
        let entries = cycle.attendance.map { row -> MeetingCycleRepository.AttendanceEntry in
            let attendance = Attendance(rawValue: form["a-\(row.userID)"])
            let leftText = form["l-\(row.userID)"].trimmingWhitespace()
            let left = leftText.isEmpty ? nil : Int(leftText)
            if !leftText.isEmpty, MeetingCycle.leftDuringProblem(left ?? -1, itemCount: cycle.items.count) != nil {
                errors.add("l-\(row.userID)", "\(row.fullName): vælg et af mødets punkter.")
            } else if left != nil && attendance != .present {
                errors.add("l-\(row.userID)", "\(row.fullName): kun den, der deltog, kan forlade mødet under et punkt.")
            }
            return .init(userID: row.userID, attendance: attendance, leftDuringItem: left)
        }
        guard errors.isEmpty else { return try renderAttendance(request, context, meeting, cycle, typed: entries, errors: errors, refusal: nil) }
        let summary = entries.compactMap { e in
            e.attendance.map { "\(e.userID): \($0.rawValue)" + (e.leftDuringItem.map { " (forlod under punkt \($0))" } ?? "") }
        }.joined(separator: "; ")
        switch try await cycles.saveAttendance(
            meetingID: meeting.id, entries, now: Date(), audit: entry(context, user, "meeting.attendance", meeting.id, summary))
        {
        case .done: return .redirect(to: SiteURL.minutes(.value(meeting.id)).path(query: [("besked", "fremmoede")]))
        case .notFound: throw HTTPError(.notFound)
        case .refused(let why): return try renderAttendance(request, context, meeting, cycle, typed: entries, errors: errors, refusal: why)
        }
    }

    // MARK: Minutes

    func sendForReview(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (meeting, _) = try await load(context)
        var mail: [MailDraft] = []
        if app.sendsMail {
            mail = [
                MailDraft(
                    to: [.role(.boardMember)], subject: "Referat til kommentering: \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))",
                    body: """
                        Referatet af \(meeting.title.lowercased()) \(DanishFormat.longDate(meeting.startsAt)) er sendt til kommentering.

                        Læs referatet, og skriv eventuelle kommentarer i Rådsportalen: \(app.baseURL)\(SiteURL.minutes(.value(meeting.id)).path)

                        Denne e-mail indeholder ingen fortrolige oplysninger.
                        """, reason: "minutes.review")
            ]
        }
        switch try await cycles.sendForReview(
            meetingID: meeting.id, now: Date(), audit: entry(context, user, "minutes.review", meeting.id), notify: mail)
        {
        case .done: return .redirect(to: SiteURL.minutes(.value(meeting.id)).path(query: [("besked", "kommentering")]))
        case .notFound: throw HTTPError(.notFound)
        case .refused: return .redirect(to: SiteURL.minutes(.value(meeting.id)).path(query: [("besked", "afvist")]))
        }
    }

    func comment(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (meeting, _) = try await load(context)
        guard meeting.status != .draft else { throw HTTPError(.notFound) }
        let body = (context.form ?? FormData())["kommentar"].trimmingWhitespace()
        guard !body.contains("\u{0}") else { throw HTTPError(.badRequest) }
        guard !body.isEmpty, body.count <= 5_000 else {
            return .redirect(to: SiteURL.minutes(.value(meeting.id)).path(query: [("besked", "kommentar-tom")]) + "#kommentar")
        }
        switch try await cycles.addComment(
            meetingID: meeting.id, userID: user.id, body: body, audit: entry(context, user, "minutes.commented", meeting.id))
        {
        case .done: return .redirect(to: SiteURL.minutes(.value(meeting.id)).path(query: [("besked", "kommentar")]) + "#kommentarer")
        case .notFound: throw HTTPError(.notFound)
        case .refused: return .redirect(to: SiteURL.minutes(.value(meeting.id)).path(query: [("besked", "afvist")]))
        }
    }

    func approvePage(_ request: Request, _ context: AppContext) async throws -> Response {
        let (meeting, cycle) = try await load(context)
        return try renderApprove(request, context, meeting, cycle, day: DanishFormat.shortDate(Date()), errors: FormErrors(), refusal: nil)
    }

    func renderApprove(
        _ request: Request, _ context: AppContext, _ meeting: Meeting, _ cycle: MeetingCycleRepository.Cycle, day: String, errors: FormErrors,
        refusal: String?
    ) throws -> Response {
        let model = MinutesApprovePage.build(meeting, cycle, day: day, errors: errors, refusal: refusal, viewer: Viewer(context))
        let status: HTTPResponse.Status = !errors.isEmpty ? .unprocessableContent : refusal != nil ? .conflict : .ok
        return try app.views.render(MinutesApprovePage.template, model, status: status).response(from: request, context: context)
    }

    func approve(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (meeting, cycle) = try await load(context)
        let typed = (context.form ?? FormData())["dato"].trimmingWhitespace()
        var errors = FormErrors()
        guard let day = DanishFormat.parseDay(typed), let y = day.year, let m = day.month, let d = day.day,
            let instant = DanishFormat.instant(year: y, month: m, day: d)
        else {
            errors.add("dato", "Skriv datoen som dd.mm.åååå, fx 21.6.2022.")
            return try renderApprove(request, context, meeting, cycle, day: typed, errors: errors, refusal: nil)
        }
        if let problem = MeetingCycle.approvalDayProblem(instant, startsAt: meeting.startsAt, now: Date()) {
            errors.add("dato", problem)
            return try renderApprove(request, context, meeting, cycle, day: typed, errors: errors, refusal: nil)
        }
        let iso = String(format: "%04d-%02d-%02d", y, m, d)
        switch try await cycles.approve(
            meetingID: meeting.id, day: iso, by: user.fullName, audit: entry(context, user, "minutes.approved", meeting.id, iso))
        {
        case .done: return .redirect(to: SiteURL.minutes(.value(meeting.id)).path(query: [("besked", "godkendt")]))
        case .notFound: throw HTTPError(.notFound)
        case .refused(let why): return try renderApprove(request, context, meeting, cycle, day: typed, errors: errors, refusal: why)
        }
    }
}
