import Database
import Domain
import Foundation

/// The project's responsum to a sent letter (`/raadet/sager/{id}/responsum`): per recommendation,
/// whether it is followed, the planned action and its date.
enum ResponsumPage {
    static let template = "responsum"

    struct Model: Encodable {
        struct Row: Encodable {
            let id: Int64
            let number: Int
            let area: String
            let html: String
            let options: [Option]
            let action: String
            let date: String
        }
        struct Option: Encodable {
            let value: String
            let name: String
            let checked: Bool
        }
        let page: PageInfo
        let caseID: Int64
        let urls: CaseURLs
        let rows: [Row]
        let due: String?
        let errors: ErrorSummary?
        let notice: String?
    }

    /// What was typed per recommendation id: the answer, the action, the date.
    typealias Typed = [Int64: (answer: String, action: String, date: String)]

    struct Rows {
        let answers: [LetterRepository.Answered]
        let letter: LetterRepository.Letter
    }

    static func query(_ letters: LetterRepository, caseID: Int64) async throws -> Rows {
        let answers = try await letters.answers(caseID: caseID)
        return Rows(answers: answers, letter: try await letters.letter(caseID: caseID))
    }

    /// - Parameters:
    ///   - typed: what was just sent; when empty, the saved draft (if any) fills the form.
    ///   - saved: the draft was just saved.
    static func build(_ c: CaseRepository.Summary, _ rows: Rows, typed: Typed, errors: FormErrors, viewer: Viewer, saved: Bool = false) -> Model {
        Model(
            page: PageInfo(title: "Responsum – \(c.projectName)", viewer: viewer, path: SiteURL.cases.path), caseID: c.id, urls: CaseURLs(c.id),
            rows: rows.answers.map { a in
                let t =
                    typed.isEmpty
                    ? (
                        answer: a.answer?.rawValue ?? "", action: a.action,
                        date: a.actionDate.map { DanishFormat.shortDate(MaterialBox.dayDate($0)) } ?? ""
                    )
                    : typed[a.id]
                return .init(
                    id: a.id, number: a.number, area: "\(a.focusArea.danishName) – \(a.subTheme)", html: RichText.html(a.body),
                    options: ResponsumAnswer.allCases.map { .init(value: $0.rawValue, name: $0.danishName, checked: t?.answer == $0.rawValue) },
                    action: t?.action ?? "", date: t?.date ?? "")
            }, due: rows.letter.responsumDue.map(DanishFormat.longDate), errors: ErrorSummary(errors),
            notice: saved ? "Kladden er gemt. Responsum er ikke indsendt endnu; ingen har fået besked." : nil)
    }
}
