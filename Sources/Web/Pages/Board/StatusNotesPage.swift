import Database
import Domain
import Foundation

/// The board secretariat's status notes (`SiteURL.statusNotes`): each note with its dated
/// versions, and the forms that add a note or a version.
enum StatusNotesPage {
    static let template = "status_notes"

    struct Model: Encodable {
        struct Note: Encodable {
            let id: Int64
            let title: String
            let versions: [VersionRow]
            /// The form that adds a version.
            let newVersionURL: String
        }
        struct VersionRow: Encodable {
            let href: String
            let dated: String
            /// What of the version the demo invented, nil when nothing is.
            let invented: String?
        }
        let page: PageInfo
        /// The form that adds a note.
        let createURL: String
        let notes: [Note]
        let error: String?
    }

    struct Loaded {
        let versions: [StatusNoteRepository.Version]
        let notes: [(id: Int64, title: String)]
    }

    static func query(_ pool: ConnectionPool) async throws -> Loaded {
        let repository = StatusNoteRepository(pool: pool)
        let versions = try await repository.versions()
        return Loaded(versions: versions, notes: try await repository.notes())
    }

    /// `error`: why the note or version typed was refused.
    static func build(_ data: Loaded, viewer: Viewer, error: String?) -> Model {
        Model(
            page: PageInfo(title: "Statusnotater", viewer: viewer, path: SiteURL.meetings.path),
            createURL: SiteURL.statusNotes.path,
            notes: data.notes.map { note in
                .init(
                    id: note.id, title: note.title,
                    versions: data.versions.filter { $0.noteID == note.id }.map {
                        .init(href: SiteURL.statusNoteVersion(.value($0.id)).path, dated: DanishFormat.longDate($0.dated), invented: $0.invented)
                    }, newVersionURL: SiteURL.statusNoteVersions(.value(note.id)).path)
            }, error: error)
    }
}
