import Database
import Domain
import Hummingbird

/// The council's projects and activities (Tabel 1). A project leader sees only their own projects.
struct CouncilRoutes {
    let app: AppServices

    func addRoutes(to router: SiteRouter) {
        router.requiring(.readProjects).get(.projects) { request, context in try await self.projects(request, context) }
        addQuestionnaireRoutes(to: router)
    }

    func projects(_ request: Request, _ context: AppContext) async throws -> HTML {
        let rows = try await ProjectsPage.query(app.council, user: try requireUser(context, request))
        return try app.views.render(ProjectsPage.template, ProjectsPage.build(rows, viewer: Viewer(context)))
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
