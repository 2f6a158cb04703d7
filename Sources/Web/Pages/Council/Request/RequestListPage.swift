import Database
import Domain
import Foundation

/// The requests from projects (`/raadet/anmodninger`): every one for the secretariat, a project
/// leader's own otherwise.
enum RequestListPage {
    static let template = "requests"

    struct Model: Encodable {
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

    static func query(_ requests: RequestRepository, user: User) async throws -> [RequestRepository.Request] {
        try await requests.list(requestedBy: user.has(.secretariat) ? nil : user.id)
    }

    static func build(_ list: [RequestRepository.Request], viewer: Viewer, sent: Bool) -> Model {
        Model(
            page: PageInfo(title: "Anmodninger fra projekter", viewer: viewer, path: SiteURL.requests.path),
            rows: list.map {
                .init(
                    href: SiteURL.request(.value($0.id)).path, kind: $0.kind.danishName, project: $0.projectName,
                    at: DanishFormat.shortDate($0.createdAt),
                    status: $0.status.danishName, requester: $0.requesterName)
            },
            canAsk: viewer.councilUser.has(.projectLeader), newRequestURL: SiteURL.newRequest.path,
            notice: sent ? "Anmodningen er sendt til rådssekretariatet." : nil)
    }
}

/// A project leader's request to the council (`/raadet/anmodninger/ny`): a sparring meeting for one
/// of their projects, or an assessment of a region's own project.
enum RequestFormPage {
    static let template = "request_form"

    struct Model: Encodable {
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

    /// The reader's own projects (a sparring meeting is asked for one of them).
    static func query(_ council: CouncilRepository, user: User) async throws -> [Project] {
        try await council.projects(leaderID: user.id)
    }

    /// - Parameters:
    ///   - typed: the refused form (nothing typed is lost); nil for an empty form.
    ///   - kind: the kind asked for in the link (`?type=`), for an empty form.
    static func build(_ own: [Project], typed: FormData?, kind requestedKind: String?, errors: FormErrors, viewer: Viewer) -> Model {
        let kind = typed?["kind"] ?? requestedKind ?? RequestRepository.Kind.sparring.rawValue
        return Model(
            page: PageInfo(title: "Anmod It-rådet", viewer: viewer, path: SiteURL.requests.path),
            requestsURL: SiteURL.requests.path, newRequestURL: SiteURL.newRequest.path,
            kinds: RequestRepository.Kind.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: $0.rawValue == kind) },
            projects: own.map { .init(value: String($0.id), name: $0.name, selected: typed?["project"] == String($0.id)) },
            timings: RequestRepository.Timing.allCases.map {
                .init(value: $0.rawValue, name: $0.danishName, selected: typed?["timing"] == $0.rawValue)
            },
            askers: RequestRepository.AskedBy.allCases.map {
                .init(value: $0.rawValue, name: $0.danishName, selected: typed?["asked_by"] == $0.rawValue)
            },
            projectName: typed?["project_name"] ?? "", challenge: typed?["challenge"] ?? "", wishedDates: typed?["wished_dates"] ?? "",
            reason: typed?["reason"] ?? "", errors: ErrorSummary(errors), e: councilFieldErrors(errors))
    }
}
