import Database
import Domain
import Foundation
import Hummingbird
import Logging

/// What the document layout (`document.mustache`) shows of a document: the PDF's title and subject.
struct DocumentInfo: Encodable {
    let title: String
    let description: String
}

/// The documents the portal writes itself, as PDFs: the recommendation letter and the annual report.
///
/// A document's PDF comes from the same template as its page (`letter_document`, `report_document`)
/// in the document layout, with the print stylesheet, rendered by `DocumentEngine`. Rendering is the
/// job runner's work (`renderKind`): the PDF is stored in PostgreSQL per document version, keyed on
/// a stamp that is a digest of the document's print HTML, so any instance serves what another
/// rendered and a changed document is rendered again. A request for a PDF builds the HTML (cheap),
/// serves the stored PDF of its stamp, or asks for a render and waits at most `AppConfig.documentWait`
/// for it; then it answers that the document is being made, with Retry-After. Sending a letter and publishing a
/// report ask for their render at once, so their PDF is usually there before anyone asks.
struct Documents: Sendable {
    static let renderKind = "document.render"
    /// What a reader is told to wait before trying again (WeasyPrint's start and a report's layout).
    static let retryAfterSeconds = 3

    enum Ref: Equatable, Sendable {
        case letter(caseID: Int64)
        case report(id: Int64)
        /// The responsum as the project submitted it (the case's archive package).
        case responsum(caseID: Int64)
        /// Everything held about one person (art. 15), for the admin; deleted with the person's data.
        case personal(userID: Int64)

        var name: String {
            switch self {
            case .letter(let id): "letter:\(id)"
            case .report(let id): "report:\(id)"
            case .responsum(let id): "responsum:\(id)"
            case .personal(let id): "personal:\(id)"
            }
        }

        init?(_ name: String) {
            let parts = name.split(separator: ":")
            guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
            switch parts[0] {
            case "letter": self = .letter(caseID: id)
            case "report": self = .report(id: id)
            case "responsum": self = .responsum(caseID: id)
            case "personal": self = .personal(userID: id)
            default: return nil
            }
        }
    }

    /// One version of a document: its print HTML and the stamp that names it.
    struct Version: Sendable {
        let ref: Ref
        let html: String
        let stamp: String
    }

    let app: AppServices
    var engine: DocumentEngine { app.documentEngine }
    var repository: DocumentRepository { DocumentRepository(pool: app.pool) }

    // MARK: The documents' HTML

    /// The sent letter's print HTML; nil before it is sent (a draft has no PDF).
    func letter(_ c: CaseRepository.Summary) async throws -> Version? {
        let rows = try await LetterPage.query(LetterRepository(pool: app.pool), repository, caseID: c.id)
        guard rows.letter.sentAt != nil else { return nil }
        return version(.letter(caseID: c.id), html: try app.views.render("letter_pdf", LetterPage.pdf(c, rows)).body)
    }

    /// The report's print HTML (a draft's as its figures are now).
    func report(_ page: AnnualReportRepository.Page) throws -> Version {
        version(.report(id: page.report.id), html: try app.views.render("report_pdf", ReportPage.pdf(page)).body)
    }

    func version(_ ref: Ref, html: String) -> Version {
        Version(ref: ref, html: html, stamp: engine.stamp(html: html))
    }

    /// The document's current version, read afresh (the render job's view); nil when it has none.
    func current(_ ref: Ref) async throws -> Version? {
        switch ref {
        case .letter(let caseID):
            guard let c = try await CaseRepository(pool: app.pool).summary(id: caseID) else { return nil }
            return try await letter(c)
        case .report(let id):
            guard let page = try await AnnualReportRepository(pool: app.pool).page(id: id, proposals: false) else { return nil }
            return try report(page)
        case .responsum(let caseID):
            guard let c = try await CaseRepository(pool: app.pool).summary(id: caseID) else { return nil }
            return try await responsum(c)
        case .personal(let userID):
            return try await personal(userID: userID)
        }
    }

    // MARK: Serving

    /// The PDF of `version` if it is rendered, after asking for it and waiting up to `documentWait`.
    func pdf(_ version: Version) async throws -> [UInt8]? {
        let name = version.ref.name
        if let pdf = try await repository.cached(document: name, stamp: version.stamp) { return pdf }
        try await repository.requestRender(kind: Self.renderKind, document: name, stamp: version.stamp)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: app.config.documentWait)
        while clock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            if let pdf = try await repository.cached(document: name, stamp: version.stamp) { return pdf }
        }
        return nil
    }

    /// The answer to a request for a document's PDF: the PDF (its stamp as the ETag), or a page that
    /// says it is being made, with Retry-After.
    func respond(_ version: Version, filename: String, request: Request, context: AppContext) async throws -> Response {
        let etag = "\"\(version.stamp.prefix(32))\""
        if request.headers[.ifNoneMatch] == etag {
            return Response(status: .notModified, headers: [.eTag: etag, .cacheControl: "private, no-cache"])
        }
        guard let pdf = try await pdf(version) else {
            var response = try app.views.render(
                "document_pending",
                PendingModel(
                    page: PageInfo(title: "Dokumentet dannes", viewer: Viewer(context), path: request.uri.path),
                    retryURL: request.uri.path)
            ).response(from: request, context: context)
            response.status = .accepted
            response.headers[.retryAfter] = String(Self.retryAfterSeconds)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/pdf", .contentDisposition: SafeFileName.contentDisposition(filename), .eTag: etag,
                .cacheControl: "private, no-cache",
            ],
            body: .init(byteBuffer: .init(bytes: pdf)))
    }

    struct PendingModel: Encodable {
        let page: PageInfo
        let retryURL: String
    }

    // MARK: Rendering (the job)

    /// Renders the document's current version unless it is stored already; what the job records.
    func render(_ ref: Ref) async throws -> String {
        guard let version = try await current(ref) else { return "\(ref.name) has no PDF (not sent, or gone)" }
        return try await render(version)
    }

    func render(_ version: Version) async throws -> String {
        let name = version.ref.name
        if try await repository.cached(document: name, stamp: version.stamp) != nil { return "\(name) already rendered" }
        let clock = ContinuousClock()
        let started = clock.now
        let pdf = try await engine.render(html: version.html)
        let elapsed = clock.now - started
        let ms = Int(elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        try await repository.store(document: name, stamp: version.stamp, pdf: pdf, renderMilliseconds: ms)
        return "\(name) rendered in \(ms) ms (\(pdf.count) bytes)"
    }

    /// Registers the render job on `runner`. A failed render is tried again twice (the engine's
    /// start failing on a busy machine); a request for the same version later queues it again.
    static func register(on runner: JobRunner, app: AppServices) {
        let documents = Documents(app: app)
        runner.register(kind: renderKind, lease: 300, retry: RetrySchedule(delays: [10, 60])) { job in
            guard let ref = Ref(job.payload) else { return .failed("not a document: \(job.payload)") }
            return .done(try await documents.render(ref))
        }
    }
}
