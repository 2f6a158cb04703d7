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
    static let contactKey = "council_contact"
    static let defaultContact = "Rådssekretariatet, Danske Regioner\nDampfærgevej 22, 2100 København Ø"

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

    struct AboutModel: Encodable {
        struct Member: Encodable {
            let name: String
            let title: String
            let chair: Bool
        }
        let page: PageInfo
        let whoIsAssessed: [String]
        let regional: [Member]
        let external: [Member]
        let assessorRange: String
        let contactHTML: String
        let canEditContact: Bool
        let canRequest: Bool
        let urls = URLs()

        struct URLs: Encodable {
            let model = SiteURL.councilModel.path
            let library = SiteURL.library.path
            let reports = SiteURL.reports.path
            let requestSparring = SiteURL.newRequest.path(query: [("type", "sparring")])
            let contact = SiteURL.councilContact.path
        }
    }

    func about(_ request: Request, _ context: AppContext) async throws -> HTML {
        let p = app.config.council
        let members = try await CouncilRepository(pool: app.pool).members()
        func member(_ m: CouncilMember) -> AboutModel.Member { .init(name: m.fullName, title: m.title, chair: m.isChair) }
        let contact = try await library.text(Self.contactKey).body
        return try app.views.render("council_about", AboutModel(
            page: PageInfo(title: "Regionernes It-råd", description: "Hvad Regionernes It-råd er, hvem der risikovurderes, og hvem rådet består af.",
                           context: context, path: SiteURL.council.path),
            whoIsAssessed: CouncilProcess.whoIsAssessed(p), regional: members.filter(\.isRegional).map(member),
            external: members.filter { !$0.isRegional }.map(member),
            assessorRange: "\(p.assessorRange.lowerBound)–\(p.assessorRange.upperBound)",
            contactHTML: RichText.html(contact.isEmpty ? Self.defaultContact : contact),
            canEditContact: context.user?.has(.secretariat) ?? false, canRequest: context.user?.has(.projectLeader) ?? false))
    }

    struct ModelPage: Encodable {
        struct Step: Encodable {
            let number: Int
            let title: String
            let text: String
        }
        struct Phase: Encodable {
            let name: String
            let steps: String
            let assessed: Bool
        }
        let page: PageInfo
        let steps: [Step]
        let phases: [Phase]
        let noticeMonths: Int
        let councilURL = SiteURL.council.path
        let libraryURL = SiteURL.library.path
    }

    func model(_ request: Request, _ context: AppContext) async throws -> HTML {
        let p = app.config.council
        return try app.views.render("council_model", ModelPage(
            page: PageInfo(title: "Sådan foregår en risikovurdering", description: "Trinene i Regionernes It-råds risikovurdering, fra indmelding til evaluering.",
                           context: context, path: SiteURL.council.path),
            steps: CouncilProcess.steps(p).enumerated().map { .init(number: $0.offset + 1, title: $0.element.title, text: $0.element.text) },
            phases: RSIPhase.allCases.map { .init(name: $0.rawValue, steps: $0.steps.joined(separator: ", "), assessed: $0 == RSIPhase.assessmentPhase) },
            noticeMonths: p.noticeMonths))
    }

    struct ContactModel: Encodable {
        let page: PageInfo
        let body: String
        let version: Int
        let error: String?
        let councilURL = SiteURL.council.path
        let contactURL = SiteURL.councilContact.path
    }

    func contactForm(_ request: Request, _ context: AppContext, typed: (body: String, version: Int)?, error: String?) async throws -> Response {
        let stored = try await library.text(Self.contactKey)
        return try app.views.render("council_contact", ContactModel(
            page: PageInfo(title: "Rådssekretariatets kontaktoplysninger", context: context, path: SiteURL.council.path),
            body: typed?.body ?? (stored.body.isEmpty ? Self.defaultContact : stored.body), version: typed?.version ?? stored.version, error: error),
            status: error == nil ? .ok : .unprocessableContent).response(from: request, context: context)
    }

    func saveContact(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        let body = form["body"], version = Int(form["version"]) ?? -1
        guard body.count <= 5_000, !body.contains("\u{0}") else {
            return try await contactForm(request, context, typed: (body, version), error: "Teksten er for lang eller indeholder ugyldige tegn.")
        }
        guard try await library.saveText(Self.contactKey, body: body, version: version, userID: user.id, audit: .init(
            userID: user.id, username: user.username, action: "site_text.saved", objectType: "site_text", objectID: Self.contactKey,
            clientIP: context.clientIP))
        else {
            let stored = try await library.text(Self.contactKey)
            return try await contactForm(request, context, typed: (body, stored.version),
                                         error: "Teksten er ændret af en anden, mens du skrev. Din tekst står herunder; gem igen for at erstatte den.")
        }
        return .redirect(to: SiteURL.council.path(fragment: "kontakt"))
    }

    // MARK: The material library

    static func mayReadRestricted(_ context: AppContext) -> Bool {
        guard let user = context.user else { return false }
        return user.hasAny([.projectLeader, .secretariat, .councilMember, .assessor, .admin])
    }

    struct LibraryModel: Encodable {
        struct Doc: Encodable {
            let href: String
            let title: String
            let descriptionHTML: String
            let audience: String
            let restricted: Bool
            let file: String?
            let fileHref: String?
            let size: String?
        }
        let page: PageInfo
        let documents: [Doc]
        let canEdit: Bool
        let loggedIn: Bool
        let councilURL = SiteURL.council.path
        let newDocumentURL = SiteURL.newLibraryDocument.path
    }

    func libraryPage(_ request: Request, _ context: AppContext) async throws -> HTML {
        let restricted = Self.mayReadRestricted(context)
        let docs = try await library.documents(includeRestricted: restricted)
        return try app.views.render("library", LibraryModel(
            page: PageInfo(title: "Materialer til risikovurderingen", description: "Skabeloner og vejledninger fra Regionernes It-råd.",
                           context: context, path: SiteURL.council.path),
            documents: docs.map { d in
                .init(href: SiteURL.libraryDocument(.value(d.id)).path, title: d.title, descriptionHTML: RichText.html(d.description),
                      audience: d.audience.danishName, restricted: d.audience == .projectLeaders, file: d.currentFileName,
                      fileHref: d.currentFileID.map { SiteURL.libraryFile(.value($0)).path }, size: d.currentFileSize.map(BoardRoutes.fileSize))
            }, canEdit: context.user?.has(.secretariat) ?? false, loggedIn: context.user != nil))
    }

    /// A document, or 404 for one the reader may not see.
    func readableDocument(_ context: AppContext, id: Int64?) async throws -> LibraryRepository.Document {
        guard let id, let d = try await library.document(id: id), d.audience == .everyone || Self.mayReadRestricted(context) else {
            throw HTTPError(.notFound)
        }
        return d
    }

    struct DocumentModel: Encodable {
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        struct Version: Encodable {
            let href: String
            let name: String
            let size: String
            let at: String
            let current: Bool
        }
        let page: PageInfo
        let id: Int64?
        let action: String
        let title: String
        let description: String
        let position: String
        let version: Int
        let audiences: [Option]
        let versions: [Version]
        let hasVersions: Bool
        let error: String?
        let notice: String?
        let maxUpload: String
        let libraryURL = SiteURL.library.path
        /// Nil for a new document (no file before it is saved).
        let uploadURL: String?
    }

    func documentForm(_ request: Request, _ context: AppContext, _ d: LibraryRepository.Document?, typed: FormData?, error: String?) async throws -> Response {
        var versions: [(info: AttachmentRepository.Info, uploadedAt: Date)] = []
        if let d { versions = try await AttachmentRepository(pool: app.pool).list(libraryDocumentID: d.id) }
        let audience = typed.map { $0["audience"] } ?? d?.audience.rawValue ?? LibraryRepository.Audience.everyone.rawValue
        let notice: String? = switch request.uri.queryParameters.get("besked") {
        case "gemt": "Dokumentet er gemt."
        case "fil": "Den nye version er uploadet og er nu den, der hentes."
        case "fil-type": "Filen blev afvist: den er ikke en \(FileKind.allowedDescription)-fil (typen afgøres af filens indhold)."
        case "fil-mangler": "Vælg en fil, før du trykker »Upload«."
        default: nil
        }
        let model = DocumentModel(
            page: PageInfo(title: d.map { "Materiale: \($0.title)" } ?? "Nyt materiale", context: context, path: SiteURL.council.path),
            id: d?.id, action: d.map { SiteURL.libraryDocument(.value($0.id)).path } ?? SiteURL.newLibraryDocument.path,
            title: typed?["title"] ?? d?.title ?? "", description: typed?["description"] ?? d?.description ?? "",
            position: typed?["position"] ?? d.map { String($0.position) } ?? "10", version: d?.version ?? 0,
            audiences: LibraryRepository.Audience.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: $0.rawValue == audience) },
            versions: versions.enumerated().map { i, v in
                DocumentModel.Version(href: SiteURL.libraryFile(.value(v.info.id)).path, name: v.info.filename, size: BoardRoutes.fileSize(v.info.size),
                      at: DanishFormat.dateTime(v.uploadedAt), current: i == 0)
            }, hasVersions: !versions.isEmpty, error: error, notice: notice,
            maxUpload: "\(AttachmentRoutes.maxUploadBytes / 1_000_000) MB",
            uploadURL: d.map { SiteURL.libraryDocumentFile(.value($0.id)).path })
        return try app.views.render("library_document", model, status: error == nil ? .ok : .unprocessableContent).response(from: request, context: context)
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
        let title = form["title"].trimmingWhitespace(), description = form["description"]
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
        let audit = AuditRepository.Entry(userID: user.id, username: user.username, action: "library.saved", objectType: "library_document",
                                          objectID: id.map(String.init) ?? "", clientIP: context.clientIP)
        if let existing {
            d.id = existing.id
            d.version = Int(form["version"]) ?? -1
            guard try await library.update(d, audit: audit) else {
                return try await documentForm(request, context, try await library.document(id: existing.id), typed: form,
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
        return try await UploadReceiver(pool: app.pool, maxBytes: AttachmentRoutes.maxUploadBytes).receiveAndRedirect(
            request, context: context, owner: .libraryDocument(d.id), userID: user.id, back: SiteURL.libraryDocument(.value(d.id)).path, message: "fil") { id, filename, size in
                .init(userID: user.id, username: user.username, action: "library.file_uploaded", objectType: "attachment",
                      objectID: String(id), detail: "materiale \(d.id): \(filename) (\(size) bytes)", clientIP: clientIP)
            }
    }

    /// A library file: the public's when the document is public; older versions to the secretariat only.
    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        let files = AttachmentRepository(pool: app.pool)
        guard let id = context.parameters.get("id", as: Int64.self), let (info, documentID, _) = try await files.ownedFile(id: id),
              let documentID else { throw HTTPError(.notFound) }
        let d = try await readableDocument(context, id: documentID)
        guard d.currentFileID == info.id || (context.user?.has(.secretariat) ?? false) else { throw HTTPError(.notFound) }
        return AttachmentRoutes.streamed(info, from: files, cacheControl: d.audience == .everyone && context.user == nil ? "public, max-age=300" : "no-store")
    }
}
