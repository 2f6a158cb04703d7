import Database
import Domain
import Foundation
import Hummingbird

/// The board secretariat builds meetings and agendas: meetings, items, order, decisions.
struct BoardEditRoutes {
    let app: AppServices

    func addRoutes(to site: SiteRouter) {
        // Building the board's meetings is the board secretariat's alone.
        let router = site.requiring(.runBoard)
        router.get(.newMeeting) { request, context in
            return try self.meetingForm(request, context, values: .init(), errors: FormErrors(), meetingID: nil)
        }
        router.post(.meetings) { request, context in try await self.createMeeting(request, context) }
        router.get(.meetingEdit(.key)) { request, context in try await self.editMeeting(request, context) }
        router.post(.meetingEdit(.key)) { request, context in try await self.updateMeeting(request, context) }
        router.post(.meetingStatus(.key)) { request, context in try await self.setStatus(request, context) }
        router.get(.newAgendaItem(.key)) { request, context in try await self.newItem(request, context) }
        router.post(.meetingItems(.key)) { request, context in try await self.createItem(request, context) }
        router.get(.itemEdit(.key)) { request, context in try await self.editItem(request, context) }
        router.post(.itemEdit(.key)) { request, context in try await self.updateItem(request, context) }
        router.post(.itemMove(.key)) { request, context in try await self.moveItem(request, context) }
        router.get(.itemDelete(.key)) { request, context in try await self.confirmDelete(request, context) }
        router.post(.itemDelete(.key)) { request, context in try await self.deleteItem(request, context) }
        router.post(.itemDecision(.key)) { request, context in try await self.saveDecision(request, context) }
        router.post(.itemSubtopics(.key)) { request, context in try await self.addSubtopic(request, context) }
        router.post(.subtopicDelete(.key)) { request, context in try await self.deleteSubtopic(request, context) }
    }

    func entry(_ context: AppContext, _ user: User, _ action: String, _ type: String, _ id: String = "", _ detail: String = "")
        -> AuditRepository.Entry
    {
        .init(userID: user.id, username: user.username, action: action, objectType: type, objectID: id, detail: detail, clientIP: context.clientIP)
    }

    // MARK: Meetings

    typealias MeetingValues = MeetingFormPage.Values

    func meetingForm(_ request: Request, _ context: AppContext, values: MeetingValues, errors: FormErrors, meetingID: Int64?, published: Bool = false)
        throws -> Response
    {
        let model = MeetingFormPage.build(values: values, errors: errors, meetingID: meetingID, published: published, viewer: Viewer(context))
        return try app.views.render(MeetingFormPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent)
            .response(from: request, context: context)
    }

    /// Reads the meeting form; returns the values as typed and, when valid, the instants.
    func readMeeting(_ form: FormData, errors: inout FormErrors) -> (MeetingValues, Date?, Date?) {
        var v = MeetingValues()
        v.title = form["title"].trimmingWhitespace()
        v.date = form["date"].trimmingWhitespace()
        v.start = form["start"].trimmingWhitespace()
        v.end = form["end"].trimmingWhitespace()
        v.place = form["place"].trimmingWhitespace()
        v.version = Int(form["version"]) ?? 0
        if v.title.isEmpty || v.title.count > 200 { errors.add("title", "Skriv mødets titel (højst 200 tegn).") }
        let day = DanishFormat.parseDay(v.date)
        if day == nil { errors.add("date", "Skriv datoen som dd.mm.åååå, fx 21.6.2022.") }
        let start = DanishFormat.parseTime(v.start)
        if start == nil { errors.add("start", "Skriv tidspunktet som tt.mm, fx 9.00.") }
        var end: (hour: Int, minute: Int)? = nil
        if !v.end.isEmpty {
            end = DanishFormat.parseTime(v.end)
            if end == nil { errors.add("end", "Skriv sluttidspunktet som tt.mm, fx 12.00, eller lad feltet stå tomt.") }
        }
        if v.place.isEmpty || v.place.count > 300 { errors.add("place", "Skriv mødestedet, eller »virtuelt«.") }
        guard let day, let start else { return (v, nil, nil) }
        let startsAt = DanishFormat.instant(year: day.year!, month: day.month!, day: day.day!, hour: start.hour, minute: start.minute)
        let endsAt = end.flatMap { DanishFormat.instant(year: day.year!, month: day.month!, day: day.day!, hour: $0.hour, minute: $0.minute) }
        if let s = startsAt, let e = endsAt, e <= s { errors.add("end", "Mødet skal slutte efter, det begynder.") }
        return (v, startsAt, endsAt)
    }

