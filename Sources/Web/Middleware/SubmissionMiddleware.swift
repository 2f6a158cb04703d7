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
    let security: SecurityRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let user = context.user, let id = context.form?["submission_id"], Self.isWellFormed(id) else {
            return try await next(request, context)
        }
        let path = request.uri.path
        switch try await security.claim(submission: id, path: path, userID: user.id) {
        case .done(let location):
            return .redirect(to: location)
        case .foreign:
            throw HTTPError(.conflict)
        case .written:
            throw HTTPError(.conflict)
        case .pending:
            // The first is still being handled: wait for its answer a little, then say so.
            for _ in 0..<50 {
                try await Task.sleep(for: .milliseconds(100))
                switch try await security.claim(submission: id, path: path, userID: user.id) {
                case .done(let location): return .redirect(to: location)
                case .first: return try await handleFirst(request, context, id: id, path: path, next: next)
                default: continue
                }
            }
            throw HTTPError(.conflict)
        case .first:
            return try await handleFirst(request, context, id: id, path: path, next: next)
        }
    }

    func handleFirst(_ request: Request, _ context: Context, id: String, path: String,
                     next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await FormSubmission.$current.withValue(.init(id: id, path: path)) {
                try await next(request, context)
            }
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
