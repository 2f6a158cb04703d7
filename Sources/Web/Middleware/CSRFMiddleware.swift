import Database
import Hummingbird

/// Every state-changing request must carry the form field `csrf_token` matching the session's
/// token (or, for anonymous forms such as login, the pre-session's). Otherwise: 403, and nothing
/// is changed. The parsed form is handed on in the context, so handlers never parse twice.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let sessions: SessionRepository
    let cookies: SessionCookies
    let maxFormBytes: Int
    let maxFields = 1_000
    let anonymousFormBytes = 16 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post || request.method == .put || request.method == .patch || request.method == .delete else {
            return try await next(request, context)
        }
        var context = context
        if MediaType(from: request.headers[.contentType] ?? "")?.isType(.multipartForm) ?? false {
            // Only upload routes take multipart bodies; they stream them and check the token
            // (the form's first part) before storing anything. Anywhere else: refused.
            guard AttachmentRoutes.isUploadPath(request.uri.path), context.user != nil else { throw HTTPError(.forbidden) }
            return try await next(request, context)
        }
        var request = request
        // Anonymous visitors only send the anonymous forms (login, password reset, account
        // request): without a pre-session there is nothing to check a token against, and their
        // bodies are small. Refused before reading, so a stream of large anonymous bodies cannot
        // keep the server busy. A form sent with a session that has expired is read (up to
        // `FormDrafts.maxBytes`) so that its text can be kept for after the login.
        let limit: Int
        let hasPre = !(request.cookies[cookies.preSession]?.value ?? "").isEmpty
        if context.user == nil {
            guard hasPre || context.sessionExpired else { throw HTTPError(.forbidden) }
            limit = context.sessionExpired ? max(anonymousFormBytes, FormDrafts.maxBytes) : anonymousFormBytes
        } else {
            limit = maxFormBytes
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw HTTPError(.contentTooLarge)
        }
        let body = try await request.collectBody(upTo: limit)
        let form = FormData(buffer: body)
        if form.fieldCount > maxFields { throw HTTPError(.badRequest) }
        // PostgreSQL cannot store a NUL byte, and no form has a use for one.
        if form.containsNUL { throw HTTPError(.badRequest) }

        let expected: String?
        if context.user != nil {
            expected = context.csrfToken
        } else if let pre = request.cookies[cookies.preSession]?.value, !pre.isEmpty, pre.count < 100 {
            expected = try await sessions.anonymousToken(token: pre)
            context.csrfToken = expected
        } else {
            expected = nil
        }
        guard let expected, Tokens.constantTimeEquals(form["csrf_token"], expected) else {
            if context.user == nil, context.sessionExpired {
                // Written nowhere: kept for after the login, and sent again from the page then.
                return try await FormDrafts.preserve(
                    request, form: form, bodyBytes: body.readableBytes, clientIP: context.clientIP, sessions: sessions, cookies: cookies)
            }
            context.logger.notice("CSRF token missing or wrong on \(request.method) \(request.uri.path)")
            throw HTTPError(.forbidden)
        }
        context.form = form
        return try await next(request, context)
    }
}
