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
                id: id, reader: ItemReader(user: context.user),
                includeDrafts: context.roles.contains(.boardSecretariat))
        else { throw HTTPError(.notFound) }
        return try Self.streamed(
            info, from: AttachmentRepository(pool: app.pool),
            cacheControl: confidential || context.user != nil ? "no-store" : "private, max-age=300", request: request)
    }

    /// A stored file as a download, one chunk at a time: a 50 MB file never sits whole in memory.
    /// Always an attachment with its original (RFC 6266-encoded) name, never rendered in the page.
    ///
    /// Its tag names the stored file (a new version is a new file), so `If-None-Match` is answered
    /// 304 without reading it, and one byte range (`Range: bytes=…`, with `If-Range`) is answered
    /// 206 from the chunks that hold it: an interrupted download goes on where it stopped. A
    /// range past the end is 416; several ranges at once get the whole file, as RFC 9110 allows.
    static func streamed(
        _ info: AttachmentRepository.Info, from repository: AttachmentRepository, cacheControl: String, request: Request
    ) throws -> Response {
        let etag = "\"f\(info.id)-\(info.size)\""
        if HTTPConditions.notModified(request.headers, etag: etag, lastModified: nil) {
            var answer = Response(status: .notModified, headers: [.eTag: etag, .cacheControl: cacheControl])
            answer.headers[.contentLength] = nil
            return answer
        }
        var headers: HTTPFields = [
            .contentType: info.contentType, .contentDisposition: SafeFileName.contentDisposition(info.filename), .cacheControl: cacheControl,
            .eTag: etag, .acceptRanges: "bytes",
        ]
        let range: HTTPConditions.ByteRange
        let status: HTTPResponse.Status
        switch HTTPConditions.range(request.headers[.range], ifRange: request.headers[.ifRange], etag: etag, size: info.size) {
        case .whole:
            (range, status) = (.init(first: 0, last: info.size - 1), .ok)
        case .partial(let part):
            (range, status) = (part, .partialContent)
            headers[.contentRange] = "bytes \(part.first)-\(part.last)/\(info.size)"
        case .unsatisfiable:
            throw HTTPError(.rangeNotSatisfiable, headers: [.contentRange: "bytes */\(info.size)", .acceptRanges: "bytes"])
        }
        headers[.contentLength] = String(max(0, range.count))
        let body = ResponseBody(contentLength: max(0, range.count)) { writer in
            let size = AttachmentRepository.chunkSize
            if range.count > 0 {
                // Every chunk but the last holds exactly `chunkSize` bytes (the writers cut them so),
                // so the chunks that hold the range are known without reading the others.
                for seq in (range.first / size)...(range.last / size) {
                    let bytes = try await repository.chunk(id: info.id, seq: seq)
                    guard bytes.count == size || seq == info.chunks - 1 else {
                        throw DatabaseError.decoding("chunk \(seq) of attachment \(info.id) has \(bytes.count) bytes, not \(size)")
                    }
                    let from = max(range.first - seq * size, 0)
                    let to = min(range.last - seq * size + 1, bytes.count)
                    guard from < to else { throw DatabaseError.decoding("attachment \(info.id) is shorter than its size") }
                    try await writer.write(ByteBuffer(bytes: bytes[from..<to]))
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }

    func delete(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireUser(context, request)
        guard let id = context.parameters.get("id", as: Int64.self),
            let (_, itemID, _) = try await AttachmentRepository(pool: app.pool).forDownload(id: id, reader: .system, includeDrafts: true),
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
