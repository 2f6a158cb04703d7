import Database
import Domain
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// Receives one file from a `multipart/form-data` POST as it streams in: checks the CSRF token (the
/// form's first part) before storing anything, judges the type by the first 4 KiB, and writes the
/// file to PostgreSQL in 256 KiB chunks. Shared by agenda attachments and case material.
struct UploadReceiver {
    let attachments: AttachmentRepository
    let maxBytes: Int

    enum Outcome: Equatable {
        case stored(id: Int64, filename: String, size: Int)
        case noFile
        case badType
    }

    /// Thrown for requests that must not be answered with a form message.
    enum Refusal: Error { case csrf, tooLarge, malformed }

    func receive(_ request: Request, expectedToken: String, owner: AttachmentRepository.Owner, userID: Int64,
                 audit: @Sendable (Int64, String, Int) -> AuditRepository.Entry) async throws -> Outcome {
        guard let reader = MultipartReader(contentType: request.headers[.contentType] ?? "") else { throw Refusal.malformed }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes + 64 * 1024 { throw Refusal.tooLarge }
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

        enum Stop: Error { case noFile, badType }

        func flush(final: Bool) async throws {
            if kind == nil {
                guard head.count >= FileKind.headLength || final else { return }
                guard let k = FileKind.detect(filename: filename, head: head) else { throw Stop.badType }
                kind = k
                attachmentID = try await attachments.begin(owner: owner, filename: filename, contentType: k.contentType, userID: userID)
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
            try await reader.read(request.body, limit: maxBytes + 64 * 1024) { event in
                switch event {
                case .part(let name, let file):
                    field = name
                    if name == "file" {
                        guard Tokens.constantTimeEquals(String(decoding: token, as: UTF8.self), expectedToken) else { throw Refusal.csrf }
                        guard let file, !file.isEmpty else { throw Stop.noFile }
                        filename = SafeFileName.clean(file)
                        sawFile = true
                    }
                case .data(let bytes):
                    if field == "csrf_token" {
                        token.append(contentsOf: bytes.prefix(200))
                    } else if field == "file" {
                        size += bytes.count
                        if size > maxBytes { throw Refusal.tooLarge }
                        if kind == nil { head.append(contentsOf: bytes) } else { chunk.append(contentsOf: bytes) }
                        try await flush(final: false)
                    }
                case .partEnd:
                    if field == "file" {
                        if size == 0 { throw Stop.noFile }
                        try await flush(final: true)
                    }
                    field = ""
                }
            }
            guard sawFile, let id = attachmentID else {
                guard Tokens.constantTimeEquals(String(decoding: token, as: UTF8.self), expectedToken) else { throw Refusal.csrf }
                return .noFile
            }
            try await attachments.finish(id: id, size: size, audit: audit(id, filename, size))
            return .stored(id: id, filename: filename, size: size)
        } catch {
            // Nothing half-stored stays behind.
            if let id = attachmentID { try? await attachments.delete(id: id) }
            switch error {
            case Stop.noFile: return .noFile
            case Stop.badType: return .badType
            case let e as HTTPError where e.status == .contentTooLarge: throw Refusal.tooLarge
            case is MultipartReader.Failure, is HTTPParserError, is ChannelError: throw Refusal.malformed
            default: throw error
            }
        }
    }
}

extension UploadReceiver.Refusal {
    /// The HTTP answer for a refused upload.
    var httpError: HTTPError {
        switch self {
        case .csrf: HTTPError(.forbidden)
        case .tooLarge: HTTPError(.contentTooLarge)
        case .malformed: HTTPError(.badRequest)
        }
    }
}

extension UploadReceiver {
    /// Receives an upload and answers as the upload forms expect: a redirect back with
    /// `?besked=<message>`, `<message>-mangler` (no file) or `<message>-type` (refused by content);
    /// a wrong token, an oversized or a broken body becomes its error page.
    func receiveAndRedirect(_ request: Request, context: AppContext, owner: AttachmentRepository.Owner, userID: Int64,
                            back: String, message: String, anchor: String = "",
                            audit: @Sendable (Int64, String, Int) -> AuditRepository.Entry) async throws -> Response {
        let outcome: Outcome
        do {
            outcome = try await receive(request, expectedToken: context.csrfToken ?? "", owner: owner, userID: userID, audit: audit)
        } catch let refusal as Refusal {
            throw refusal.httpError
        }
        let key = switch outcome {
        case .stored: message
        case .noFile: message + "-mangler"
        case .badType: message + "-type"
        }
        return .redirect(to: back + "?besked=" + key + anchor)
    }
}
