import Database
import SnapshotTesting
import XCTest

@testable import Web

/// Snapshots of the council's pages for the demo data, per reader.
final class CouncilPageSnapshotTests: XCTestCase {
    func testCaseList() async throws {
        let cases = CaseRepository(pool: try await PageSnapshot.pool())
        for username in ["sekretariat", "projektleder", "vurderer1", "direktoer"] {
            let viewer = try await PageSnapshot.viewer(username)
            let model = CaseListPage.build(try await CaseListPage.query(cases, user: viewer.user!), viewer: viewer, submitted: false)
            assertSnapshot(of: model, as: .json, named: username)
        }
    }
}
