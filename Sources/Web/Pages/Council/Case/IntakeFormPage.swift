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
        /// Nyudvikling, væsentlig tilpasning or neither, and what "neither" means.
        var scopes: [Option] = []
        var notCovered: String? = nil
        /// Figures read as kroner, by field ("12.500.000 kr. = 12,5 mio. kr."), shown for the reader to confirm.
        let k: [String: String]
        let confirming: Bool
        /// The 3 months' notice measured from today, next to the month field: the earliest month in time,
        /// which is also the field's example, and whether the month typed is short notice.
        let monthExample: String
        let noticeToday: String
        let shortNoticeWarning: String?
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
    static func build(
        _ d: IntakeDraft, errors: FormErrors, caseID: Int64?, version: Int, viewer: Viewer, rules: CouncilParameters, kroner: [String: String] = [:]
    ) -> Model {
        let today = DanishFormat.calendar.dateComponents([.year, .month, .day], from: viewer.now)
        let earliest = NoticeRule.firstMonthInTime(registeredOn: today)
        let short = d.month.flatMap { m in
            NoticeRule.isShort(registeredOn: today, desired: m) && !(d.today.map { m < $0 } ?? false) ? m : nil
        }
        return Model(
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
            noticeMonths: rules.noticeMonths, requirementText: d.requirement?.explanation(threshold: d.threshold),
            scopes: ProjectScope.allCases.map { .init(value: $0.rawValue, name: $0.danishName, checked: d.scope == $0) },
            notCovered: d.scope == .ingen ? ProjectScope.notCoveredText : nil,
            k: kroner, confirming: !kroner.isEmpty && errors.isEmpty, monthExample: earliest.description,
            noticeToday:
                "Indmeldt i dag (\(DanishFormat.longDate(viewer.now))) er \(earliest) den første måned med mindst \(rules.noticeMonths) måneders varsel.",
            shortNoticeWarning: short.map {
                "\($0.description.prefix(1).uppercased() + $0.description.dropFirst()) er mindre end \(rules.noticeMonths) måneder fra i dag. "
                    + "Indmeldingen kan sendes, men markeres som indmeldt med kort varsel, og rådssekretariatet kan ikke love tidspunktet."
            })
    }
}
