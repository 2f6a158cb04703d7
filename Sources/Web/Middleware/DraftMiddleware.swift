import Database
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Nothing typed is lost to an expired session. A form POSTed with a session cookie whose session
/// has expired is not written: its fields (at most `maxBytes`, no files, not the CSRF token or the
/// one-time id) are kept server-side for a fresh pre-session of the same browser, and the browser
/// is sent to the login page. Signing in hands the kept fields to the new session
/// (`AuthRoutes.startSession`) and lands the user on the form's page with `?udkast=1`, where
/// `DraftMiddleware` fills the form whose action is the one that was sent. Nothing is written until
/// the user sends the form again, signed in, with the page's new CSRF token.
enum FormDrafts {
    static let maxBytes = 64 * 1024
    static let query = "udkast"

    /// Keeps the form and answers with the way to the login page (which then knows the pre-session).
    static func preserve(
        _ request: Request, form: FormData, bodyBytes: Int, clientIP: String, sessions: SessionRepository, cookies: SessionCookies
    ) async throws -> Response {
        let action = request.uri.path
        // The page the form was on (same-origin Referer: the Referrer-Policy is same-origin), else its action.
        var page = action
        if let referer = request.headers[.referer], let url = URL(string: referer) {
            var local = url.path.isEmpty ? "/" : url.path
            if let q = url.query, !q.isEmpty { local += "?" + q }
            if let safe = SiteURL.safeLocalPath(local), !safe.hasPrefix(SiteURL.login.path) { page = safe }
        }
        let pre = Tokens.random()
        try await sessions.createAnonymous(token: pre, csrfToken: Tokens.random())
        // Bounded per address too (30 kept forms an hour), so bogus session cookies cannot fill the table.
        if bodyBytes <= maxBytes, try await sessions.allowEvent(kind: "draft", key: clientIP, limit: 30) {
            var fields = form.fields
            fields["csrf_token"] = nil
            fields["submission_id"] = nil
            try await sessions.preserve(preSession: pre, action: action, page: page, fields: fields)
        }
        var response = Response.redirect(to: SiteURL.login.path(query: [("next", page), ("udloebet", "1")]))
        response.setCookie(cookies.make(cookies.preSession, value: pre))
        response.setCookie(cookies.expire(cookies.session))
        return response
    }

    /// Where a sign-in with a kept form lands.
    static func landing(_ page: String) -> String {
        let base = page.split(separator: "#", maxSplits: 1).first.map(String.init) ?? page
        return base + (base.contains("?") ? "&" : "?") + query + "=1"
    }

    // MARK: Filling the form

    static let notice =
        #"<p class="notice" role="status" id="udkast-besked">Du blev logget ud, før formularen blev sendt. Det, du skrev, er sat ind igen herunder: tjek det, og send formularen igen. Intet er gemt endnu.</p>"#

    /// The page with the form whose action is `action` filled with `fields`: text inputs and text
    /// areas get the values sent (in order, per name), checkboxes, radios and options are checked
    /// or selected as sent. Hidden fields, passwords and files are left as the page has them (the
    /// page's own CSRF token and one-time id stay). The notice is put right before the form.
    static func fill(html: String, action: String, fields: [String: [String]]) -> String {
        var html = html
        guard let formStart = findForm(in: html, action: action),
            let formEnd = html.range(of: "</form>", range: formStart..<html.endIndex)?.lowerBound
        else { return html }
        let inner = String(html[formStart..<formEnd])
        let filled = fillElements(inner, fields: fields)
        html.replaceSubrange(formStart..<formEnd, with: notice + filled)
        return html
    }

    static func findForm(in html: String, action: String) -> String.Index? {
        var search = html.startIndex..<html.endIndex
        while let open = html.range(of: "<form", range: search) {
            guard let close = html.range(of: ">", range: open.upperBound..<html.endIndex) else { return nil }
            let tag = String(html[open.lowerBound..<close.upperBound])
            if let value = attribute("action", in: tag), unescape(value) == action { return open.lowerBound }
            search = close.upperBound..<html.endIndex
        }
        return nil
    }

