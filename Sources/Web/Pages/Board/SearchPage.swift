import Database
import Domain
import Foundation

/// Search in the agendas (`SiteURL.search`, `?q=…`): the form, and the hits the reader may read,
/// a page of `pageSize` at a time.
enum SearchPage {
    static let template = "search"
    static let pageSize = 20

    struct Model: Encodable {
        struct Hit: Encodable {
            let href: String
            let heading: String
            let title: String
            let meeting: String
            let caseNumber: String
            let snippetHTML: String
            /// What of the item, and of its meeting, the demo invented (the markers); nil for what is real.
            let invented: String?
            let meetingInvented: String?
            /// The item is confidential: the hit says »Fortrolig« (on screen and in print).
            var confidential = false
            /// Where in an attachment the words were found ("I bilaget »x.pdf«, side 2"), with its download link.
            var attachment: String? = nil
            var attachmentHref: String? = nil
        }
        let page: PageInfo
        /// The search form's target.
        var searchURL = SiteURL.search.path
        let query: String
        let searched: Bool
        let hits: [Hit]
        let countText: String
        var cappedText: String? = nil
        var pager: Pager? = nil
        let error: String?
    }

    /// What is wrong with the words typed, if anything (the page then answers 400).
    static func problem(_ query: String) -> String? {
        query.count <= 200 && !query.contains("\u{0}") ? nil : "Søgningen er for lang eller indeholder ugyldige tegn. Brug højst 200 tegn."
    }

    static func query(_ pool: ConnectionPool, _ query: String, page: Int, user: User?) async throws -> BoardRepository.SearchResult {
        try await BoardRepository(pool: pool).search(
            query, reader: ItemReader(user: user), offset: (page - 1) * pageSize, limit: pageSize)
    }

    /// `query`: the words as typed (trimmed); `results`: nil when nothing was searched (no words,
    /// or words with a `problem`, shown as `error`).
    static func build(query: String, results: (result: BoardRepository.SearchResult, page: Int)?, error: String?, viewer: Viewer) -> Model {
        let page = PageInfo(
            title: "Søg i dagsordener", description: "Søg i Danske Regioners bestyrelses dagsordener", viewer: viewer, path: SiteURL.meetings.path)
        guard let (result, pageNumber) = results else {
            return Model(page: page, query: String(query.prefix(200)), searched: false, hits: [], countText: "", error: error)
        }
        let rows = result.hits.map { hit in
            var row = Model.Hit(
                href: SiteURL.agendaItem(meeting: .value(hit.meeting.id), number: .value(hit.number)).path, heading: "\(hit.number).",
                title: hit.title,
                meeting: "\(hit.meeting.title) \(DanishFormat.longDate(hit.meeting.startsAt))", caseNumber: hit.caseNumber,
                snippetHTML: HTMLEscape.escape(hit.snippet).replacing("««", with: "<mark>").replacing("»»", with: "</mark>"),
                invented: hit.invented, meetingInvented: hit.meeting.invented)
            row.confidential = hit.confidential
            if let place = hit.attachment {
                row.attachment = "I bilaget »\(place.filename)«, " + (place.sheet.map { "arket »\($0)«" } ?? "side \(place.part)")
                row.attachmentHref = SiteURL.attachment(.value(place.id)).path
            }
            return row
        }
        let limit = DanishFormat.number(Double(BoardRepository.searchCandidates))
        return Model(
            page: page, query: query, searched: true, hits: rows,
            countText: result.capped
                ? "Mere end \(limit) resultater"
                : result.total == 1 ? "1 resultat" : "\(DanishFormat.number(Double(result.total))) resultater",
            cappedText: result.capped
                ? "Søgeordene findes i mere end \(limit) punkter. Resultaterne er de bedste blandt de \(limit) nyeste; "
                    + "skriv flere eller mere præcise søgeord for at finde ældre punkter." : nil,
            pager: Pager(page: pageNumber, pageSize: pageSize, total: result.total, path: SiteURL.search.path, query: [("q", query)]),
            error: nil)
    }
}
