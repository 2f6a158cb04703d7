import Database
import Domain
import Foundation
import Hummingbird

/// Personal data over its whole life (issue 23): the public privacy notice, the admin's export
/// (art. 15) and erasure (art. 17) of one person's data, and a closed case's archive package for
/// the secretariat. The retention rules are the job `privacy.retention` (`PrivacyJobs`).
struct PrivacyRoutes {
    let app: AppServices
    var privacy: PrivacyRepository { PrivacyRepository(pool: app.pool) }

    func addRoutes(to site: SiteRouter) {
        site.get(.privacyPolicy) { _, context in
            try self.app.views.render(PrivacyPolicyPage.template, PrivacyPolicyPage.build(viewer: Viewer(context), policy: self.app.config.retention))
        }
        let admin = site.requiring(.administer)
        admin.get(.adminUserPrivacy(.key)) { request, context in try await self.overview(request, context) }
        admin.get(.adminUserPrivacyJSON(.key)) { request, context in try await self.exportJSON(request, context) }
        admin.get(.adminUserPrivacyPDF(.key)) { request, context in try await self.exportPDF(request, context) }
        admin.get(.adminUserErase(.key)) { request, context in try await self.confirmErase(request, context) }
        admin.post(.adminUserErase(.key)) { request, context in try await self.erase(request, context) }
        site.requiring(.runCouncil).get(.caseArchive(.key)) { request, context in try await self.archive(request, context) }
    }

    // MARK: Access (art. 15)

    func load(_ context: AppContext) async throws -> PersonalData {
        guard let id = context.parameters.get("id", as: Int64.self), let sections = try await privacy.export(userID: id) else {
            throw HTTPError(.notFound)
        }
        return try PersonalData(userID: id, sections)
    }

    func overview(_ request: Request, _ context: AppContext) async throws -> HTML {
        let data = try await load(context)
        let erasedAt: Date? = try await app.pool.query("SELECT erased_at FROM users WHERE id = $1", [data.userID]).first?.decode("erased_at")
        return try app.views.render(
            PersonalDataPage.template,
            PersonalDataPage.build(data, erasedAt: erasedAt, viewer: Viewer(context), message: request.uri.queryParameters.get("besked")))
    }

    func logExport(_ data: PersonalData, format: String, _ context: AppContext, _ request: Request) async throws {
        let admin = try requireUser(context, request)
        try await app.audit.append(
            .init(
                userID: admin.id, username: admin.username, action: "privacy.exported", objectType: "user", objectID: String(data.userID),
                detail: format, clientIP: context.clientIP))
    }

