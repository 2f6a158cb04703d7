import Database
import Domain
import Foundation
import SnapshotTesting
import TestSupport
import XCTest

@testable import Web

/// Snapshots of the pages outside the board's and the council's process, for the demo data, per
/// reader: the front page, the annual report, the admin's users and the council's public page.
final class PublicPageSnapshotTests: XCTestCase {
    static let readers: [String?] = [
        nil, "admin", "sekretariat", "raadsmedlem1", "vurderer1", "projektleder", "bestyrelsessekretariat", "bestyrelse", "direktoer",
    ]

    func testFrontPage() async throws {
        let pool = try await PageSnapshot.pool()
        for username in Self.readers {
            let viewer = try await PageSnapshot.viewer(username)
            let model = HomePage.build(try await HomePage.query(pool, viewer: viewer), viewer: viewer)
            assertSnapshot(of: model, as: .json, named: username ?? "anonym")
        }
    }

    /// The demo's draft (report 2): the secretariat's and a council member's view of it; and the
    /// demo's published report 2021 (report 1, frozen when the demo was loaded) for the anonymous and
    /// the secretariat, who may then propose it to the board.
    func testAnnualReport() async throws {
        let reports = AnnualReportRepository(pool: try await PageSnapshot.pool())
        for username in ["sekretariat", "raadsmedlem1"] {
            let viewer = try await PageSnapshot.viewer(username)
            let page = try await ReportPage.query(reports, id: 2, viewer: viewer)
            XCTAssertTrue(ReportPage.mayRead(try XCTUnwrap(page).report, user: viewer.user))
            let model = ReportPage.build(page!, viewer: viewer, message: nil)
            assertSnapshot(of: model, as: .json, named: "draft." + username)
        }
        for username in [nil, "sekretariat"] as [String?] {
            let viewer = try await PageSnapshot.viewer(username)
            let loaded = try await ReportPage.query(reports, id: 1, viewer: viewer)
            let published = try XCTUnwrap(loaded)
            XCTAssertTrue(published.report.published)
            XCTAssertTrue(ReportPage.mayRead(published.report, user: viewer.user))
            let model = ReportPage.build(published, viewer: viewer, message: nil)
            assertSnapshot(of: model, as: .json, named: "published." + (username ?? "anonym"))
        }
        let draft = try await reports.report(id: 2)
        XCTAssertFalse(ReportPage.mayRead(try XCTUnwrap(draft), user: nil))
    }

    /// The report page and its CSV read a draft and its figures' facts in one round trip, its PDF
    /// in two (a page that reads nothing is the baseline: the session's own statements).
    func testTheDraftReportIsOneRoundTrip() async throws {
        let app = try await TestApp.make()
        addTeardownBlock { await app.shutdown() }
        try await app.run { browser in
            try await browser.login("sekretariat")
            func trips(_ path: String) async throws -> Int {
                _ = try await browser.get(path)  // warm
                let before = app.pool.pipelinesSent
                let response = try await browser.get(path)
                XCTAssertEqual(response.status, .ok, path)
                return app.pool.pipelinesSent - before
            }
            let baseline = try await trips(SiteURL.accessibility.path)
            for path in [SiteURL.report(.value(2)).path, SiteURL.reportCSV(.value(2), table: .value("figur2.csv")).path] {
                let n = try await trips(path)
                XCTAssertEqual(n - baseline, 1, "\(path): \(n - baseline) round trips")
            }
            // The PDF, once rendered: the report and its figures' facts, then the stored PDF of that version.
            try await assertEqual(try await browser.get(SiteURL.reportPDF(.value(2)).path).status, .accepted)
            try await assertEqual(try await app.renderDocuments(), 1)
            let n = try await trips(SiteURL.reportPDF(.value(2)).path)
            XCTAssertEqual(n - baseline, 2, "the PDF: \(n - baseline) round trips")
        }
    }

    func testAdminUsers() async throws {
        let users = UserRepository(pool: try await PageSnapshot.pool())
        let viewer = try await PageSnapshot.viewer("admin")
        let model = UsersPage.build(try await UsersPage.query(users, pageNumber: 1), pageNumber: 1, viewer: viewer, message: nil)
        assertSnapshot(of: model, as: .json, named: "admin")
        assertSnapshot(of: UserFormPage.build(UserFormPage.Values(), userID: nil, viewer: viewer, errors: FormErrors()), as: .json, named: "new")
    }

    func testCouncilAbout() async throws {
        let pool = try await PageSnapshot.pool()
        for username in [nil, "sekretariat", "projektleder"] as [String?] {
            let viewer = try await PageSnapshot.viewer(username)
            let (members, contact) = try await CouncilAboutPage.query(pool)
            let model = CouncilAboutPage.build(members: members, contact: contact, parameters: .standard, viewer: viewer)
            assertSnapshot(of: model, as: .json, named: username ?? "anonym")
        }
    }

    /// The library's documents for project leaders show only to those who work with the council.
    func testLibrary() async throws {
        let library = LibraryRepository(pool: try await PageSnapshot.pool())
        for username in [nil, "projektleder", "sekretariat"] as [String?] {
            let viewer = try await PageSnapshot.viewer(username)
            let model = LibraryPage.build(try await LibraryPage.query(library, viewer: viewer), viewer: viewer)
            assertSnapshot(of: model, as: .json, named: username ?? "anonym")
        }
    }

    /// The forms of this area as they first open.
    func testEmptyForms() async throws {
        let pool = try await PageSnapshot.pool()
        let reports = AnnualReportRepository(pool: pool)
        let secretariat = try await PageSnapshot.viewer("sekretariat")
        let loaded = try await reports.report(id: 2)
        let draft = try XCTUnwrap(loaded)
        assertSnapshot(
            of: NewReportPage.build(viewer: secretariat, typed: nil, error: nil), as: .json,
            named: "newReport")
        assertSnapshot(of: EditReportPage.build(draft, viewer: secretariat, errors: FormErrors()), as: .json, named: "editReport")
        assertSnapshot(of: PublishReportPage.build(draft, viewer: secretariat, error: nil), as: .json, named: "publishReport")
        let loadedPublished = try await reports.report(id: 1)
        let published = try XCTUnwrap(loadedPublished)
        let meetings = try await ProposeReportPage.query(BoardRepository(pool: pool))
        assertSnapshot(
            of: ProposeReportPage.build(
                published, meetings: meetings, viewer: secretariat, typed: nil, error: nil), as: .json,
            named: "proposeReport")
        let contact = try await CouncilContactPage.query(LibraryRepository(pool: pool))
        assertSnapshot(of: CouncilContactPage.build(stored: contact, typed: nil, viewer: secretariat, error: nil), as: .json, named: "councilContact")
        assertSnapshot(
            of: LibraryDocumentPage.build(
                nil, versions: [], viewer: secretariat, maxUploadBytes: AppConfig().maxUploadBytes, typed: nil, error: nil, message: nil), as: .json,
            named: "newLibraryDocument")
        let anonymous = try await PageSnapshot.viewer(nil)
        assertSnapshot(of: LoginPage.build(viewer: anonymous, username: "", next: nil, error: nil, expired: false), as: .json, named: "login")
        assertSnapshot(of: AccountPage.build(secretariat.user!, viewer: secretariat, errors: FormErrors(), saved: false), as: .json, named: "account")
        let admin = try await PageSnapshot.viewer("admin")
        let (required, counts) = try await TOTPPolicyPage.query(SecurityRepository(pool: pool))
        assertSnapshot(of: TOTPPolicyPage.build(required: required, counts: counts, viewer: admin, message: nil), as: .json, named: "totpPolicy")
    }
}
