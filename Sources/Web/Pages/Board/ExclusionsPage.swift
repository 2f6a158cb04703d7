import Database
import Domain
import Foundation

/// "Inhabilitet" (`SiteURL.itemExclusions`): the board secretariat excludes a board member from a
/// confidential item, with a reason, and lifts an exclusion again. The excluded member then reads
/// the item as the public does ("N (Fortrolig)") on every surface (`BoardRepository.visibleItemCondition`).
enum ExclusionsPage {
    static let template = "item_exclusions"

    struct Model: Encodable {
        let page: PageInfo
        let heading: String
        let confidential: Bool
        let itemURL: String
        let editURL: String
        let action: String
        let exclusions: [Row]
        let hasExclusions: Bool
        let members: [Option]
        let hasMembers: Bool
        let reason: String
        let errors: ErrorSummary?
        let memberError: String?
        let reasonError: String?
        let message: String?
    }

    struct Row: Encodable {
        let name: String
        let reason: String
        let at: String
        let by: String
        let removeAction: String
    }

    struct Option: Encodable {
        let id: String
        let name: String
        let selected: Bool
    }

    static let reasonLimit = 1000

    /// The form read: the member's id and the reason, or the errors by field.
    static func read(member: String, reason: String, members: [BoardRepository.Member]) -> (Int64, String)? {
        guard let id = Int64(member), members.contains(where: { $0.id == id }) else { return nil }
        let r = reason.trimmingWhitespace()
        guard !r.isEmpty, r.count <= reasonLimit, !r.contains("\u{0}") else { return nil }
        return (id, r)
    }

    static func errors(member: String, reason: String, members: [BoardRepository.Member]) -> FormErrors {
        var errors = FormErrors()
        if Int64(member).map({ id in members.contains { $0.id == id } }) != true {
            errors.add("member", "Vælg det bestyrelsesmedlem, der er inhabilt.")
        }
        let r = reason.trimmingWhitespace()
        if r.isEmpty {
            errors.add("reason", "Skriv begrundelsen for inhabiliteten.")
        } else if r.count > reasonLimit || r.contains("\u{0}") {
            errors.add("reason", "Begrundelsen må højst være \(reasonLimit) tegn.")
        }
        return errors
    }

    static func build(
        item: AgendaItem, exclusions: [BoardRepository.Exclusion], members: [BoardRepository.Member], viewer: Viewer,
        selected: String = "", reason: String = "", errors: FormErrors = FormErrors(), message: String? = nil
    ) -> Model {
        let excluded = Set(exclusions.map(\.userID))
        let options = members.filter { !excluded.contains($0.id) }.map {
            Option(id: String($0.id), name: "\($0.fullName) (\($0.username))", selected: String($0.id) == selected)
        }
        return Model(
            page: PageInfo(title: "Inhabilitet – punkt \(item.number)", viewer: viewer, path: SiteURL.meetings.path),
            heading: "\(item.number). \(item.title)", confidential: item.confidential,
            itemURL: SiteURL.agendaItem(meeting: .value(item.meetingID), number: .value(item.number)).path,
            editURL: SiteURL.itemEdit(.value(item.id)).path, action: SiteURL.itemExclusions(.value(item.id)).path,
            exclusions: exclusions.map {
                Row(
                    name: "\($0.fullName) (\($0.username))", reason: $0.reason,
                    at: "\(DanishFormat.longDate($0.createdAt)) kl. \(DanishFormat.time($0.createdAt))",
                    by: $0.createdBy.isEmpty ? "ukendt" : $0.createdBy,
                    removeAction: SiteURL.itemExclusionRemove(.value(item.id), member: .value($0.userID)).path)
            }, hasExclusions: !exclusions.isEmpty, members: options, hasMembers: !options.isEmpty, reason: reason, errors: ErrorSummary(errors),
            memberError: errors["member"], reasonError: errors["reason"], message: message)
    }
}
