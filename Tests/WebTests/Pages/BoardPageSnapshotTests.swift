import Database
import Domain
import SnapshotTesting
import XCTest

@testable import Web

/// Snapshots of the board's pages for the demo data, per reader. The agenda pages differ between
/// the public, the board's members (confidential items in full, read marks) and the board
/// secretariat (drafts, the tools); the secretariat's own pages are snapshotted for it alone.
/// Demo: meeting 1 (28 April 2022, items 1–10, items 1 and 3–6 confidential, item 9 with
/// sub-topics), meeting 2 (item 1 with version 2 of the status note), meeting 3 (a draft).
final class BoardPageSnapshotTests: XCTestCase {
    static let readers = ["anonymous", "bestyrelse", "bestyrelsessekretariat"]

    func viewer(_ name: String) async throws -> Viewer {
        try await PageSnapshot.viewer(name == "anonymous" ? nil : name)
    }

    func meeting(_ id: Int64) async throws -> Meeting {
        let meeting = try await BoardRepository(pool: try await PageSnapshot.pool()).meeting(id: id, includeDrafts: true)
        return try XCTUnwrap(meeting)
    }

    func testMeetings() async throws {
        let pool = try await PageSnapshot.pool()
        for name in Self.readers {
            let viewer = try await viewer(name)
            let model = MeetingsPage.build(try await MeetingsPage.query(pool, user: viewer.user), viewer: viewer)
            assertSnapshot(of: model, as: .json, named: name)
        }
    }

    func testMeeting() async throws {
        let pool = try await PageSnapshot.pool()
        for name in Self.readers {
            let viewer = try await viewer(name)
            let found = try await MeetingPage.query(pool, meetingID: 1, user: viewer.user)
            let data = try XCTUnwrap(found)
            assertSnapshot(of: MeetingPage.build(data, viewer: viewer, message: nil), as: .json, named: "1." + name)
        }
        // The draft: the board secretariat's alone.
        let anonymous = try await viewer("anonymous")
        let draft = try await MeetingPage.query(pool, meetingID: 3, user: anonymous.user)
        XCTAssertNil(draft)
        let secretariat = try await viewer("bestyrelsessekretariat")
        let found = try await MeetingPage.query(pool, meetingID: 3, user: secretariat.user)
        let data = try XCTUnwrap(found)
        assertSnapshot(of: MeetingPage.build(data, viewer: secretariat, message: "published"), as: .json, named: "3.bestyrelsessekretariat")
    }

    func testAgendaItem() async throws {
        let pool = try await PageSnapshot.pool()
        // Item 1 of meeting 1 is confidential: withheld from the public.
        for name in Self.readers {
            let viewer = try await viewer(name)
            switch try await AgendaItemPage.query(pool, meetingID: 1, number: 1, user: viewer.user) {
            case .page(let data):
                XCTAssertNotEqual(name, "anonymous")
                assertSnapshot(
                    of: AgendaItemPage.build(data, viewer: viewer, maxUploadBytes: AppConfig().maxUploadBytes, message: nil), as: .json,
                    named: "1-1." + name)
            case .withheld: XCTAssertEqual(name, "anonymous")
            case .notFound: XCTFail("item 1 of meeting 1 for \(name)")
            }
        }
        // Item 9 (sub-topics) and item 1 of meeting 2 (a status note compared with its previous version).
        for (meetingID, number) in [(Int64(1), 9), (2, 1)] {
            for name in Self.readers {
                let viewer = try await viewer(name)
                guard case .page(let data) = try await AgendaItemPage.query(pool, meetingID: meetingID, number: number, user: viewer.user) else {
                    XCTFail("item \(number) of meeting \(meetingID) for \(name)")
                    continue
                }
                assertSnapshot(
                    of: AgendaItemPage.build(data, viewer: viewer, maxUploadBytes: AppConfig().maxUploadBytes, message: nil), as: .json,
                    named: "\(meetingID)-\(number).\(name)")
            }
        }
    }

    func testAgendaPack() async throws {
        let pool = try await PageSnapshot.pool()
        let meeting = try await meeting(1)
        for name in Self.readers {
            let viewer = try await viewer(name)
            let model = AgendaPackPage.build(try await AgendaPackPage.query(pool, meeting: meeting, user: viewer.user), viewer: viewer)
            assertSnapshot(of: model, as: .json, named: name)
        }
    }

    func testMinutes() async throws {
        let pool = try await PageSnapshot.pool()
        let meeting = try await meeting(1)
        for name in Self.readers {
            let viewer = try await viewer(name)
            let model = MinutesPage.build(
                meeting, try await MinutesPage.query(pool, meeting: meeting, user: viewer.user),
                cycle: try await MinutesPage.cycleQuery(pool, meeting: meeting), viewer: viewer)
            assertSnapshot(of: model, as: .json, named: name)
        }
    }

