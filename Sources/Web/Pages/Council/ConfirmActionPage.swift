import Domain
import Foundation

/// "Are you sure?" before a step that cannot be undone (a letter sent, a request decided): what will
/// happen and who will be told, with everything the reader typed carried in hidden fields, so that
/// "Ja" acts on exactly that and "Tilbage" returns to the form with it kept.
enum ConfirmActionPage {
    static let template = "confirm_action"

    struct Model: Encodable {
        struct Field: Encodable {
            let name: String
            let value: String
        }
        let page: PageInfo
        let heading: String
        let lead: String
        let happens: [String]
        let told: [String]
        let hasTold: Bool
        let action: String
        let fields: [Field]
        let confirmLabel: String
        /// A link back, or (when `backInForm`) a button that sends the typed fields back to the form.
        let cancel: String
        let backInForm: Bool
    }

    /// - Parameters:
    ///   - fields: what the reader typed, sent again with `bekraeft=ja` (or `bekraeft=ret` to go back).
    static func build(
        title: String, heading: String, lead: String, happens: [String], told: [String], action: String, fields: [(String, String)],
        confirmLabel: String, cancel: String, backInForm: Bool = false, path: String, viewer: Viewer
    ) -> Model {
        Model(
            page: PageInfo(title: title, viewer: viewer, path: path), heading: heading, lead: lead, happens: happens, told: told,
            hasTold: !told.isEmpty, action: action,
            fields: fields.filter { !["csrf_token", "submission_id", "bekraeft"].contains($0.0) }.map { .init(name: $0.0, value: $0.1) },
            confirmLabel: confirmLabel, cancel: cancel, backInForm: backInForm)
    }
}
