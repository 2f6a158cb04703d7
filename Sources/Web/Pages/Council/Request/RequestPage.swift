import Database
import Domain
import Foundation

/// One request from a project (`/raadet/anmodninger/{id}`): what was asked, its files, and the
/// secretariat's decision (with the council members to appoint for a sparring meeting).
enum RequestPage {
    static let template = "request"

    struct Model: Encodable {
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
            /// Chosen in the form as sent (kept when it is shown again).
            var checked = false
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
        let acceptChosen: Bool
        let declineChosen: Bool
        let result: String?
        let resultHref: String?
        let error: String?
        let notice: String?
        let maxUpload: String
        /// A refused upload, shown next to the file field.
        let uploadError: String?
    }

    /// The request, or nil for someone who may not see it: the secretariat sees all, a project leader only their own.
    static func visible(_ requests: RequestRepository, id: Int64?, user: User) async throws -> RequestRepository.Request? {
        guard let id, let r = try await requests.request(id: id), user.has(.secretariat) || r.requestedBy == user.id else { return nil }
        return r
    }

    /// Whether `user` decides the request now: the secretariat, while it is new.
    static func mayDecide(_ r: RequestRepository.Request, user: User) -> Bool { user.has(.secretariat) && r.status == .new }

    struct Rows {
        let files: [AttachmentRepository.Info]
        /// The council members to appoint, for a sparring request the reader decides; else empty.
        let candidates: [CaseRepository.Candidate]
    }

    /// The request's files and, when the reader decides a sparring request, the candidates.
    static func query(_ pool: ConnectionPool, _ r: RequestRepository.Request, user: User) async throws -> Rows {
        let files = try await AttachmentRepository(pool: pool).list(requestID: r.id)
        let candidates =
            mayDecide(r, user: user) && r.kind == .sparring && r.projectID != nil
            ? try await SparringRepository(pool: pool).candidates(projectID: r.projectID!) : []
        return Rows(files: files, candidates: candidates)
    }

    static func build(
        _ r: RequestRepository.Request, _ rows: Rows, viewer: Viewer, maxUploadBytes: Int, message: String?, error: String?, typed: FormData?
    ) -> Model {
        let user = viewer.councilUser
        var facts = [Model.Fact(label: "Anmodet af", value: r.requesterName), .init(label: "Sendt", value: DanishFormat.dateTime(r.createdAt))]
        if r.kind == .sparring {
            facts += [
                .init(label: "Tidspunkt", value: r.timing?.danishName ?? ""),
                .init(label: "Udfordring", value: r.challenge), .init(label: "Ønskede datoer", value: r.wishedDates),
            ]
        } else {
            facts += [
                .init(label: "Ønskes af", value: r.askedBy?.danishName ?? ""),
                .init(label: "Begrundelse", value: r.reason),
            ]
        }
        let canDecide = mayDecide(r, user: user)
        let chosen = Set(typed?.values("council") ?? [])
        let council = rows.candidates.map {
            Model.Person(id: $0.userID, name: $0.name, blocked: PlanningPage.blockReason($0), checked: chosen.contains(String($0.userID)))
        }
        let notice: String? =
            switch message {
            case "sendt": "Anmodningen er sendt til rådssekretariatet. Du kan vedlægge baggrundsmateriale herunder."
            case "fil": "Filen er vedlagt."
            case "besluttet": "Beslutningen er registreret, og projektlederen kan se den her."
            default: nil
            }
        let (result, resultHref): (String?, String?) =
            if let a = r.activityID {
                ("Sparringsmødet er planlagt.", SiteURL.sparringMeeting(.value(a)).path)
            } else if let c = r.caseID {
                ("En indmelding er oprettet som kladde; projektlederen gør den færdig og sender den.", SiteURL.caseDetail(.value(c)).path)
            } else { (nil, nil) }
        return Model(
            page: PageInfo(title: "Anmodning: \(r.projectName)", viewer: viewer, path: SiteURL.requests.path), id: r.id,
            requestsURL: SiteURL.requests.path, materialURL: SiteURL.requestMaterial(.value(r.id)).path,
            decisionURL: SiteURL.requestDecision(.value(r.id)).path, kind: r.kind.danishName,
            project: r.projectName, status: r.status.danishName, facts: facts.filter { !$0.value.isEmpty },
            answer: r.answer.isEmpty ? nil : r.answer,
            files: rows.files.map { .init(href: SiteURL.requestFile(.value($0.id)).path, name: $0.filename, size: BoardPage.fileSize($0.size)) },
            hasFiles: !rows.files.isEmpty, canUpload: r.requestedBy == user.id && r.status == .new, canDecide: canDecide,
            isSparring: r.kind == .sparring,
            council: council, typedDate: typed?["planned_on"] ?? "", typedAnswer: typed?["answer"] ?? "",
            acceptChosen: typed?["beslutning"] == "accepter", declineChosen: typed?["beslutning"] == "afvis", result: result, resultHref: resultHref,
            error: error, notice: notice, maxUpload: UploadReceiver.label(maxUploadBytes),
            uploadError: UploadReceiver.refusalText(message, prefix: "fil", button: "Vedlæg"))
    }
}