    func testSearch() async throws {
        let pool = try await PageSnapshot.pool()
        let anonymous = try await viewer("anonymous")
        assertSnapshot(of: SearchPage.build(query: "", results: nil, error: nil, viewer: anonymous), as: .json, named: "form")
        let tooLong = String(repeating: "a", count: 201)
        let problem = try XCTUnwrap(SearchPage.problem(tooLong))
        assertSnapshot(of: SearchPage.build(query: tooLong, results: nil, error: problem, viewer: anonymous), as: .json, named: "too-long")
        // "forhandling" occurs only in confidential items.
        for name in Self.readers {
            let viewer = try await viewer(name)
            let result = try await SearchPage.query(pool, "forhandling", page: 1, user: viewer.user)
            assertSnapshot(of: SearchPage.build(query: "forhandling", results: (result, 1), error: nil, viewer: viewer), as: .json, named: name)
        }
        // Public items: what everyone finds.
        let result = try await SearchPage.query(pool, "ukrainske flygtninge", page: 1, user: nil)
        assertSnapshot(
            of: SearchPage.build(query: "ukrainske flygtninge", results: (result, 1), error: nil, viewer: anonymous), as: .json, named: "public")
    }

    func testMeetingForm() async throws {
        let viewer = try await viewer("bestyrelsessekretariat")
        assertSnapshot(
            of: MeetingFormPage.build(values: .init(), errors: FormErrors(), meetingID: nil, published: false, viewer: viewer), as: .json,
            named: "new")
        let stored = try await MeetingFormPage.query(try await PageSnapshot.pool(), meetingID: 1)
        let meeting = try XCTUnwrap(stored)
        assertSnapshot(
            of: MeetingFormPage.build(values: MeetingFormPage.values(meeting), errors: FormErrors(), meetingID: 1, published: true, viewer: viewer),
            as: .json, named: "edit")
        // Refused: the values as typed, each error at its field.
        var typed = MeetingFormPage.Values()
        typed.title = ""
        typed.date = "31.2.2027"
        var errors = FormErrors()
        errors.add("title", "Skriv mødets titel (højst 200 tegn).")
        errors.add("date", "Skriv datoen som dd.mm.åååå, fx 21.6.2022.")
        assertSnapshot(
            of: MeetingFormPage.build(values: typed, errors: errors, meetingID: nil, published: false, viewer: viewer), as: .json, named: "refused")
    }

    func testItemForm() async throws {
        let pool = try await PageSnapshot.pool()
        let viewer = try await viewer("bestyrelsessekretariat")
        let new = try await ItemFormPage.query(pool, itemID: nil)
        assertSnapshot(
            of: ItemFormPage.build(new, target: .new(meetingID: 3), values: .init(), errors: FormErrors(), statusVersion: nil, viewer: viewer),
            as: .json, named: "new")
        // Item 9: with its sub-topics.
        let stored = try await BoardRepository(pool: pool).itemForEditing(id: 9)
        let (item, kind) = try XCTUnwrap(stored)
        let statusVersion = try await StatusNoteRepository(pool: pool).versionID(forItem: 9)
        let data = try await ItemFormPage.query(pool, itemID: 9)
        assertSnapshot(
            of: ItemFormPage.build(
                data, target: .edit(item), values: .init(item, kind: kind), errors: FormErrors(), statusVersion: statusVersion, viewer: viewer),
            as: .json, named: "edit")
    }

    func testConfirmDelete() async throws {
        let stored = try await BoardRepository(pool: try await PageSnapshot.pool()).itemForEditing(id: 9)
        let (item, _) = try XCTUnwrap(stored)
        let viewer = try await viewer("bestyrelsessekretariat")
        assertSnapshot(of: ConfirmDeletePage.build(item, viewer: viewer), as: .json)
    }

    func testStatusNotes() async throws {
        let viewer = try await viewer("bestyrelsessekretariat")
        let model = StatusNotesPage.build(try await StatusNotesPage.query(try await PageSnapshot.pool()), viewer: viewer, error: nil)
        assertSnapshot(of: model, as: .json)
    }

    func testStatusNoteEdit() async throws {
        let pool = try await PageSnapshot.pool()
        let viewer = try await viewer("bestyrelsessekretariat")
        let stored = try await StatusNoteEditPage.version(pool, id: 2)
        let version = try XCTUnwrap(stored)
        let sections = try await StatusNoteEditPage.query(pool, versionID: 2)
        let model = StatusNoteEditPage.build(version, sections: sections, viewer: viewer, error: nil)
        assertSnapshot(of: model, as: .json)
    }
}
