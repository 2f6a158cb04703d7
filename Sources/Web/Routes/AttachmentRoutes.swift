import Database
import Domain
import Foundation
import Hummingbird
import NIOCore

/// Bilag: the board secretariat uploads files to an item (streamed into PostgreSQL in chunks);
/// readers download them with the item's confidentiality.
struct AttachmentRoutes {
    let app: AppServices

    func addRoutes(to site: SiteRouter) {
        let secretariat = site.requiring(.runBoard)
        secretariat.post(.itemAttachments(.key)) { request, context in try await self.upload(request, context) }
        site.get(.attachment(.key)) { request, context in try await self.download(request, context) }
        secretariat.post(.attachmentDelete(.key)) { request, context in try await self.delete(request, context) }
    }

    /// The routes that take multipart bodies.
    static let uploadRoutes: [SiteURL] = [.itemAttachments(.key), .caseMaterial(.key), .libraryDocumentFile(.key), .requestMaterial(.key)]

    /// Paths that take multipart bodies; the CSRF middleware lets them stream and the handler
    /// checks the token, which the form sends as its first part. A path matches a route's pattern
    /// segment by segment, a `:parameter` standing for any one non-empty segment.
    static func isUploadPath(_ path: String) -> Bool {
        let wanted = path.split(separator: "/", omittingEmptySubsequences: false)
        return uploadRoutes.contains { url in
            let pattern = url.path.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == wanted.count
                && zip(pattern, wanted).allSatisfy { $0.hasPrefix(":") ? !$1.isEmpty : $0 == $1 }
        }
    }

    func upload(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let itemID = context.parameters.get("item", as: Int64.self), let (item, _) = try await app.board.itemForEditing(id: itemID) else {
            throw HTTPError(.notFound)
        }
        let clientIP = context.clientIP
        return try await UploadReceiver(app).receiveAndRedirect(
            request, context: context, owner: .item(item.id), userID: user.id,
            back: SiteURL.agendaItem(meeting: .value(item.meetingID), number: .value(item.number)).path, message: "bilag", anchor: "#bilag"
        ) { id, filename, size in
            .init(
                userID: user.id, username: user.username, action: "attachment.uploaded", objectType: "attachment",
                objectID: String(id), detail: "punkt \(item.id): \(filename) (\(size) bytes)", clientIP: clientIP)
        }
    }

    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self),
            let (info, _, confidential) = try await AttachmentRepository(pool: app.pool).forDownload(
                id: id, mayReadConfidential: BoardAccess.mayReadConfidential(context.roles),
                includeDrafts: context.roles.contains(.boardSecretariat))
        else { throw HTTPError(.notFound) }
        return Self.streamed(
            info, from: AttachmentRepository(pool: app.pool),
            cacheControl: confidential || context.user != nil ? "no-store" : "private, max-age=300")
    }

    /// A stored file as a download, one chunk at a time: a 50 MB file never sits whole in memory.
    /// Always an attachment with its original (RFC 6266-encoded) name, never rendered in the page.
    static func streamed(_ info: AttachmentRepository.Info, from repository: AttachmentRepository, cacheControl: String) -> Response {
        let body = ResponseBody { writer in
            for seq in 0..<info.chunks {
                try await writer.write(ByteBuffer(bytes: try await repository.chunk(id: info.id, seq: seq)))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: info.contentType, .contentLength: String(info.size),
                .contentDisposition: SafeFileName.contentDisposition(info.filename), .cacheControl: cacheControl,
            ], body: body)
    }

    func delete(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self),
            let (_, itemID, _) = try await AttachmentRepository(pool: app.pool).forDownload(id: id, mayReadConfidential: true, includeDrafts: true),
            let (item, _) = try await app.board.itemForEditing(id: itemID)
        else { throw HTTPError(.notFound) }
        try await AttachmentRepository(pool: app.pool).delete(id: id)
        try await app.audit.append(
            .init(
                userID: user.id, username: user.username, action: "attachment.deleted", objectType: "attachment", objectID: String(id),
                clientIP: context.clientIP))
        return .redirect(to: SiteURL.agendaItem(meeting: .value(item.meetingID), number: .value(item.number)).path(fragment: "bilag"))
    }
}
