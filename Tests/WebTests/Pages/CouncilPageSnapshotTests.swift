import Database
import Domain
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

    /// The demo's cases (1 closed, 7 awaiting material, 8 under assessment, 9 in planning, 10 awaiting
    /// the directors) as each kind of reader sees them; which reader sees which case is a snapshot too.
    func testCase() async throws {
        let cases = CaseRepository(pool: try await PageSnapshot.pool())
        var seen: [String] = []
        for id: Int64 in [1, 7, 8, 9, 10] {
            for username in ["sekretariat", "raadsmedlem1", "vurderer1", "projektleder", "direktoer"] {
                let viewer = try await PageSnapshot.viewer(username)
                guard let page = try await CasePage.query(cases, id: id, user: viewer.user!) else {
                    seen.append("\(id) \(username): 404")
                    continue
                }
                seen.append("\(id) \(username): sees")
                let number = try await DocumentRepository(pool: try await PageSnapshot.pool()).caseNumber(caseID: id)
                let model = CasePage.build(
                    page, viewer: viewer, rules: .standard, maxUploadBytes: AppConfig().maxUploadBytes, message: nil,
                    number: .init(number: number.number, invented: number.invented))
                assertSnapshot(of: model, as: .json, named: "\(id).\(username)")
            }
        }
        assertSnapshot(of: seen, as: .json, named: "visibility")
    }

    func testIntakeForm() async throws {
        let viewer = try await PageSnapshot.viewer("projektleder")
        let model = IntakeFormPage.build(IntakeDraft(), errors: FormErrors(), caseID: nil, version: 0, viewer: viewer, rules: .standard)
        assertSnapshot(of: model, as: .json, named: "empty")
    }

    func testPlanning() async throws {
        let cases = CaseRepository(pool: try await PageSnapshot.pool())
        let viewer = try await PageSnapshot.viewer("sekretariat")
        let loadedC = try await cases.summary(id: 9)
        let c = try XCTUnwrap(loadedC)
        let model = PlanningPage.build(c, try await PlanningPage.query(cases, caseID: 9), typed: nil, errors: FormErrors(), viewer: viewer)
        assertSnapshot(of: model, as: .json, named: "9.sekretariat")
    }

    /// The letter being signed (case 8) and a sent one with its responsum (case 1), per reader who may read it.
    func testLetter() async throws {
        let pool = try await PageSnapshot.pool()
        let cases = CaseRepository(pool: pool)
        for (id, usernames): (Int64, [String]) in [(8, ["sekretariat", "raadsmedlem1"]), (1, ["sekretariat", "direktoer"])] {
            let loadedPage = try await cases.page(id: id)
            let page = try XCTUnwrap(loadedPage)
            for username in usernames {
                let viewer = try await PageSnapshot.viewer(username)
                XCTAssertTrue(
                    CasePolicy.mayReadLetter(viewer.user!, page.summary.facts(page.appointments)), "\(username) reads the letter of case \(id)")
                let model = LetterPage.build(
                    page.summary, appointments: page.appointments,
                    try await LetterPage.query(LetterRepository(pool: pool), DocumentRepository(pool: pool), caseID: id),
                    viewer: viewer, message: nil, error: nil)
                assertSnapshot(of: model, as: .json, named: "\(id).\(username)")
            }
        }
    }

    func testLetterForm() async throws {
        let letters = LetterRepository(pool: try await PageSnapshot.pool())
        let viewer = try await PageSnapshot.viewer("sekretariat")
        let model = LetterFormPage.build(
            caseID: 8, try await letters.letter(caseID: 8), signed: try await LetterFormPage.query(letters, caseID: 8),
            errors: FormErrors(), viewer: viewer)
        assertSnapshot(of: model, as: .json, named: "8.sekretariat")
    }

    /// The form as the project leader of a sent letter sees it (the demo's letters all have their responsum: case 1's recommendations stand in).
    func testResponsumForm() async throws {
        let pool = try await PageSnapshot.pool()
        let viewer = try await PageSnapshot.viewer("projektleder")
        let loadedC = try await CaseRepository(pool: pool).summary(id: 1)
        let c = try XCTUnwrap(loadedC)
        let model = ResponsumPage.build(
            c, try await ResponsumPage.query(LetterRepository(pool: pool), caseID: 1), typed: [:], errors: FormErrors(), viewer: viewer)
        assertSnapshot(of: model, as: .json, named: "empty")
    }

    func testEvaluationForm() async throws {
        let viewer = try await PageSnapshot.viewer("projektleder")
        let pool = try await PageSnapshot.pool()
        let loadedC = try await CaseRepository(pool: pool).summary(id: 1)
        let c = try XCTUnwrap(loadedC)
        assertSnapshot(of: EvaluationPage.build(c, questionnaire: .version1, typed: nil, error: nil, viewer: viewer), as: .json, named: "empty")
    }

    /// The assessment of case 8 (under way) and case 1 (closed), for the secretariat and declared appointees.
    func testAssessment() async throws {
        let cases = CaseRepository(pool: try await PageSnapshot.pool())
        for (id, usernames): (Int64, [String]) in [(8, ["sekretariat", "vurderer1", "raadsmedlem1"]), (1, ["sekretariat"])] {
            let loadedPage = try await cases.page(id: id)
            let page = try XCTUnwrap(loadedPage)
            for username in usernames {
                let viewer = try await PageSnapshot.viewer(username)
                let mine = page.appointments.first { $0.userID == viewer.user!.id && $0.declared }
                let model = AssessmentPage.build(
                    page.summary, appointment: mine, try await AssessmentPage.query(cases, caseID: id), typed: nil,
                    errors: FormErrors(), viewer: viewer, message: nil)
                assertSnapshot(of: model, as: .json, named: "\(id).\(username)")
            }
        }
    }

    func testSparringList() async throws {
        let sparring = SparringRepository(pool: try await PageSnapshot.pool())
        for username in ["sekretariat", "projektleder"] {
            let viewer = try await PageSnapshot.viewer(username)
            let model = SparringListPage.build(
                try await SparringListPage.query(sparring, user: viewer.user!, pageNumber: 1), pageNumber: 1, viewer: viewer)
            assertSnapshot(of: model, as: .json, named: username)
        }
    }

    func testSparringForm() async throws {
        let viewer = try await PageSnapshot.viewer("sekretariat")
        let typed = SparringFormPage.Typed()
        let model = SparringFormPage.build(
            try await SparringFormPage.query(try await PageSnapshot.pool(), typed: typed), typed: typed, errors: FormErrors(),
            viewer: viewer)
        assertSnapshot(of: model, as: .json, named: "empty")
    }

    /// LUNA's sparring meetings with minutes (5 and 8), for the secretariat (who writes them) and a council member.
    func testSparringMeeting() async throws {
        let sparring = SparringRepository(pool: try await PageSnapshot.pool())
        for id: Int64 in [5, 8] {
            for username in ["sekretariat", "raadsmedlem1"] {
                let viewer = try await PageSnapshot.viewer(username)
                let loadedM = try await SparringMeetingPage.query(sparring, id: id, user: viewer.user!)
                let m = try XCTUnwrap(loadedM)
                assertSnapshot(of: SparringMeetingPage.build(m, viewer: viewer, message: nil), as: .json, named: "\(id).\(username)")
            }
        }
    }

    func testSparringMinutes() async throws {
        let viewer = try await PageSnapshot.viewer("sekretariat")
        let pool = try await PageSnapshot.pool()
        let loadedM = try await SparringMeetingPage.query(SparringRepository(pool: pool), id: 8, user: viewer.user!)
        let m = try XCTUnwrap(loadedM)
        assertSnapshot(of: SparringMinutesPage.build(m, typed: nil, errors: FormErrors(), viewer: viewer), as: .json, named: "8.sekretariat")
    }

    func testRequestList() async throws {
        let requests = RequestRepository(pool: try await PageSnapshot.pool())
        for username in ["sekretariat", "projektleder"] {
            let viewer = try await PageSnapshot.viewer(username)
            let model = RequestListPage.build(try await RequestListPage.query(requests, user: viewer.user!), viewer: viewer, sent: false)
            assertSnapshot(of: model, as: .json, named: username)
        }
    }

    func testRequestForm() async throws {
        let viewer = try await PageSnapshot.viewer("projektleder")
        let own = try await RequestFormPage.query(CouncilRepository(pool: try await PageSnapshot.pool()), user: viewer.user!)
        assertSnapshot(of: RequestFormPage.build(own, typed: nil, kind: nil, errors: FormErrors(), viewer: viewer), as: .json, named: "empty")
    }

    /// The demo has no requests: a sparring request for projektleder's project, as of the fixed day,
    /// stands in (the secretariat decides it and sees the council members to appoint; its asker does not).
    func testRequest() async throws {
        let pool = try await PageSnapshot.pool()
        let asker = try await PageSnapshot.viewer("projektleder")
        var r = RequestRepository.Request(kind: .sparring, projectName: "Digital tolkebooking")
        r.id = 1
        r.projectID = 10
        r.requestedBy = asker.user!.id
        r.requesterName = asker.user!.fullName
        r.timing = .before
        r.challenge = "Bookingen skal integreres med to EPJ-systemer."
        r.wishedDates = "Uge 2 eller 3"
        r.createdAt = PageSnapshot.now
        for username in ["sekretariat", "projektleder"] {
            let viewer = try await PageSnapshot.viewer(username)
            let rows = try await RequestPage.query(pool, r, user: viewer.user!)
            assertSnapshot(
                of: RequestPage.build(r, rows, viewer: viewer, maxUploadBytes: AppConfig().maxUploadBytes, message: nil, error: nil, typed: nil),
                as: .json, named: username)
        }
    }

    func testOverview() async throws {
        let viewer = try await PageSnapshot.viewer("sekretariat")
        let rows = try await OverviewPage.query(try await PageSnapshot.pool())
        assertSnapshot(of: OverviewPage.build(rows, viewer: viewer, year: nil, region: nil), as: .json, named: "all")
        let (year, region) = OverviewPage.filters(year: "2021", region: "Region Hovedstaden")
        assertSnapshot(of: OverviewPage.build(rows, viewer: viewer, year: year, region: region), as: .json, named: "2021.hovedstaden")
    }

    func testProjects() async throws {
        let council = CouncilRepository(pool: try await PageSnapshot.pool())
        for username in ["sekretariat", "projektleder"] {
            let viewer = try await PageSnapshot.viewer(username)
            let rows = try await ProjectsPage.query(council, user: viewer.user!)
            assertSnapshot(of: ProjectsPage.build(rows, viewer: viewer), as: .json, named: username)
        }
    }
}
