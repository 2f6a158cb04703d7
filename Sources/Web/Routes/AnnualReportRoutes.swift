import Database
import Domain
import Foundation
import Hummingbird

/// The council's annual reports: the secretariat writes the editorial text, the figures are computed
/// from the data; publishing freezes the document and makes it public; CSV of every table and
/// chart; a PDF; and the proposal of a published report for a board meeting.
struct AnnualReportRoutes {
    let app: AppServices
    var reports: AnnualReportRepository { AnnualReportRepository(pool: app.pool) }

    func addRoutes(to router: SiteRouter) {
        // Published reports are public (a draft answers 404 to those who may not read it); the
        // council's secretariat writes them; the board secretariat takes them to the board.
        let secretariat = router.requiring(.runCouncil)
        router.get(.reports) { request, context in try await self.list(request, context) }
        secretariat.get(.newReport) { request, context in
            try await self.newForm(request, context, typed: nil, error: nil)
        }
        secretariat.post(.newReport) { request, context in try await self.create(request, context) }
        router.get(.report(.key)) { request, context in try await self.show(request, context) }
        secretariat.get(.reportEdit(.key)) { request, context in
            let (_, r) = try await self.editable(context, request)
            return try await self.editForm(request, context, r, errors: FormErrors())
        }
        secretariat.post(.reportEdit(.key)) { request, context in try await self.save(request, context) }
        secretariat.get(.reportPublish(.key)) { request, context in try await self.confirmPublish(request, context, error: nil) }
        secretariat.post(.reportPublish(.key)) { request, context in try await self.publish(request, context) }
        router.get(.reportCSV(.key, table: .key)) { request, context in try await self.csv(request, context) }
        router.get(.reportPDF(.key)) { request, context in try await self.pdf(request, context) }
        secretariat.get(.reportBoard(.key)) { request, context in try await self.proposeForm(request, context, error: nil) }
        secretariat.post(.reportBoard(.key)) { request, context in try await self.propose(request, context) }
        router.requiring(.runBoard).post(.boardProposal(.key)) { request, context in try await self.decideProposal(request, context) }
    }

    // MARK: Access and the document

    /// A draft that someone may not read answers 404, as if it did not exist (the anonymous log in first).
    func mayRead(_ r: AnnualReportRepository.Report, _ context: AppContext, _ request: Request) throws {
        guard ReportPage.mayRead(r, user: context.user) else {
            if context.user == nil { _ = try requireUser(context, request) }
            throw HTTPError(.notFound)
        }
    }

    /// The report, or 404 for a draft someone may not read.
    func readable(_ context: AppContext, _ request: Request) async throws -> AnnualReportRepository.Report {
        guard let id = context.parameters.get("id", as: Int64.self), let r = try await reports.report(id: id) else { throw HTTPError(.notFound) }
        try mayRead(r, context, request)
        return r
    }

    /// The report with what its document is computed from (one round trip), or 404 as `readable`.
    func readablePage(_ context: AppContext, _ request: Request, viewer: Viewer) async throws -> AnnualReportRepository.Page {
        guard let id = context.parameters.get("id", as: Int64.self), let page = try await ReportPage.query(reports, id: id, viewer: viewer)
        else { throw HTTPError(.notFound) }
        try mayRead(page.report, context, request)
        return page
    }

    func editable(_ context: AppContext, _ request: Request) async throws -> (User, AnnualReportRepository.Report) {
        let user = try requireUser(context, request)
        let r = try await readable(context, request)
        guard !r.published else { throw HTTPError(.notFound) }
        return (user, r)
    }

    // MARK: List and report

    func list(_ request: Request, _ context: AppContext) async throws -> HTML {
        let viewer = Viewer(context)
        return try app.views.render(
            ReportListPage.template, ReportListPage.build(try await ReportListPage.query(reports, viewer: viewer), viewer: viewer))
    }

    func show(_ request: Request, _ context: AppContext) async throws -> Response {
        let viewer = Viewer(context)
        let page = try await readablePage(context, request, viewer: viewer)
        let model = ReportPage.build(page, viewer: viewer, message: request.uri.queryParameters.get("besked"))
        return try app.views.render(ReportPage.template, model).response(from: request, context: context)
    }

    // MARK: Creating and editing

