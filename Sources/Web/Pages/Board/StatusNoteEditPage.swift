import Database
import Domain
import Foundation

/// A status note version's sections (`SiteURL.statusNoteVersion`), edited by the
/// board secretariat: every section, then an empty one to add; after a refused save, the sections as typed.
enum StatusNoteEditPage {
    static let template = "status_note_edit"

    struct Model: Encodable {
        struct SectionForm: Encodable {
            let index: Int
            let heading: String
            let body: String
            let refs: String
            let states: [StateOption]
            let isNew: Bool
        }
        struct StateOption: Encodable {
            let code: String
            let name: String
            let selected: Bool
        }
        let page: PageInfo
        let statusNotesURL: String
        let action: String
        let title: String
        let dated: String
        let sections: [SectionForm]
        let error: String?
    }

    /// The version `id`, nil if there is none.
    static func version(_ pool: ConnectionPool, id: Int64) async throws -> StatusNoteRepository.Version? {
        try await StatusNoteRepository(pool: pool).version(id: id)
    }

    /// The version's stored sections.
    static func query(_ pool: ConnectionPool, versionID: Int64) async throws -> [StatusSection] {
        try await StatusNoteRepository(pool: pool).sectionsWithPrevious(versionID: versionID).current
    }

    /// `sections`: as stored, or as typed with the `error` that refused them.
    static func build(_ version: StatusNoteRepository.Version, sections: [StatusSection], viewer: Viewer, error: String?) -> Model {
        var forms = sections.enumerated().map { i, s in
            Model.SectionForm(
                index: i, heading: s.heading, body: s.body, refs: s.legalRefs.joined(separator: "\n"),
                states: SectionState.allCases.map { .init(code: $0.rawValue, name: $0.danishName, selected: $0 == s.state) }, isNew: false)
        }
        forms.append(
            .init(
                index: forms.count, heading: "", body: "", refs: "",
                states: SectionState.allCases.map { .init(code: $0.rawValue, name: $0.danishName, selected: $0 == .iGang) }, isNew: true))
        return Model(
            page: PageInfo(title: "Statusnotat \(DanishFormat.longDate(version.dated))", viewer: viewer, path: SiteURL.meetings.path),
            statusNotesURL: SiteURL.statusNotes.path, action: SiteURL.statusNoteVersion(.value(version.id)).path, title: version.noteTitle,
            dated: DanishFormat.longDate(version.dated), sections: forms, error: error)
    }
}
