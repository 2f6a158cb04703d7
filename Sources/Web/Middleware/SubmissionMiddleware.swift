import Database
import Hummingbird

/// Every form of a logged-in user carries a one-time `submission_id`. The first POST with an id
/// claims it; when that POST ends in a redirect (success), the id remembers where to, and a
/// repeated POST with the same id (a double click, the back button, a retry after a lost answer)
/// is sent there too, without writing anything a second time. A POST that did not succeed (a
/// validation error, an error) releases the id so the corrected form can be sent. The id is the
/// rendered page's; together with the form's address it names one form. A claim left unanswered by
/// a process that died before writing is taken over after `claimLifetimeSeconds`, so such a form
/// can be sent again; one whose write was committed (marked in the same commit) is answered 409
/// "already saved", never written twice.
struct SubmissionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let claims: SubmissionClaims

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let user = context.user, let id = context.form?["submission_id"], SubmissionClaims.isWellFormed(id) else {
            return try await next(request, context)
        }
        let path = request.uri.path
        switch try await claims.decide(id: id, path: path, userID: user.id) {
        case .repeated(let location):
            return .redirect(to: location)
        case .first:
            return try await claims.handleFirst(id: id, path: path) { try await next(request, context) }
        }
    }
}

/// The claims of one-time form ids: used by `SubmissionMiddleware` for ordinary forms and by
/// `UploadReceiver` for uploads (whose fields only it reads, as the file streams in).
struct SubmissionClaims: Sendable {
    let security: SecurityRepository

    enum Decision: Equatable {
        /// Handle the form: this is its first arrival (or a dead process's unwritten claim).
        case first
        /// Sent before and answered with this redirect: answer the same, write nothing.
        case repeated(location: String)
    }

    /// A form sent while its first sending is still being handled waits for that answer a little
    /// (up to 5 s); one whose write is committed but never answered, or that belongs to another
    /// user, is answered 409.
    func decide(id: String, path: String, userID: Int64) async throws -> Decision {
        switch try await security.claim(submission: id, path: path, userID: userID) {
        case .first: return .first
        case .done(let location): return .repeated(location: location)
        case .foreign, .written: throw HTTPError(.conflict)
        case .pending:
            for _ in 0..<50 {
                try await Task.sleep(for: .milliseconds(100))
                switch try await security.claim(submission: id, path: path, userID: userID) {
                case .done(let location): return .repeated(location: location)
                case .first: return .first
                default: continue
                }
            }
            throw HTTPError(.conflict)
        }
    }

    /// Handles a claimed form: its writes in `ConnectionPool.transaction` mark the claim written in
    /// the same commit; a redirect (success) completes the claim, anything else releases it.
    func handleFirst(id: String, path: String, _ body: () async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await FormSubmission.$current.withValue(.init(id: id, path: path)) { try await body() }
        } catch {
            try? await security.release(submission: id, path: path)
            throw error
        }
        if response.status == .seeOther, let location = response.headers[.location] {
            try await security.complete(submission: id, path: path, location: location)
        } else {
            try await security.release(submission: id, path: path)
        }
        return response
    }

    static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 32 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
