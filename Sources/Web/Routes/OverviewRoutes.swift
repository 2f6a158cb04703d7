import Database
import Domain
import Foundation
import Hummingbird

/// The secretariat's overview: cases by state, what is late (material, the 10 working days, the
/// responsum), the pipeline of the coming quarters, and the recommendations' follow-up status per
/// project; filtered by year and region.
struct OverviewRoutes {
    let app: AppServices

    func addRoutes(to router: SiteRouter) {
        router.requiring(.readOverview).get(.overview) { request, context in try await self.overview(request, context) }
    }

    func overview(_ request: Request, _ context: AppContext) async throws -> HTML {
        let query = request.queryForm
        let (year, region) = OverviewPage.filters(year: query["aar"], region: query["region"])
        let model = OverviewPage.build(try await OverviewPage.query(app.pool), viewer: Viewer(context), year: year, region: region)
        return try app.views.render(OverviewPage.template, model)
    }
}
