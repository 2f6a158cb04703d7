import Database
import Domain
import Foundation
import Hummingbird

/// The project's material: uploaded by the project leader, streamed into PostgreSQL in chunks,
/// downloadable only by those involved in the case (the appointees after their impartiality
/// declaration). Sending the material starts the 10 working days.
extension CaseRoutes {
    static let maxMaterialBytes = 50 * 1024 * 1024

    func addMaterialRoutes(to router: SiteRouter) {
        router.post(.caseMaterial(.key)) { request, context in try await self.uploadMaterial(request, context) }
        router.post(.caseMaterialSend(.key)) { request, context in try await self.sendMaterial(request, context) }
    }

    struct MaterialView: Encodable {
        struct File: Encodable {
            let href: String
            let name: String
            let size: String
        }
        let files: [File]
        let hasFiles: Bool
        let canUpload: Bool
        let canSend: Bool
        let received: String?
        let due: String?
        let late: String?
        let maxUpload: String
    }

    /// May this user read the case's material? The project leader, the secretariat, and appointees
    /// who have declared their impartiality.
    func mayReadMaterial(user: User, c: CaseRepository.Summary, appointments: [CaseRepository.Appointment]) -> Bool {
        user.has(.secretariat) || (user.has(.projectLeader) && c.leaderID == user.id)
            || appointments.contains { $0.userID == user.id && $0.declared }
    }

    /// The material box of the case page; `files` are the case's documents, shown only to those who may read them.
    func materialView(user: User, c: CaseRepository.Summary, appointments: [CaseRepository.Appointment], dates: CaseRepository.Dates,
                      files allFiles: [AttachmentRepository.Info]) -> MaterialView? {
        guard c.state == .afventerMateriale || c.state.assessmentStarted else { return nil }
        let files = mayReadMaterial(user: user, c: c, appointments: appointments) ? allFiles : []
        let isLeader = user.has(.projectLeader) && c.leaderID == user.id
        let today = DanishFormat.calendar.dateComponents([.year, .month, .day], from: Date())
        let received = dates.materialReceived.map { DanishFormat.calendar.dateComponents([.year, .month, .day], from: $0) }
        let due = received.map { CaseDeadlines.assessmentDue(materialReceived: $0) }
        let late = CaseDeadlines.late(state: c.state, materialDeadline: dates.material.map(Self.day), materialReceived: received,
                                      responsumDue: nil, today: today)?.danishDescription
        return MaterialView(
            files: files.map { .init(href: SiteURL.caseFile(.value($0.id)).path, name: $0.filename, size: BoardRoutes.fileSize($0.size)) },
            hasFiles: !files.isEmpty, canUpload: isLeader && (c.state == .afventerMateriale || c.state == .vurdering),
            canSend: isLeader && c.state == .afventerMateriale, received: dates.materialReceived.map(DanishFormat.dateTime),
            due: due.map { "\($0.day!). \(DanishFormat.monthNames[$0.month! - 1]) \($0.year!)" }, late: late,
            maxUpload: "\(Self.maxMaterialBytes / 1_000_000) MB")
    }

    /// A `date` column's day (stored as midnight UTC), as calendar components.
    static func day(_ date: Date) -> DateComponents {
        let d = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return DateComponents(year: d.year, month: d.month, day: d.day)
    }

    func uploadMaterial(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        guard user.has(.projectLeader), c.leaderID == user.id, c.state == .afventerMateriale || c.state == .vurdering else {
            throw HTTPError(.forbidden)
        }
        let clientIP = context.clientIP
        return try await UploadReceiver(pool: app.pool, maxBytes: Self.maxMaterialBytes).receiveAndRedirect(
            request, context: context, owner: .caseMaterial(c.id), userID: user.id, back: SiteURL.caseDetail(.value(c.id)).path,
            message: "materiale", anchor: "#materiale") { _, filename, size in
                .init(userID: user.id, username: user.username, action: "material.uploaded", objectType: "case", objectID: String(c.id),
                      detail: "\(filename) (\(size) bytes)", clientIP: clientIP)
            }
    }

    func sendMaterial(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        guard user.has(.projectLeader), c.leaderID == user.id else { throw HTTPError(.forbidden) }
        let result = try await cases.materialReceived(caseID: c.id, audit: .init(
            userID: user.id, username: user.username, action: "material.sent", objectType: "case", objectID: String(c.id), clientIP: context.clientIP))
        switch result {
        case .success:
            notify(.materialSent, c, context)
            return .redirect(to: SiteURL.caseDetail(.value(c.id)).path(query: [("besked", "materiale-sendt")]))
        case .failure(let refusal): return try await show(request, context, decideError: refusal.description)
        case nil: throw HTTPError(.notFound)
        }
    }

    func downloadMaterial(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        let files = AttachmentRepository(pool: app.pool)
        guard let id = context.parameters.get("id", as: Int64.self), let (info, caseID) = try await files.caseFile(id: id),
              let c = try await cases.summary(id: caseID),
              mayReadMaterial(user: user, c: c, appointments: try await cases.appointments(caseID: caseID))
        else { throw HTTPError(.notFound) }
        return AttachmentRoutes.streamed(info, from: files, cacheControl: "no-store")
    }
}
