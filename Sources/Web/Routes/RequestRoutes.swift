import Database
import Domain
import Foundation
import Hummingbird

/// Requests from projects: a project leader asks for a sparringsmøde (before or after an
/// assessment: the challenge, background files, wished dates) or for an assessment of one region's
/// own project (who asks and why). The secretariat accepts — creating the sparringsmøde, or an intake
/// draft the project leader completes — or declines with a message the project leader reads.
struct RequestRoutes {
    let app: AppServices
    var requests: RequestRepository { RequestRepository(pool: app.pool) }

    func addRoutes(to site: SiteRouter) {
        // The project leader's own requests, or every request for the secretariat (decided per request).
        let router = site.requiring(.readRequests)
        let projectLeader = site.requiring(.registerProjects)
        router.get(.requests) { request, context in try await self.list(request, context) }
        projectLeader.get(.newRequest) { request, context in
            try await self.form(request, context, typed: nil, errors: FormErrors())
        }
        projectLeader.post(.newRequest) { request, context in try await self.create(request, context) }
        router.get(.request(.key)) { request, context in try await self.show(request, context, error: nil, typed: nil) }
        router.post(.requestMaterial(.key)) { request, context in try await self.upload(request, context) }
        // A file answers 404 to anyone who may not read it, signed in or not.
        site.get(.requestFile(.key)) { request, context in try await self.download(request, context) }
        router.post(.requestDecision(.key)) { request, context in try await self.decide(request, context) }
    }

    /// The request, or 404: the secretariat sees all, a project leader only their own.
    func visible(_ context: AppContext, _ request: Request, id: Int64?) async throws -> (User, RequestRepository.Request) {
        let user = try requireUser(context, request)
        guard let r = try await RequestPage.visible(requests, id: id, user: user) else { throw HTTPError(.notFound) }
        return (user, r)
    }

    // MARK: List

    func list(_ request: Request, _ context: AppContext) async throws -> HTML {
        let list = try await RequestListPage.query(requests, user: try requireUser(context, request))
        let model = RequestListPage.build(list, viewer: Viewer(context), sent: request.uri.queryParameters.get("besked") == "sendt")
        return try app.views.render(RequestListPage.template, model)
    }

    // MARK: Asking

