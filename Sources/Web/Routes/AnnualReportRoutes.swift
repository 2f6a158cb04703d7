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

    /// Drafts are read by the council and its secretariat (and admins); published reports by anyone.
    static let draftReaders: Set<Role> = [.secretariat, .councilMember, .admin]

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

    /// The report, or 404 for a draft someone may not read (as if it did not exist).
    func readable(_ context: AppContext, _ request: Request) async throws -> AnnualReportRepository.Report {
        guard let id = context.parameters.get("id", as: Int64.self), let r = try await reports.report(id: id) else { throw HTTPError(.notFound) }
        if r.published { return r }
        guard let user = context.user, user.hasAny(Self.draftReaders) else {
            if context.user == nil { _ = try requireUser(context, request) }
            throw HTTPError(.notFound)
        }
        return r
    }

    func editable(_ context: AppContext, _ request: Request) async throws -> (User, AnnualReportRepository.Report) {
        let user = try requireUser(context, request)
        let r = try await readable(context, request)
        guard !r.published else { throw HTTPError(.notFound) }
        return (user, r)
    }

    /// A published report is its snapshot; a draft is computed now from the data.
    func document(_ r: AnnualReportRepository.Report) async throws -> AnnualReport.Document {
        if let snapshot = r.snapshot { return snapshot }
        let council = CouncilRepository(pool: app.pool)
        let figures = AnnualReport.compute(.init(
            fromYear: r.fromYear, toYear: r.toYear, activities: try await council.activities(leaderID: nil, years: r.fromYear...r.toYear),
            assessments: try await reports.assessments(years: r.fromYear...r.toYear), members: try await council.members()))
        return AnnualReport.Document(title: r.title, fromYear: r.fromYear, toYear: r.toYear, foreword: r.foreword,
                                     themes: r.themes.filter { !$0.title.isEmpty || !$0.body.isEmpty },
                                     stories: r.stories.filter { !$0.title.isEmpty || !$0.body.isEmpty }, figures: figures)
    }

    // MARK: List

    struct ListModel: Encodable {
        struct Row: Encodable {
            let href: String
            let title: String
            let span: String
            let state: String
        }
        let page: PageInfo
        let rows: [Row]
        let canCreate: Bool
        let newReportURL = SiteURL.newReport.path
    }

    func list(_ request: Request, _ context: AppContext) async throws -> HTML {
        let drafts = context.user?.hasAny(Self.draftReaders) ?? false
        let rows = try await reports.list(publishedOnly: !drafts).map {
            ListModel.Row(href: SiteURL.report(.value($0.id)).path, title: $0.title, span: $0.fromYear == $0.toYear ? "\($0.toYear)" : "\($0.fromYear)–\($0.toYear)",
                          state: $0.published ? "Offentliggjort " + ($0.publishedAt.map(DanishFormat.longDate) ?? "") : "Kladde")
        }
        return try app.views.render("reports", ListModel(
            page: PageInfo(title: "Årsrapporter for Regionernes It-råd", context: context, path: SiteURL.reports.path), rows: rows,
            canCreate: context.user?.has(.secretariat) ?? false))
    }

    // MARK: The report

    struct ReportModel: Encodable {
        struct Section: Encodable {
            let number: Int
            let title: String
            let html: String
        }
        struct Table {
            let key: String
            let rows: [AnnualReport.ActivityRow]
        }
        struct ProjectCells: Encodable {
            let project: String
            let cells: [String]
            let total: Int
        }
        struct Proposal: Encodable {
            let text: String
        }
        /// The report's links: the list, its actions, the PDF and a CSV per table.
        struct URLs: Encodable {
            let reports = SiteURL.reports.path
            let edit: String
            let publish: String
            let board: String
            let pdf: String
            let activitiesCSV: String
            let expectedCSV: String
            let profilesCSV: String
            let figure2CSV: String
            let figure3CSV: String
            let evaluationCSV: String

            init(id: Int64) {
                func csv(_ table: String) -> String { SiteURL.reportCSV(.value(id), table: .value(table + ".csv")).path }
                edit = SiteURL.reportEdit(.value(id)).path
                publish = SiteURL.reportPublish(.value(id)).path
                board = SiteURL.reportBoard(.value(id)).path
                pdf = SiteURL.reportPDF(.value(id)).path
                activitiesCSV = csv("tabel1")
                expectedCSV = csv("forventet")
                profilesCSV = csv("risikoprofiler")
                figure2CSV = csv("figur2")
                figure3CSV = csv("figur3")
                evaluationCSV = csv("evaluering")
            }
        }
        let page: PageInfo
        let id: Int64
        let title: String
        let span: String
        let draft: Bool
        let publishedAt: String?
        let forewordHTML: String?
        let themes: [Section]
        let stories: [Section]
        let activities: [AnnualReport.ActivityRow]
        let expected: [AnnualReport.ActivityRow]
        let expectedYear: Int
        let hasExpected: Bool
        let summary: String
        let profiles: [AnnualReport.ProfileCount]
        let figure2: [AnnualReport.AreaCount]
        let figure2SVG: String
        let recommendationCount: Int
        let areas: [String]
        let figure3: [ProjectCells]
        let figure3SVG: String
        let evaluations: [AnnualReport.EvaluationRow]
        let members: [AnnualReport.Member]
        let canEdit: Bool
        let canPropose: Bool
        let proposals: [Proposal]
        let notice: String?
        let urls: URLs
    }

    func show(_ request: Request, _ context: AppContext) async throws -> Response {
        let r = try await readable(context, request)
        let d = try await document(r)
        let f = d.figures
        let secretariat = context.user?.has(.secretariat) ?? false
        let notice: String? = switch request.uri.queryParameters.get("besked") {
        case "oprettet": "Årsrapporten er oprettet som kladde. Tallene beregnes af data; skriv forord, observationer og cases."
        case "gemt": "Teksten er gemt."
        case "offentliggjort": "Årsrapporten er offentliggjort. Den kan nu læses af alle og ændres ikke mere."
        case "foreslaaet": "Årsrapporten er foreslået til bestyrelsesmødet. Bestyrelsessekretariatet tager stilling."
        default: nil
        }
        var summary = "It-rådet har i \(d.span) gennemført \(f.assessmentCount) risikovurderinger"
        if f.jointCount > 0 { summary += " (heraf \(f.jointCount) i samarbejde med et andet råd)" }
        if f.sparringCount > 0 { summary += " og \(f.sparringCount) sparringsmøder" }
        summary += ". Risikovurderingerne gav i alt \(f.recommendationCount) anbefalinger."
        let proposals = secretariat ? try await reports.proposals(reportID: r.id).map { p -> ReportModel.Proposal in
            let state: String = switch p.status {
            case "accepted": "optaget på dagsordenen" + (p.itemNumber.map { " som punkt \($0)" } ?? "")
            case "declined": "afvist af bestyrelsessekretariatet"
            default: "afventer bestyrelsessekretariatet"
            }
            return ReportModel.Proposal(text: "\(p.meetingTitle) \(DanishFormat.longDate(p.meetingStartsAt)): \(state)")
        } : []
        let model = ReportModel(
            page: PageInfo(title: d.title, description: "Regionernes It-råds årsrapport \(d.span)", context: context, path: SiteURL.reports.path),
            id: r.id, title: d.title, span: d.span, draft: !r.published, publishedAt: r.publishedAt.map(DanishFormat.longDate),
            forewordHTML: d.foreword.isEmpty ? nil : RichText.html(d.foreword),
            themes: d.themes.enumerated().map { .init(number: $0.offset + 1, title: $0.element.title, html: RichText.html($0.element.body)) },
            stories: d.stories.enumerated().map { .init(number: $0.offset + 1, title: $0.element.title, html: RichText.html($0.element.body)) },
            activities: f.activities, expected: f.expected, expectedYear: f.expectedYear, hasExpected: !f.expected.isEmpty, summary: summary,
            profiles: f.profiles, figure2: f.figure2,
            figure2SVG: Charts.areaBars(id: "figur2", title: "Figur 2: Anbefalinger ifm. risikovurderinger fordelt på fokusområder", rows: f.figure2),
            recommendationCount: f.recommendationCount, areas: f.areas,
            figure3: f.figure3.map { row in
                .init(project: row.project, cells: zip(row.counts, row.percents).map { row.total == 0 ? "–" : "\($0.0) (\($0.1) %)" }, total: row.total)
            },
            figure3SVG: Charts.projectStacks(id: "figur3", title: "Figur 3: Anbefalinger til de enkelte projekter fordelt på fokusområder",
                                             areas: f.areas, rows: f.figure3),
            evaluations: f.evaluations, members: f.members,
            canEdit: secretariat && !r.published, canPropose: secretariat && r.published, proposals: proposals, notice: notice,
            urls: .init(id: r.id))
        return try app.views.render("report", model).response(from: request, context: context)
    }

    // MARK: Creating and editing

    struct NewModel: Encodable {
        let page: PageInfo
        let title: String
        let fromYear: String
        let toYear: String
        let error: String?
        let reportsURL = SiteURL.reports.path
        let newReportURL = SiteURL.newReport.path
    }

    func newForm(_ request: Request, _ context: AppContext, typed: FormData?, error: String?) async throws -> Response {
        let year = DanishFormat.calendar.component(.year, from: Date())
        let model = NewModel(page: PageInfo(title: "Ny årsrapport", context: context, path: SiteURL.reports.path),
                             title: typed?["title"] ?? "Regionernes It-råd – Årsrapport \(year - 1)",
                             fromYear: typed?["from_year"] ?? String(year - 1), toYear: typed?["to_year"] ?? String(year - 1), error: error)
        return try app.views.render("report_new", model, status: error == nil ? .ok : .unprocessableContent).response(from: request, context: context)
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        let from = Int(form["from_year"].trimmingWhitespace()), to = Int(form["to_year"].trimmingWhitespace())
        let title = form["title"].trimmingWhitespace()
        if let problem = AnnualReport.spanProblem(fromYear: from, toYear: to) { return try await newForm(request, context, typed: form, error: problem) }
        guard !title.isEmpty, title.count <= 300, !title.contains("\u{0}") else {
            return try await newForm(request, context, typed: form, error: "Skriv en titel (højst 300 tegn).")
        }
        var r = AnnualReportRepository.Report(fromYear: from!, toYear: to!, title: title)
        // The seed's four themes of "Generelle observationer" to write to.
        r.themes = AnnualReport.seedThemes.map { AnnualReport.Section(title: $0, body: "") }
        let id = try await reports.create(r, audit: .init(userID: user.id, username: user.username, action: "report.created",
                                                          objectType: "annual_report", clientIP: context.clientIP))
        return .redirect(to: SiteURL.report(.value(id)).path(query: [("besked", "oprettet")]))
    }

    struct EditModel: Encodable {
        struct Row: Encodable {
            let index: Int
            let title: String
            let body: String
        }
        let page: PageInfo
        let id: Int64
        let version: Int
        let title: String
        let fromYear: String
        let toYear: String
        let foreword: String
        let themes: [Row]
        let stories: [Row]
        let errors: ErrorSummary?
        let reportURL: String
        let editURL: String
    }

    func editForm(_ request: Request, _ context: AppContext, _ r: AnnualReportRepository.Report, errors: FormErrors) async throws -> Response {
        func rows(_ sections: [AnnualReport.Section]) -> [EditModel.Row] {
            (sections + [AnnualReport.Section(title: "", body: "")]).enumerated().map { .init(index: $0.offset, title: $0.element.title, body: $0.element.body) }
        }
        let model = EditModel(
            page: PageInfo(title: "Redigér årsrapporten", context: context, path: SiteURL.reports.path), id: r.id, version: r.version,
            title: r.title, fromYear: String(r.fromYear), toYear: String(r.toYear), foreword: r.foreword,
            themes: rows(r.themes), stories: rows(r.stories), errors: ErrorSummary(errors),
            reportURL: SiteURL.report(.value(r.id)).path, editURL: SiteURL.reportEdit(.value(r.id)).path)
        return try app.views.render("report_form", model, status: errors.isEmpty ? .ok : .unprocessableContent).response(from: request, context: context)
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
        let from = Int(form["from_year"].trimmingWhitespace()), to = Int(form["to_year"].trimmingWhitespace())
        var errors = FormErrors()
        if let problem = AnnualReport.spanProblem(fromYear: from, toYear: to) { errors.add("from_year", problem) } else { r.fromYear = from!; r.toYear = to! }
        if r.title.isEmpty || r.title.count > 300 { errors.add("title", "Skriv en titel (højst 300 tegn).") }
        for s in r.themes + r.stories where s.title.isEmpty {
            errors.add("theme_title_0", "Hver observation og case skal have en overskrift (»\(s.body.prefix(40))…«).")
        }
        let texts = [r.title, r.foreword] + (r.themes + r.stories).flatMap { [$0.title, $0.body] }
        if texts.contains(where: { $0.contains("\u{0}") || $0.count > AssessmentWork.maxText }) { errors.add("foreword", "En tekst er for lang eller indeholder ugyldige tegn.") }
        guard errors.isEmpty else { return try await editForm(request, context, r, errors: errors) }
        switch try await reports.save(r, audit: .init(userID: user.id, username: user.username, action: "report.saved", objectType: "annual_report",
                                                      objectID: String(r.id), clientIP: context.clientIP)) {
        case .saved: return .redirect(to: SiteURL.report(.value(r.id)).path(query: [("besked", "gemt")]))
        case .stale:
            errors.add("foreword", "Årsrapporten er gemt af en anden, mens du skrev. Din tekst står herunder og er ikke gemt. Åbn rapporten i en ny fane for at se den gemte udgave, og gem igen.")
            r.version = try await reports.report(id: r.id)?.version ?? r.version
            return try await editForm(request, context, r, errors: errors)
        case .published, .notFound: throw HTTPError(.notFound)
        }
    }

    // MARK: Publishing

    struct ConfirmModel: Encodable {
        let page: PageInfo
        let id: Int64
        let title: String
        let version: Int
        let error: String?
        let reportURL: String
        let publishURL: String
    }

    func confirmPublish(_ request: Request, _ context: AppContext, error: String?) async throws -> Response {
        let (_, r) = try await editable(context, request)
        return try app.views.render("report_publish", ConfirmModel(
            page: PageInfo(title: "Offentliggør årsrapporten", context: context, path: SiteURL.reports.path), id: r.id, title: r.title,
            version: r.version, error: error, reportURL: SiteURL.report(.value(r.id)).path,
            publishURL: SiteURL.reportPublish(.value(r.id)).path), status: error == nil ? .ok : .conflict).response(from: request, context: context)
    }

    func publish(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, r) = try await editable(context, request)
        let document = try await document(r)
        switch try await reports.publish(id: r.id, version: Int((context.form ?? FormData())["version"]) ?? -1, document: document, audit: .init(
            userID: user.id, username: user.username, action: "report.published", objectType: "annual_report", objectID: String(r.id),
            clientIP: context.clientIP)) {
        case .saved: return .redirect(to: SiteURL.report(.value(r.id)).path(query: [("besked", "offentliggjort")]))
        case .stale: return try await confirmPublish(request, context, error: "Årsrapporten er ændret, siden du åbnede denne side. Se den igen, før du offentliggør.")
        case .published, .notFound: throw HTTPError(.notFound)
        }
    }

    // MARK: CSV and PDF

    static let tables = ["tabel1", "forventet", "risikoprofiler", "figur2", "figur3", "evaluering"]

    static func csvRows(_ table: String, _ d: AnnualReport.Document) -> [[String]]? {
        let f = d.figures
        switch table {
        case "tabel1": return [["Projekt", "Projektledende", "Aktivitet", "Gennemført"]] + f.activities.map { [$0.project, $0.leadingBodies, $0.activity, $0.when] }
        case "forventet": return [["Projekt", "Projektledende", "Aktivitet", "Forventet"]] + f.expected.map { [$0.project, $0.leadingBodies, $0.activity, $0.when] }
        case "risikoprofiler": return [["Risikoprofil", "Antal risikovurderinger"]] + f.profiles.map { [$0.profile, String($0.count)] }
        case "figur2": return [["Fokusområde", "Antal anbefalinger", "Andel (%)"]] + f.figure2.map { [$0.area, String($0.count), String($0.percent)] }
        case "figur3":
            let header: [String] = ["Projekt"] + f.areas.map { "\($0) (antal)" } + f.areas.map { "\($0) (%)" } + ["I alt"]
            let rows: [[String]] = f.figure3.map { row in
                let counts: [String] = row.counts.map { String($0) }
                let percents: [String] = row.percents.map { String($0) }
                return [row.project] + counts + percents + [String(row.total)]
            }
            return [header] + rows
        case "evaluering": return [["Spørgsmål", "Gennemsnit (1–5)", "Antal svar"]] + f.evaluations.map { [$0.question, $0.average, String($0.answers)] }
        default: return nil
        }
    }

    static func fileStem(_ d: AnnualReport.Document) -> String { "aarsrapport-\(d.fromYear == d.toYear ? "\(d.toYear)" : "\(d.fromYear)-\(d.toYear)")" }

    func csv(_ request: Request, _ context: AppContext) async throws -> Response {
        let r = try await readable(context, request)
        let d = try await document(r)
        guard let table = context.parameters.get("table").map({ $0.hasSuffix(".csv") ? String($0.dropLast(4)) : $0 }),
              let rows = Self.csvRows(table, d) else { throw HTTPError(.notFound) }
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(Self.fileStem(d))-\(table).csv\"",
        ], body: .init(byteBuffer: .init(string: CSV.document(rows))))
    }

    static func pdf(_ d: AnnualReport.Document) -> [UInt8] {
        let f = d.figures
        var pdf = SimplePDF(footer: "Regionernes It-råd \u{2013} Årsrapport \(d.span)")
        pdf.title(d.title)
        if !d.foreword.isEmpty { pdf.heading("Forord"); pdf.paragraph(d.foreword) }
        pdf.heading("Tabel 1: It-rådets aktiviteter \(d.span)")
        pdf.row(["Projekt", "Projektledende", "Aktivitet", "Gennemført"], widths: [0.34, 0.24, 0.26, 0.16], bold: true)
        for a in f.activities { pdf.row([a.project, a.leadingBodies, a.activity, a.when], widths: [0.34, 0.24, 0.26, 0.16]) }
        if !f.expected.isEmpty {
            pdf.space()
            pdf.row(["Forventede aktiviteter i \(f.expectedYear)", "", "", ""], widths: [0.34, 0.24, 0.26, 0.16], bold: true)
            for a in f.expected { pdf.row([a.project, a.leadingBodies, a.activity, a.when], widths: [0.34, 0.24, 0.26, 0.16]) }
        }
        pdf.heading("Risikoprofiler")
        for p in f.profiles { pdf.row([p.profile, String(p.count)], widths: [0.5, 0.5]) }
        if !d.themes.isEmpty {
            pdf.heading("Generelle observationer")
            for (i, t) in d.themes.enumerated() { pdf.heading("\(i + 1). \(t.title)"); pdf.paragraph(t.body) }
        }
        pdf.heading("Figur 2: Anbefalinger fordelt på fokusområder (\(f.recommendationCount) i alt)")
        for a in f.figure2 { pdf.row([a.area, "\(a.count)", "\(a.percent) %"], widths: [0.6, 0.2, 0.2]) }
        pdf.heading("Figur 3: Anbefalinger til de enkelte projekter")
        pdf.row(["Projekt"] + f.areas, widths: [0.28, 0.18, 0.18, 0.18, 0.18], bold: true)
        for p in f.figure3 {
            pdf.row([p.project] + zip(p.counts, p.percents).map { p.total == 0 ? "–" : "\($0.0) (\($0.1) %)" }, widths: [0.28, 0.18, 0.18, 0.18, 0.18])
        }
        pdf.heading("Evaluering: proces og værdi for projekterne")
        for e in f.evaluations { pdf.row([e.question, e.average, "\(e.answers) svar"], widths: [0.7, 0.15, 0.15]) }
        for s in d.stories { pdf.heading(s.title); pdf.paragraph(s.body) }
        pdf.heading("It-rådets medlemmer")
        for m in f.members { pdf.row([m.name + (m.chair ? " (formand)" : ""), m.title], widths: [0.4, 0.6]) }
        return pdf.render()
    }

    func pdf(_ request: Request, _ context: AppContext) async throws -> Response {
        let d = try await document(try await readable(context, request))
        return Response(status: .ok, headers: [
            .contentType: "application/pdf", .contentDisposition: "attachment; filename=\"\(Self.fileStem(d)).pdf\"",
        ], body: .init(byteBuffer: .init(bytes: Self.pdf(d))))
    }

    // MARK: To the board

    struct ProposeModel: Encodable {
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        let page: PageInfo
        let id: Int64
        let title: String
        let meetings: [Option]
        let caseNumber: String
        let error: String?
        let reportURL: String
        let boardURL: String
    }

    func proposeForm(_ request: Request, _ context: AppContext, error: String?, typed: FormData? = nil) async throws -> Response {
        let r = try await readable(context, request)
        guard r.published else { throw HTTPError(.notFound) }
        let meetings = try await app.board.meetings(includeDrafts: true).filter { $0.status != .held && $0.startsAt > Date() }
        let model = ProposeModel(
            page: PageInfo(title: "Send årsrapporten til bestyrelsen", context: context, path: SiteURL.reports.path), id: r.id, title: r.title,
            meetings: meetings.map { .init(value: String($0.id), name: "\($0.title) \(DanishFormat.longDate($0.startsAt))", selected: typed?["meeting"] == String($0.id)) },
            caseNumber: typed?["case_number"] ?? "", error: error,
            reportURL: SiteURL.report(.value(r.id)).path, boardURL: SiteURL.reportBoard(.value(r.id)).path)
        return try app.views.render("report_propose", model, status: error == nil ? .ok : .unprocessableContent).response(from: request, context: context)
    }

    func propose(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let r = try await readable(context, request)
        guard r.published else { throw HTTPError(.notFound) }
        let form = context.form ?? FormData()
        guard let meetingID = Int64(form["meeting"]) else { return try await proposeForm(request, context, error: "Vælg et bestyrelsesmøde.", typed: form) }
        guard let caseNumber = CaseNumber(form["case_number"].trimmingWhitespace()) else {
            return try await proposeForm(request, context, error: "Skriv sagsnummeret som EMN-ÅÅÅÅ-NNNNN, fx EMN-2019-00960.", typed: form)
        }
        switch try await reports.propose(reportID: r.id, meetingID: meetingID, caseNumber: caseNumber.description, userID: user.id, audit: .init(
            userID: user.id, username: user.username, action: "report.proposed", objectType: "annual_report", objectID: String(r.id),
            detail: "møde \(meetingID)", clientIP: context.clientIP)) {
        case .proposed: return .redirect(to: SiteURL.report(.value(r.id)).path(query: [("besked", "foreslaaet")]))
        case .duplicate: return try await proposeForm(request, context, error: "Årsrapporten er allerede foreslået til det møde.", typed: form)
        case .meetingHeld: return try await proposeForm(request, context, error: "Mødet er afholdt eller findes ikke. Vælg et kommende møde.", typed: form)
        case .notPublished: throw HTTPError(.notFound)
        }
    }

    /// The board secretariat accepts (the item is created with the report attached) or declines.
    func decideProposal(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let p = try await reports.proposal(id: id) else { throw HTTPError(.notFound) }
        let audit = AuditRepository.Entry(userID: user.id, username: user.username, action: "", objectType: "agenda_item", detail: "årsrapport \(p.reportID)",
                                          clientIP: context.clientIP)
        switch (context.form ?? FormData())["beslutning"] {
        case "accepter":
            guard let r = try await reports.report(id: p.reportID), let d = r.snapshot else { throw HTTPError(.notFound) }
            var entry = audit
            entry.action = "report.accepted"
            let draft = d.boardItem(caseOfficer: p.proposedBy.isEmpty ? "Rådssekretariatet" : p.proposedBy, caseNumber: p.caseNumber)
            guard let placed = try await reports.accept(proposalID: id, draft: draft, attachment: ("Årsrapport \(d.span).pdf", Self.pdf(d)),
                                                         userID: user.id, audit: entry)
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
