import Database
import Domain
import Foundation

/// The board secretariat's agenda item form: a new item (`SiteURL.newAgendaItem`) or an
/// existing one (`SiteURL.itemEdit`, with its sub-topics), with the values as typed
/// and their errors after a refused save.
enum ItemFormPage {
    static let template = "item_form"

    struct Model: Encodable {
        struct KindOption: Encodable {
            let code: String
            let name: String
            let selected: Bool
        }
        let page: PageInfo
        let action: String
        let cancel: String
        let isNew: Bool
        let values: Values
        let kinds: [KindOption]
        let errors: ErrorSummary?
        let titleError: String?
        let caseNumberError: String?
        let caseOfficerError: String?
        let sections: [TextArea]
        let versionError: String?
        let statusVersions: [VersionOption]
        /// Sub-topics (only when editing an existing item).
        let subtopics: SubtopicsForm?
    }

    struct SubtopicsForm: Encodable {
        struct Row: Encodable {
            let title: String
            let caseNumber: String
            let deleteAction: String
        }
        let itemID: Int64
        /// The form that adds a sub-topic.
        let addURL: String
        let rows: [Row]
        let hasRows: Bool
        let title: String
        let caseNumber: String
        let body: String
        let titleError: String?
        let caseNumberError: String?
        let bodyError: String?
    }

    struct VersionOption: Encodable {
        let id: Int64
        let name: String
        let selected: Bool
    }

    /// A section of the item as a labelled text area with hint and error.
    struct TextArea: Encodable {
        let name: String
        let label: String
        let hint: String
        let value: String
        let error: String?
        let rows: Int
    }

    /// The item form's values as typed (stored properties: templates see only those).
    struct Values: Encodable {
        let version: Int
        let title: String
        let kind: AgendaItemKind
        let confidential: Bool
        let caseOfficer: String
        let caseNumber: String
        let resume: String
        let indstilling: String
        let sagsfremstilling: String
        let oekonomi: String
        let bemaerkninger: String
        let kommunikation: String

        init(_ d: AgendaItemDraft = AgendaItemDraft(), version: Int = 0) {
            self.version = version
            title = d.title
            kind = d.kind
            confidential = d.confidential
            caseOfficer = d.caseOfficer
            caseNumber = d.caseNumber
            resume = d.resume
            indstilling = d.indstilling
            sagsfremstilling = d.sagsfremstilling
            oekonomi = d.oekonomi
            bemaerkninger = d.bemaerkninger
            kommunikation = d.kommunikation
        }

        /// A stored item as the form shows it.
        init(_ item: AgendaItem, kind: AgendaItemKind) {
            self.init(
                AgendaItemDraft(
                    title: item.title, confidential: item.confidential, kind: kind, caseOfficer: item.caseOfficer, caseNumber: item.caseNumber,
                    resume: item.resume, indstilling: item.indstilling, sagsfremstilling: item.sagsfremstilling, oekonomi: item.oekonomi,
                    bemaerkninger: item.bemaerkninger, kommunikation: item.kommunikation), version: item.version)
        }
    }

    /// Which item the form is for.
    enum Target {
        /// A new item on the meeting.
        case new(meetingID: Int64)
        /// The stored item (its meeting and number give the way back).
        case edit(AgendaItem)
    }

    struct Loaded {
        /// The item's sub-topics (nil for a new item).
        let subtopics: [Subtopic]?
        /// Every status note version, for the item's choice of one.
        let versions: [StatusNoteRepository.Version]
    }

    /// `itemID`: the item being edited, nil for a new one.
    static func query(_ pool: ConnectionPool, itemID: Int64?) async throws -> Loaded {
        var subtopics: [Subtopic]? = nil
        if let itemID { subtopics = try await BoardRepository(pool: pool).subtopics(itemID: itemID) }
        return Loaded(subtopics: subtopics, versions: try await StatusNoteRepository(pool: pool).versions())
    }

