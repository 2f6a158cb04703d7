import Database
import Domain
import Foundation
import Hummingbird

/// The board's agendas. Anyone may read published meetings; confidential items show as
/// "N (Fortrolig)" to everyone but board members and the board secretariat.
struct BoardRoutes {
    let app: AppServices

    func addRoutes(to router: Router<AppContext>) {
        router.get(RouterPath(SiteURL.meetings)) { request, context in try await self.meetings(request, context) }
        router.get("/bestyrelse/moeder/:id") { request, context in try await self.meeting(request, context) }
        router.get("/bestyrelse/moeder/:id/punkter/:number") { request, context in try await self.item(request, context) }
    }

    struct MeetingRow {
        let href: String
        let title: String
        let date: String
        let time: String
        let place: String
        let status: String
        let upcoming: Bool
    }

    static func row(_ m: Meeting, now: Date = Date()) -> MeetingRow {
        MeetingRow(
            href: SiteURL.meeting(m.id), title: m.title, date: DanishFormat.weekdayDate(m.startsAt),
            time: DanishFormat.time(m.startsAt) + (m.endsAt.map { "–" + DanishFormat.time($0).dropFirst(4) } ?? ""),
            place: m.place, status: m.status.danishName, upcoming: m.startsAt >= now)
    }

    struct MeetingsModel {
        let page: PageInfo
        let meetings: [MeetingRow]
        let mayReadConfidential: Bool
    }

    func meetings(_ request: Request, _ context: AppContext) async throws -> HTML {
        let drafts = context.roles.contains(.boardSecretariat)
        let meetings = try await app.board.meetings(includeDrafts: drafts)
        return try app.views.render("meetings", MeetingsModel(
            page: PageInfo(title: "Bestyrelsesmøder", description: "Dagsordener for Danske Regioners bestyrelsesmøder",
                           context: context, path: SiteURL.meetings),
            meetings: meetings.map { Self.row($0) }, mayReadConfidential: BoardAccess.mayReadConfidential(context.roles)))
    }

    struct ItemRow {
        let number: Int
        let heading: String
        let confidential: Bool
        let withheld: Bool
        let title: String
        let caseNumber: String
        let caseOfficer: String
        let resumeHTML: String
        let href: String
    }

    struct MeetingModel {
        let page: PageInfo
        let meeting: MeetingRow
        let items: [ItemRow]
        let hasItems: Bool
        let mayReadConfidential: Bool
        let withheldCount: Int
    }

    static func itemRow(_ entry: AgendaEntry, meetingID: Int64) -> ItemRow {
        switch entry {
        case .withheld(let number):
            return ItemRow(number: number, heading: AgendaItemHeading.label(number: number, confidential: true), confidential: true,
                           withheld: true, title: "", caseNumber: "", caseOfficer: "", resumeHTML: "", href: "")
        case .readable(let item):
            return ItemRow(
                number: item.number, heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential),
                confidential: item.confidential, withheld: false, title: item.title, caseNumber: item.caseNumber,
                caseOfficer: item.caseOfficer, resumeHTML: RichText.html(item.resume),
                href: SiteURL.agendaItem(meeting: meetingID, number: item.number))
        }
    }

    func meeting(_ request: Request, _ context: AppContext) async throws -> HTML {
        guard let id = context.parameters.get("id", as: Int64.self),
              let meeting = try await app.board.meeting(id: id, includeDrafts: context.roles.contains(.boardSecretariat))
        else { throw HTTPError(.notFound) }
        let mayRead = BoardAccess.mayReadConfidential(context.roles)
        let entries = try await app.board.agenda(meetingID: id, mayReadConfidential: mayRead)
        let row = Self.row(meeting)
        return try app.views.render("meeting", MeetingModel(
            page: PageInfo(title: "Dagsorden – \(meeting.title) \(DanishFormat.longDate(meeting.startsAt))",
                           description: "Dagsorden for \(meeting.title.lowercased()) \(row.date)", context: context, path: SiteURL.meetings),
            meeting: row, items: entries.map { Self.itemRow($0, meetingID: id) }, hasItems: !entries.isEmpty,
            mayReadConfidential: mayRead, withheldCount: entries.filter { if case .withheld = $0 { true } else { false } }.count))
    }

    struct Section {
        let heading: String
        let html: String
    }

    struct ItemModel {
        let page: PageInfo
        let meeting: MeetingRow
        let heading: String
        let title: String
        let confidential: Bool
        let caseNumber: String
        let caseOfficer: String
        let sections: [Section]
        let decisionHTML: String?
    }

    func item(_ request: Request, _ context: AppContext) async throws -> HTML {
        guard let id = context.parameters.get("id", as: Int64.self), let number = context.parameters.get("number", as: Int.self),
              let meeting = try await app.board.meeting(id: id, includeDrafts: context.roles.contains(.boardSecretariat))
        else { throw HTTPError(.notFound) }
        let mayRead = BoardAccess.mayReadConfidential(context.roles)
        // A confidential item answers 404 to those who may not read it: no hint that it exists.
        guard case .readable(let item) = try await app.board.item(meetingID: id, number: number, mayReadConfidential: mayRead) else {
            throw HTTPError(.notFound)
        }
        var sections: [Section] = []
        for (heading, text) in [
            ("Resumé", item.resume), ("Indstilling", item.indstilling), ("Sagsfremstilling", item.sagsfremstilling),
            ("Økonomi", item.oekonomi), ("Sekretariatets bemærkninger", item.bemaerkninger),
            ("Kommunikation", item.kommunikation), ("Bilag", item.bilagNote),
        ] where !text.trimmingWhitespace().isEmpty {
            sections.append(Section(heading: heading, html: RichText.html(text)))
        }
        return try app.views.render("agenda_item", ItemModel(
            page: PageInfo(title: "\(item.number). \(item.title)", context: context, path: SiteURL.meetings),
            meeting: Self.row(meeting), heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential),
            title: item.title, confidential: item.confidential, caseNumber: item.caseNumber, caseOfficer: item.caseOfficer,
            sections: sections, decisionHTML: item.decision.isEmpty ? nil : RichText.html(item.decision)))
    }
}