    func form(_ request: Request, _ context: AppContext, typed: FormData?, errors: FormErrors) async throws -> Response {
        let own = try await RequestFormPage.query(app.council, user: try requireUser(context, request))
        let model = RequestFormPage.build(
            own, typed: typed, kind: request.uri.queryParameters.get("type").map { String($0) }, errors: errors,
            viewer: Viewer(context))
        return try app.views.render(RequestFormPage.template, model, status: errors.isEmpty ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        var errors = FormErrors()
        guard let kind = RequestRepository.Kind(rawValue: form["kind"]) else {
            errors.add("kind", "Vælg, hvad I beder om.")
            return try await self.form(request, context, typed: form, errors: errors)
        }
        let own = try await CouncilRepository(pool: app.pool).projects(leaderID: user.id)
        var r = RequestRepository.Request(kind: kind, projectName: "")
        r.requestedBy = user.id
        switch kind {
        case .sparring:
            if let project = own.first(where: { String($0.id) == form["project"] }) {
                r.projectID = project.id
                r.projectName = project.name
            } else {
                errors.add("project", "Vælg det projekt, sparringsmødet gælder (et projekt, du er projektleder for).")
            }
            r.timing = RequestRepository.Timing(rawValue: form["timing"])
            if r.timing == nil { errors.add("timing", "Vælg, om mødet ligger før eller efter en risikovurdering.") }
            r.challenge = form["challenge"]
            if r.challenge.trimmingWhitespace().isEmpty { errors.add("challenge", "Beskriv den udfordring, I ønsker sparring om.") }
            r.wishedDates = form["wished_dates"]
        case .regionalAssessment:
            r.projectName = form["project_name"].trimmingWhitespace()
            if r.projectName.isEmpty { errors.add("project_name", "Skriv projektets navn.") }
            if let clash = try await app.pool.query("SELECT project_leader_id FROM projects WHERE lower(name) = lower($1)", [r.projectName]).first {
                let leader: Int64? = try clash.decode("project_leader_id")
                if leader != user.id {
                    errors.add("project_name", "Der findes allerede et projekt med navnet »\(r.projectName)«, som du ikke er projektleder for.")
                }
            }
            r.askedBy = RequestRepository.AskedBy(rawValue: form["asked_by"])
            if r.askedBy == nil { errors.add("asked_by", "Vælg, hvem der ønsker risikovurderingen.") }
            r.reason = form["reason"]
            if r.reason.trimmingWhitespace().isEmpty { errors.add("reason", "Skriv, hvorfor projektet ønskes risikovurderet.") }
        }
        let texts = [r.projectName, r.challenge, r.wishedDates, r.reason]
        if texts.contains(where: { $0.contains("\u{0}") || $0.count > AssessmentWork.maxText }) {
            errors.add("challenge", "En tekst er for lang eller indeholder ugyldige tegn.")
        }
        guard errors.isEmpty else { return try await self.form(request, context, typed: form, errors: errors) }
        let id = try await requests.create(
            r,
            audit: .init(
                userID: user.id, username: user.username, action: "request.created",
                objectType: "project_request", detail: kind.rawValue, clientIP: context.clientIP))
        return .redirect(to: SiteURL.request(.value(id)).path(query: [("besked", "sendt")]))
    }

    /// What a decision will do and who will be told, before it is taken (nothing is written until "Ja").
    func confirmDecision(
        _ request: Request, _ context: AppContext, _ r: RequestRepository.Request, _ decision: RequestRepository.Decision, answer: String,
        form: FormData
    ) async throws -> Response {
        var leader: User?
        if let id = r.requestedBy { leader = try await UserRepository(pool: app.pool).find(id: id) }
        let happens: [String]
        var told = ["Projektlederen\(leader.map { ", \($0.fullName)," } ?? "") ser beslutningen og beskeden på anmodningen."]
        switch decision {
        case .decline:
            happens = ["Anmodningen afvises og lukkes."]
        case .sparring(let day, let members):
            let names = try await SparringRepository(pool: app.pool).candidates(projectID: r.projectID ?? 0)
                .filter { members.contains($0.userID) }.map(\.name)
            happens = [
                "Sparringsmødet oprettes \(DanishFormat.calendar.date(from: day).map(DanishFormat.longDate) ?? "")"
                    + " med \(names.joined(separator: " og ")).",
                "Anmodningen markeres som accepteret.",
            ]
            told.append("De udpegede rådsmedlemmer ser mødet under sparringsmøder.")
        case .intake:
            happens = [
                "Der oprettes en kladde til indmelding af »\(r.projectName)«, som projektlederen gør færdig og sender.",
                "Anmodningen markeres som accepteret.",
            ]
        }
        if !answer.isEmpty { told.append("Beskeden til projektet: »\(answer)«") }
        let accept = form["beslutning"] == "accepter"
        let model = ConfirmActionPage.build(
            title: accept ? "Acceptér anmodningen?" : "Afvis anmodningen?",
            heading: accept ? "Acceptér anmodningen?" : "Afvis anmodningen?",
            lead:
                "Du er ved at beslutte anmodningen (\(r.kind.danishName.lowercased())) for »\(r.projectName)«. Beslutningen kan ikke ændres bagefter.",
            happens: happens, told: told, action: SiteURL.requestDecision(.value(r.id)).path,
            fields: form.fields.sorted { $0.key < $1.key }.flatMap { key, values in values.map { (key, $0) } },
            confirmLabel: accept ? "Ja, acceptér" : "Ja, afvis", cancel: SiteURL.request(.value(r.id)).path, backInForm: true,
            path: SiteURL.requests.path, viewer: Viewer(context))
        return try app.views.render(ConfirmActionPage.template, model).response(from: request, context: context)
    }

    // MARK: One request

    func show(_ request: Request, _ context: AppContext, error: String?, typed: FormData?) async throws -> Response {
        let (user, r) = try await visible(context, request, id: context.parameters.get("id", as: Int64.self))
        let model = RequestPage.build(
            r, try await RequestPage.query(app.pool, r, user: user), viewer: Viewer(context), maxUploadBytes: app.config.maxUploadBytes,
            message: request.uri.queryParameters.get("besked").map { String($0) }, error: error, typed: typed)
        return try app.views.render(RequestPage.template, model, status: error == nil ? .ok : .unprocessableContent).response(
            from: request, context: context)
    }

    func upload(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, r) = try await visible(context, request, id: context.parameters.get("id", as: Int64.self))
        guard r.requestedBy == user.id, r.status == .new else { throw HTTPError(.forbidden) }
        let clientIP = context.clientIP
        return try await UploadReceiver(app).receiveAndRedirect(
            request, context: context, owner: .request(r.id), userID: user.id, back: SiteURL.request(.value(r.id)).path, message: "fil"
        ) { id, filename, size in
            .init(
                userID: user.id, username: user.username, action: "request.file_uploaded", objectType: "attachment",
                objectID: String(id), detail: "anmodning \(r.id): \(filename) (\(size) bytes)", clientIP: clientIP)
        }
    }

    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        let files = AttachmentRepository(pool: app.pool)
        guard let id = context.parameters.get("id", as: Int64.self), let (info, _, requestID) = try await files.ownedFile(id: id), let requestID
        else { throw HTTPError(.notFound) }
        _ = try await visible(context, request, id: requestID)
        return try AttachmentRoutes.streamed(info, from: files, cacheControl: "no-store", request: request)
    }

    func decide(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, r) = try await visible(context, request, id: context.parameters.get("id", as: Int64.self))
        guard user.has(.secretariat) else { throw HTTPError(.forbidden) }
        let form = context.form ?? FormData()
        let answer = form["answer"].trimmingWhitespace()
        guard answer.count <= 5_000, !answer.contains("\u{0}") else {
            return try await show(request, context, error: "Beskeden er for lang eller indeholder ugyldige tegn.", typed: form)
        }
        let decision: RequestRepository.Decision
        switch (form["beslutning"], r.kind) {
        case ("afvis", _):
            guard !answer.isEmpty else {
                return try await show(request, context, error: "Skriv en besked til projektet, når anmodningen afvises.", typed: form)
            }
            decision = .decline
        case ("accepter", .sparring):
            guard let day = DanishFormat.parseDay(form["planned_on"].trimmingWhitespace()) else {
                return try await show(request, context, error: "Skriv datoen for sparringsmødet som dd.mm.åååå.", typed: form)
            }
            let chosen = Set(form.values("council").compactMap { Int64($0) })
            let candidates = try await SparringRepository(pool: app.pool).candidates(projectID: r.projectID ?? 0)
            if let blocked = candidates.first(where: { chosen.contains($0.userID) }).flatMap(PlanningPage.blockReason) {
                return try await show(request, context, error: blocked, typed: form)
            }
            guard !chosen.isEmpty, chosen.isSubset(of: Set(candidates.map(\.userID))) else {
                return try await show(
                    request, context, error: "Udpeg mindst ét rådsmedlem (som regel \(app.config.council.usualCouncilMembers)).", typed: form)
            }
            decision = .sparring(plannedOn: day, councilMembers: chosen.sorted())
        case ("accepter", .regionalAssessment):
            decision = .intake
        default:
            return try await show(request, context, error: "Vælg, om anmodningen accepteres eller afvises.", typed: form)
        }
        guard r.status == .new else { return try await show(request, context, error: "Anmodningen er allerede behandlet.", typed: form) }
        if form["bekraeft"] == "ret" { return try await show(request, context, error: nil, typed: form) }
        guard form["bekraeft"] == "ja" else { return try await confirmDecision(request, context, r, decision, answer: answer, form: form) }
        guard
            try await requests.decide(
                id: r.id, decision, answer: answer, userID: user.id,
                audit: .init(
                    userID: user.id, username: user.username, action: form["beslutning"] == "afvis" ? "request.declined" : "request.accepted",
                    objectType: "project_request", objectID: String(r.id), clientIP: context.clientIP)) != nil
        else { return try await show(request, context, error: "Anmodningen er allerede behandlet.", typed: form) }
        return .redirect(to: SiteURL.request(.value(r.id)).path(query: [("besked", "besluttet")]))
    }
}