    static func fillElements(_ form: String, fields: [String: [String]]) -> String {
        var used: [String: Int] = [:]
        func nextValue(_ name: String) -> String? {
            guard let values = fields[name] else { return nil }
            let i = used[name, default: 0]
            used[name] = i + 1
            return i < values.count ? values[i] : nil
        }
        var out = ""
        var rest = Substring(form)
        var selectName: String?
        while let lt = rest.firstIndex(of: "<") {
            out += rest[..<lt]
            guard let gt = rest[lt...].firstIndex(of: ">") else {
                rest = rest[lt...]
                break
            }
            var tag = String(rest[lt...gt])
            rest = rest[rest.index(after: gt)...]
            let lower = tag.lowercased()
            if lower.hasPrefix("<input") {
                let type = (attribute("type", in: tag) ?? "text").lowercased()
                if let name = attribute("name", in: tag).map(unescape) {
                    switch type {
                    case "hidden", "password", "file", "submit", "button", "reset", "image": break
                    case "checkbox", "radio":
                        let value = attribute("value", in: tag).map(unescape) ?? "on"
                        tag = setFlag("checked", in: tag, on: fields[name]?.contains(value) ?? false)
                    default:
                        if let value = nextValue(name) { tag = setAttribute("value", to: value, in: tag) }
                    }
                }
                out += tag
            } else if lower.hasPrefix("<textarea") {
                out += tag
                if let name = attribute("name", in: tag).map(unescape), let value = nextValue(name),
                    let end = rest.range(of: "</textarea>")
                {
                    out += escape(value)
                    rest = rest[end.lowerBound...]
                }
            } else if lower.hasPrefix("<select") {
                selectName = attribute("name", in: tag).map(unescape)
                out += tag
            } else if lower.hasPrefix("</select") {
                selectName = nil
                out += tag
            } else if lower.hasPrefix("<option"), let name = selectName, let values = fields[name] {
                let value = attribute("value", in: tag).map(unescape) ?? ""
                out += setFlag("selected", in: tag, on: values.contains(value))
            } else {
                out += tag
            }
        }
        out += rest
        return out
    }

    /// The value of a double-quoted attribute (as our templates write them).
    static func attribute(_ name: String, in tag: String) -> String? {
        guard let start = tag.range(of: " " + name + "=\"") else { return nil }
        guard let end = tag[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(tag[start.upperBound..<end])
    }

    static func setAttribute(_ name: String, to value: String, in tag: String) -> String {
        var tag = tag
        if let start = tag.range(of: " " + name + "=\""), let end = tag[start.upperBound...].firstIndex(of: "\"") {
            tag.replaceSubrange(start.upperBound..<end, with: escape(value))
            return tag
        }
        let close = tag.hasSuffix("/>") ? tag.index(tag.endIndex, offsetBy: -2) : tag.index(before: tag.endIndex)
        tag.insert(contentsOf: " \(name)=\"\(escape(value))\"", at: close)
        return tag
    }

    static func setFlag(_ name: String, in tag: String, on: Bool) -> String {
        var tag = tag
        for form in [" " + name + "=\"" + name + "\"", " " + name + "=\"\"", " " + name] {
            while let r = tag.range(of: form), r.upperBound == tag.endIndex || " />".contains(tag[r.upperBound]) {
                tag.removeSubrange(r)
            }
        }
        if on { tag.insert(contentsOf: " " + name, at: tag.index(before: tag.endIndex)) }
        return tag
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}

/// Fills a form kept from before the session expired into its page, once, after sign-in
/// (`FormDrafts`). Only GETs of a signed-in user with `?udkast=1` look for one.
struct DraftMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let sessions: SessionRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, context.user != nil, let token = context.sessionToken,
            request.uri.queryParameters.get(FormDrafts.query) != nil
        else { return try await next(request, context) }
        var response = try await next(request, context)
        guard response.status == .ok, response.headers[.contentType]?.hasPrefix("text/html") ?? false,
            let draft = try await sessions.takeDraft(session: token)
        else { return response }
        let body = try await RepresentationMiddleware.collect(response.body)
        let html = FormDrafts.fill(html: String(buffer: body), action: draft.action, fields: draft.fields)
        response.body = .init(byteBuffer: ByteBuffer(string: html))
        response.headers[.contentLength] = nil
        return response
    }
}
