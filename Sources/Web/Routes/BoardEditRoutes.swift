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

    func entry(_ context: AppContext, _ user: User, _ action: String, _ type: String, _ id: String = "", _ detail: String = "") -> AuditRepository.Entry {
        .init(userID: user.id, username: user.username, action: action, objectType: type, objectID: id, detail: detail, clientIP: context.clientIP)
    }

    // MARK: Meetings

    struct MeetingValues: Encodable {
        var title = "Bestyrelsesmøde"
        var date = ""
        var start = "9.00"
        var end = "12.00"
        var place = "Danske Regioner, Dampfærgevej 22, 2100 København Ø"
        var version = 0
    }

    struct MeetingFormModel: Encodable {
        let page: PageInfo
        let meetingsURL: String
        let action: String
        let isNew: Bool
        let values: MeetingValues
        let errors: ErrorSummary?
        let titleError: String?
        let dateError: String?
        let startError: String?
        let endError: String?
        let placeError: String?
        let versionError: String?
        let published: Bool
    }

    func meetingForm(_ request: Request, _ context: AppContext, values: MeetingValues, errors: FormErrors, meetingID: Int64?, published: Bool = false) throws -> Response {
        let model = MeetingFormModel(
            page: PageInfo(title: meetingID == nil ? "Nyt møde" : "Ret mødet", context: context, path: SiteURL.meetings.path),
            meetingsURL: SiteURL.meetings.path,
            action: meetingID.map { SiteURL.meetingEdit(.value($0)).path } ?? SiteURL.meetings.path, isNew: meetingID == nil, values: values,
            errors: ErrorSummary(errors), titleError: errors["title"], dateError: errors["date"], startError: errors["start"],
            endError: errors["end"], placeError: errors["place"], versionError: errors["version"], published: published)
        return try app.views.render("meeting_form", model, status: errors.isEmpty ? .ok : .unprocessableContent)
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
        guard let id = context.parameters.get("id", as: Int64.self), let m = try await app.board.meeting(id: id, includeDrafts: true) else {
            throw HTTPError(.notFound)
        }
        let v = MeetingValues(
            title: m.title, date: DanishFormat.shortDate(m.startsAt), start: DanishFormat.clock(m.startsAt),
            end: m.endsAt.map(DanishFormat.clock) ?? "", place: m.place, version: m.version)
        return try meetingForm(request, context, values: v, errors: FormErrors(), meetingID: id, published: m.status != .draft)
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
            audit: entry(context, user, "meeting.updated", "meeting", String(id)))
        switch result {
        case .saved:
            if current.status != .draft { notifyBoard(meetingID: id, corrected: true, context: context) }
            return .redirect(to: SiteURL.meeting(.value(id)).path)
        case .stale:
            errors.add("version", "Mødet er blevet ændret af en anden, mens du redigerede. Nu: \(current.title), \(DanishFormat.dateTime(current.startsAt)), \(current.place). Dine ændringer er ikke gemt; tjek dem, og gem igen.")
            v.version = current.version
            return try meetingForm(request, context, values: v, errors: errors, meetingID: id, published: current.status != .draft)
        case .notFound, .refused:
            throw HTTPError(.notFound)
        }
    }

    func setStatus(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self),
              let next = MeetingStatus(rawValue: (context.form ?? FormData())["status"]) else { throw HTTPError(.badRequest) }
        let result = try await app.board.setStatus(id: id, to: next, audit: entry(context, user, "meeting.\(next.rawValue)", "meeting", String(id)))
        switch result {
        case .saved:
            if next == .published { notifyBoard(meetingID: id, corrected: false, context: context) }
            return .redirect(to: SiteURL.meeting(.value(id)).path(query: [("besked", next.rawValue)]))
        case .notFound: throw HTTPError(.notFound)
        case .refused, .stale: return .redirect(to: SiteURL.meeting(.value(id)).path(query: [("besked", "status-afvist")]))
        }
    }

    /// E-mails the board members that a meeting was published or corrected: date, time, place and
    /// a link, never an item's content. Sent in the background; a failure is logged, not shown.
    func notifyBoard(meetingID: Int64, corrected: Bool, context: AppContext) {
        guard let mailer = app.mailer else { return }
        let app = self.app
        let logger = context.logger
        Task {
            do {
                guard let meeting = try await app.board.meeting(id: meetingID, includeDrafts: false) else { return }
                let recipients = try await app.users.emails(role: .boardMember)
                guard !recipients.isEmpty else { return }
                let when = "\(DanishFormat.weekdayDate(meeting.startsAt)) \(DanishFormat.time(meeting.startsAt))"
                let subject = (corrected ? "Rettelse: " : "Dagsorden: ") + "\(meeting.title) \(DanishFormat.longDate(meeting.startsAt))"
                let body = """
                    \(corrected ? "Dagsordenen til \(meeting.title.lowercased()) er rettet." : "Dagsordenen til \(meeting.title.lowercased()) er offentliggjort.")

                    Tid: \(when)
                    Sted: \(meeting.place)

                    Læs dagsordenen i Rådsportalen: \(app.baseURL)\(SiteURL.meeting(.value(meetingID)).path)

                    Denne e-mail indeholder ingen fortrolige oplysninger. Log ind i Rådsportalen for at læse de fortrolige punkter.
                    """
                try await mailer.send(MailMessage(to: recipients, subject: subject, body: body))
            } catch {
                logger.warning("e-mail to the board about meeting \(meetingID) failed: \(error)")
            }
        }
    }

    // MARK: Items

    struct ItemFormModel: Encodable {
        struct KindOption: Encodable {
            let code: String
            let name: String
            let selected: Bool
        }
        let page: PageInfo
        let action: String
        let cancel: String
        let isNew: Bool
        let values: ItemValues
        let kinds: [KindOption]
        let errors: ErrorSummary?
        let titleError: String?
        let caseNumberError: String?
        let caseOfficerError: String?
        let sections: [TextArea]
        let versionError: String?
        let statusVersions: [VersionOption]
        /// Sub-topics (only when editing an existing item).
        let subtopics: SubtopicsForm?
    }

    struct SubtopicsForm: Encodable {
        struct Row: Encodable {
            let title: String
            let caseNumber: String
            let deleteAction: String
        }
        let itemID: Int64
        /// The form that adds a sub-topic.
        let addURL: String
        let rows: [Row]
        let hasRows: Bool
        let title: String
        let caseNumber: String
        let body: String
        let titleError: String?
        let caseNumberError: String?
        let bodyError: String?
    }

    struct VersionOption: Encodable {
        let id: Int64
        let name: String
        let selected: Bool
    }

    /// A section of the item as a labelled text area with hint and error.
    struct TextArea: Encodable {
        let name: String
        let label: String
        let hint: String
        let value: String
        let error: String?
        let rows: Int
    }

    /// The item form's values as typed (stored properties: templates see only those).
    struct ItemValues: Encodable {
        let version: Int
        let title: String
        let kind: AgendaItemKind
        let confidential: Bool
        let caseOfficer: String
        let caseNumber: String
        let resume: String
        let indstilling: String
        let sagsfremstilling: String
        let oekonomi: String
        let bemaerkninger: String
        let kommunikation: String

        init(_ d: AgendaItemDraft = AgendaItemDraft(), version: Int = 0) {
            self.version = version
            title = d.title
            kind = d.kind
            confidential = d.confidential
            caseOfficer = d.caseOfficer
            caseNumber = d.caseNumber
            resume = d.resume
            indstilling = d.indstilling
            sagsfremstilling = d.sagsfremstilling
            oekonomi = d.oekonomi
            bemaerkninger = d.bemaerkninger
            kommunikation = d.kommunikation
        }
    }

    func itemForm(_ request: Request, _ context: AppContext, values: ItemValues, errors: FormErrors, action: String, cancel: String, isNew: Bool,
                  statusVersion: Int64? = nil, itemID: Int64? = nil, subtopicValues: Subtopic? = nil) async throws -> Response {
        var subtopics: SubtopicsForm? = nil
        if let itemID {
            let rows = try await app.board.subtopics(itemID: itemID).map {
                SubtopicsForm.Row(title: $0.title, caseNumber: $0.caseNumber, deleteAction: SiteURL.subtopicDelete(.value($0.id)).path)
            }
            subtopics = SubtopicsForm(
                itemID: itemID, addURL: SiteURL.itemSubtopics(.value(itemID)).path, rows: rows, hasRows: !rows.isEmpty, title: subtopicValues?.title ?? "",
                caseNumber: subtopicValues?.caseNumber ?? "", body: subtopicValues?.body ?? "",
                titleError: errors["subtopic_title"], caseNumberError: errors["subtopic_case_number"], bodyError: errors["subtopic_body"])
        }
        let versions = try await StatusNoteRepository(pool: app.pool).versions().map {
            VersionOption(id: $0.id, name: "\($0.noteTitle), version af \(DanishFormat.longDate($0.dated))", selected: $0.id == statusVersion)
        }
        let markupHint = "Tom linje mellem afsnit. Linjer, der begynder med »- «, bliver til punktopstilling; webadresser bliver til links."
        let sections = [
            TextArea(name: "resume", label: "Resumé", hint: markupHint, value: values.resume, error: errors["resume"], rows: 6),
            TextArea(name: "indstilling", label: "Indstilling", hint: "Begynd med »Det indstilles,« og skriv hver indstilling på sin egen linje med »at bestyrelsen …«.",
                     value: values.indstilling, error: errors["indstilling"], rows: 4),
            TextArea(name: "sagsfremstilling", label: "Sagsfremstilling", hint: markupHint, value: values.sagsfremstilling, error: errors["sagsfremstilling"], rows: 14),
            TextArea(name: "oekonomi", label: "Økonomi", hint: "»Ingen bemærkninger«, hvis der ikke er nogen.", value: values.oekonomi, error: errors["oekonomi"], rows: 3),
            TextArea(name: "bemaerkninger", label: "Sekretariatets bemærkninger", hint: "»Ingen bemærkninger«, hvis der ikke er nogen.", value: values.bemaerkninger, error: errors["bemaerkninger"], rows: 3),
            TextArea(name: "kommunikation", label: "Kommunikation", hint: "»Ingen bemærkninger«, hvis der ikke er nogen.", value: values.kommunikation, error: errors["kommunikation"], rows: 3),
        ]
        let model = ItemFormModel(
            page: PageInfo(title: isNew ? "Nyt dagsordenspunkt" : "Ret dagsordenspunkt", context: context, path: SiteURL.meetings.path),
            action: action, cancel: cancel, isNew: isNew, values: values,
            kinds: AgendaItemKind.allCases.map { .init(code: $0.rawValue, name: $0.danishName, selected: $0 == values.kind) },
            errors: ErrorSummary(errors), titleError: errors["title"], caseNumberError: errors["case_number"],
            caseOfficerError: errors["case_officer"], sections: sections, versionError: errors["version"], statusVersions: versions,
            subtopics: subtopics)
        return try app.views.render("item_form", model, status: errors.isEmpty ? .ok : .unprocessableContent)
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
        return try await itemForm(request, context, values: ItemValues(), errors: FormErrors(), action: SiteURL.meetingItems(.value(id)).path,
                                  cancel: SiteURL.meeting(.value(id)).path, isNew: true)
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
            return try await itemForm(request, context, values: ItemValues(draft), errors: errors, action: SiteURL.meetingItems(.value(id)).path,
                                      cancel: SiteURL.meeting(.value(id)).path, isNew: true, statusVersion: Int64((context.form ?? FormData())["status_note_version"]))
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
        let draft = AgendaItemDraft(
            title: item.title, confidential: item.confidential, kind: kind, caseOfficer: item.caseOfficer, caseNumber: item.caseNumber,
            resume: item.resume, indstilling: item.indstilling, sagsfremstilling: item.sagsfremstilling, oekonomi: item.oekonomi,
            bemaerkninger: item.bemaerkninger, kommunikation: item.kommunikation)
        return try await itemForm(request, context, values: ItemValues(draft, version: item.version), errors: FormErrors(),
                                  action: SiteURL.itemEdit(.value(item.id)).path,
                                  cancel: SiteURL.agendaItem(meeting: .value(item.meetingID), number: .value(item.number)).path, isNew: false,
                                  statusVersion: try await StatusNoteRepository(pool: app.pool).versionID(forItem: item.id), itemID: item.id)
    }

    func updateItem(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (current, _) = try await loadItem(context)
        let (draft, version) = readItem(context.form ?? FormData())
        let statusVersion = Int64((context.form ?? FormData())["status_note_version"])
        var errors = FormErrors()
        for p in draft.problems() { errors.add(p.field, p.message) }
        let action = SiteURL.itemEdit(.value(current.id)).path
        let cancel = SiteURL.agendaItem(meeting: .value(current.meetingID), number: .value(current.number)).path
        guard errors.isEmpty else {
            return try await itemForm(request, context, values: ItemValues(draft, version: version), errors: errors, action: action, cancel: cancel,
                                      isNew: false, statusVersion: statusVersion, itemID: current.id)
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
            errors.add("version", "Punktet er blevet gemt af en anden, mens du redigerede\(changed.isEmpty ? "" : " (ændret: " + changed.joined(separator: ", ") + ")"). Din tekst står nedenfor og er ikke gemt. Sammenlign med den gemte udgave, og gem igen.")
            return try await itemForm(request, context, values: ItemValues(draft, version: current.version), errors: errors, action: action,
                                      cancel: cancel, isNew: false, statusVersion: statusVersion, itemID: current.id)
        case .notFound, .refused:
            throw HTTPError(.notFound)
        }
    }

    func moveItem(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (item, _) = try await loadItem(context)
        let offset = (context.form ?? FormData())["retning"] == "op" ? -1 : 1
        _ = try await app.board.moveItem(id: item.id, by: offset, audit: entry(context, user, "item.moved", "agenda_item", String(item.id), offset < 0 ? "op" : "ned"))
        return .redirect(to: SiteURL.meeting(.value(item.meetingID)).path)
    }

    struct ConfirmModel: Encodable {
        let page: PageInfo
        let heading: String
        let title: String
        let action: String
        let cancel: String
    }

    func confirmDelete(_ request: Request, _ context: AppContext) async throws -> Response {
        let (item, _) = try await loadItem(context)
        return try app.views.render("confirm_delete", ConfirmModel(
            page: PageInfo(title: "Slet punkt \(item.number)", context: context, path: SiteURL.meetings.path),
            heading: "\(item.number). \(item.title)", title: item.title, action: SiteURL.itemDelete(.value(item.id)).path,
            cancel: SiteURL.meeting(.value(item.meetingID)).path)).response(from: request, context: context)
    }

    func deleteItem(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (item, _) = try await loadItem(context)
        guard (context.form ?? FormData())["bekraeft"] == "ja" else { return .redirect(to: SiteURL.itemDelete(.value(item.id)).path) }
        _ = try await app.board.deleteItem(
            id: item.id, audit: entry(context, user, "item.deleted", "agenda_item", String(item.id), "\(item.number). \(item.caseNumber)"))
        return .redirect(to: SiteURL.meeting(.value(item.meetingID)).path(query: [("besked", "slettet")]))
    }

    func addSubtopic(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (item, kind) = try await loadItem(context)
        let form = context.form ?? FormData()
        let subtopic = Subtopic(title: form["subtopic_title"], caseNumber: form["subtopic_case_number"].trimmingWhitespace(), body: form["subtopic_body"])
        var errors = FormErrors()
        for p in subtopic.problems() { errors.add(p.field, p.message) }
        guard errors.isEmpty else {
            // Show the item as saved, with the sub-topic as typed and its errors.
            let draft = AgendaItemDraft(
                title: item.title, confidential: item.confidential, kind: kind, caseOfficer: item.caseOfficer, caseNumber: item.caseNumber,
                resume: item.resume, indstilling: item.indstilling, sagsfremstilling: item.sagsfremstilling, oekonomi: item.oekonomi,
                bemaerkninger: item.bemaerkninger, kommunikation: item.kommunikation)
            return try await itemForm(
                request, context, values: ItemValues(draft, version: item.version), errors: errors, action: SiteURL.itemEdit(.value(item.id)).path,
                cancel: SiteURL.agendaItem(meeting: .value(item.meetingID), number: .value(item.number)).path, isNew: false,
                statusVersion: try await StatusNoteRepository(pool: app.pool).versionID(forItem: item.id), itemID: item.id, subtopicValues: subtopic)
        }
        try await app.board.addSubtopic(itemID: item.id, subtopic, audit: entry(context, user, "subtopic.created", "agenda_item", String(item.id), subtopic.caseNumber))
        return .redirect(to: SiteURL.itemEdit(.value(item.id)).path(fragment: "emner"))
    }

    func deleteSubtopic(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self),
              let itemID = try await app.board.deleteSubtopic(id: id, audit: entry(context, user, "subtopic.deleted", "agenda_subtopic", String(id)))
        else { throw HTTPError(.notFound) }
        return .redirect(to: SiteURL.itemEdit(.value(itemID)).path(fragment: "emner"))
    }

    func saveDecision(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (item, _) = try await loadItem(context)
        let text = (context.form ?? FormData())["decision"]
        guard text.count <= AgendaItemDraft.maxTextLength, !text.contains("\u{0}") else { throw HTTPError(.badRequest) }
        _ = try await app.board.setDecision(id: item.id, decision: text, audit: entry(context, user, "item.decision", "agenda_item", String(item.id)))
        return .redirect(to: SiteURL.agendaItem(meeting: .value(item.meetingID), number: .value(item.number)).path(fragment: "beslutning"))
    }
}
