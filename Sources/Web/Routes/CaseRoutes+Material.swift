import Database
import Domain
import Foundation
import Hummingbird

/// The project's material: uploaded by the project leader, streamed into PostgreSQL in chunks,
/// downloadable only by those involved in the case (the appointees after their impartiality
/// declaration). Sending the material starts the 10 working days.
extension CaseRoutes {
    func addMaterialRoutes(to router: SiteRouter) {
        router.post(.caseMaterial(.key)) { request, context in try await self.uploadMaterial(request, context) }
        router.post(.caseMaterialSend(.key)) { request, context in try await self.sendMaterial(request, context) }
    }

    func uploadMaterial(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        guard user.has(.projectLeader), c.leaderID == user.id, c.state == .afventerMateriale || c.state == .vurdering else {
            throw HTTPError(.forbidden)
        }
        let clientIP = context.clientIP
        return try await UploadReceiver(app).receiveAndRedirect(
            request, context: context, owner: .caseMaterial(c.id), userID: user.id, back: SiteURL.caseDetail(.value(c.id)).path,
            message: "materiale", anchor: "#materiale"
        ) { _, filename, size in
            .init(
                userID: user.id, username: user.username, action: "material.uploaded", objectType: "case", objectID: String(c.id),
                detail: "\(filename) (\(size) bytes)", clientIP: clientIP)
        }
    }

    func sendMaterial(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        guard user.has(.projectLeader), c.leaderID == user.id else { throw HTTPError(.forbidden) }
        let result = try await cases.materialReceived(
            caseID: c.id,
            audit: .init(
                userID: user.id, username: user.username, action: "material.sent", objectType: "case", objectID: String(c.id),
                clientIP: context.clientIP),
            notify: mail(.materialSent, c))
        switch result {
        case .success:
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
            MaterialBox.mayRead(user: user, c: c, appointments: try await cases.appointments(caseID: caseID))
        else { throw HTTPError(.notFound) }
        return try AttachmentRoutes.streamed(info, from: files, cacheControl: "no-store", request: request)
    }
}
