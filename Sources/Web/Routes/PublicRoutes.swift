import Database
import Domain
import Foundation
import Hummingbird

/// The front page, the health check, the accessibility statement, and the files every site has:
/// the sitemap, robots.txt and favicon.ico.
struct PublicRoutes {
    let app: AppServices
    /// The files of `Public/`, for `/favicon.ico` (browsers ask for it there).
    let staticFiles: StaticFileMiddleware

    func addRoutes(to router: SiteRouter) {
        router.get(.home) { request, context in try await self.home(request, context) }
        router.get(.healthz) { request, context in try await self.healthz(request, context) }
        router.get(.accessibility) { request, context in
            try self.app.views.render(AccessibilityPage.template, AccessibilityPage.build(viewer: Viewer(context)))
        }
        router.get(.sitemap) { request, context in try await self.sitemap(request, context) }
        router.get(.robots) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: .init(string: Robots.build(routes: router.index.all, base: self.publicBase))))
        }
        router.get(.favicon) { _, _ in
            guard let icon = staticFiles.files["favicon.ico"] else { throw HTTPError(.notFound) }
            return StaticFileMiddleware.response(icon)
        }
    }

    /// The site's public address for absolute links (`PUBLIC_URL`, else the address it listens on).
    var publicBase: String { app.config.publicURL.isEmpty ? app.baseURL : app.config.publicURL }

    func sitemap(_ request: Request, _ context: AppContext) async throws -> Response {
        let xml = Sitemap.build(try await Sitemap.query(app.pool), base: publicBase)
        return Response(status: .ok, headers: [.contentType: "application/xml; charset=utf-8"], body: .init(byteBuffer: .init(string: xml)))
    }

    func home(_ request: Request, _ context: AppContext) async throws -> HTML {
        let viewer = Viewer(context)
        return try app.views.render(HomePage.template, HomePage.build(try await HomePage.query(app.pool, viewer: viewer), viewer: viewer))
    }

    func healthz(_ request: Request, _ context: AppContext) async throws -> Response {
        let ok: Bool
        do {
            ok = try await app.pool.query("SELECT 1 AS ok").first != nil
        } catch {
            ok = false
        }
        let body = ok ? #"{"status":"ok","database":"ok"}"# : #"{"status":"error","database":"unavailable"}"#
        return Response(
            status: ok ? .ok : .serviceUnavailable,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
