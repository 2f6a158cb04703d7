import Database
import Domain
import Foundation

/// "Delete this item?" (`SiteURL.itemDelete`): the board secretariat confirms before an
/// item is deleted and the following items renumbered.
enum ConfirmDeletePage {
    static let template = "confirm_delete"

    struct Model: Encodable {
        let page: PageInfo
        let heading: String
        let title: String
        let action: String
        let cancel: String
    }

    static func build(_ item: AgendaItem, viewer: Viewer) -> Model {
        Model(
            page: PageInfo(title: "Slet punkt \(item.number)", viewer: viewer, path: SiteURL.meetings.path),
            heading: "\(item.number). \(item.title)", title: item.title, action: SiteURL.itemDelete(.value(item.id)).path,
            cancel: SiteURL.meeting(.value(item.meetingID)).path)
    }
}
