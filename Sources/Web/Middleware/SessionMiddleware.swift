import Database
import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Cookie names and attributes: `__Host-` prefix and Secure when served over https.
struct SessionCookies: Sendable {
    let https: Bool
    var session: String { https ? "__Host-rp_session" : "rp_session" }
    var preSession: String { https ? "__Host-rp_pre" : "rp_pre" }
    /// Between a right password and the code of a two-factor sign-in.
    var challenge: String { https ? "__Host-rp_2fa" : "rp_2fa" }
    /// A browser that signed in to an account before (`DeviceCookie`).
    var device: String { https ? "__Host-rp_device" : "rp_device" }

    func make(_ name: String, value: String) -> Cookie {
        Cookie(name: name, value: value, path: "/", secure: https, httpOnly: true, sameSite: .lax)
    }

    /// The device cookie: kept across browser restarts.
    func makeDevice(value: String) -> Cookie {
        Cookie(name: device, value: value, maxAge: DeviceCookie.maxAgeSeconds, path: "/", secure: https, httpOnly: true, sameSite: .lax)
    }

    func expire(_ name: String) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: https, httpOnly: true, sameSite: .lax)
    }
}

/// Loads the logged-in user from the session cookie (one query), enforces idle and absolute
/// timeouts, and marks every page of a logged-in user `Cache-Control: no-store`.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let sessions: SessionRepository
    let cookies: SessionCookies
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if !trustedProxies.isEmpty, trustedProxies.contains(context.peerAddress),
            let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").last
        {
            // Only a trusted proxy's word is taken for the client's address (its rightmost hop).
            context.clientIP = String(forwarded).trimmingWhitespace()
        }
        var expired = false
        if let token = request.cookies[cookies.session]?.value, !token.isEmpty, token.count < 100 {
            if let record = try await sessions.find(token: token) {
                let now = Date()
                if SessionPolicy.isExpired(
                    createdAgo: now.timeIntervalSince(record.createdAt), idleFor: now.timeIntervalSince(record.lastSeenAt))
                {
                    try await sessions.delete(token: token)
                    expired = true
                } else {
                    context.user = record.user
                    context.requestRecord?.userID = record.user.id
                    context.sessionToken = token
                    context.csrfToken = record.csrfToken
                    // A role that requires two-factor sign-in: nothing but setting it up (or logging out) until it is on.
                    if record.mustEnrolTOTP, !SiteURL.allowedBeforeTOTP(request.uri.path) {
                        return .redirect(to: SiteURL.accountTOTP.path)
                    }
                    if now.timeIntervalSince(record.lastSeenAt) > Double(SessionPolicy.touchIntervalSeconds) {
                        try await sessions.touch(token: token)
                    }
                }
            } else {
                expired = true
            }
        }
        context.sessionExpired = expired
        var response = try await next(request, context)
        if context.user != nil, response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        if expired, response.headers[.setCookie] == nil {
            response.setCookie(cookies.expire(cookies.session))
        }
        return response
    }
}
