import HTTPTypes
import Hummingbird

/// Security headers on every response, error pages included (this middleware sits outermost).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    let https: Bool
    /// Origins besides the portal's own a form's answer may lead to: the OpenID provider's, where
    /// the logout form's redirect ends its session (CSP's form-action covers redirects).
    var formActionOrigins: [String] = []

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + "form-action 'self'\(formActionOrigins.map { " " + $0 }.joined()); frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=()"
        response.headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        if https { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        return response
    }
}
