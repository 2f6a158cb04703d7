import Database
import Domain
import Foundation
import Hummingbird

/// The council's public face: what it is and why, who is assessed, its actors and members, the
/// process steps (rendered from the Domain's own rules), the RSI project model, sparringsmøder,
/// the secretariat's contact details, and the material library.
struct CouncilPublicRoutes {
    let app: AppServices
    var library: LibraryRepository { LibraryRepository(pool: app.pool) }

    func addRoutes(to router: SiteRouter) {
        // The pages and the library are public; the secretariat edits them.
        let secretariat = router.requiring(.runCouncil)
        router.get(.council) { request, context in try await self.about(request, context) }
        router.get(.councilModel) { request, context in try await self.model(request, context) }
        secretariat.get(.councilContact) { request, context in try await self.contactForm(request, context, typed: nil, error: nil) }
        secretariat.post(.councilContact) { request, context in try await self.saveContact(request, context) }
        router.get(.library) { request, context in try await self.libraryPage(request, context) }
        secretariat.get(.newLibraryDocument) { request, context in
            try await self.documentForm(request, context, nil, typed: nil, error: nil)
        }
        secretariat.post(.newLibraryDocument) { request, context in try await self.saveDocument(request, context, id: nil) }
        secretariat.get(.libraryDocument(.key)) { request, context in try await self.documentPage(request, context) }
        secretariat.post(.libraryDocument(.key)) { request, context in
            try await self.saveDocument(request, context, id: context.parameters.get("id", as: Int64.self))
        }
        secretariat.post(.libraryDocumentFile(.key)) { request, context in try await self.upload(request, context) }
        router.get(.libraryFile(.key)) { request, context in try await self.download(request, context) }
    }

    // MARK: The pages

    func about(_ request: Request, _ context: AppContext) async throws -> HTML {
        let (members, contact) = try await CouncilAboutPage.query(app.pool)
        let model = CouncilAboutPage.build(members: members, contact: contact, parameters: app.config.council, viewer: Viewer(context))
        return try app.views.render(CouncilAboutPage.template, model)
    }

    func model(_ request: Request, _ context: AppContext) async throws -> HTML {
        try app.views.render(CouncilModelPage.template, CouncilModelPage.build(parameters: app.config.council, viewer: Viewer(context)))
    }

