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

    struct MeetingRow: Encodable {
        let href: String
        let title: String
        let date: String
        let time: String
        let place: String?
        let status: String
        let upcoming: Bool
    }

    static func row(_ m: Meeting, now: Date = Date()) -> MeetingRow {
        MeetingRow(
            href: SiteURL.meeting(.value(m.id)).path, title: m.title, date: DanishFormat.weekdayDate(m.startsAt),
            time: DanishFormat.time(m.startsAt) + (m.endsAt.map { "–" + DanishFormat.time($0).dropFirst(4) } ?? ""),
            place: m.place.isEmpty ? nil : m.place, status: m.status.danishName, upcoming: m.startsAt >= now)
    }

    struct MeetingsModel: Encodable {
        let page: PageInfo
        let meetings: [MeetingRow]
        let mayReadConfidential: Bool
    }

    func meetings(_ request: Request, _ context: AppContext) async throws -> HTML {
        let drafts = context.roles.contains(.boardSecretariat)
        let meetings = try await app.board.meetings(includeDrafts: drafts)
        return try app.views.render("meetings", MeetingsModel(
            page: PageInfo(title: "Bestyrelsesmøder", description: "Dagsordener for Danske Regioners bestyrelsesmøder",
                           context: context, path: SiteURL.meetings.path),
            meetings: meetings.map { Self.row($0) }, mayReadConfidential: BoardAccess.mayReadConfidential(context.roles)))
    }

    struct ItemRow: Encodable {
        let id: Int64
        let number: Int
        let heading: String
        let confidential: Bool
        let withheld: Bool
        let title: String
        let caseNumber: String
        let caseOfficer: String?
        let resumeHTML: String
        let href: String
    }

    struct MeetingModel: Encodable {
        /// An item as shown on the meeting page, with the reader's tools.
        struct Entry: Encodable {
            let row: ItemRow
            let read: Bool
            let editable: Bool
            let first: Bool
            let last: Bool
            /// The secretariat's tools for the item (empty for a withheld item, which has none).
            let editURL: String
            let moveURL: String
            let deleteURL: String
        }
        /// The page's links.
        struct URLs: Encodable {
            let meetings: String
            let pack: String
            let minutes: String
            let edit: String
            let newItem: String
            let statusNotes: String
            let status: String
        }
        let page: PageInfo
        let urls: URLs
        let meeting: MeetingRow
        let meetingID: Int64
        let items: [Entry]
        let hasItems: Bool
        let mayReadConfidential: Bool
        let secretariat: Bool
        let isBoardMember: Bool
        let canPublish: Bool
        let canMarkHeld: Bool
        let changes: [Change]
        let hasChanges: Bool
        let notice: String?
        let proposals: [Proposal]
    }

    /// A proposal from the council's secretariat (an annual report) for the board secretariat to decide.
    struct Proposal: Encodable {
        let id: Int64
        let text: String
        let href: String
        let decideURL: String
    }

    struct Change: Encodable {
        let at: String
        let summary: String
    }

    static func itemRow(_ entry: AgendaEntry, meetingID: Int64) -> ItemRow {
        switch entry {
        case .withheld(let number):
            return ItemRow(id: 0, number: number, heading: AgendaItemHeading.label(number: number, confidential: true), confidential: true,
                           withheld: true, title: "", caseNumber: "", caseOfficer: "", resumeHTML: "", href: "")
        case .readable(let item):
            return ItemRow(
                id: item.id, number: item.number, heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential),
                confidential: item.confidential, withheld: false, title: item.title, caseNumber: item.caseNumber,
                caseOfficer: item.caseOfficer.isEmpty ? nil : item.caseOfficer, resumeHTML: RichText.html(item.resume),
                href: SiteURL.agendaItem(meeting: .value(meetingID), number: .value(item.number)).path)
        }
    }

    func meeting(_ request: Request, _ context: AppContext) async throws -> HTML {
        let secretariat = context.roles.contains(.boardSecretariat)
        let mayRead = BoardAccess.mayReadConfidential(context.roles)
        let isBoardMember = context.roles.contains(.boardMember)
        guard let id = context.parameters.get("id", as: Int64.self),
              let page = try await app.board.agendaPage(
                meetingID: id, includeDrafts: secretariat, mayReadConfidential: mayRead, readerID: isBoardMember ? context.user?.id : nil)
        else { throw HTTPError(.notFound) }
        let (meeting, entries, read, changes) = (page.meeting, page.entries, page.readItemIDs, page.changes)
        let row = Self.row(meeting)
        let rows = entries.map { Self.itemRow($0, meetingID: id) }
        let notice: String? = switch request.uri.queryParameters.get("besked") {
        case "published": "Mødet er offentliggjort."
        case "held": "Mødet er markeret som afholdt."
        case "slettet": "Punktet er slettet, og de følgende punkter er omnummereret."
        case "status-afvist": "Mødets status kunne ikke ændres."
        case "forslag-afvist": "Forslaget er afvist."
        case "forslag-lukket": "Forslaget er allerede behandlet, eller mødet er afholdt."
        default: nil
        }
        let proposals = secretariat ? try await AnnualReportRepository(pool: app.pool).openProposals(meetingID: id).map {
            Proposal(id: $0.id, text: "\($0.reportTitle) (sag \($0.caseNumber), foreslået af \($0.proposedBy.isEmpty ? "rådssekretariatet" : $0.proposedBy))",
                     href: SiteURL.report(.value($0.reportID)).path, decideURL: SiteURL.boardProposal(.value($0.id)).path)
        } : []
        return try app.views.render("meeting", MeetingModel(
            page: PageInfo(title: "Dagsorden – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))",
                           description: "Dagsorden for \(meeting.title.lowercased()) \(row.date)", context: context, path: SiteURL.meetings.path),
            urls: .init(
                meetings: SiteURL.meetings.path, pack: SiteURL.meetingPack(.value(id)).path, minutes: SiteURL.minutes(.value(id)).path,
                edit: SiteURL.meetingEdit(.value(id)).path, newItem: SiteURL.newAgendaItem(.value(id)).path,
                statusNotes: SiteURL.statusNotes.path, status: SiteURL.meetingStatus(.value(id)).path),
            meeting: row, meetingID: id,
            items: rows.enumerated().map { i, r in
                MeetingModel.Entry(
                    row: r, read: read.contains(r.id), editable: secretariat, first: i == 0, last: i == rows.count - 1,
                    editURL: r.withheld ? "" : SiteURL.itemEdit(.value(r.id)).path,
                    moveURL: r.withheld ? "" : SiteURL.itemMove(.value(r.id)).path,
                    deleteURL: r.withheld ? "" : SiteURL.itemDelete(.value(r.id)).path)
            },
            hasItems: !entries.isEmpty, mayReadConfidential: mayRead, secretariat: secretariat, isBoardMember: isBoardMember,
            canPublish: secretariat && meeting.status == .draft, canMarkHeld: secretariat && meeting.status == .published,
            changes: changes.map { Change(at: DanishFormat.dateTime($0.at), summary: $0.summary) }, hasChanges: !changes.isEmpty,
            notice: notice, proposals: proposals))
    }

    struct Section: Encodable {
        let heading: String
        let html: String
    }

    /// An item's standard sections in the agenda's order, empty ones left out.
    static func sections(of item: AgendaItem, withDecision: Bool) -> [Section] {
        var texts = [
            ("Resumé", item.resume), ("Indstilling", item.indstilling), ("Sagsfremstilling", item.sagsfremstilling),
            ("Økonomi", item.oekonomi), ("Sekretariatets bemærkninger", item.bemaerkninger),
            ("Kommunikation", item.kommunikation), ("Bilag", item.bilagNote),
        ]
        if withDecision { texts.append(("Beslutning", item.decision)) }
        return texts.filter { !$0.1.trimmingWhitespace().isEmpty }.map { Section(heading: $0.0, html: RichText.html($0.1)) }
    }

    /// The meeting of the `:id` parameter, if the reader may see it (drafts only for the board secretariat).
    func visibleMeeting(_ context: AppContext) async throws -> (id: Int64, meeting: Meeting) {
        guard let id = context.parameters.get("id", as: Int64.self),
              let meeting = try await app.board.meeting(id: id, includeDrafts: context.roles.contains(.boardSecretariat))
        else { throw HTTPError(.notFound) }
        return (id, meeting)
    }

    struct ItemModel: Encodable {
        /// The page's forms and links.
        struct URLs: Encodable {
            let edit: String
            let attachments: String
            let decision: String
            let read: String
            let note: String
        }
        let page: PageInfo
        let itemID: Int64
        let urls: URLs
        let secretariat: Bool
        let isBoardMember: Bool
        let read: Bool
        let note: String?
        let noteSaved: Bool
        let decision: String
        let meeting: MeetingRow
        let heading: String
        let title: String
        let confidential: Bool
        let caseNumber: String
        let caseOfficer: String
        let sections: [Section]
        let decisionHTML: String?
        let attachments: [AttachmentRow]
        let hasAttachments: Bool
        let statusNote: StatusNoteView?
        let subtopics: [SubtopicView]
        let attachmentNotice: String?
        let attachmentError: String?
        let maxUpload: String
    }

    /// A status note version as the reader sees it, with what changed since the previous version.
    struct StatusNoteView: Encodable {
        struct SectionView: Encodable {
            let heading: String
            let html: String
            let state: String
            let stateClass: String
            let change: String?
            let changeClass: String
            let removed: Bool
            let refs: [String]
            let hasRefs: Bool
        }
        let title: String
        let dated: String
        let comparedWith: String?
        let sections: [SectionView]

        init(version: StatusNoteRepository.Version, current: [StatusSection], previous: [StatusSection]?, previousDated: Date?) {
            title = version.noteTitle
            dated = DanishFormat.longDate(version.dated)
            comparedWith = previousDated.map(DanishFormat.longDate)
            sections = StatusNoteDiff.compare(previous: previous, current: current).map { section, change in
                let label: String?
                switch change {
                case .unchanged: label = "Uændret"
                case .new: label = previous == nil ? nil : "Nyt afsnit"
                case .removed: label = "Udgået siden sidst"
                case .changed(let textChanged, let previousState):
                    var parts: [String] = []
                    if textChanged { parts.append("Teksten er ændret") }
                    if let previousState { parts.append("status ændret fra »\(previousState.danishName)« til »\(section.state.danishName)«") }
                    label = parts.joined(separator: ", ").capitalizedFirst
                }
                let changeClass: String = switch change {
                case .unchanged: "unchanged"
                case .new: "new"
                case .removed: "removed"
                case .changed: "changed"
                }
                return SectionView(
                    heading: section.heading, html: RichText.html(section.body), state: section.state.danishName,
                    stateClass: section.state.rawValue, change: label, changeClass: changeClass,
                    removed: change == .removed, refs: section.legalRefs.map(RichText.inline), hasRefs: !section.legalRefs.isEmpty)
            }
        }
    }

    struct SubtopicView: Encodable {
        let title: String
        let caseNumber: String
        let html: String
        static func list(_ subtopics: [Subtopic]) -> [SubtopicView] {
            subtopics.map { SubtopicView(title: $0.title, caseNumber: $0.caseNumber, html: RichText.html($0.body)) }
        }
    }

    struct AttachmentRow: Encodable {
        let href: String
        let deleteAction: String
        let name: String
        let size: String
    }

    static func attachmentRows(_ list: [AttachmentRepository.Info]) -> [AttachmentRow] {
        list.map {
            AttachmentRow(href: SiteURL.attachment(.value($0.id)).path, deleteAction: SiteURL.attachmentDelete(.value($0.id)).path, name: $0.filename,
                          size: Self.fileSize($0.size))
        }
    }

    /// `12 kB`, `3,4 MB`
    static func fileSize(_ bytes: Int) -> String {
        bytes < 1_000_000 ? "\(max(1, (bytes + 999) / 1000)) kB" : DanishFormat.number(Double(bytes) / 1_000_000, decimals: 1) + " MB"
    }

    func item(_ request: Request, _ context: AppContext) async throws -> HTML {
        guard let id = context.parameters.get("id", as: Int64.self), let number = context.parameters.get("number", as: Int.self),
              let meeting = try await app.board.meeting(id: id, includeDrafts: context.roles.contains(.boardSecretariat))
        else { throw HTTPError(.notFound) }
        let mayRead = BoardAccess.mayReadConfidential(context.roles)
        // A confidential item answers 404 to those who may not read it: no hint that it exists.
        let found = try await app.board.item(
            meetingID: id, number: number, includeDrafts: context.roles.contains(.boardSecretariat), mayReadConfidential: mayRead)
        guard case .readable(let item) = found else {
            if case .withheld = found {
                try await app.audit.append(.init(
                    userID: context.user?.id, username: context.user?.username ?? "", action: "item.denied",
                    objectType: "agenda_item", objectID: "\(id)/\(number)", clientIP: context.clientIP))
            }
            throw HTTPError(.notFound)
        }
        let sections = Self.sections(of: item, withDecision: false)
        let attachments = try await AttachmentRepository(pool: app.pool).list(itemID: item.id)
        var statusNote: StatusNoteView? = nil
        let notes = StatusNoteRepository(pool: app.pool)
        if let versionID = try await notes.versionID(forItem: item.id), let version = try await notes.version(id: versionID) {
            let (current, previous, previousDated) = try await notes.sectionsWithPrevious(versionID: versionID)
            statusNote = StatusNoteView(version: version, current: current, previous: previous, previousDated: previousDated)
        }
        let message = request.uri.queryParameters.get("besked")
        let isBoardMember = context.roles.contains(.boardMember)
        var read = false
        var note: String? = nil
        if isBoardMember, let user = context.user {
            read = try await app.board.readItemIDs(userID: user.id, meetingID: id).contains(item.id)
            note = try await app.board.note(userID: user.id, itemID: item.id)
        }
        return try app.views.render("agenda_item", ItemModel(
            page: PageInfo(title: "\(item.number). \(item.title)", context: context, path: SiteURL.meetings.path),
            itemID: item.id,
            urls: .init(
                edit: SiteURL.itemEdit(.value(item.id)).path, attachments: SiteURL.itemAttachments(.value(item.id)).path,
                decision: SiteURL.itemDecision(.value(item.id)).path,
                read: SiteURL.agendaItemRead(meeting: .value(id), number: .value(number)).path,
                note: SiteURL.agendaItemNote(meeting: .value(id), number: .value(number)).path),
            secretariat: context.roles.contains(.boardSecretariat), isBoardMember: isBoardMember, read: read, note: note,
            noteSaved: request.uri.queryParameters.get("besked") == "note", decision: item.decision,
            meeting: Self.row(meeting), heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential),
            title: item.title, confidential: item.confidential, caseNumber: item.caseNumber, caseOfficer: item.caseOfficer,
            sections: sections, decisionHTML: item.decision.isEmpty ? nil : RichText.html(item.decision),
            attachments: Self.attachmentRows(attachments), hasAttachments: !attachments.isEmpty, statusNote: statusNote,
            subtopics: SubtopicView.list(try await app.board.subtopics(itemID: item.id)),
            attachmentNotice: message == "bilag" ? "Bilaget er tilføjet." : nil,
            attachmentError: message == "bilag-type" ? "Filen blev afvist: den er ikke en \(FileKind.allowedDescription)-fil (typen afgøres af filens indhold, ikke kun navnet)."
                : message == "bilag-mangler" ? "Vælg en fil, før du trykker »Tilføj bilag«." : nil,
            maxUpload: "\(AttachmentRoutes.maxUploadBytes / 1_000_000) MB"))
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
        guard try await app.board.markRead(
            userID: user.id, meetingID: meetingID, number: number, includeDrafts: context.roles.contains(.boardSecretariat),
            mayReadConfidential: BoardAccess.mayReadConfidential(context.roles))
        else { throw HTTPError(.notFound) }
        let back = (context.form ?? FormData())["tilbage"] == "moede" ? SiteURL.meeting(.value(meetingID)).path(fragment: "punkt-\(number)")
            : SiteURL.agendaItem(meeting: .value(meetingID), number: .value(number)).path
        return .redirect(to: back)
    }

    func saveNote(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let (meetingID, number) = try itemAddress(context)
        let body = (context.form ?? FormData())["note"]
        guard body.count <= 20_000, !body.contains("\u{0}") else { throw HTTPError(.badRequest) }
        guard try await app.board.saveNote(
            userID: user.id, meetingID: meetingID, number: number, includeDrafts: context.roles.contains(.boardSecretariat),
            mayReadConfidential: BoardAccess.mayReadConfidential(context.roles), body: body)
        else { throw HTTPError(.notFound) }
        return .redirect(to: SiteURL.agendaItem(meeting: .value(meetingID), number: .value(number)).path(query: [("besked", "note")]) + "#note")
    }

    func itemAddress(_ context: AppContext) throws -> (meetingID: Int64, number: Int) {
        guard let id = context.parameters.get("id", as: Int64.self), let number = context.parameters.get("number", as: Int.self)
        else { throw HTTPError(.notFound) }
        return (id, number)
    }

    struct PackModel: Encodable {
        struct PackItem: Encodable {
            let anchor: String
            let heading: String
            let withheld: Bool
            let title: String
            let caseNumber: String
            let caseOfficer: String
            let sections: [Section]
            let subtopics: [SubtopicView]
            let attachments: [AttachmentRow]
        }
        let page: PageInfo
        let meeting: MeetingRow
        let items: [PackItem]
        let mayReadConfidential: Bool
    }

    /// One print-ready page per meeting: table of contents, then every item in order with page breaks.
    func pack(_ request: Request, _ context: AppContext) async throws -> HTML {
        let (id, meeting) = try await visibleMeeting(context)
        let mayRead = BoardAccess.mayReadConfidential(context.roles)
        let entries = try await app.board.fullAgenda(meetingID: id, mayReadConfidential: mayRead)
        let files = try await AttachmentRepository(pool: app.pool).listForMeeting(meetingID: id, mayReadConfidential: mayRead)
        let subtopics = try await app.board.subtopics(meetingID: id, mayReadConfidential: mayRead)
        let items = entries.map { entry -> PackModel.PackItem in
            switch entry {
            case .withheld(let n):
                return .init(anchor: "punkt-\(n)", heading: AgendaItemHeading.label(number: n, confidential: true), withheld: true,
                             title: "", caseNumber: "", caseOfficer: "", sections: [], subtopics: [], attachments: [])
            case .readable(let item):
                let sections = Self.sections(of: item, withDecision: true)
                return .init(anchor: "punkt-\(item.number)", heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential),
                             withheld: false, title: item.title, caseNumber: item.caseNumber, caseOfficer: item.caseOfficer, sections: sections,
                             subtopics: SubtopicView.list(subtopics[item.id] ?? []), attachments: Self.attachmentRows(files[item.id] ?? []))
            }
        }
        return try app.views.render("agenda_pack", PackModel(
            page: PageInfo(title: "Dagsordenspakke – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))", context: context, path: SiteURL.meetings.path),
            meeting: Self.row(meeting), items: items, mayReadConfidential: mayRead))
    }

    struct MinutesModel: Encodable {
        struct Decision: Encodable {
            let heading: String
            let title: String
            let withheld: Bool
            let decisionHTML: String?
        }
        let page: PageInfo
        let meeting: MeetingRow
        let decisions: [Decision]
        let held: Bool
    }

    /// The minutes (referat): each item's decision. Confidential decisions only for those who may read them.
    func minutes(_ request: Request, _ context: AppContext) async throws -> HTML {
        let (id, meeting) = try await visibleMeeting(context)
        let entries = try await app.board.fullAgenda(meetingID: id, mayReadConfidential: BoardAccess.mayReadConfidential(context.roles))
        let decisions = entries.map { entry -> MinutesModel.Decision in
            switch entry {
            case .withheld(let n):
                return .init(heading: AgendaItemHeading.label(number: n, confidential: true), title: "", withheld: true, decisionHTML: nil)
            case .readable(let item):
                return .init(heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential), title: item.title,
                             withheld: false, decisionHTML: item.decision.isEmpty ? nil : RichText.html(item.decision))
            }
        }
        return try app.views.render("minutes", MinutesModel(
            page: PageInfo(title: "Referat – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))", context: context, path: SiteURL.meetings.path),
            meeting: Self.row(meeting), decisions: decisions, held: meeting.status == .held))
    }

    struct SearchModel: Encodable {
        struct Hit: Encodable {
            let href: String
            let heading: String
            let title: String
            let meeting: String
            let caseNumber: String
            let snippetHTML: String
        }
        let page: PageInfo
        /// The search form's target.
        var searchURL = SiteURL.search.path
        let query: String
        let searched: Bool
        let hits: [Hit]
        let countText: String
        var cappedText: String? = nil
        var pager: Pager? = nil
        let error: String?
    }

    func search(_ request: Request, _ context: AppContext) async throws -> HTML {
        let query = (request.uri.queryParameters.get("q") ?? "").trimmingWhitespace()
        let page = PageInfo(title: "Søg i dagsordener", description: "Søg i Danske Regioners bestyrelses dagsordener", context: context, path: SiteURL.meetings.path)
        guard !query.isEmpty else {
            return try app.views.render("search", SearchModel(page: page, query: "", searched: false, hits: [], countText: "", error: nil))
        }
        guard query.count <= 200, !query.contains("\u{0}") else {
            return try app.views.render("search", SearchModel(
                page: page, query: String(query.prefix(200)), searched: false, hits: [], countText: "",
                error: "Søgningen er for lang eller indeholder ugyldige tegn. Brug højst 200 tegn."), status: .badRequest)
        }
        let pageNumber = Pager.pageNumber(request)
        let result = try await app.board.search(
            query, mayReadConfidential: BoardAccess.mayReadConfidential(context.roles),
            offset: (pageNumber - 1) * Self.searchPageSize, limit: Self.searchPageSize)
        if result.hits.isEmpty && pageNumber > 1 { throw HTTPError(.notFound) }
        let rows = result.hits.map { hit in
            SearchModel.Hit(
                href: SiteURL.agendaItem(meeting: .value(hit.meeting.id), number: .value(hit.number)).path, heading: "\(hit.number).", title: hit.title,
                meeting: "\(hit.meeting.title) \(DanishFormat.longDate(hit.meeting.startsAt))", caseNumber: hit.caseNumber,
                snippetHTML: HTMLEscape.escape(hit.snippet).replacing("««", with: "<mark>").replacing("»»", with: "</mark>"))
        }
        let limit = DanishFormat.number(Double(BoardRepository.searchCandidates))
        return try app.views.render("search", SearchModel(
            page: page, query: query, searched: true, hits: rows,
            countText: result.capped ? "Mere end \(limit) resultater"
                : result.total == 1 ? "1 resultat" : "\(DanishFormat.number(Double(result.total))) resultater",
            cappedText: result.capped
                ? "Søgeordene findes i mere end \(limit) punkter. Resultaterne er de bedste blandt de \(limit) nyeste; "
                    + "skriv flere eller mere præcise søgeord for at finde ældre punkter." : nil,
            pager: Pager(page: pageNumber, pageSize: Self.searchPageSize, total: result.total, path: SiteURL.search.path,
                         query: [("q", query)]),
            error: nil))
    }

    static let searchPageSize = 20

    /// iCalendar feed of the published meetings (titles, times and places only: nothing confidential).
    func calendar(_ request: Request, _ context: AppContext) async throws -> Response {
        let meetings = try await app.board.meetings(includeDrafts: false)
        let base = app.baseURL
        let events = meetings.map { m in
            ICalendar.Event(
                uid: "moede-\(m.id)@raadsportalen", start: m.startsAt, end: m.endsAt ?? m.startsAt.addingTimeInterval(3 * 3600),
                summary: "\(m.title) – Danske Regioners bestyrelse", location: m.place, url: base + SiteURL.meeting(.value(m.id)).path, updated: m.startsAt)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/calendar; charset=utf-8", .contentDisposition: "inline; filename=\"bestyrelsesmoeder.ics\""],
            body: .init(byteBuffer: ByteBuffer(string: ICalendar.feed(name: "Danske Regioners bestyrelse", events: events))))
    }
}
