import Database
import Domain
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// Receives one file from a `multipart/form-data` POST as it streams in: checks the CSRF token (the
/// form's first part) before storing anything, judges the type by the first 4 KiB, and writes the
/// file to PostgreSQL in 256 KiB chunks. Shared by agenda attachments and case material.
/// A form's one-time `submission_id` (sent before the file) is claimed before anything is stored:
/// an upload sent twice (double click, back button) stores the file once.
struct UploadReceiver {
    let attachments: AttachmentRepository
    let claims: SubmissionClaims
    let maxBytes: Int

    /// With the configured limit (`AppConfig.maxUploadBytes`).
    init(_ app: AppServices) {
        self.attachments = AttachmentRepository(pool: app.pool)
        self.claims = SubmissionClaims(security: SecurityRepository(pool: app.pool))
        self.maxBytes = app.config.maxUploadBytes
    }

    /// What the upload forms say to a name that does not end in an accepted extension, such as
    /// `rapport.pdf"`: the name is the problem, not the content, and renaming the file fixes it.
    /// (A quotation mark elsewhere in a name is kept: `Notat om "flygtninge".pdf` is stored as it is.)
    static let badNameText =
        "Filen blev afvist på grund af sit navn: det skal ende på \(FileKind.allowedExtensions) – uden tegn efter endelsen, "
        + "fx et anførselstegn (\"). Omdøb filen, og prøv igen."

    /// The refusal a redirect's `?besked=` names for an upload form (`<prefix>-type`, `<prefix>-mangler`,
    /// `<prefix>-navn`), shown next to the file field in the error style — never in the success banner.
    static func refusalText(_ message: String?, prefix: String, button: String) -> String? {
        switch message {
        case prefix + "-type":
            "Filen blev afvist: den er ikke en \(FileKind.allowedDescription)-fil (typen afgøres af filens indhold, ikke kun navnet)."
        case prefix + "-mangler": "Vælg en fil, før du trykker »\(button)«."
        case prefix + "-navn": badNameText
        default: nil
        }
    }

    /// How the limit is shown next to a file field.
    static func label(_ maxBytes: Int) -> String { "\(maxBytes / 1_000_000) MB" }

    enum Outcome: Equatable {
        case stored(id: Int64, filename: String, size: Int)
        case noFile
        case badType
        /// Refused by its name: it does not end in an accepted extension (see `badNameText`).
        case badName
        /// The same form was sent before and answered with this redirect.
        case repeated(location: String)
    }

    /// Thrown for requests that must not be answered with a form message.
    enum Refusal: Error { case csrf, tooLarge, malformed }

    /// Receives the file; when the form's submission id was claimed, `claimed` holds it for the
    /// caller to complete (after a stored file) — every other outcome has released it already.
    func receive(
        _ request: Request, expectedToken: String, owner: AttachmentRepository.Owner, userID: Int64,
        claimed: inout FormSubmission.Key?,
        audit: @Sendable (Int64, String, Int) -> AuditRepository.Entry
    ) async throws -> Outcome {
        guard let reader = MultipartReader(contentType: request.headers[.contentType] ?? "") else { throw Refusal.malformed }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes + 64 * 1024 { throw Refusal.tooLarge }
        var field = ""
        var token: [UInt8] = []
        var submission: [UInt8] = []
        var claim: FormSubmission.Key?
        let path = request.uri.path
        var attachmentID: Int64?
        var head: [UInt8] = []
        var chunk: [UInt8] = []
        var seq = 0
        var size = 0
        var filename = ""
        var kind: FileKind?
        var sawFile = false

        enum Stop: Error {
            case noFile, badType, badName
            case repeated(String)
        }

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
                        if !FileKind.allowsName(filename) { throw Stop.badName }
                        sawFile = true
                        let id = String(decoding: submission, as: UTF8.self)
                        if SubmissionClaims.isWellFormed(id) {
                            switch try await claims.decide(id: id, path: path, userID: userID) {
                            case .repeated(let location): throw Stop.repeated(location)
                            case .first: claim = FormSubmission.Key(id: id, path: path)
                            }
                        }
                    }
                case .data(let bytes):
                    if field == "csrf_token" {
                        token.append(contentsOf: bytes.prefix(200))
                    } else if field == "submission_id" {
                        submission.append(contentsOf: bytes.prefix(64))
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
                if let claim { try await claims.security.release(submission: claim.id, path: claim.path) }
                return .noFile
            }
            // The file becomes complete and the claim "written" in one commit.
            try await FormSubmission.$current.withValue(claim) {
                try await attachments.finish(id: id, size: size, audit: audit(id, filename, size))
            }
            claimed = claim
            return .stored(id: id, filename: filename, size: size)
        } catch {
            // Nothing half-stored stays behind, and the form may be sent again.
            if let id = attachmentID { try? await attachments.delete(id: id) }
            if let claim { try? await claims.security.release(submission: claim.id, path: claim.path) }
            switch error {
            case Stop.repeated(let location): return .repeated(location: location)
            case Stop.noFile: return .noFile
            case Stop.badType: return .badType
            case Stop.badName: return .badName
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
    /// `?besked=<message>`, `<message>-mangler` (no file), `<message>-type` (refused by content) or
    /// `<message>-navn` (refused by its name);
    /// a wrong token, an oversized or a broken body becomes its error page.
    func receiveAndRedirect(
        _ request: Request, context: AppContext, owner: AttachmentRepository.Owner, userID: Int64,
        back: String, message: String, anchor: String = "",
        audit: @Sendable (Int64, String, Int) -> AuditRepository.Entry
    ) async throws -> Response {
        let outcome: Outcome
        var claimed: FormSubmission.Key?
        do {
            outcome = try await receive(
                request, expectedToken: context.csrfToken ?? "", owner: owner, userID: userID, claimed: &claimed, audit: audit)
        } catch let refusal as Refusal {
            throw refusal.httpError
        }
        let location =
            switch outcome {
            case .stored: back + "?besked=" + message + anchor
            case .noFile: back + "?besked=" + message + "-mangler" + anchor
            case .badType: back + "?besked=" + message + "-type" + anchor
            case .badName: back + "?besked=" + message + "-navn" + anchor
            case .repeated(let first): first
            }
        if let claimed { try await claims.security.complete(submission: claimed.id, path: claimed.path, location: location) }
        return .redirect(to: location)
    }
}
