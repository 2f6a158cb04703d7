import Database
import Domain
import Foundation

/// One annual report (`/aarsrapporter/{id}`): a published report is its frozen snapshot, a draft is
/// computed from the data. Read in one round trip (`AnnualReportRepository.page`); whether the viewer
/// may read a draft is the handler's decision, before the builder runs.
enum ReportPage {
    static let template = "report"

    /// Drafts are read by the council and its secretariat (and admins); published reports by anyone.
    static let draftReaders: Set<Role> = [.secretariat, .councilMember, .admin]

    /// What the report says, for every reader alike: the page shows it with its controls and the
    /// PDF shows it alone, both through `report_document.mustache`.
    struct Content: Encodable {
        struct Section: Encodable {
            let number: Int
            let title: String
            let html: String
        }
        struct ProjectCells: Encodable {
            let project: String
            let cells: [String]
            let total: Int
        }
        /// A CSV per table (hidden in print).
        struct CSVLinks: Encodable {
            let activities: String
            let expected: String
            let profiles: String
            let figure2: String
            let figure3: String
            let evaluation: String

            init(id: Int64) {
                func csv(_ table: String) -> String { SiteURL.reportCSV(.value(id), table: .value(table + ".csv")).path }
                activities = csv("tabel1")
                expected = csv("forventet")
                profiles = csv("risikoprofiler")
                figure2 = csv("figur2")
                figure3 = csv("figur3")
                evaluation = csv("evaluering")
            }
        }
        let title: String
        let span: String
        let draft: Bool
        let publishedAt: String?
        /// What of the report the demo invented (`partials/invented_what`); nil for what is real.
        let invented: String?
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
        let evaluations: [EvaluationCells]
        /// The averages' scale for the table's caption (a snapshot from before versions: 1 to 5).
        let evaluationScale: String
        /// The answers behind the averages are the demo's invention: the marker.
        let evaluationsInvented: Bool
        let members: [AnnualReport.Member]
        let csv: CSVLinks
    }

    /// An average with its question; `group` opens a questionnaire version's rows (`groupTitle`).
    struct EvaluationCells: Encodable {
        let question: String
        let average: String
        let answers: Int
        let group: Bool
        let groupTitle: String
    }

    struct Model: Encodable {
        struct Proposal: Encodable {
            let text: String
        }
        /// The page's links: the list, its actions and the PDF.
        struct URLs: Encodable {
            let reports = SiteURL.reports.path
            let edit: String
            let publish: String
            let board: String
            let pdf: String

            init(id: Int64) {
                edit = SiteURL.reportEdit(.value(id)).path
                publish = SiteURL.reportPublish(.value(id)).path
                board = SiteURL.reportBoard(.value(id)).path
                pdf = SiteURL.reportPDF(.value(id)).path
            }
        }
        let page: PageInfo
        let id: Int64
        let report: Content
        let canEdit: Bool
        let canPropose: Bool
        let proposals: [Proposal]
        let notice: String?
        let urls: URLs
    }

    /// The PDF's model (`report_pdf.mustache`): the document's title and the report.
    struct PDFModel: Encodable {
        let document: DocumentInfo
        let report: Content
    }

    /// The report and, for a draft, the facts of its figures; the proposals only for the secretariat.
    /// Nil when there is no such report.
    static func query(_ reports: AnnualReportRepository, id: Int64, viewer: Viewer) async throws -> AnnualReportRepository.Page? {
        try await reports.page(id: id, proposals: viewer.user?.has(.secretariat) ?? false)
    }

    /// May the viewer read this report? Published: anyone; a draft: its readers.
    static func mayRead(_ r: AnnualReportRepository.Report, user: User?) -> Bool {
        r.published || (user?.hasAny(draftReaders) ?? false)
    }

    /// A published report is its snapshot; a draft is computed from the data read with it.
    static func document(_ page: AnnualReportRepository.Page) -> AnnualReport.Document { page.document }

    /// The notice after an action (`?besked=`).
    static func notice(_ message: String?) -> String? {
        switch message {
        case "oprettet": "Årsrapporten er oprettet som kladde. Tallene beregnes af data; skriv forord, observationer og cases."
        case "gemt": "Teksten er gemt."
        case "offentliggjort": "Årsrapporten er offentliggjort. Den kan nu læses af alle og ændres ikke mere."
        case "foreslaaet": "Årsrapporten er foreslået til bestyrelsesmødet. Bestyrelsessekretariatet tager stilling."
        default: nil
        }
    }

