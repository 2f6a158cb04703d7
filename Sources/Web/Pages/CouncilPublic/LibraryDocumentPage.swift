import Database
import Domain
import Foundation

/// A library document's form (`/it-raadet/materialer/ny` and `/it-raadet/materialer/{id}`): its text,
/// audience and order, and its file's versions (newest, the one downloaded, first). On an error the
/// typed values are kept.
enum LibraryDocumentPage {
    static let template = "library_document"

    struct Model: Encodable {
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        struct Version: Encodable {
            let href: String
            let name: String
            let size: String
            let at: String
            let current: Bool
        }
        let page: PageInfo
        let id: Int64?
        let action: String
        let title: String
        let description: String
        let position: String
        let version: Int
        let audiences: [Option]
        let versions: [Version]
        let hasVersions: Bool
        let error: String?
        let notice: String?
        let maxUpload: String
        /// A refused upload, shown next to the file field.
        let uploadError: String?
        let libraryURL = SiteURL.library.path
        /// Nil for a new document (no file before it is saved).
        let uploadURL: String?
    }

    typealias Versions = [(info: AttachmentRepository.Info, uploadedAt: Date)]

    /// The file's versions of document `d` (none for a new one).
    static func query(_ pool: ConnectionPool, document d: LibraryRepository.Document?) async throws -> Versions {
        guard let d else { return [] }
        return try await AttachmentRepository(pool: pool).list(libraryDocumentID: d.id)
    }

    static func build(
        _ d: LibraryRepository.Document?, versions: Versions, viewer: Viewer, maxUploadBytes: Int, typed: FormData?, error: String?, message: String?
    )
        -> Model
    {
        let audience = typed.map { $0["audience"] } ?? d?.audience.rawValue ?? LibraryRepository.Audience.everyone.rawValue
        let notice: String? =
            switch message {
            case "gemt": "Dokumentet er gemt."
            case "fil": "Den nye version er uploadet og er nu den, der hentes."
            default: nil
            }
        return Model(
            page: PageInfo(title: d.map { "Materiale: \($0.title)" } ?? "Nyt materiale", viewer: viewer, path: SiteURL.council.path),
            id: d?.id, action: d.map { SiteURL.libraryDocument(.value($0.id)).path } ?? SiteURL.newLibraryDocument.path,
            title: typed?["title"] ?? d?.title ?? "", description: typed?["description"] ?? d?.description ?? "",
            position: typed?["position"] ?? d.map { String($0.position) } ?? "10", version: d?.version ?? 0,
            audiences: LibraryRepository.Audience.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: $0.rawValue == audience) },
            versions: versions.enumerated().map { i, v in
                Model.Version(
                    href: SiteURL.libraryFile(.value(v.info.id)).path, name: v.info.filename, size: BoardPage.fileSize(v.info.size),
                    at: DanishFormat.dateTime(v.uploadedAt), current: i == 0)
            }, hasVersions: !versions.isEmpty, error: error, notice: notice,
            maxUpload: UploadReceiver.label(maxUploadBytes),
            uploadError: UploadReceiver.refusalText(message, prefix: "fil", button: "Upload"),
            uploadURL: d.map { SiteURL.libraryDocumentFile(.value($0.id)).path })
    }
}
