import Database
import Domain
import Foundation

/// The mail outbox (`/admin/udbakke`), newest first, fifty a page: each message's recipient, what
/// caused it, its state (waiting, sent, failing and to be tried again, failed) and the relay's last
/// answer, with a button that tries a message that is not sent again now.
enum OutboxPage {
    static let template = "admin_outbox"

    struct Model: Encodable {
        struct Row: Encodable {
            let created: String
            let recipient: String
            let subject: String
            let reason: String
            let messageID: String
            let state: String
            let failing: Bool
            let attempts: Int
            let when: String
            let lastAnswer: String
            let retryURL: String?
        }
        struct Filter: Encodable {
            let title: String
            let href: String
            let count: Int
            let current: Bool
        }
        let page: PageInfo
        let filters: [Filter]
        let rows: [Row]
        let pager: Pager
        let notice: String?
        let sendsMail: Bool
    }

    typealias Result = (entries: [Outbox.Entry], total: Int, counts: [Outbox.State: Int])

    static func query(_ outbox: Outbox, state: Outbox.State?, pageNumber: Int) async throws -> Result {
        try await outbox.page(state: state, offset: (pageNumber - 1) * UsersPage.pageSize, limit: UsersPage.pageSize)
    }

    static func stateName(_ s: Outbox.State) -> String {
        switch s {
        case .queued: "Venter"
        case .sent: "Sendt"
        case .failing: "Fejler, prøves igen"
        case .failed: "Opgivet"
        }
    }

    /// The filter's word in the address (`?vis=fejler`).
    static func slug(_ s: Outbox.State) -> String {
        switch s {
        case .queued: "venter"
        case .sent: "sendt"
        case .failing: "fejler"
        case .failed: "opgivet"
        }
    }

    static func state(slug: String?) -> Outbox.State? { Outbox.State.allCases.first { self.slug($0) == slug } }

    static func build(_ result: Result, state: Outbox.State?, pageNumber: Int, viewer: Viewer, message: String?, sendsMail: Bool) -> Model {
        let path = SiteURL.adminOutbox.path
        let rows = result.entries.map { e in
            let when: String =
                switch e.state {
                case .sent: e.sentAt.map { "Sendt \(DanishFormat.dateTime($0))" } ?? "Sendt"
                case .queued, .failing: e.nextTry.map { "Næste forsøg \(DanishFormat.dateTime($0))" } ?? ""
                case .failed: "Ikke flere forsøg"
                }
            return Model.Row(
                created: DanishFormat.dateTime(e.createdAt), recipient: e.recipient, subject: e.subject, reason: e.reason,
                messageID: e.messageID, state: stateName(e.state), failing: e.state == .failing || e.state == .failed, attempts: e.attempts,
                when: when, lastAnswer: e.lastAnswer, retryURL: e.state == .sent ? nil : SiteURL.adminOutboxRetry(.value(e.id)).path)
        }
        var filters = [Model.Filter(title: "Alle", href: path, count: result.counts.values.reduce(0, +), current: state == nil)]
        for s in [Outbox.State.failing, .failed, .queued, .sent] {
            filters.append(.init(title: stateName(s), href: path + "?vis=" + slug(s), count: result.counts[s] ?? 0, current: state == s))
        }
        let notice: String? =
            switch message {
            case "proeves": "Beskeden prøves igen nu."
            case "sendt": "Beskeden er allerede sendt eller er ved at blive sendt."
            default: nil
            }
        return Model(
            page: PageInfo(title: "E-mail", viewer: viewer, path: path), filters: filters, rows: rows,
            pager: Pager(
                page: pageNumber, pageSize: UsersPage.pageSize, total: result.total, path: path,
                query: state.map { [(name: "vis", value: slug($0))] } ?? []),
            notice: notice, sendsMail: sendsMail)
    }
}