    func createMeeting(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        var errors = FormErrors()
        let (v, startsAt, endsAt) = readMeeting(context.form ?? FormData(), errors: &errors)
        guard errors.isEmpty, let startsAt else { return try meetingForm(request, context, values: v, errors: errors, meetingID: nil) }
        let id = try await app.board.createMeeting(
            title: v.title, startsAt: startsAt, endsAt: endsAt, place: v.place, audit: entry(context, user, "meeting.created", "meeting"))
        return .redirect(to: SiteURL.meeting(.value(id)).path)
    }

    func editMeeting(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self), let m = try await MeetingFormPage.query(app.pool, meetingID: id) else {
            throw HTTPError(.notFound)
        }
        return try meetingForm(
            request, context, values: MeetingFormPage.values(m), errors: FormErrors(), meetingID: id, published: m.status != .draft)
    }

    func updateMeeting(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let current = try await app.board.meeting(id: id, includeDrafts: true) else {
            throw HTTPError(.notFound)
        }
        var errors = FormErrors()
        var (v, startsAt, endsAt) = readMeeting(context.form ?? FormData(), errors: &errors)
        guard errors.isEmpty, let startsAt else {
            return try meetingForm(request, context, values: v, errors: errors, meetingID: id, published: current.status != .draft)
        }
        let result = try await app.board.updateMeeting(
            id: id, version: v.version, title: v.title, startsAt: startsAt, endsAt: endsAt, place: v.place, userID: user.id,
            audit: entry(context, user, "meeting.updated", "meeting", String(id)),
            notifyIfPublished: boardMail(meetingID: id, title: v.title, startsAt: startsAt, place: v.place, corrected: true))
        switch result {
        case .saved:
            return .redirect(to: SiteURL.meeting(.value(id)).path)
        case .stale:
            errors.add(
                "version",
                "Mødet er blevet ændret af en anden, mens du redigerede. Nu: \(current.title), \(DanishFormat.dateTime(current.startsAt)), \(current.place). Dine ændringer er ikke gemt; tjek dem, og gem igen."
            )
            v.version = current.version
            return try meetingForm(request, context, values: v, errors: errors, meetingID: id, published: current.status != .draft)
        case .notFound, .refused:
            throw HTTPError(.notFound)
        }
    }

    /// The status change the meeting page's confirmations (`MeetingCycleRoutes`) also make, by the
    /// same rules: publishing clears a planned time and tells the board; a meeting is held only on
    /// or after its day. The page links to the confirmations, not here.
    func setStatus(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self),
            let next = MeetingStatus(rawValue: (context.form ?? FormData())["status"]),
            let m = try await app.board.meeting(id: id, includeDrafts: true)
        else { throw HTTPError(.badRequest) }
        let cycles = MeetingCycleRepository(pool: app.pool)
        let audit = entry(context, user, "meeting.\(next.rawValue)", "meeting", String(id))
        let outcome: MeetingCycleRepository.Outcome =
            switch next {
            case .published:
                try await cycles.publish(
                    meetingID: id, audit: audit,
                    notify: boardMail(meetingID: id, title: m.title, startsAt: m.startsAt, place: m.place, corrected: false))
            case .held: try await cycles.markHeld(meetingID: id, now: Date(), audit: audit)
            case .draft: .refused("")
            }
        switch outcome {
        case .done: return .redirect(to: SiteURL.meeting(.value(id)).path(query: [("besked", next.rawValue)]))
        case .notFound: throw HTTPError(.notFound)
        case .refused: return .redirect(to: SiteURL.meeting(.value(id)).path(query: [("besked", "status-afvist")]))
        }
    }

    /// The e-mail to the board members that a meeting was published or corrected: date, time, place
    /// and a link, never an item's content. The repository writes it to the outbox with the change;
    /// none without a relay.
    func boardMail(meetingID: Int64, title: String, startsAt: Date, place: String, corrected: Bool) -> [MailDraft] {
        guard app.sendsMail else { return [] }
        let when = "\(DanishFormat.weekdayDate(startsAt)) \(DanishFormat.time(startsAt))"
        let subject = (corrected ? "Rettelse: " : "Dagsorden: ") + "\(title) \(DanishFormat.longDate(startsAt))"
        let body = """
            \(corrected ? "Dagsordenen til \(title.lowercased()) er rettet." : "Dagsordenen til \(title.lowercased()) er offentliggjort.")

            Tid: \(when)
            Sted: \(place)

            Læs dagsordenen i Rådsportalen: \(app.baseURL)\(SiteURL.meeting(.value(meetingID)).path)

            Denne e-mail indeholder ingen fortrolige oplysninger. Log ind i Rådsportalen for at læse de fortrolige punkter.
            """
        return [MailDraft(to: [.role(.boardMember)], subject: subject, body: body, reason: corrected ? "meeting.corrected" : "meeting.published")]
    }

    // MARK: Items

    typealias ItemValues = ItemFormPage.Values

    /// Renders the item form: loads the item's sub-topics (when editing) and the status note versions.
    func itemForm(
        _ request: Request, _ context: AppContext, _ target: ItemFormPage.Target, values: ItemValues, errors: FormErrors,
        statusVersion: Int64? = nil, subtopicValues: Subtopic? = nil
    ) async throws -> Response {
        var itemID: Int64? = nil
        if case .edit(let item) = target { itemID = item.id }
        let data = try await ItemFormPage.query(app.pool, itemID: itemID)
        let model = ItemFormPage.build(
            data, target: target, values: values, errors: errors, statusVersion: statusVersion, subtopicValues: subtopicValues,
            viewer: Viewer(context))
        return try app.views.render(ItemFormPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent)
            .response(from: request, context: context)
    }

    func readItem(_ form: FormData) -> (AgendaItemDraft, Int) {
        let d = AgendaItemDraft(
            title: form["title"], confidential: form["confidential"] == "on", kind: AgendaItemKind(rawValue: form["kind"]) ?? .sag,
            caseOfficer: form["case_officer"], caseNumber: form["case_number"].trimmingWhitespace(), resume: form["resume"],
            indstilling: form["indstilling"], sagsfremstilling: form["sagsfremstilling"], oekonomi: form["oekonomi"],
            bemaerkninger: form["bemaerkninger"], kommunikation: form["kommunikation"])
        return (d, Int(form["version"]) ?? 0)
    }

    func newItem(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self), try await app.board.meeting(id: id, includeDrafts: true) != nil else {
            throw HTTPError(.notFound)
        }
        return try await itemForm(request, context, .new(meetingID: id), values: ItemValues(), errors: FormErrors())
    }

    func createItem(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), try await app.board.meeting(id: id, includeDrafts: true) != nil else {
            throw HTTPError(.notFound)
        }
        let (draft, _) = readItem(context.form ?? FormData())
        var errors = FormErrors()
        for p in draft.problems() { errors.add(p.field, p.message) }
        guard errors.isEmpty else {
            return try await itemForm(
                request, context, .new(meetingID: id), values: ItemValues(draft), errors: errors,
                statusVersion: Int64((context.form ?? FormData())["status_note_version"]))
        }
        guard let added = try await app.board.addItem(meetingID: id, draft, audit: entry(context, user, "item.created", "agenda_item")) else {
            throw HTTPError(.notFound)
        }
        try await StatusNoteRepository(pool: app.pool).attach(versionID: Int64((context.form ?? FormData())["status_note_version"]), toItem: added.id)
        return .redirect(to: SiteURL.meeting(.value(id)).path(fragment: "punkt-\(added.number)"))
    }

    func loadItem(_ context: AppContext) async throws -> (AgendaItem, AgendaItemKind) {
        guard let id = context.parameters.get("item", as: Int64.self), let found = try await app.board.itemForEditing(id: id) else {
            throw HTTPError(.notFound)
        }
        return found
    }

    func editItem(_ request: Request, _ context: AppContext) async throws -> Response {
        let (item, kind) = try await loadItem(context)
        let statusVersion = try await StatusNoteRepository(pool: app.pool).versionID(forItem: item.id)
        return try await itemForm(
            request, context, .edit(item), values: ItemValues(item, kind: kind), errors: FormErrors(), statusVersion: statusVersion)
    }

    func updateItem(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (current, _) = try await loadItem(context)
        let (draft, version) = readItem(context.form ?? FormData())
        let statusVersion = Int64((context.form ?? FormData())["status_note_version"])
        var errors = FormErrors()
        for p in draft.problems() { errors.add(p.field, p.message) }
        guard errors.isEmpty else {
            return try await itemForm(
                request, context, .edit(current), values: ItemValues(draft, version: version), errors: errors, statusVersion: statusVersion)
        }
        let result = try await app.board.updateItem(
            id: current.id, version: version, draft, audit: entry(context, user, "item.updated", "agenda_item", String(current.id)))
        switch result {
        case .saved:
            try await StatusNoteRepository(pool: app.pool).attach(versionID: statusVersion, toItem: current.id)
            return .redirect(to: SiteURL.agendaItem(meeting: .value(current.meetingID), number: .value(current.number)).path)
        case .stale:
            var changed: [String] = []
            if current.title != draft.title.trimmingWhitespace() { changed.append("titel: »\(current.title)«") }
            if current.resume != draft.resume { changed.append("resumé") }
            if current.indstilling != draft.indstilling { changed.append("indstilling") }
            if current.sagsfremstilling != draft.sagsfremstilling { changed.append("sagsfremstilling") }
            if current.confidential != draft.confidential { changed.append(current.confidential ? "nu fortroligt" : "nu offentligt") }
            errors.add(
                "version",
                "Punktet er blevet gemt af en anden, mens du redigerede\(changed.isEmpty ? "" : " (ændret: " + changed.joined(separator: ", ") + ")"). Din tekst står nedenfor og er ikke gemt. Sammenlign med den gemte udgave, og gem igen."
            )
            return try await itemForm(
                request, context, .edit(current), values: ItemValues(draft, version: current.version), errors: errors,
                statusVersion: statusVersion)
        case .notFound, .refused:
            throw HTTPError(.notFound)
        }
    }

    func moveItem(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (item, _) = try await loadItem(context)
        let offset = (context.form ?? FormData())["retning"] == "op" ? -1 : 1
        _ = try await app.board.moveItem(
            id: item.id, by: offset, audit: entry(context, user, "item.moved", "agenda_item", String(item.id), offset < 0 ? "op" : "ned"))
        return .redirect(to: SiteURL.meeting(.value(item.meetingID)).path)
    }

    func confirmDelete(_ request: Request, _ context: AppContext) async throws -> Response {
        let (item, _) = try await loadItem(context)
        return try app.views.render(ConfirmDeletePage.template, ConfirmDeletePage.build(item, viewer: Viewer(context))).response(
            from: request, context: context)
    }

    func deleteItem(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (item, _) = try await loadItem(context)
        if let refused = try await refusedAsFrozen(item) { return refused }
        guard (context.form ?? FormData())["bekraeft"] == "ja" else { return .redirect(to: SiteURL.itemDelete(.value(item.id)).path) }
        _ = try await app.board.deleteItem(
            id: item.id, audit: entry(context, user, "item.deleted", "agenda_item", String(item.id), "\(item.number). \(item.caseNumber)"))
        return .redirect(to: SiteURL.meeting(.value(item.meetingID)).path(query: [("besked", "slettet")]))
    }

    func addSubtopic(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (item, kind) = try await loadItem(context)
        let form = context.form ?? FormData()
        let subtopic = Subtopic(
            title: form["subtopic_title"], caseNumber: form["subtopic_case_number"].trimmingWhitespace(), body: form["subtopic_body"])
        var errors = FormErrors()
        for p in subtopic.problems() { errors.add(p.field, p.message) }
        guard errors.isEmpty else {
            // Show the item as saved, with the sub-topic as typed and its errors.
            let statusVersion = try await StatusNoteRepository(pool: app.pool).versionID(forItem: item.id)
            return try await itemForm(
                request, context, .edit(item), values: ItemValues(item, kind: kind), errors: errors, statusVersion: statusVersion,
                subtopicValues: subtopic)
        }
        try await app.board.addSubtopic(
            itemID: item.id, subtopic, audit: entry(context, user, "subtopic.created", "agenda_item", String(item.id), subtopic.caseNumber))
        return .redirect(to: SiteURL.itemEdit(.value(item.id)).path(fragment: "emner"))
    }

    func deleteSubtopic(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self),
            let itemID = try await app.board.deleteSubtopic(id: id, audit: entry(context, user, "subtopic.deleted", "agenda_subtopic", String(id)))
        else { throw HTTPError(.notFound) }
        return .redirect(to: SiteURL.itemEdit(.value(itemID)).path(fragment: "emner"))
    }

    /// Approved minutes are frozen (sql/025 refuses the write too): a decision, or removing an item
    /// with its decision, goes back to the minutes with the reason.
    func refusedAsFrozen(_ item: AgendaItem) async throws -> Response? {
        guard try await MeetingCycleRepository(pool: app.pool).minutesStatus(itemID: item.id)?.isFrozen == true else { return nil }
        return .redirect(to: SiteURL.minutes(.value(item.meetingID)).path(query: [("besked", "laast")]))
    }

    func saveDecision(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (item, _) = try await loadItem(context)
        if let refused = try await refusedAsFrozen(item) { return refused }
        let text = (context.form ?? FormData())["decision"]
        guard text.count <= AgendaItemDraft.maxTextLength, !text.contains("\u{0}") else { throw HTTPError(.badRequest) }
        _ = try await app.board.setDecision(id: item.id, decision: text, audit: entry(context, user, "item.decision", "agenda_item", String(item.id)))
        return .redirect(to: SiteURL.agendaItem(meeting: .value(item.meetingID), number: .value(item.number)).path(fragment: "beslutning"))
    }
}
