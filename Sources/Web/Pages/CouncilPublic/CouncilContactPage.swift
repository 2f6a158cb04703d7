import Database
import Domain
import Foundation

/// The secretariat's form for its contact details (`/it-raadet/kontakt`); on an error the typed text is kept.
enum CouncilContactPage {
    static let template = "council_contact"

    struct Model: Encodable {
        let page: PageInfo
        let body: String
        let version: Int
        let error: String?
        let councilURL = SiteURL.council.path
        let contactURL = SiteURL.councilContact.path
    }

    static func query(_ library: LibraryRepository) async throws -> (body: String, version: Int) {
        try await library.text(CouncilAboutPage.contactKey)
    }

    static func build(stored: (body: String, version: Int), typed: (body: String, version: Int)?, viewer: Viewer, error: String?) -> Model {
        Model(
            page: PageInfo(title: "Rådssekretariatets kontaktoplysninger", viewer: viewer, path: SiteURL.council.path),
            body: typed?.body ?? (stored.body.isEmpty ? CouncilAboutPage.defaultContact : stored.body), version: typed?.version ?? stored.version,
            error: error)
    }
}