    /// `statusVersion`: the status note version chosen; `subtopicValues`: a sub-topic as typed (its
    /// errors are `subtopic_…` in `errors`).
    static func build(
        _ data: Loaded, target: Target, values: Values, errors: FormErrors, statusVersion: Int64?, subtopicValues: Subtopic? = nil, viewer: Viewer
    ) -> Model {
        let action: String
        let cancel: String
        var subtopics: SubtopicsForm? = nil
        switch target {
        case .new(let meetingID):
            action = SiteURL.meetingItems(.value(meetingID)).path
            cancel = SiteURL.meeting(.value(meetingID)).path
        case .edit(let item):
            action = SiteURL.itemEdit(.value(item.id)).path
            cancel = SiteURL.agendaItem(meeting: .value(item.meetingID), number: .value(item.number)).path
            let rows = (data.subtopics ?? []).map {
                SubtopicsForm.Row(title: $0.title, caseNumber: $0.caseNumber, deleteAction: SiteURL.subtopicDelete(.value($0.id)).path)
            }
            subtopics = SubtopicsForm(
                itemID: item.id, addURL: SiteURL.itemSubtopics(.value(item.id)).path, rows: rows, hasRows: !rows.isEmpty,
                title: subtopicValues?.title ?? "", caseNumber: subtopicValues?.caseNumber ?? "", body: subtopicValues?.body ?? "",
                titleError: errors["subtopic_title"], caseNumberError: errors["subtopic_case_number"], bodyError: errors["subtopic_body"])
        }
        let isNew = if case .new = target { true } else { false }
        let versions = data.versions.map {
            VersionOption(id: $0.id, name: "\($0.noteTitle), version af \(DanishFormat.longDate($0.dated))", selected: $0.id == statusVersion)
        }
        let markupHint = "Tom linje mellem afsnit. Linjer, der begynder med »- «, bliver til punktopstilling; webadresser bliver til links."
        let sections = [
            TextArea(name: "resume", label: "Resumé", hint: markupHint, value: values.resume, error: errors["resume"], rows: 6),
            TextArea(
                name: "indstilling", label: "Indstilling",
                hint: "Begynd med »Det indstilles,« og skriv hver indstilling på sin egen linje med »at bestyrelsen …«.",
                value: values.indstilling, error: errors["indstilling"], rows: 4),
            TextArea(
                name: "sagsfremstilling", label: "Sagsfremstilling", hint: markupHint, value: values.sagsfremstilling,
                error: errors["sagsfremstilling"], rows: 14),
            TextArea(
                name: "oekonomi", label: "Økonomi", hint: "»Ingen bemærkninger«, hvis der ikke er nogen.", value: values.oekonomi,
                error: errors["oekonomi"], rows: 3),
            TextArea(
                name: "bemaerkninger", label: "Sekretariatets bemærkninger", hint: "»Ingen bemærkninger«, hvis der ikke er nogen.",
                value: values.bemaerkninger, error: errors["bemaerkninger"], rows: 3),
            TextArea(
                name: "kommunikation", label: "Kommunikation", hint: "»Ingen bemærkninger«, hvis der ikke er nogen.", value: values.kommunikation,
                error: errors["kommunikation"], rows: 3),
        ]
        return Model(
            page: PageInfo(title: isNew ? "Nyt dagsordenspunkt" : "Ret dagsordenspunkt", viewer: viewer, path: SiteURL.meetings.path),
            action: action, cancel: cancel, isNew: isNew, values: values,
            kinds: AgendaItemKind.allCases.map { .init(code: $0.rawValue, name: $0.danishName, selected: $0 == values.kind) },
            errors: ErrorSummary(errors), titleError: errors["title"], caseNumberError: errors["case_number"],
            caseOfficerError: errors["case_officer"], sections: sections, versionError: errors["version"], statusVersions: versions,
            subtopics: subtopics)
    }
}
