import Database
import Domain
import Foundation

/// The pieces several board pages show: a meeting's line, an item's line, an item's sections,
/// sub-topics, attachments and a status note. Pure: each takes domain values (and "now") only.
enum BoardPage {
    struct MeetingRow: Encodable {
        let href: String
        let title: String
        let date: String
        let time: String
        let place: String?
        let status: String
        let upcoming: Bool
        /// What of the meeting the demo invented (printed after the marker), nil when nothing is.
        let invented: String?
    }

    static func row(_ m: Meeting, now: Date) -> MeetingRow {
        MeetingRow(
            href: SiteURL.meeting(.value(m.id)).path, title: m.title, date: DanishFormat.weekdayDate(m.startsAt),
            time: DanishFormat.time(m.startsAt) + (m.endsAt.map { "–" + DanishFormat.time($0).dropFirst(4) } ?? ""),
            place: m.place.isEmpty ? nil : m.place,
            status: MeetingCycle.shownStatus(m.status, startsAt: m.startsAt, now: now).danishName, upcoming: m.startsAt >= now, invented: m.invented)
    }

    struct ItemRow: Encodable {
        let id: Int64
        let number: Int
        let heading: String
        let confidential: Bool
        let withheld: Bool
        let title: String
        let caseNumber: String
        let caseOfficer: String?
        let resumeHTML: String
        let href: String
        /// What of the item the demo invented (printed after the marker), nil when nothing is or it is withheld.
        let invented: String?
    }

    static func itemRow(_ entry: AgendaEntry, meetingID: Int64) -> ItemRow {
        switch entry {
        case .withheld(let number):
            return ItemRow(
                id: 0, number: number, heading: AgendaItemHeading.label(number: number, confidential: true), confidential: true,
                withheld: true, title: "", caseNumber: "", caseOfficer: "", resumeHTML: "", href: "", invented: nil)
        case .readable(let item):
            return ItemRow(
                id: item.id, number: item.number, heading: AgendaItemHeading.label(number: item.number, confidential: item.confidential),
                confidential: item.confidential, withheld: false, title: item.title, caseNumber: item.caseNumber,
                caseOfficer: item.caseOfficer.isEmpty ? nil : item.caseOfficer, resumeHTML: RichText.html(item.resume),
                href: SiteURL.agendaItem(meeting: .value(meetingID), number: .value(item.number)).path, invented: item.invented)
        }
    }

    struct Section: Encodable {
        let heading: String
        let html: String
    }

    /// An item's standard sections in the agenda's order, empty ones left out.
    static func sections(of item: AgendaItem, withDecision: Bool) -> [Section] {
        var texts = [
            ("Resumé", item.resume), ("Indstilling", item.indstilling), ("Sagsfremstilling", item.sagsfremstilling),
            ("Økonomi", item.oekonomi), ("Sekretariatets bemærkninger", item.bemaerkninger),
            ("Kommunikation", item.kommunikation), ("Bilag", item.bilagNote),
        ]
        if withDecision { texts.append(("Beslutning", item.decision)) }
        return texts.filter { !$0.1.trimmingWhitespace().isEmpty }.map { Section(heading: $0.0, html: RichText.html($0.1)) }
    }

    struct SubtopicView: Encodable {
        let title: String
        let caseNumber: String
        let html: String
        static func list(_ subtopics: [Subtopic]) -> [SubtopicView] {
            subtopics.map { SubtopicView(title: $0.title, caseNumber: $0.caseNumber, html: RichText.html($0.body)) }
        }
    }

    struct AttachmentRow: Encodable {
        let href: String
        let deleteAction: String
        let name: String
        let size: String
    }

    static func attachmentRows(_ list: [AttachmentRepository.Info]) -> [AttachmentRow] {
        list.map {
            AttachmentRow(
                href: SiteURL.attachment(.value($0.id)).path, deleteAction: SiteURL.attachmentDelete(.value($0.id)).path, name: $0.filename,
                size: fileSize($0.size))
        }
    }

    /// `12 kB`, `3,4 MB`
    static func fileSize(_ bytes: Int) -> String {
        bytes < 1_000_000 ? "\(max(1, (bytes + 999) / 1000)) kB" : DanishFormat.number(Double(bytes) / 1_000_000, decimals: 1) + " MB"
    }

    /// A status note version as the reader sees it, with what changed since the previous version.
    struct StatusNoteView: Encodable {
        struct SectionView: Encodable {
            let heading: String
            let html: String
            let state: String
            let stateClass: String
            let change: String?
            let changeClass: String
            let removed: Bool
            let refs: [String]
            let hasRefs: Bool
        }
        let title: String
        let dated: String
        let comparedWith: String?
        let sections: [SectionView]
        /// What of the version the demo invented (printed after the marker), nil when nothing is.
        let invented: String?

        init(version: StatusNoteRepository.Version, current: [StatusSection], previous: [StatusSection]?, previousDated: Date?) {
            title = version.noteTitle
            invented = version.invented
            dated = DanishFormat.longDate(version.dated)
            comparedWith = previousDated.map(DanishFormat.longDate)
            sections = StatusNoteDiff.compare(previous: previous, current: current).map { section, change in
                let label: String?
                switch change {
                case .unchanged: label = "Uændret"
                case .new: label = previous == nil ? nil : "Nyt afsnit"
                case .removed: label = "Udgået siden sidst"
                case .changed(let textChanged, let previousState):
                    var parts: [String] = []
                    if textChanged { parts.append("Teksten er ændret") }
                    if let previousState { parts.append("status ændret fra »\(previousState.danishName)« til »\(section.state.danishName)«") }
                    label = parts.joined(separator: ", ").capitalizedFirst
                }
                let changeClass: String =
                    switch change {
                    case .unchanged: "unchanged"
                    case .new: "new"
                    case .removed: "removed"
                    case .changed: "changed"
                    }
                return SectionView(
                    heading: section.heading, html: RichText.html(section.body), state: section.state.danishName,
                    stateClass: section.state.rawValue, change: label, changeClass: changeClass,
                    removed: change == .removed, refs: section.legalRefs.map(RichText.inline), hasRefs: !section.legalRefs.isEmpty)
            }
        }
    }
}