    func exportJSON(_ request: Request, _ context: AppContext) async throws -> Response {
        let data = try await load(context)
        try await logExport(data, format: "json", context, request)
        let body = try data.json(made: Date())
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8",
                .contentDisposition: SafeFileName.contentDisposition("personoplysninger-bruger-\(data.userID).json"), .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: .init(bytes: body)))
    }

    func exportPDF(_ request: Request, _ context: AppContext) async throws -> Response {
        let data = try await load(context)
        let documents = Documents(app: app)
        let version = try documents.personal(data)
        let response = try await documents.respond(
            version, filename: "personoplysninger-bruger-\(data.userID).pdf", request: request, context: context)
        if response.status == .ok { try await logExport(data, format: "pdf", context, request) }
        var private_ = response
        private_.headers[.cacheControl] = "no-store"
        return private_
    }

    // MARK: Erasure (art. 17)

    func target(_ context: AppContext, _ request: Request) async throws -> (admin: User, user: User) {
        let admin = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let user = try await app.users.find(id: id) else {
            throw HTTPError(.notFound)
        }
        return (admin, user)
    }

    /// What stops an erasure: the admin's own account, an account already erased.
    func blockers(admin: User, user: User) async throws -> [String] {
        var out: [String] = []
        if admin.id == user.id { out.append("Du kan ikke slette dine egne personoplysninger som administrator. Bed en anden administrator om det.") }
        let erased: Date? = try await app.pool.query("SELECT erased_at FROM users WHERE id = $1", [user.id]).first?.decode("erased_at")
        if let erased { out.append("Personoplysningerne er allerede slettet (\(DanishFormat.longDate(erased))).") }
        return out
    }

    func confirmErase(_ request: Request, _ context: AppContext) async throws -> HTML {
        let (admin, user) = try await target(context, request)
        return try app.views.render(
            ErasePage.template,
            ErasePage.build(userID: user.id, name: user.fullName, blockers: try await blockers(admin: admin, user: user), viewer: Viewer(context)))
    }

    func erase(_ request: Request, _ context: AppContext) async throws -> Response {
        let (admin, user) = try await target(context, request)
        let blockers = try await blockers(admin: admin, user: user)
        guard blockers.isEmpty, context.form?["bekraeft"] == "ja" else {
            return try app.views.render(
                ErasePage.template, ErasePage.build(userID: user.id, name: user.fullName, blockers: blockers, viewer: Viewer(context)),
                status: blockers.isEmpty ? .ok : .conflict
            ).response(from: request, context: context)
        }
        let erased = try await privacy.erase(
            userID: user.id,
            audit: .init(
                userID: admin.id, username: admin.username, action: "privacy.erased", objectType: "user", objectID: String(user.id),
                detail: "pseudonymiseret som \(Pseudonym.fullName(userID: user.id))", clientIP: context.clientIP))
        guard erased != nil else { throw HTTPError(.notFound) }
        return .redirect(to: SiteURL.adminUserPrivacy(.value(user.id)).path(query: [("besked", "slettet")]))
    }

    // MARK: The case's archive package

    func archive(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let c = try await CaseRepository(pool: app.pool).summary(id: id),
            c.state == .afsluttet, let facts = try await CaseArchiveRepository(pool: app.pool).facts(caseID: id)
        else { throw HTTPError(.notFound) }
        let documents = Documents(app: app)
        var versions: [(String, String, Documents.Version)] = []
        if let letter = try await documents.letter(c) { versions.append(("brev.pdf", "brev", letter)) }
        if let responsum = try await documents.responsum(c) { versions.append(("responsum.pdf", "responsum", responsum)) }
        var files: [CaseArchive.File] = []
        var pending = false
        for (path, kind, version) in versions {
            if let pdf = try await documents.pdf(version) {
                files.append(.init(path: path, kind: kind, contentType: "application/pdf", bytes: pdf))
            } else {
                pending = true
            }
        }
        if pending {
            var response = try app.views.render(
                "document_pending",
                Documents.PendingModel(
                    page: PageInfo(title: "Arkivpakken dannes", viewer: Viewer(context), path: request.uri.path), retryURL: request.uri.path)
            ).response(from: request, context: context)
            response.status = .accepted
            response.headers[.retryAfter] = String(Documents.retryAfterSeconds)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        let archive = CaseArchiveRepository(pool: app.pool)
        for (n, file) in facts.material.enumerated() {
            files.append(
                .init(
                    path: CaseArchive.materialPath(n + 1, file.filename), kind: "materiale", contentType: file.contentType,
                    bytes: try await archive.content(fileID: file.id)))
        }
        let schema = FileManager.default.contents(atPath: app.config.schemasDirectory + "/arkivpakke.xsd") ?? Data()
        files.append(.init(path: "arkivpakke.xsd", kind: "skema", contentType: "application/xml", bytes: Array(schema)))
        let package = CaseArchive(facts: facts, files: files, made: Date())
        let zip = try package.zip()
        try await app.audit.append(
            .init(
                userID: user.id, username: user.username, action: "case.archived", objectType: "case", objectID: String(id),
                detail: "arkivpakke: \(files.count) filer, \(zip.count) bytes", clientIP: context.clientIP))
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/zip", .contentDisposition: SafeFileName.contentDisposition(package.filename), .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: .init(bytes: zip)))
    }
}

extension Documents {
    /// The responsum as submitted; nil before it is.
    func responsum(_ c: CaseRepository.Summary) async throws -> Version? {
        guard
            let row = try await app.pool.query(
                """
                SELECT l.responsum_submitted_at, c.case_number FROM case_letters l JOIN assessment_cases c ON c.id = l.case_id
                WHERE l.case_id = $1 AND l.responsum_submitted_at IS NOT NULL
                """, [c.id]
            ).first
        else { return nil }
        let submitted: Date = try row.decode("responsum_submitted_at")
        let answers = try await LetterRepository(pool: app.pool).answers(caseID: c.id)
        let model = ResponsumPDF(
            document: DocumentInfo(title: "Responsum – \(c.projectName)", description: "Projektets svar på It-rådets anbefalinger"),
            projectName: c.projectName, caseNumber: try row.decode("case_number"), submitted: DanishFormat.longDate(submitted),
            answers: answers.map {
                .init(
                    focusArea: $0.focusArea.danishName, subTheme: $0.subTheme, body: $0.body, answer: $0.answer?.danishName ?? "Ikke besvaret",
                    action: $0.action.isEmpty ? nil : $0.action, actionDate: $0.actionDate.map(DanishFormat.longDate))
            })
        return version(.responsum(caseID: c.id), html: try app.views.render("responsum_pdf", model).body)
    }

    struct ResponsumPDF: Encodable {
        struct Answer: Encodable {
            let focusArea: String
            let subTheme: String
            let body: String
            let answer: String
            let action: String?
            let actionDate: String?
        }
        let document: DocumentInfo
        let projectName: String
        let caseNumber: String?
        let submitted: String
        let answers: [Answer]
    }

    /// The readable export of one person's data.
    func personal(_ data: PersonalData) throws -> Version {
        version(.personal(userID: data.userID), html: try app.views.render("personal_data_pdf", data.pdf(made: Date())).body)
    }

    func personal(userID: Int64) async throws -> Version? {
        guard let sections = try await PrivacyRepository(pool: app.pool).export(userID: userID) else { return nil }
        return try personal(PersonalData(userID: userID, sections))
    }
}