    /// What the report says (the same for every reader who may read it).
    /// On paper Figur 3 is drawn in parts of this many projects, each fitting an A4 page with its
    /// legend (see `Charts.projectStacks`).
    static let figure3RowsPerPrintedPart = 20

    /// `printed`: for the PDF, whose Figur 3 comes in parts that fit a page.
    static func content(_ page: AnnualReportRepository.Page, printed: Bool = false) -> Content {
        let r = page.report
        let d = document(page)
        let f = d.figures
        var summary = "It-rådet har i \(d.span) gennemført \(f.assessmentCount) risikovurderinger"
        if f.jointCount > 0 { summary += " (heraf \(f.jointCount) i samarbejde med et andet råd)" }
        if f.sparringCount > 0 { summary += " og \(f.sparringCount) sparringsmøder" }
        summary += ". Risikovurderingerne gav i alt \(f.recommendationCount) anbefalinger."
        return Content(
            title: d.title, span: d.span, draft: !r.published, publishedAt: r.publishedAt.map(DanishFormat.longDate), invented: r.inventedNote,
            forewordHTML: d.foreword.isEmpty ? nil : RichText.html(d.foreword),
            themes: d.themes.enumerated().map { .init(number: $0.offset + 1, title: $0.element.title, html: RichText.html($0.element.body)) },
            stories: d.stories.enumerated().map { .init(number: $0.offset + 1, title: $0.element.title, html: RichText.html($0.element.body)) },
            activities: f.activities, expected: f.expected, expectedYear: f.expectedYear, hasExpected: !f.expected.isEmpty, summary: summary,
            profiles: f.profiles, figure2: f.figure2,
            figure2SVG: Charts.areaBars(id: "figur2", title: "Figur 2: Anbefalinger ifm. risikovurderinger fordelt på fokusområder", rows: f.figure2),
            recommendationCount: f.recommendationCount, areas: f.areas,
            figure3: f.figure3.map { row in
                .init(
                    project: row.project, cells: zip(row.counts, row.percents).map { row.total == 0 ? "–" : "\($0.0) (\($0.1) %)" }, total: row.total)
            },
            figure3SVG: Charts.projectStacks(
                id: "figur3", title: "Figur 3: Anbefalinger til de enkelte projekter fordelt på fokusområder",
                areas: f.areas, rows: f.figure3, rowsPerPart: printed ? figure3RowsPerPrintedPart : Int.max),
            evaluations: f.evaluations.map {
                EvaluationCells(question: $0.question, average: $0.average, answers: $0.answers, group: $0.group != nil, groupTitle: $0.group ?? "")
            }, evaluationScale: f.evaluationScale ?? "på en skala fra 1 (lavest) til 5 (højest)", evaluationsInvented: f.evaluationsInvented ?? false,
            members: f.members, csv: .init(id: r.id))
    }

    static func build(_ page: AnnualReportRepository.Page, viewer: Viewer, message: String?) -> Model {
        let r = page.report
        let content = Self.content(page)
        let secretariat = viewer.user?.has(.secretariat) ?? false
        let proposals =
            secretariat
            ? page.proposals.map { p -> Model.Proposal in
                let state: String =
                    switch p.status {
                    case .accepted: "optaget på dagsordenen" + (p.itemNumber.map { " som punkt \($0)" } ?? "")
                    case .declined: "afvist af bestyrelsessekretariatet"
                    case .proposed: "afventer bestyrelsessekretariatet"
                    }
                return Model.Proposal(text: "\(p.meetingTitle) \(DanishFormat.longDate(p.meetingStartsAt)): \(state)")
            } : []
        return Model(
            page: PageInfo(
                title: content.title, description: "Regionernes It-råds årsrapport \(content.span)", viewer: viewer, path: SiteURL.reports.path),
            id: r.id, report: content, canEdit: secretariat && !r.published, canPropose: secretariat && r.published, proposals: proposals,
            notice: notice(message), urls: .init(id: r.id))
    }

    /// The report as a PDF: the same content, in the document layout.
    static func pdf(_ page: AnnualReportRepository.Page) -> PDFModel {
        let content = Self.content(page, printed: true)
        return PDFModel(
            document: DocumentInfo(title: content.title, description: "Regionernes It-råds årsrapport \(content.span)"), report: content)
    }
}
