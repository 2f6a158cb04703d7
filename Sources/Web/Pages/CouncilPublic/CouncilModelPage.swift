import Domain
import Foundation

/// How an assessment goes (`/it-raadet/risikovurdering`): the process steps from the Domain's own rules and
/// the RSI project model's phases. No database.
enum CouncilModelPage {
    static let template = "council_model"

    struct Model: Encodable {
        struct Step: Encodable {
            let number: Int
            let title: String
            let text: String
        }
        struct Phase: Encodable {
            let name: String
            let steps: String
            let assessed: Bool
        }
        let page: PageInfo
        let steps: [Step]
        let phases: [Phase]
        let noticeMonths: Int
        let councilURL = SiteURL.council.path
        let libraryURL = SiteURL.library.path
    }

    static func build(parameters p: CouncilParameters, viewer: Viewer) -> Model {
        Model(
            page: PageInfo(
                title: "Sådan foregår en risikovurdering",
                description: "Trinene i Regionernes It-råds risikovurdering, fra indmelding til evaluering.",
                viewer: viewer, path: SiteURL.council.path),
            steps: CouncilProcess.steps(p).enumerated().map { .init(number: $0.offset + 1, title: $0.element.title, text: $0.element.text) },
            phases: RSIPhase.allCases.map {
                .init(name: $0.rawValue, steps: $0.steps.joined(separator: ", "), assessed: $0 == RSIPhase.assessmentPhase)
            },
            noticeMonths: p.noticeMonths)
    }
}
