import Database
import Domain
import Foundation

/// The assessment's working page (`/raadet/sager/{id}/vurdering`): the team's observations and the
/// dialogue meeting, with their forms. The handler has checked that the reader may see it
/// (`assessmentAccess`: the secretariat and the declared appointees).
enum AssessmentPage {
    static let template = "assessment"

    struct Model: Encodable {
        struct Obs: Encodable {
            let author: String
            let at: String
            let area: String?
            let html: String
        }
        struct Option: Encodable {
            let value: String
            let name: String
            let selected: Bool
        }
        let page: PageInfo
        let caseID: Int64
        let urls: CaseURLs
        let project: String
        let observations: [Obs]
        let canObserve: Bool
        let areas: [Option]
        let typedObservation: String
        let heldOn: String?
        let participants: String?
        let notesHTML: String?
        let canRecordDialogue: Bool
        let dialogueDate: String
        let dialogueParticipants: String
        let dialogueNotes: String
        let planned: String?
        let errors: ErrorSummary?
        let e: [String: String]
        let notice: String?
    }

    /// What was typed into the observation or the dialogue form: nothing typed is lost on an error.
    struct Typed {
        var observation = ""
        var area = ""
        var heldOn = ""
        var participants = ""
        var notes = ""
    }

    struct Rows {
        let observations: [CaseRepository.Observation]
        let dialogue: CaseRepository.Dialogue?
        let dates: CaseRepository.Dates
    }

    static func query(_ cases: CaseRepository, caseID: Int64) async throws -> Rows {
        let observations = try await cases.observations(caseID: caseID)
        let dialogue = try await cases.dialogue(caseID: caseID)
        return Rows(observations: observations, dialogue: dialogue, dates: try await cases.dates(caseID: caseID))
    }

    /// - Parameter appointment: the reader's own (declared) appointment to the case, if any.
    static func build(
        _ c: CaseRepository.Summary, appointment: CaseRepository.Appointment?, _ rows: Rows, typed: Typed?, errors: FormErrors,
        viewer: Viewer, message: String?
    ) -> Model {
        let user = viewer.councilUser
        let assessing = AssessmentWork.isAssessing(c.state)
        let dialogue = rows.dialogue
        let held = dialogue?.heldOn
        let notice: String? =
            switch message {
            case "observation": "Observationen er registreret."
            case "dialog": "Dialogmødet er registreret."
            default: nil
            }
        return Model(
            page: PageInfo(title: "Vurdering – \(c.projectName)", viewer: viewer, path: SiteURL.cases.path), caseID: c.id, urls: CaseURLs(c.id),
            project: c.projectName,
            observations: rows.observations.map {
                .init(author: $0.author, at: DanishFormat.dateTime($0.createdAt), area: $0.focusArea?.danishName, html: RichText.html($0.body))
            },
            canObserve: assessing && appointment?.role == .assessor,
            areas: FocusArea.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: typed?.area == $0.rawValue) },
            typedObservation: typed?.observation ?? "",
            heldOn: held.map(DanishFormat.longDate), participants: dialogue.flatMap { $0.participants.isEmpty ? nil : $0.participants },
            notesHTML: dialogue.flatMap { $0.notes.isEmpty ? nil : RichText.html($0.notes) },
            canRecordDialogue: assessing && user.has(.secretariat),
            dialogueDate: typed?.heldOn ?? held.map(DanishFormat.shortDate) ?? "",
            dialogueParticipants: typed?.participants ?? dialogue?.participants ?? "",
            dialogueNotes: typed?.notes ?? dialogue?.notes ?? "",
            planned: rows.dates.dialogue.map(DanishFormat.longDate),
            errors: ErrorSummary(errors), e: councilFieldErrors(errors), notice: notice)
    }
}
