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
        guard let id, let r = try await requests.request(id: id), user.has(.secretariat) || r.requestedBy == user.id else { throw HTTPError(.notFound) }
        return (user, r)
    }

    static func statusName(_ status: String) -> String {
        switch status {
        case "accepted": "Accepteret"
        case "declined": "Afvist"
        default: "Afventer rådssekretariatet"
        }
    }

    // MARK: List

    struct ListModel: Encodable {
        struct Row: Encodable {
            let href: String
            let kind: String
            let project: String
            let at: String
            let status: String
            let requester: String
        }
        let page: PageInfo
        let rows: [Row]
        let canAsk: Bool
        let newRequestURL: String
        let notice: String?
    }

    func list(_ request: Request, _ context: AppContext) async throws -> HTML {
        let user = try requireUser(context, request)
        let list = try await requests.list(requestedBy: user.has(.secretariat) ? nil : user.id)
        return try app.views.render("requests", ListModel(
            page: PageInfo(title: "Anmodninger fra projekter", context: context, path: SiteURL.requests.path),
            rows: list.map { .init(href: SiteURL.request(.value($0.id)).path, kind: $0.kind.danishName, project: $0.projectName, at: DanishFormat.shortDate($0.createdAt),
                                   status: Self.statusName($0.status), requester: $0.requesterName) },
            canAsk: user.has(.projectLeader), newRequestURL: SiteURL.newRequest.path,
            notice: request.uri.queryParameters.get("besked") == "sendt" ? "Anmodningen er sendt til rådssekretariatet." : nil))
    }

    // MARK: Asking

    struct FormModel: Encodable {
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        let page: PageInfo
        let requestsURL: String
        let newRequestURL: String
        let kinds: [Option]
        let projects: [Option]
        let timings: [Option]
        let askers: [Option]
        let projectName: String
        let challenge: String
        let wishedDates: String
        let reason: String
        let errors: ErrorSummary?
        let e: [String: String]
    }

    func form(_ request: Request, _ context: AppContext, typed: FormData?, errors: FormErrors) async throws -> Response {
        let user = try requireUser(context, request)
        let own = try await CouncilRepository(pool: app.pool).projects(leaderID: user.id)
        var e: [String: String] = [:]
        for item in errors.list where e[item.field] == nil { e[item.field] = item.message }
        let kind = typed?["kind"] ?? request.uri.queryParameters.get("type").map { String($0) } ?? RequestRepository.Kind.sparring.rawValue
        let model = FormModel(
            page: PageInfo(title: "Anmod It-rådet", context: context, path: SiteURL.requests.path),
            requestsURL: SiteURL.requests.path, newRequestURL: SiteURL.newRequest.path,
            kinds: RequestRepository.Kind.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: $0.rawValue == kind) },
            projects: own.map { .init(value: String($0.id), name: $0.name, selected: typed?["project"] == String($0.id)) },
            timings: [("foer", "Før en risikovurdering"), ("efter", "Efter en risikovurdering")].map { .init(value: $0.0, name: $0.1, selected: typed?["timing"] == $0.0) },
            askers: [("regionerne", "Regionerne"), ("regionsdirektoererne", "Regionsdirektørerne")].map { .init(value: $0.0, name: $0.1, selected: typed?["asked_by"] == $0.0) },
            projectName: typed?["project_name"] ?? "", challenge: typed?["challenge"] ?? "", wishedDates: typed?["wished_dates"] ?? "",
            reason: typed?["reason"] ?? "", errors: ErrorSummary(errors), e: e)
        return try app.views.render("request_form", model, status: errors.isEmpty ? .ok : .unprocessableContent).response(from: request, context: context)
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
            r.timing = ["foer", "efter"].contains(form["timing"]) ? form["timing"] : ""
            if r.timing.isEmpty { errors.add("timing", "Vælg, om mødet ligger før eller efter en risikovurdering.") }
            r.challenge = form["challenge"]
            if r.challenge.trimmingWhitespace().isEmpty { errors.add("challenge", "Beskriv den udfordring, I ønsker sparring om.") }
            r.wishedDates = form["wished_dates"]
        case .regionalAssessment:
            r.projectName = form["project_name"].trimmingWhitespace()
            if r.projectName.isEmpty { errors.add("project_name", "Skriv projektets navn.") }
            if let clash = try await app.pool.query("SELECT project_leader_id FROM projects WHERE lower(name) = lower($1)", [r.projectName]).first {
                let leader: Int64? = try clash.decode("project_leader_id")
                if leader != user.id { errors.add("project_name", "Der findes allerede et projekt med navnet »\(r.projectName)«, som du ikke er projektleder for.") }
            }
            r.askedBy = ["regionerne", "regionsdirektoererne"].contains(form["asked_by"]) ? form["asked_by"] : ""
            if r.askedBy.isEmpty { errors.add("asked_by", "Vælg, hvem der ønsker risikovurderingen.") }
            r.reason = form["reason"]
            if r.reason.trimmingWhitespace().isEmpty { errors.add("reason", "Skriv, hvorfor projektet ønskes risikovurderet.") }
        }
        let texts = [r.projectName, r.challenge, r.wishedDates, r.reason]
        if texts.contains(where: { $0.contains("\u{0}") || $0.count > AssessmentWork.maxText }) { errors.add("challenge", "En tekst er for lang eller indeholder ugyldige tegn.") }
        guard errors.isEmpty else { return try await self.form(request, context, typed: form, errors: errors) }
        let id = try await requests.create(r, audit: .init(userID: user.id, username: user.username, action: "request.created",
                                                           objectType: "project_request", detail: kind.rawValue, clientIP: context.clientIP))
        return .redirect(to: SiteURL.request(.value(id)).path(query: [("besked", "sendt")]))
    }

    // MARK: One request

    struct ShowModel: Encodable {
        struct Fact: Encodable {
            let label: String
            let value: String
        }
        struct File: Encodable {
            let href: String
            let name: String
            let size: String
        }
        struct Person: Encodable {
            let id: Int64
            let name: String
            let blocked: String?
        }
        let page: PageInfo
        let id: Int64
        let requestsURL: String
        let materialURL: String
        let decisionURL: String
        let kind: String
        let project: String
        let status: String
        let facts: [Fact]
        let answer: String?
        let files: [File]
        let hasFiles: Bool
        let canUpload: Bool
        let canDecide: Bool
        let isSparring: Bool
        let council: [Person]
        let typedDate: String
        let typedAnswer: String
        let result: String?
        let resultHref: String?
        let error: String?
        let notice: String?
        let maxUpload: String
    }

    func show(_ request: Request, _ context: AppContext, error: String?, typed: FormData?) async throws -> Response {
        let (user, r) = try await visible(context, request, id: context.parameters.get("id", as: Int64.self))
        let files = try await AttachmentRepository(pool: app.pool).list(requestID: r.id)
        var facts = [ShowModel.Fact(label: "Anmodet af", value: r.requesterName), .init(label: "Sendt", value: DanishFormat.dateTime(r.createdAt))]
        if r.kind == .sparring {
            facts += [.init(label: "Tidspunkt", value: r.timing == "foer" ? "Før en risikovurdering" : "Efter en risikovurdering"),
                      .init(label: "Udfordring", value: r.challenge), .init(label: "Ønskede datoer", value: r.wishedDates)]
        } else {
            facts += [.init(label: "Ønskes af", value: r.askedBy == "regionsdirektoererne" ? "Regionsdirektørerne" : "Regionerne"),
                      .init(label: "Begrundelse", value: r.reason)]
        }
        let canDecide = user.has(.secretariat) && r.status == "new"
        let council = canDecide && r.kind == .sparring && r.projectID != nil
            ? try await SparringRepository(pool: app.pool).candidates(projectID: r.projectID!).map { ShowModel.Person(id: $0.userID, name: $0.name, blocked: CaseRoutes.blockReason($0)) }
            : []
        let notice: String? = switch request.uri.queryParameters.get("besked") {
        case "sendt": "Anmodningen er sendt til rådssekretariatet. Du kan vedlægge baggrundsmateriale herunder."
        case "fil": "Filen er vedlagt."
        case "fil-type": "Filen blev afvist: den er ikke en \(FileKind.allowedDescription)-fil (typen afgøres af filens indhold)."
        case "fil-mangler": "Vælg en fil, før du trykker »Vedlæg«."
        case "besluttet": "Beslutningen er registreret, og projektlederen kan se den her."
        default: nil
        }
        let (result, resultHref): (String?, String?) = if let a = r.activityID {
            ("Sparringsmødet er planlagt.", SiteURL.sparringMeeting(.value(a)).path)
        } else if let c = r.caseID {
            ("En indmelding er oprettet som kladde; projektlederen gør den færdig og sender den.", SiteURL.caseDetail(.value(c)).path)
        } else { (nil, nil) }
        let model = ShowModel(
            page: PageInfo(title: "Anmodning: \(r.projectName)", context: context, path: SiteURL.requests.path), id: r.id,
            requestsURL: SiteURL.requests.path, materialURL: SiteURL.requestMaterial(.value(r.id)).path,
            decisionURL: SiteURL.requestDecision(.value(r.id)).path, kind: r.kind.danishName,
            project: r.projectName, status: Self.statusName(r.status), facts: facts.filter { !$0.value.isEmpty },
            answer: r.answer.isEmpty ? nil : r.answer,
            files: files.map { .init(href: SiteURL.requestFile(.value($0.id)).path, name: $0.filename, size: BoardRoutes.fileSize($0.size)) },
            hasFiles: !files.isEmpty, canUpload: r.requestedBy == user.id && r.status == "new", canDecide: canDecide, isSparring: r.kind == .sparring,
            council: council, typedDate: typed?["planned_on"] ?? "", typedAnswer: typed?["answer"] ?? "", result: result, resultHref: resultHref,
            error: error, notice: notice, maxUpload: "\(AttachmentRoutes.maxUploadBytes / 1_000_000) MB")
        return try app.views.render("request", model, status: error == nil ? .ok : .unprocessableContent).response(from: request, context: context)
    }

    func upload(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, r) = try await visible(context, request, id: context.parameters.get("id", as: Int64.self))
        guard r.requestedBy == user.id, r.status == "new" else { throw HTTPError(.forbidden) }
        let clientIP = context.clientIP
        return try await UploadReceiver(pool: app.pool, maxBytes: AttachmentRoutes.maxUploadBytes).receiveAndRedirect(
            request, context: context, owner: .request(r.id), userID: user.id, back: SiteURL.request(.value(r.id)).path, message: "fil") { id, filename, size in
                .init(userID: user.id, username: user.username, action: "request.file_uploaded", objectType: "attachment",
                      objectID: String(id), detail: "anmodning \(r.id): \(filename) (\(size) bytes)", clientIP: clientIP)
            }
    }

    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        let files = AttachmentRepository(pool: app.pool)
        guard let id = context.parameters.get("id", as: Int64.self), let (info, _, requestID) = try await files.ownedFile(id: id), let requestID
        else { throw HTTPError(.notFound) }
        _ = try await visible(context, request, id: requestID)
        return AttachmentRoutes.streamed(info, from: files, cacheControl: "no-store")
    }

    func decide(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, r) = try await visible(context, request, id: context.parameters.get("id", as: Int64.self))
        guard user.has(.secretariat) else { throw HTTPError(.forbidden) }
        let form = context.form ?? FormData()
        let answer = form["answer"].trimmingWhitespace()
        guard answer.count <= 5_000, !answer.contains("\u{0}") else { return try await show(request, context, error: "Beskeden er for lang eller indeholder ugyldige tegn.", typed: form) }
        let decision: RequestRepository.Decision
        switch (form["beslutning"], r.kind) {
        case ("afvis", _):
            guard !answer.isEmpty else { return try await show(request, context, error: "Skriv en besked til projektet, når anmodningen afvises.", typed: form) }
            decision = .decline
        case ("accepter", .sparring):
            guard let day = DanishFormat.parseDay(form["planned_on"].trimmingWhitespace()) else {
                return try await show(request, context, error: "Skriv datoen for sparringsmødet som dd.mm.åååå.", typed: form)
            }
            let chosen = Set(form.values("council").compactMap { Int64($0) })
            let candidates = try await SparringRepository(pool: app.pool).candidates(projectID: r.projectID ?? 0)
            if let blocked = candidates.first(where: { chosen.contains($0.userID) }).flatMap(CaseRoutes.blockReason) {
                return try await show(request, context, error: blocked, typed: form)
            }
            guard !chosen.isEmpty, chosen.isSubset(of: Set(candidates.map(\.userID))) else {
                return try await show(request, context, error: "Udpeg mindst ét rådsmedlem (som regel \(app.config.council.usualCouncilMembers)).", typed: form)
            }
            decision = .sparring(plannedOn: day, councilMembers: chosen.sorted())
        case ("accepter", .regionalAssessment):
            decision = .intake
        default:
            return try await show(request, context, error: "Vælg, om anmodningen accepteres eller afvises.", typed: form)
        }
        guard try await requests.decide(id: r.id, decision, answer: answer, userID: user.id, audit: .init(
            userID: user.id, username: user.username, action: form["beslutning"] == "afvis" ? "request.declined" : "request.accepted",
            objectType: "project_request", objectID: String(r.id), clientIP: context.clientIP)) != nil
        else { return try await show(request, context, error: "Anmodningen er allerede behandlet.", typed: form) }
        return .redirect(to: SiteURL.request(.value(r.id)).path(query: [("besked", "besluttet")]))
    }
}
