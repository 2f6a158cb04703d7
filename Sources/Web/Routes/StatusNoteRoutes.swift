import Database
import Domain
import Foundation
import Hummingbird

/// The board secretariat keeps status notes: a note, its dated versions, each version's sections.
struct StatusNoteRoutes {
    let app: AppServices
    var notes: StatusNoteRepository { StatusNoteRepository(pool: app.pool) }

    func addRoutes(to site: SiteRouter) {
        // Status notes are kept by the board secretariat.
        let router = site.requiring(.runBoard)
        router.get(.statusNotes) { request, context in try await self.list(request, context, error: nil) }
        router.post(.statusNotes) { request, context in try await self.createNote(request, context) }
        router.post(.statusNoteVersions(.key)) { request, context in try await self.createVersion(request, context) }
        router.get(.statusNoteVersion(.key)) { request, context in try await self.edit(request, context) }
        router.post(.statusNoteVersion(.key)) { request, context in try await self.save(request, context) }
    }

    func list(_ request: Request, _ context: AppContext, error: String?) async throws -> Response {
        let model = StatusNotesPage.build(try await StatusNotesPage.query(app.pool), viewer: Viewer(context), error: error)
        return try app.views.render(StatusNotesPage.template, model, status: error == nil ? .ok : .unprocessableContent)
            .response(from: request, context: context)
    }

    func createNote(_ request: Request, _ context: AppContext) async throws -> Response {
        let title = (context.form ?? FormData())["title"].trimmingWhitespace()
        guard !title.isEmpty, title.count <= 200, !title.contains("\u{0}") else {
            return try await list(request, context, error: "Skriv statusnotatets titel (højst 200 tegn).")
        }
        _ = try await notes.createNote(title: title)
        return .redirect(to: SiteURL.statusNotes.path)
    }

    func createVersion(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let noteID = context.parameters.get("id", as: Int64.self) else { throw HTTPError(.notFound) }
        guard let day = DanishFormat.parseDay((context.form ?? FormData())["dated"]) else {
            return try await list(request, context, error: "Skriv versionens dato som dd.mm.åååå, fx 21.6.2022.")
        }
        let iso = String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)
        do {
            let id = try await notes.createVersion(noteID: noteID, dated: iso)
            return .redirect(to: SiteURL.statusNoteVersion(.value(id)).path)
        } catch DatabaseError.uniqueViolation {
            return try await list(request, context, error: "Der findes allerede en version med den dato.")
        } catch DatabaseError.foreignKeyViolation {
            throw HTTPError(.notFound)
        }
    }

    func editor(_ request: Request, _ context: AppContext, version: StatusNoteRepository.Version, sections: [StatusSection], error: String?) throws
        -> Response
    {
        let model = StatusNoteEditPage.build(version, sections: sections, viewer: Viewer(context), error: error)
        return try app.views.render(StatusNoteEditPage.template, model, status: error == nil ? .ok : .unprocessableContent)
            .response(from: request, context: context)
    }

    func edit(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let id = context.parameters.get("version", as: Int64.self), let version = try await StatusNoteEditPage.version(app.pool, id: id) else {
            throw HTTPError(.notFound)
        }
        return try editor(request, context, version: version, sections: try await StatusNoteEditPage.query(app.pool, versionID: id), error: nil)
    }

    func save(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("version", as: Int64.self), let version = try await notes.version(id: id) else {
            throw HTTPError(.notFound)
        }
        let form = context.form ?? FormData()
        var sections: [StatusSection] = []
        var problem: String?
        for i in 0..<200 where form.has("heading_\(i)") {
            let heading = form["heading_\(i)"].trimmingWhitespace()
            let body = form["body_\(i)"]
            // An empty section (heading and text) is dropped: that is how a section is removed.
            if heading.isEmpty && body.trimmingWhitespace().isEmpty { continue }
            if heading.isEmpty { problem = "Hvert afsnit skal have en overskrift." }
            if heading.count > StatusSection.maxHeadingLength {
                problem = "En afsnitsoverskrift må højst være \(StatusSection.maxHeadingLength) tegn."
            }
            if body.count > AgendaItemDraft.maxTextLength || (heading + body).contains("\u{0}") {
                problem = "Et afsnit er for langt eller indeholder ugyldige tegn."
            }
            let refs = form["refs_\(i)"].split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            if refs.count > StatusSection.maxLegalRefs || refs.contains(where: { $0.count > StatusSection.maxLegalRefLength }) {
                problem = "Højst \(StatusSection.maxLegalRefs) henvisninger pr. afsnit, hver på højst \(StatusSection.maxLegalRefLength) tegn."
            } else if refs.contains(where: { !($0.hasPrefix("https://") || $0.hasPrefix("http://")) }) {
                problem = "Henvisninger til retsgrundlag skal være webadresser, der begynder med https://."
            }
            sections.append(StatusSection(heading: heading, body: body, state: SectionState(rawValue: form["state_\(i)"]) ?? .iGang, legalRefs: refs))
        }
        if let problem { return try editor(request, context, version: version, sections: sections, error: problem) }
        try await notes.saveSections(
            versionID: id, sections,
            audit: .init(
                userID: user.id, username: user.username, action: "status_note.saved", objectType: "status_note_version", objectID: String(id),
                clientIP: context.clientIP))
        return .redirect(to: SiteURL.statusNoteVersion(.value(id)).path(query: [("besked", "gemt")]))
    }
}
