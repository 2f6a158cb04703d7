import Database
import Domain
import Foundation
import Hummingbird

/// Sparring meetings (sparringsmøder): the secretariat plans one for a project with its council
/// members (habilitet applies as for an assessment) and writes the minutes afterwards: remarks and
/// the council members' immediate recommendations in the letter's focus areas.
struct SparringRoutes {
    let app: AppServices
    var sparring: SparringRepository { SparringRepository(pool: app.pool) }
    static let pageSize = 25

    /// The council and its secretariat see every meeting; a project leader those of their projects.

    func addRoutes(to site: SiteRouter) {
        let router = site.requiring(.readSparring)
        let secretariat = site.requiring(.runCouncil)
        router.get(.sparring) { request, context in try await self.list(request, context) }
        secretariat.get(.newSparring) { request, context in
            try await self.newForm(request, context, typed: Typed(), errors: FormErrors())
        }
        secretariat.post(.newSparring) { request, context in try await self.create(request, context) }
        router.get(.sparringMeeting(.key)) { request, context in try await self.show(request, context) }
        secretariat.get(.sparringMinutes(.key)) { request, context in
            let (_, m) = try await self.visible(context, request)
            return try await self.minutesForm(request, context, m, typed: nil, errors: FormErrors())
        }
        secretariat.post(.sparringMinutes(.key)) { request, context in try await self.saveMinutes(request, context) }
    }

    static func seesAll(_ user: User) -> Bool { user.has(.secretariat) || user.has(.councilMember) || user.has(.admin) }

