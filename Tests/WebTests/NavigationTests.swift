import Domain
import TestSupport
import XCTest

@testable import Web

/// The navigation is derived from the same policy as the routes: a link shows exactly when the
/// reader may open the page behind it.
final class NavigationTests: XCTestCase {
    func testEveryLinkRequiresWhatItsRouteRequires() async throws {
        let app = try await TestApp.make(seed: false)
        let routes = try buildSite(app.services).index.all
        for entry in Navigation.entries {
            let route = try XCTUnwrap(routes.first { $0.url == entry.url }, "\(entry.title): a route")
            XCTAssertTrue(route.methods.contains(.get), entry.title)
            XCTAssertEqual(route.capabilities[.get], entry.capability, "\(entry.title): the link's capability is the route's")
        }
    }

    func testEachRoleSeesTheLinksItMayUse() {
        func titles(_ roles: Set<Role>) -> [String] {
            Navigation.links(for: User(id: 1, username: "u", fullName: "U", email: "", roles: roles, active: true, version: 1)).map(\.title)
        }
        XCTAssertEqual(Navigation.links(for: nil).map(\.title), ["Forside", "Bestyrelsesmøder", "Søg", "It-rådet", "Årsrapporter"])
        // The admin may open every case (CasePolicy), so the case list is in the admin's navigation.
        XCTAssertEqual(
            titles([.admin]),
            [
                "Forside", "Bestyrelsesmøder", "Søg", "It-rådet", "Årsrapporter", "It-rådets projekter", "Sager",
                "Overblik", "Sparringsmøder", "Brugere", "Auditlog", "E-mail", "Min konto",
            ])
        XCTAssertEqual(
            titles([.projectLeader]),
            [
                "Forside", "Bestyrelsesmøder", "Søg", "It-rådet", "Årsrapporter", "Mine projekter", "Sager",
                "Anmodninger", "Sparringsmøder", "Min konto",
            ])
        XCTAssertEqual(
            titles([.councilMember]),
            [
                "Forside", "Bestyrelsesmøder", "Søg", "It-rådet", "Årsrapporter", "It-rådets projekter", "Sager",
                "Overblik", "Sparringsmøder", "Min konto",
            ])
        XCTAssertEqual(titles([.boardMember]), ["Forside", "Bestyrelsesmøder", "Søg", "It-rådet", "Årsrapporter", "Min konto"])
    }
}
