import Database
import Domain
import Foundation
import Hummingbird
import NIOCore

/// Bilag: the board secretariat uploads files to an item (streamed into PostgreSQL in chunks);
/// readers download them with the item's confidentiality.
struct AttachmentRoutes {
    let app: AppServices
    static let maxUploadBytes = 50 * 1024 * 1024

    func addRoutes(to router: Router<AppContext>) {
        router.post("/bestyrelse/punkter/:item/bilag") { request, context in try await self.upload(request, context) }
        router.get("/bestyrelse/bilag/:id") { request, context in try await self.download(request, context) }
        router.post("/bestyrelse/bilag/:id/slet") { request, context in try await self.delete(request, context) }
    }

    /// Paths that take multipart bodies; the CSRF middleware lets them stream and the handler
    /// checks the token, which the form sends as its first part.
    static func isUploadPath(_ path: String) -> Bool {
        path.hasPrefix("/bestyrelse/punkter/") && path.hasSuffix("/bilag")
    }

    enum UploadProblem: Error {
        case csrf, noFile, badType, tooLarge, malformed
    }

    func upload(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireRole(context, request, [.boardSecretariat])
        guard let itemID = context.parameters.get("item", as: Int64.self), let (item, _) = try await app.board.itemForEditing(id: itemID) else {
            throw HTTPError(.notFound)
        }
        guard let reader = MultipartReader(contentType: request.headers[.contentType] ?? "") else { throw HTTPError(.badRequest) }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maxUploadBytes + 64 * 1024 {
            throw HTTPError(.contentTooLarge)
        }
        let back = SiteURL.agendaItem(meeting: item.meetingID, number: item.number)
        let attachments = AttachmentRepository(pool: app.pool)
        let expected = context.csrfToken ?? ""

        var field = ""
        var token: [UInt8] = []
        var attachmentID: Int64?
        var head: [UInt8] = []
        var chunk: [UInt8] = []
        var seq = 0
        var size = 0
        var filename = ""
        var kind: FileKind?
        var sawFile = false

        func flush(final: Bool) async throws {
            // The type is judged on the first 4 KiB before anything is stored.
            if kind == nil {
                guard head.count >= FileKind.headLength || final else { return }
                guard let k = FileKind.detect(filename: filename, head: head) else { throw UploadProblem.badType }
                kind = k
                attachmentID = try await attachments.begin(itemID: item.id, filename: filename, contentType: k.contentType, userID: user.id)
                chunk = head
            }
            while chunk.count >= AttachmentRepository.chunkSize || (final && !chunk.isEmpty) {
                let piece = Array(chunk.prefix(AttachmentRepository.chunkSize))
                try await attachments.appendChunk(id: attachmentID!, seq: seq, bytes: piece)
                seq += 1
                chunk.removeFirst(piece.count)
            }
        }

        do {
            try await reader.read(request.body, limit: Self.maxUploadBytes + 64 * 1024) { event in
                switch event {
                case .part(let name, let file):
                    field = name
                    if name == "file" {
                        // Nothing is stored before the CSRF token (the form's first part) has been checked.
                        guard Tokens.constantTimeEquals(String(decoding: token, as: UTF8.self), expected) else { throw UploadProblem.csrf }
                        guard let file, !file.isEmpty else { throw UploadProblem.noFile }
                        filename = SafeFileName.clean(file)
                        sawFile = true
                    }
                case .data(let bytes):
                    if field == "csrf_token" {
                        token.append(contentsOf: bytes.prefix(200))
                    } else if field == "file" {
                        size += bytes.count
                        if size > Self.maxUploadBytes { throw UploadProblem.tooLarge }
                        if kind == nil { head.append(contentsOf: bytes) } else { chunk.append(contentsOf: bytes) }
                        try await flush(final: false)
                    }
                case .partEnd:
                    if field == "file" {
                        if size == 0 { throw UploadProblem.noFile }
                        try await flush(final: true)
                    }
                    field = ""
                }
            }
            guard sawFile, let id = attachmentID else {
                guard Tokens.constantTimeEquals(String(decoding: token, as: UTF8.self), expected) else { throw UploadProblem.csrf }
                throw UploadProblem.noFile
            }
            try await attachments.finish(id: id, size: size, audit: .init(
                userID: user.id, username: user.username, action: "attachment.uploaded", objectType: "attachment", objectID: String(id),
                detail: "punkt \(item.id): \(filename) (\(size) bytes)", clientIP: context.clientIP))
            return .redirect(to: back + "?besked=bilag#bilag")
        } catch {
            if let id = attachmentID { try? await attachments.delete(id: id) }
            switch error {
            case UploadProblem.csrf: throw HTTPError(.forbidden)
            case UploadProblem.tooLarge: throw HTTPError(.contentTooLarge)
            case let e as HTTPError where e.status == .contentTooLarge: throw e
            case UploadProblem.noFile: return .redirect(to: back + "?besked=bilag-mangler#bilag")
            case UploadProblem.badType: return .redirect(to: back + "?besked=bilag-type#bilag")
            case is MultipartReader.Failure: throw HTTPError(.badRequest)
            default: throw error
            }
        }
    }

    func download(_ request: Request, _ context: AppContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self),
              let (info, _, confidential) = try await AttachmentRepository(pool: app.pool).forDownload(
                id: id, mayReadConfidential: BoardAccess.mayReadConfidential(context.roles),
                includeDrafts: context.roles.contains(.boardSecretariat))
        else { throw HTTPError(.notFound) }
        let repository = AttachmentRepository(pool: app.pool)
        var headers: HTTPFields = [
            .contentType: info.contentType,
            .contentLength: String(info.size),
            .contentDisposition: SafeFileName.contentDisposition(info.filename),
        ]
        headers[.cacheControl] = confidential || context.user != nil ? "no-store" : "private, max-age=300"
        // Streamed one chunk at a time: a 50 MB file never sits whole in memory.
        let body = ResponseBody { writer in
            for seq in 0..<info.chunks {
                let bytes = try await repository.chunk(id: info.id, seq: seq)
                try await writer.write(ByteBuffer(bytes: bytes))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    func delete(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try requireRole(context, request, [.boardSecretariat])
        guard let id = context.parameters.get("id", as: Int64.self),
              let (_, itemID, _) = try await AttachmentRepository(pool: app.pool).forDownload(id: id, mayReadConfidential: true, includeDrafts: true),
              let (item, _) = try await app.board.itemForEditing(id: itemID)
        else { throw HTTPError(.notFound) }
        try await AttachmentRepository(pool: app.pool).delete(id: id)
        try await app.audit.append(.init(
            userID: user.id, username: user.username, action: "attachment.deleted", objectType: "attachment", objectID: String(id),
            clientIP: context.clientIP))
        return .redirect(to: SiteURL.agendaItem(meeting: item.meetingID, number: item.number) + "#bilag")
    }
}
