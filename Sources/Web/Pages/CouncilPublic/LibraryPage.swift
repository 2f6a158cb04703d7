import Database
import Domain
import Foundation

/// The material library (`/it-raadet/materialer`): the public documents, and the project leaders'
/// ones for those who work with the council.
enum LibraryPage {
    static let template = "library"

    struct Model: Encodable {
        struct Doc: Encodable {
            let href: String
            let title: String
            let descriptionHTML: String
            let audience: String
            let restricted: Bool
            let file: String?
            let fileHref: String?
            let size: String?
        }
        let page: PageInfo
        let documents: [Doc]
        let canEdit: Bool
        let loggedIn: Bool
        let councilURL = SiteURL.council.path
        let newDocumentURL = SiteURL.newLibraryDocument.path
    }

    /// May the reader see the documents for project leaders?
    static func mayReadRestricted(_ user: User?) -> Bool {
        guard let user else { return false }
        return user.hasAny([.projectLeader, .secretariat, .councilMember, .assessor, .admin])
    }

    static func query(_ library: LibraryRepository, viewer: Viewer) async throws -> [LibraryRepository.Document] {
        try await library.documents(includeRestricted: mayReadRestricted(viewer.user))
    }

    static func build(_ docs: [LibraryRepository.Document], viewer: Viewer) -> Model {
        Model(
            page: PageInfo(
                title: "Materialer til risikovurderingen", description: "Skabeloner og vejledninger fra Regionernes It-råd.",
                viewer: viewer, path: SiteURL.council.path),
            documents: docs.map { d in
                .init(
                    href: SiteURL.libraryDocument(.value(d.id)).path, title: d.title, descriptionHTML: RichText.html(d.description),
                    audience: d.audience.danishName, restricted: d.audience == .projectLeaders, file: d.currentFileName,
                    fileHref: d.currentFileID.map { SiteURL.libraryFile(.value($0)).path }, size: d.currentFileSize.map(BoardPage.fileSize))
            }, canEdit: viewer.user?.has(.secretariat) ?? false, loggedIn: viewer.user != nil)
    }
}