    func newForm(_ request: Request, _ context: AppContext, typed: FormData?, error: String?) async throws -> Response {
        let model = NewReportPage.build(viewer: Viewer(context), typed: typed, error: error)
        return try app.views.render(NewReportPage.template, model, status: error == nil ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        let from = Int(form["from_year"].trimmingWhitespace())
        let to = Int(form["to_year"].trimmingWhitespace())
        let title = form["title"].trimmingWhitespace()
        if let problem = AnnualReport.spanProblem(fromYear: from, toYear: to) {
            return try await newForm(request, context, typed: form, error: problem)
        }
        guard !title.isEmpty, title.count <= 300, !title.contains("\u{0}") else {
            return try await newForm(request, context, typed: form, error: "Skriv en titel (højst 300 tegn).")
        }
        var r = AnnualReportRepository.Report(fromYear: from!, toYear: to!, title: title)
        // The seed's four themes of "Generelle observationer" to write to.
        r.themes = AnnualReport.seedThemes.map { AnnualReport.Section(title: $0, body: "") }
        let id = try await reports.create(
            r,
            audit: .init(
                userID: user.id, username: user.username, action: "report.created",
                objectType: "annual_report", clientIP: context.clientIP))
        return .redirect(to: SiteURL.report(.value(id)).path(query: [("besked", "oprettet")]))
    }

    func editForm(_ request: Request, _ context: AppContext, _ r: AnnualReportRepository.Report, errors: FormErrors) async throws -> Response {
        let model = EditReportPage.build(r, viewer: Viewer(context), errors: errors)
        return try app.views.render(EditReportPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    static func sections(_ form: FormData, prefix: String) -> [AnnualReport.Section] {
        (0..<50).compactMap { i -> AnnualReport.Section? in
            guard form.has("\(prefix)_title_\(i)") else { return nil }
            let s = AnnualReport.Section(title: form["\(prefix)_title_\(i)"].trimmingWhitespace(), body: form["\(prefix)_body_\(i)"])
            return s.title.isEmpty && s.body.trimmingWhitespace().isEmpty ? nil : s
        }
    }

    func save(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, current) = try await editable(context, request)
        let form = context.form ?? FormData()
        var r = current
        r.version = Int(form["version"]) ?? -1
        r.title = form["title"].trimmingWhitespace()
        r.foreword = form["foreword"]
        r.themes = Self.sections(form, prefix: "theme")
        r.stories = Self.sections(form, prefix: "story")
        let from = Int(form["from_year"].trimmingWhitespace())
        let to = Int(form["to_year"].trimmingWhitespace())
        var errors = FormErrors()
        if let problem = AnnualReport.spanProblem(fromYear: from, toYear: to) {
            errors.add("from_year", problem)
        } else {
            r.fromYear = from!
            r.toYear = to!
        }
        if r.title.isEmpty || r.title.count > 300 { errors.add("title", "Skriv en titel (højst 300 tegn).") }
        for s in r.themes + r.stories where s.title.isEmpty {
            errors.add("theme_title_0", "Hver observation og case skal have en overskrift (»\(s.body.prefix(40))…«).")
        }
        let texts = [r.title, r.foreword] + (r.themes + r.stories).flatMap { [$0.title, $0.body] }
        if texts.contains(where: { $0.contains("\u{0}") || $0.count > AssessmentWork.maxText }) {
            errors.add("foreword", "En tekst er for lang eller indeholder ugyldige tegn.")
        }
        guard errors.isEmpty else { return try await editForm(request, context, r, errors: errors) }
        switch try await reports.save(
            r,
            audit: .init(
                userID: user.id, username: user.username, action: "report.saved", objectType: "annual_report",
                objectID: String(r.id), clientIP: context.clientIP))
        {
        case .saved: return .redirect(to: SiteURL.report(.value(r.id)).path(query: [("besked", "gemt")]))
        case .stale:
            errors.add(
                "foreword",
                "Årsrapporten er gemt af en anden, mens du skrev. Din tekst står herunder og er ikke gemt. Åbn rapporten i en ny fane for at se den gemte udgave, og gem igen."
            )
            r.version = try await reports.report(id: r.id)?.version ?? r.version
            return try await editForm(request, context, r, errors: errors)
        case .published, .notFound: throw HTTPError(.notFound)
        }
    }

    // MARK: Publishing

    func confirmPublish(_ request: Request, _ context: AppContext, error: String?) async throws -> Response {
        let (_, r) = try await editable(context, request)
        let model = PublishReportPage.build(r, viewer: Viewer(context), error: error)
        return try app.views.render(PublishReportPage.template, model, status: error == nil ? .ok : .conflict).response(
            from: request, context: context)
    }

    func publish(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let page = try await readablePage(context, request, viewer: Viewer(context))
        let r = page.report
        guard !r.published else { throw HTTPError(.notFound) }
        let document = ReportPage.document(page)
        switch try await reports.publish(
            id: r.id, version: Int((context.form ?? FormData())["version"]) ?? -1, document: document,
            audit: .init(
                userID: user.id, username: user.username, action: "report.published", objectType: "annual_report", objectID: String(r.id),
                clientIP: context.clientIP))
        {
        case .saved:
            // The published report's PDF is rendered now: readers and the board proposal will want it.
            if let published = try await reports.page(id: r.id, proposals: false) {
                let documents = Documents(app: app)
                let version = try documents.report(published)
                try await documents.repository.requestRender(kind: Documents.renderKind, document: version.ref.name, stamp: version.stamp)
            }
            return .redirect(to: SiteURL.report(.value(r.id)).path(query: [("besked", "offentliggjort")]))
        case .stale:
            return try await confirmPublish(
                request, context, error: "Årsrapporten er ændret, siden du åbnede denne side. Se den igen, før du offentliggør.")
        case .published, .notFound: throw HTTPError(.notFound)
        }
    }

    // MARK: CSV and PDF

    static let tables = ["tabel1", "forventet", "risikoprofiler", "figur2", "figur3", "evaluering"]

    static func csvRows(_ table: String, _ d: AnnualReport.Document) -> [[String]]? {
        let f = d.figures
        switch table {
        case "tabel1":
            return [["Projekt", "Projektledende", "Aktivitet", "Gennemført"]]
                + f.activities.map { [$0.project, $0.leadingBodies, $0.activity, $0.when] }
        case "forventet":
            return [["Projekt", "Projektledende", "Aktivitet", "Forventet"]]
                + f.expected.map { [$0.project, $0.leadingBodies, $0.activity, $0.when] }
        case "risikoprofiler": return [["Risikoprofil", "Antal risikovurderinger"]] + f.profiles.map { [$0.profile, String($0.count)] }
        case "figur2":
            return [["Fokusområde", "Antal anbefalinger", "Andel (%)"]] + f.figure2.map { [$0.area, String($0.count), String($0.percent)] }
        case "figur3":
            let header: [String] = ["Projekt"] + f.areas.map { "\($0) (antal)" } + f.areas.map { "\($0) (%)" } + ["I alt"]
            let rows: [[String]] = f.figure3.map { row in
                let counts: [String] = row.counts.map { String($0) }
                let percents: [String] = row.percents.map { String($0) }
                return [row.project] + counts + percents + [String(row.total)]
            }
            return [header] + rows
        case "evaluering":
            // Each version's rows after its title, as the page groups them when versions differ.
            let scale = f.evaluationScale.map { $0.hasPrefix("på ") ? "Gennemsnit " + $0 : "Gennemsnit" } ?? "Gennemsnit (1–5)"
            return [["Spørgsmål", scale, "Antal svar"]]
                + f.evaluations.flatMap { row in (row.group.map { [[$0, "", ""]] } ?? []) + [[row.question, row.average, String(row.answers)]] }
        default: return nil
        }
    }

    static func fileStem(_ d: AnnualReport.Document) -> String {
        "aarsrapport-\(d.fromYear == d.toYear ? "\(d.toYear)" : "\(d.fromYear)-\(d.toYear)")"
    }

    func csv(_ request: Request, _ context: AppContext) async throws -> Response {
        let d = ReportPage.document(try await readablePage(context, request, viewer: Viewer(context)))
        guard let table = context.parameters.get("table").map({ $0.hasSuffix(".csv") ? String($0.dropLast(4)) : $0 }),
            let rows = Self.csvRows(table, d)
        else { throw HTTPError(.notFound) }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(Self.fileStem(d))-\(table).csv\"",
            ], body: .init(byteBuffer: .init(string: CSV.document(rows))))
    }