    func contactForm(_ request: Request, _ context: AppContext, typed: (body: String, version: Int)?, error: String?) async throws -> Response {
        let model = CouncilContactPage.build(stored: try await CouncilContactPage.query(library), typed: typed, viewer: Viewer(context), error: error)
        return try app.views.render(CouncilContactPage.template, model, status: error == nil ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func saveContact(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        let body = form["body"]
        let version = Int(form["version"]) ?? -1
        guard body.count <= 5_000, !body.contains("\u{0}") else {
            return try await contactForm(request, context, typed: (body, version), error: "Teksten er for lang eller indeholder ugyldige tegn.")
        }
        guard
            try await library.saveText(
                CouncilAboutPage.contactKey, body: body, version: version, userID: user.id,
                audit: .init(
                    userID: user.id, username: user.username, action: "site_text.saved", objectType: "site_text",
                    objectID: CouncilAboutPage.contactKey,
                    clientIP: context.clientIP))
        else {
            let stored = try await library.text(CouncilAboutPage.contactKey)
            return try await contactForm(
                request, context, typed: (body, stored.version),
                error: "Teksten er ændret af en anden, mens du skrev. Din tekst står herunder; gem igen for at erstatte den.")
        }
        return .redirect(to: SiteURL.council.path(fragment: "kontakt"))
    }

    // MARK: The material library

    func libraryPage(_ request: Request, _ context: AppContext) async throws -> HTML {
        let viewer = Viewer(context)
        return try app.views.render(LibraryPage.template, LibraryPage.build(try await LibraryPage.query(library, viewer: viewer), viewer: viewer))
    }

    /// A document, or 404 for one the reader may not see.
    func readableDocument(_ context: AppContext, id: Int64?) async throws -> LibraryRepository.Document {
        guard let id, let d = try await library.document(id: id), d.audience == .everyone || LibraryPage.mayReadRestricted(context.user) else {
            throw HTTPError(.notFound)
        }
        return d
    }

    func documentForm(_ request: Request, _ context: AppContext, _ d: LibraryRepository.Document?, typed: FormData?, error: String?) async throws
        -> Response
    {
        let model = LibraryDocumentPage.build(
            d, versions: try await LibraryDocumentPage.query(app.pool, document: d), viewer: Viewer(context),
            maxUploadBytes: app.config.maxUploadBytes, typed: typed,
            error: error, message: request.uri.queryParameters.get("besked"))
        return try app.views.render(LibraryDocumentPage.template, model, status: error == nil ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func documentPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let d = try await readableDocument(context, id: context.parameters.get("id", as: Int64.self))
        return try await documentForm(request, context, d, typed: nil, error: nil)
    }

    func saveDocument(_ request: Request, _ context: AppContext, id: Int64?) async throws -> Response {
        let user = try requireUser(context, request)
        var existing: LibraryRepository.Document? = nil
        if let id { existing = try await readableDocument(context, id: id) }
        let form = context.form ?? FormData()
        let title = form["title"].trimmingWhitespace()
        let description = form["description"]
        guard let audience = LibraryRepository.Audience(rawValue: form["audience"]) else {
            return try await documentForm(request, context, existing, typed: form, error: "Vælg, hvem dokumentet er til.")
        }
        guard !title.isEmpty, title.count <= 300, description.count <= 5_000, !(title + description).contains("\u{0}") else {
            return try await documentForm(request, context, existing, typed: form, error: "Skriv en titel (højst 300 tegn) og en kort beskrivelse.")
        }
        guard let position = Int(form["position"].trimmingWhitespace()), (0...10_000).contains(position) else {
            return try await documentForm(request, context, existing, typed: form, error: "Skriv rækkefølgen som et tal, fx 10.")
        }
        var d = LibraryRepository.Document(title: title, description: description, position: position, audience: audience)
        let audit = AuditRepository.Entry(
            userID: user.id, username: user.username, action: "library.saved", objectType: "library_document",
            objectID: id.map(String.init) ?? "", clientIP: context.clientIP)
        if let existing {
            d.id = existing.id
            d.version = Int(form["version"]) ?? -1
            guard try await library.update(d, audit: audit) else {
                return try await documentForm(
                    request, context, try await library.document(id: existing.id), typed: form,
                    error: "Dokumentet er ændret af en anden, mens du skrev. Din tekst står herunder; gem igen.")
            }
            return .redirect(to: SiteURL.libraryDocument(.value(existing.id)).path(query: [("besked", "gemt")]))
        }
        let newID = try await library.create(d, audit: audit)
        return .redirect(to: SiteURL.libraryDocument(.value(newID)).path(query: [("besked", "gemt")]))
    }

    func upload(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let d = try await readableDocument(context, id: context.parameters.get("id", as: Int64.self))
        let clientIP = context.clientIP
        return try await UploadReceiver(app).receiveAndRedirect(
            request, context: context, owner: .libraryDocument(d.id), userID: user.id, back: SiteURL.libraryDocument(.value(d.id)).path,
            message: "fil"
        ) { id, filename, size in
            .init(
                userID: user.id, username: user.username, action: "library.file_uploaded", objectType: "attachment",
                objectID: String(id), detail: "materiale \(d.id): \(filename) (\(size) bytes)", clientIP: clientIP)
        }
    }

    /// A library file: the public's when the document is public; older versions to the secretariat only.
    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        let files = AttachmentRepository(pool: app.pool)
        guard let id = context.parameters.get("id", as: Int64.self), let (info, documentID, _) = try await files.ownedFile(id: id),
            let documentID
        else { throw HTTPError(.notFound) }
        let d = try await readableDocument(context, id: documentID)
        guard d.currentFileID == info.id || (context.user?.has(.secretariat) ?? false) else { throw HTTPError(.notFound) }
        return try AttachmentRoutes.streamed(
            info, from: files, cacheControl: d.audience == .everyone && context.user == nil ? "public, max-age=300" : "no-store",
            request: request)
    }
}
