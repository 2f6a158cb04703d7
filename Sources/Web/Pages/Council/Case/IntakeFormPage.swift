import Database
import Domain
import Foundation

/// A project leader's intake (indmelding, `/raadet/indmeld` and `/raadet/sager/{id}/indmelding`):
/// a new one, a draft being edited, or what was typed with its errors (nothing typed is lost).
enum IntakeFormPage {
    static let template = "intake_form"

    struct Model: Encodable {
        struct Option: Encodable {
            let value: String
            let name: String
            let checked: Bool
            /// The value as an HTML id fragment: no spaces ("Region Nordjylland" → "region-nordjylland").
            let id: String
            init(value: String, name: String, checked: Bool) {
                self.value = value
                self.name = name
                self.checked = checked
                self.id = value.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            }
        }
        let page: PageInfo
        let casesURL: String
        let action: String
        let values: Values
        let kinds: [Option]
        let regions: [Option]
        let phases: [Option]
        let reasons: [Option]
        let errors: ErrorSummary?
        let e: [String: String]
        let threshold: String
        let noticeMonths: Int
        let requirementText: String?
    }

    struct Values: Encodable {
        let version: Int
        let name, purpose, otherBodies, budget, regionalShare, chair, members, desiredMonth, contact, reasonText: String
        var otherReason = ""
    }

    /// The saved draft of a case (the handler has checked that the reader may edit it).
    static func query(_ cases: CaseRepository, caseID: Int64) async throws -> IntakeDraft? {
        try await cases.intake(caseID: caseID)
    }

    /// - Parameters:
    ///   - d: the draft: empty for a new intake, the saved one, or what the reader typed.
    ///   - caseID: the case whose draft is edited; nil for a new intake.
    static func build(_ d: IntakeDraft, errors: FormErrors, caseID: Int64?, version: Int, viewer: Viewer, rules: CouncilParameters) -> Model {
        Model(
            page: PageInfo(title: caseID == nil ? "Indmeld et projekt" : "Indmelding: \(d.name)", viewer: viewer, path: SiteURL.cases.path),
            casesURL: SiteURL.cases.path,
            action: caseID.map { SiteURL.caseIntake(.value($0)).path } ?? SiteURL.intake.path,
            values: Values(
                version: version, name: d.name, purpose: d.purpose, otherBodies: d.otherBodies, budget: d.budget,
                regionalShare: d.regionalShare, chair: d.chair, members: d.members, desiredMonth: d.desiredMonth,
                contact: d.contact, reasonText: d.reasonText, otherReason: d.otherReason),
            kinds: ProjectKind.allCases.map { .init(value: $0.rawValue, name: $0.danishName, checked: d.kind == $0) },
            regions: LeadingBodies.regions.map { .init(value: $0, name: $0, checked: d.regions.contains($0)) },
            phases: RSIPhase.allCases.map {
                .init(
                    value: $0.rawValue, name: $0.rawValue + ($0.steps.isEmpty ? "" : " (" + $0.steps.joined(separator: ", ") + ")"),
                    checked: d.phase == $0)
            },
            reasons: RequestReason.allCases.map { .init(value: $0.rawValue, name: $0.danishName, checked: d.reasons.contains($0)) },
            errors: ErrorSummary(errors), e: councilFieldErrors(errors), threshold: DanishFormat.number(rules.thresholdMillions),
            noticeMonths: rules.noticeMonths, requirementText: d.requirement?.explanation(threshold: d.threshold))
    }
}