    /// The meeting, or 404 for someone who may not see it (a project leader sees only their own projects').
    func visible(_ context: AppContext, _ request: Request) async throws -> (User, SparringRepository.Meeting) {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self), let m = try await sparring.meeting(id: id),
              Self.seesAll(user) || (user.has(.projectLeader) && m.leaderID == user.id)
        else { throw HTTPError(.notFound) }
        return (user, m)
    }

    // MARK: List

    struct ListModel: Encodable {
        struct Row: Encodable {
            let href: String
            let project: String
            let date: String
            let state: String
            let topic: String
        }
        let page: PageInfo
        let rows: [Row]
        let pager: Pager
        let canPlan: Bool
        let newSparringURL: String
        let notice: String?
    }

    static func date(_ m: SparringRepository.Meeting) -> String {
        if let d = m.heldOn ?? m.plannedOn { return DanishFormat.longDate(d) }
        if let done = m.monthDone { return CaseListPage.month(done) }
        if let year = m.expectedYear, !m.expectedQuarters.isEmpty {
            return "Forventet " + m.expectedQuarters.map { "\($0). kvartal" }.joined(separator: "/") + " \(year)"
        }
        return "–"
    }

    func list(_ request: Request, _ context: AppContext) async throws -> HTML {
        let user = try requireUser(context, request)
        let pageNumber = Pager.pageNumber(request)
        let result = try await sparring.list(leaderID: Self.seesAll(user) ? nil : user.id,
                                             offset: (pageNumber - 1) * Self.pageSize, limit: Self.pageSize)
        return try app.views.render("sparring_list", ListModel(
            page: PageInfo(title: "Sparringsmøder", context: context, path: SiteURL.sparring.path),
            rows: result.meetings.map {
                .init(href: SiteURL.sparringMeeting(.value($0.id)).path, project: $0.projectName, date: Self.date($0),
                      state: $0.isHeld ? "Holdt" : "Planlagt", topic: $0.topic)
            },
            pager: Pager(page: pageNumber, pageSize: Self.pageSize, total: result.total, path: SiteURL.sparring.path),
            canPlan: user.has(.secretariat), newSparringURL: SiteURL.newSparring.path, notice: nil))
    }

    // MARK: Planning

    struct Typed {
        var project = ""
        var date = ""
        var topic = ""
        var council: Set<Int64> = []
    }

    struct NewModel: Encodable {
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        struct Person: Encodable {
            let id: Int64
            let name: String
            let checked: Bool
            let blocked: String?
        }
        let page: PageInfo
        let sparringListURL: String
        let newSparringURL: String
        let projects: [Option]
        let council: [Person]
        let date: String
        let topic: String
        let usual: Int
        let errors: ErrorSummary?
        let e: [String: String]
    }

    func newForm(_ request: Request, _ context: AppContext, typed: Typed, errors: FormErrors) async throws -> Response {
        let projects = try await CouncilRepository(pool: app.pool).projects(leaderID: nil)
        // Habilitet is shown for the chosen project (after a first submit); before that, everyone is listed.
        let candidates = try await sparring.candidates(projectID: Int64(typed.project) ?? 0)
        var e: [String: String] = [:]
        for item in errors.list where e[item.field] == nil { e[item.field] = item.message }
        let model = NewModel(
            page: PageInfo(title: "Planlæg et sparringsmøde", context: context, path: SiteURL.sparring.path),
            sparringListURL: SiteURL.sparring.path, newSparringURL: SiteURL.newSparring.path,
            projects: projects.map { .init(value: String($0.id), name: $0.name, selected: typed.project == String($0.id)) },
            council: candidates.map { .init(id: $0.userID, name: $0.name, checked: typed.council.contains($0.userID), blocked: CaseRoutes.blockReason($0)) },
            date: typed.date, topic: typed.topic, usual: CouncilRules.usualCouncilMembers, errors: ErrorSummary(errors), e: e)
        return try app.views.render("sparring_form", model, status: errors.isEmpty ? .ok : .unprocessableContent).response(from: request, context: context)
    }

    func create(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let form = context.form ?? FormData()
        var typed = Typed()
        typed.project = form["project"]
        typed.date = form["planned_on"].trimmingWhitespace()
        typed.topic = form["topic"]
        typed.council = Set(form.values("council").compactMap { Int64($0) })
        let projectID = Int64(typed.project)
        var projectExists = false
        if let projectID { projectExists = try await CouncilRepository(pool: app.pool).projects(leaderID: nil).contains { $0.id == projectID } }
        let plannedOn = DanishFormat.parseDay(typed.date)
        var errors = FormErrors()
        for p in SparringRules.problems(.init(projectChosen: projectExists, plannedOn: plannedOn, councilMembers: typed.council.count, topic: typed.topic)) {
            errors.add(p.field, p.message)
        }
        if let projectID, projectExists {
            let candidates = try await sparring.candidates(projectID: projectID)
            for person in candidates where typed.council.contains(person.userID) {
                if let reason = CaseRoutes.blockReason(person) { errors.add("council", reason) }
            }
            if !typed.council.isSubset(of: Set(candidates.map(\.userID))) { errors.add("council", "Kun rådsmedlemmer kan udpeges.") }
        }
        guard errors.isEmpty, let projectID, let plannedOn else { return try await newForm(request, context, typed: typed, errors: errors) }
        let id = try await sparring.create(
            projectID: projectID, plannedOn: plannedOn, topic: typed.topic.trimmingWhitespace(), councilMembers: typed.council.sorted(),
            audit: .init(userID: user.id, username: user.username, action: "sparring.planned", objectType: "sparring", clientIP: context.clientIP))
        return .redirect(to: SiteURL.sparringMeeting(.value(id)).path(query: [("besked", "planlagt")]))
    }

    // MARK: The meeting and its minutes

    struct ShowModel: Encodable {
        struct Rec: Encodable {
            let number: Int
            let area: String
            let theme: String
            let html: String
        }
        let page: PageInfo
        let id: Int64
        let sparringListURL: String
        let minutesURL: String
        let project: String
        let date: String
        let held: Bool
        let topic: String?
        let participants: String
        let remarksHTML: String?
        let recommendations: [Rec]
        let hasRecommendations: Bool
        let canWrite: Bool
        let notice: String?
    }

    func show(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, m) = try await visible(context, request)
        let notice: String? = switch request.uri.queryParameters.get("besked") {
        case "planlagt": "Sparringsmødet er planlagt."
        case "referat": "Referatet er gemt. Mødet tæller nu som holdt i It-rådets aktiviteter."
        default: nil
        }
        return try app.views.render("sparring", ShowModel(
            page: PageInfo(title: "Sparringsmøde – \(m.projectName)", context: context, path: SiteURL.sparring.path), id: m.id,
            sparringListURL: SiteURL.sparring.path, minutesURL: SiteURL.sparringMinutes(.value(m.id)).path,
            project: m.projectName, date: Self.date(m), held: m.isHeld, topic: m.topic.isEmpty ? nil : m.topic,
            participants: m.participants.map(\.name).joined(separator: ", "),
            remarksHTML: m.remarks.isEmpty ? nil : RichText.html(m.remarks),
            recommendations: m.recommendations.enumerated().map {
                .init(number: $0.offset + 1, area: $0.element.focusArea.danishName, theme: $0.element.subTheme, html: RichText.html($0.element.body))
            }, hasRecommendations: !m.recommendations.isEmpty,
            canWrite: user.has(.secretariat), notice: notice)).response(from: request, context: context)
    }

    struct MinutesModel: Encodable {
        let page: PageInfo
        let id: Int64
        let meetingURL: String
        let minutesURL: String
        let project: String
        let version: Int
        let heldOn: String
        let remarks: String
        let rows: [RecommendationRows.Row]
        let errors: ErrorSummary?
        let e: [String: String]
    }

    struct TypedMinutes {
        var version: Int
        var heldOn: String
        var remarks: String
        var recommendations: [LetterRepository.Recommendation]
    }

    func minutesForm(_ request: Request, _ context: AppContext, _ m: SparringRepository.Meeting, typed: TypedMinutes?, errors: FormErrors) async throws -> Response {
        var e: [String: String] = [:]
        for item in errors.list where e[item.field] == nil { e[item.field] = item.message }
        let model = MinutesModel(
            page: PageInfo(title: "Referat af sparringsmøde", context: context, path: SiteURL.sparring.path), id: m.id,
            meetingURL: SiteURL.sparringMeeting(.value(m.id)).path, minutesURL: SiteURL.sparringMinutes(.value(m.id)).path, project: m.projectName,
            version: typed?.version ?? m.version,
            heldOn: typed?.heldOn ?? (m.heldOn ?? m.plannedOn).map(DanishFormat.shortDate) ?? "",
            remarks: typed?.remarks ?? m.remarks, rows: RecommendationRows.rows(typed?.recommendations ?? m.recommendations),
            errors: ErrorSummary(errors), e: e)
        return try app.views.render("sparring_minutes", model, status: errors.isEmpty ? .ok : .unprocessableContent).response(from: request, context: context)
    }

    func saveMinutes(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, m) = try await visible(context, request)
        let form = context.form ?? FormData()
        var errors = FormErrors()
        var typed = TypedMinutes(version: Int(form["version"]) ?? -1, heldOn: form["held_on"].trimmingWhitespace(), remarks: form["remarks"], recommendations: [])
        typed.recommendations = RecommendationRows.read(form, into: &errors)
        let heldOn = DanishFormat.parseDay(typed.heldOn)
        let today = DanishFormat.calendar.dateComponents([.year, .month, .day], from: Date())
        for p in SparringRules.minutesProblems(heldOn: heldOn, today: today, remarks: typed.remarks) { errors.add(p.field, p.message) }
        if typed.recommendations.contains(where: { $0.body.count > AssessmentWork.maxText || $0.body.contains("\u{0}") }) {
            errors.add("remarks", "En anbefaling er for lang eller indeholder ugyldige tegn.")
        }
        guard errors.isEmpty, let heldOn else { return try await minutesForm(request, context, m, typed: typed, errors: errors) }
        switch try await sparring.saveMinutes(
            id: m.id, version: typed.version, heldOn: heldOn, remarks: typed.remarks, recommendations: typed.recommendations,
            audit: .init(userID: user.id, username: user.username, action: "sparring.minutes", objectType: "sparring", objectID: String(m.id),
                         clientIP: context.clientIP)) {
        case .saved: return .redirect(to: SiteURL.sparringMeeting(.value(m.id)).path(query: [("besked", "referat")]))
        case .notFound: throw HTTPError(.notFound)
        case .stale:
            errors.add("remarks", "Referatet er gemt af en anden, mens du skrev. Din tekst står herunder og er ikke gemt. Åbn referatet i en ny fane for at se den gemte udgave, og gem igen.")
            typed.version = try await sparring.meeting(id: m.id)?.version ?? typed.version
            return try await minutesForm(request, context, m, typed: typed, errors: errors)
        }
    }
}