    /// The report as a PDF (see `Documents`: rendered by the job runner, served from PostgreSQL per
    /// version; a draft's version changes with its figures).
    func pdf(_ request: Request, _ context: AppContext) async throws -> Response {
        let page = try await readablePage(context, request, viewer: Viewer(context))
        let documents = Documents(app: app)
        return try await documents.respond(
            try documents.report(page), filename: "\(Self.fileStem(ReportPage.document(page))).pdf", request: request, context: context)
    }

    // MARK: To the board

    func proposeForm(_ request: Request, _ context: AppContext, error: String?, typed: FormData? = nil) async throws -> Response {
        let r = try await readable(context, request)
        guard r.published else { throw HTTPError(.notFound) }
        let model = ProposeReportPage.build(
            r, meetings: try await ProposeReportPage.query(app.board), viewer: Viewer(context), typed: typed, error: error)
        return try app.views.render(ProposeReportPage.template, model, status: error == nil ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func propose(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let r = try await readable(context, request)
        guard r.published else { throw HTTPError(.notFound) }
        let form = context.form ?? FormData()
        guard let meetingID = Int64(form["meeting"]) else {
            return try await proposeForm(request, context, error: "Vælg et bestyrelsesmøde.", typed: form)
        }
        guard let caseNumber = CaseNumber(form["case_number"].trimmingWhitespace()) else {
            return try await proposeForm(request, context, error: "Skriv sagsnummeret som EMN-ÅÅÅÅ-NNNNN, fx EMN-2019-00960.", typed: form)
        }
        switch try await reports.propose(
            reportID: r.id, meetingID: meetingID, caseNumber: caseNumber.description, userID: user.id,
            audit: .init(
                userID: user.id, username: user.username, action: "report.proposed", objectType: "annual_report", objectID: String(r.id),
                detail: "møde \(meetingID)", clientIP: context.clientIP))
        {
        case .proposed: return .redirect(to: SiteURL.report(.value(r.id)).path(query: [("besked", "foreslaaet")]))
        case .duplicate: return try await proposeForm(request, context, error: "Årsrapporten er allerede foreslået til det møde.", typed: form)
        case .meetingHeld:
            return try await proposeForm(request, context, error: "Mødet er afholdt eller findes ikke. Vælg et kommende møde.", typed: form)
        case .notPublished: throw HTTPError(.notFound)
        }
    }

    /// The board secretariat accepts (the item is created with the report attached) or declines.
    func decideProposal(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let p = try await reports.proposal(id: id) else { throw HTTPError(.notFound) }
        let audit = AuditRepository.Entry(
            userID: user.id, username: user.username, action: "", objectType: "agenda_item", detail: "årsrapport \(p.reportID)",
            clientIP: context.clientIP)
        switch (context.form ?? FormData())["beslutning"] {
        case "accepter":
            guard let page = try await reports.page(id: p.reportID, proposals: false), let d = page.report.snapshot else {
                throw HTTPError(.notFound)
            }
            // The report's PDF was asked for when it was published; if it is still being made, the
            // board secretariat is told to try again rather than wait for it.
            guard let pdf = try await Documents(app: app).pdf(try Documents(app: app).report(page)) else {
                return .redirect(to: SiteURL.meeting(.value(p.meetingID)).path(query: [("besked", "forslag-pdf-dannes")]))
            }
            var entry = audit
            entry.action = "report.accepted"
            let draft = d.boardItem(caseOfficer: p.proposedBy.isEmpty ? "Rådssekretariatet" : p.proposedBy, caseNumber: p.caseNumber)
            guard
                let placed = try await reports.accept(
                    proposalID: id, draft: draft, attachment: ("Årsrapport \(d.span).pdf", pdf), userID: user.id, audit: entry)
            else { return .redirect(to: SiteURL.meeting(.value(p.meetingID)).path(query: [("besked", "forslag-lukket")])) }
            return .redirect(to: SiteURL.agendaItem(meeting: .value(placed.meetingID), number: .value(placed.number)).path)
        case "afvis":
            var entry = audit
            entry.action = "report.declined"
            _ = try await reports.decline(proposalID: id, userID: user.id, audit: entry)
            return .redirect(to: SiteURL.meeting(.value(p.meetingID)).path(query: [("besked", "forslag-afvist")]))
        default:
            throw HTTPError(.badRequest)
        }
    }
}
