import Database
import Domain
import Foundation

/// The case page's expected costs (issue 18, point 1): the figures recorded since the intake, and
/// the form "Nye forventede udgifter" for the case's project leader and the secretariat while the
/// case is below the threshold.
extension CasePage {
    struct CostsView: Encodable {
        struct Recorded: Encodable {
            let text: String
        }
        struct Form: Encodable {
            let action: String
            let label: String
            let hint: String
            /// What the field holds: empty, what was typed and refused, or the kroner read as millions.
            let typed: String
            let error: String?
            /// "12.500.000 kr. = 12,5 mio. kr.", for the reader to confirm by sending again.
            let kroner: String?
        }
        let recorded: [Recorded]
        let hasRecorded: Bool
        let form: Form?
    }

    /// The recorded figures, and what was typed into the form and refused or read as kroner.
    struct CostsInput {
        var changes: [CaseRepository.CostChange] = []
        var typed: String?
        var error: String?
        var kroner: String?
    }

    static func costs(
        _ input: CostsInput, user: User, c: CaseRepository.Summary, facts: CaseFacts, intake: IntakeDraft, rules: CouncilParameters
    ) -> CostsView? {
        let recorded = input.changes.map {
            CostsView.Recorded(
                text: "\(CostRise.figure($0.millions)), registreret \(DanishFormat.dateTime($0.recordedAt)) af \($0.recordedBy)"
                    + ($0.madeMandatory
                        ? " – over tærsklen: sagen blev derved en, der skal risikovurderes"
                        : " – under tærsklen: sagen er uændret"))
        }
        var form: CostsView.Form?
        if let kind = intake.kind, CostRise.applies(kind: kind, requirement: c.requirement, state: c.state), CostRise.mayRecord(user, facts) {
            form = CostsView.Form(
                action: SiteURL.caseCosts(.value(c.id)).path, label: CostRise.label(kind),
                hint: "Stiger projektets forventede udgifter\(kind == .faellesoffentlig ? " (regionernes andel)" : "") til over "
                    + "\(rules.threshold), skal projektet risikovurderes. Skriv i mio. kr., fx 12,5; et tal på 10.000 eller mere læses som kroner.",
                typed: input.typed ?? "", error: input.error, kroner: input.kroner)
        }
        // Nothing to show (a case over the threshold from its intake, or a reader who may not record): no section.
        guard !recorded.isEmpty || form != nil else { return nil }
        return CostsView(recorded: recorded, hasRecorded: !recorded.isEmpty, form: form)
    }
}
