import Database
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Turns every thrown error into a Danish page without internals: 400, 403, 404, 409, 413, 416, 429, 500, 503.
/// A database error also counts as an error of its route in `/metrics`.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let status: HTTPResponse.Status
            var headers = HTTPFields()
            var shown = context
            shown.user = nil
            switch error {
            case let e as SignedInForbidden:
                status = .forbidden
                shown = e.context
            case let e as HTTPError where (300..<400).contains(e.status.code):
                // A redirect thrown by an access check (e.g. to the login page).
                return Response(status: e.status, headers: e.headers)
            case let e as HTTPError:
                status = e.status
                headers = e.headers
            case is NIOTooManyBytesError:
                // A body over the limit that announced no length (chunked): found while reading it.
                status = .contentTooLarge
            case is HTTPParserError, is ChannelError, is IOError:
                // A broken or cut-off body, or a client that went away: its fault, not an error of ours.
                context.logger.notice("malformed or interrupted request on \(request.method) \(request.uri.path): \(error)")
                status = .badRequest
            case DatabaseError.server(let state, _) where state.hasPrefix("22"):
                // Data PostgreSQL cannot take (a NUL byte, a value out of range) that a check missed.
                context.logger.notice("refused data on \(request.method) \(request.uri.path): \(error)")
                status = .badRequest
            case DatabaseError.server(let state, _) where state == "57014" || state == "55P03":
                // A statement cancelled by the statement timeout, or a lock not had: busy, not broken.
                context.logger.warning("database busy on \(request.method) \(request.uri.path): \(error)")
                status = .serviceUnavailable
                headers[.retryAfter] = "5"
            case let e as DatabaseError where e.isUnavailable:
                context.logger.error("database unavailable: \(e)")
                status = .serviceUnavailable
                headers[.retryAfter] = "5"
            default:
                context.logger.error("unhandled error on \(request.method) \(request.uri.path): \(String(reflecting: error))")
                status = .internalServerError
            }
            if error is DatabaseError {
                AppMetrics.shared.error(route: RequestLogMiddleware.routeLabel(context, request), kind: .database)
            }
            var response = try render(status: status, context: context, shown: shown, request: request)
            for field in headers where field.name != .contentLength && field.name != .contentType {
                response.headers[field.name] = field.value
            }
            // HEAD: the headers of the page a GET would have had, without its body.
            return request.method == .head ? response.createHeadResponse() : response
        }
    }

    func render(status: HTTPResponse.Status, context: Context, shown: Context, request: Request) throws -> Response {
        var (title, message) = Self.text(for: status)
        if status == .forbidden && request.method == .post {
            message =
                "Formularen kunne ikke godkendes. Siden kan være udløbet, eller du er blevet logget ud. Gå tilbage, genindlæs siden, og prøv igen."
        }
        // An error page never knows more than the navigation of an anonymous visitor, so it cannot leak,
        // except "Adgang nægtet" to a signed-in reader (`SignedInForbidden`): shown in their own layout
        // (their navigation, their name, log out), which says nothing about the page they were refused.
        let page = PageInfo(title: title, context: shown, path: "")
        let model = ErrorModel(page: page, status: Int(status.code), heading: title, message: message)
        let html = try views.render("error", model, status: status)
        var response = html.response(from: request, context: context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    struct ErrorModel: Encodable {
        let page: PageInfo
        let status: Int
        let heading: String
        let message: String
    }

    static func text(for status: HTTPResponse.Status) -> (String, String) {
        switch status.code {
        case 400: ("Forespørgslen kunne ikke læses", "Forespørgslen kunne ikke forstås. Gå tilbage, og prøv igen.")
        case 401: ("Log ind", "Du skal logge ind for at se siden.")
        case 403:
            (
                "Adgang nægtet",
                "Du har ikke adgang til denne side med de roller, du har. Kontakt en administrator, hvis du mener, du skal have adgang."
            )
        case 404: ("Siden findes ikke", "Siden findes ikke, eller du har ikke adgang til den. Tjek adressen, eller gå til forsiden.")
        case 405: ("Handlingen er ikke tilladt", "Siden kan ikke bruges på den måde.")
        case 409:
            (
                "Formularen er allerede sendt",
                "Formularen er allerede sendt og bliver eller er blevet gemt. Gå tilbage, og genindlæs siden for at se resultatet."
            )
        case 413: ("Indholdet er for stort", "Det, du sendte, er større end tilladt. Gør filen eller teksten mindre, og prøv igen.")
        case 416: ("Delen af filen findes ikke", "Den del af filen, der blev bedt om, ligger uden for filen. Hent hele filen i stedet.")
        case 429: ("For mange forsøg", "Der er kommet for mange forsøg på kort tid. Vent et øjeblik, og prøv igen.")
        case 503: ("Tjenesten er midlertidigt utilgængelig", "Rådsportalen kan ikke nå sin database lige nu. Prøv igen om lidt.")
        default: ("Der opstod en fejl", "Der opstod en uventet fejl. Prøv igen om lidt. Fejlen er registreret.")
        }
    }
}

/// A refusal (403) of a signed-in reader, carrying their request context so that the error page can
/// show it in their own layout. `ForbiddenLayoutMiddleware` turns a 403 into it; it runs inside the
/// session, where the context knows the reader.
struct SignedInForbidden: Error {
    let context: AppContext
}

struct ForbiddenLayoutMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as HTTPError where e.status == .forbidden && context.user != nil {
            throw SignedInForbidden(context: context)
        }
    }
}
