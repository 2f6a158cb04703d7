import Database
import Domain
import Foundation
import Hummingbird

/// The case's number in the records system (EMN-ÅÅÅÅ-NNNNN), recorded by the secretariat on the
/// case page and printed on the recommendation letter.
extension CaseRoutes {
    func addCaseNumberRoutes(to secretariat: SiteRouter) {
        secretariat.post(.caseNumber(.key)) { request, context in try await self.saveCaseNumber(request, context) }
    }

    func saveCaseNumber(_ request: Request, _ context: AppContext) async throws -> Response {
        let (user, c) = try await visibleCase(context, request)
        let typed = (context.form ?? FormData())["case_number"].trimmingWhitespace()
        var number: CaseNumber?
        if !typed.isEmpty {
            guard let parsed = CaseNumber(typed), typed.count <= 20 else {
                return try await show(request, context, numberError: (String(typed.prefix(100)), CaseNumber.formatHint))
            }
            number = parsed
        }
        guard
            try await DocumentRepository(pool: app.pool).setCaseNumber(
                caseID: c.id, number?.description,
                audit: .init(
                    userID: user.id, username: user.username, action: "case.number", objectType: "case", objectID: String(c.id),
                    detail: number?.description ?? "fjernet", clientIP: context.clientIP))
        else { throw HTTPError(.notFound) }
        return .redirect(to: SiteURL.caseDetail(.value(c.id)).path(query: [("besked", "sagsnummer")]))
    }
}
