import Database
import Domain
import Foundation

/// The e-mails to the people whose move it is in the council's process, when `SMTP_URL` is set:
/// the same things their front page lists. A mail names the project and links to the case; it never
/// carries the letter, observations or other content. The route hands the drafts to the repository
/// method that makes the change, which writes them to the outbox in the same transaction: the mail
/// goes out exactly when the change commits, and a relay that is down only delays it.
struct CaseNotifier {
    let app: AppServices

    enum Event {
        case submitted(needsDecision: Bool)
        case decided(accepted: Bool)
        case planned(materialDue: DateComponents?)
        case materialSent
        case letterAwaitsSignOff
        case letterSent(responsumDue: DateComponents?)
        case responsumSubmitted
        /// New expected costs above the threshold made the case one that must be assessed.
        case costsAboveThreshold(figure: String)
    }

    /// The messages for `event`; none when no relay is configured.
    func drafts(_ event: Event, caseID: Int64, project: String) -> [MailDraft] {
        guard app.sendsMail else { return [] }
        return Self.drafts(event, caseID: caseID, project: project, baseURL: app.baseURL)
    }

    static func drafts(_ event: Event, caseID: Int64, project: String, baseURL: String) -> [MailDraft] {
        func draft(_ to: [Audience], _ subject: String, _ lines: [String], _ reason: String) -> MailDraft {
            let body = (lines + ["", "Se sagen i Rådsportalen: \(baseURL)\(SiteURL.caseDetail(.value(caseID)).path)"]).joined(separator: "\n")
            return MailDraft(to: to, subject: subject, body: body, reason: reason)
        }
        func date(_ day: DateComponents) -> String {
            DanishFormat.calendar.date(from: day).map(DanishFormat.longDate) ?? ""
        }
        switch event {
        case .submitted(let needsDecision):
            if needsDecision {
                return [
                    draft(
                        [.role(.director), .role(.secretariat)], "Anmodning om risikovurdering: \(project)",
                        [
                            "Projektet »\(project)« er under tærsklen og anmoder om en risikovurdering.",
                            "Om det risikovurderes, beror på en konkret vurdering hos fx \(DecidingBody.examples).",
                        ], "case.submitted")
                ]
            }
            return [
                draft(
                    [.role(.secretariat)], "Ny indmelding: \(project)",
                    ["Projektet »\(project)« er indmeldt til risikovurdering og skal planlægges."], "case.submitted")
            ]
        case .costsAboveThreshold(let figure):
            return [
                draft(
                    [.role(.secretariat), .caseLeader(caseID)], "Skal risikovurderes: \(project)",
                    [
                        "De forventede udgifter til »\(project)« er nu \(figure), over tærsklen.",
                        "Projektet skal derfor risikovurderes; rådssekretariatet planlægger vurderingen.",
                    ], "case.cost_rise")
            ]
        case .decided(let accepted):
            return [
                draft(
                    [.caseLeader(caseID)], (accepted ? "Anmodningen er godkendt: " : "Anmodningen er afvist: ") + project,
                    [
                        accepted
                            ? "Anmodningen om risikovurdering af »\(project)« er godkendt. Rådssekretariatet planlægger vurderingen."
                            : "Anmodningen om risikovurdering af »\(project)« er afvist. Begrundelsen står på sagen."
                    ], "case.decided")
            ]
        case .planned(let materialDue):
            return [
                draft(
                    [.caseCouncilMembers(caseID), .caseAssessors(caseID)], "Du er udpeget: risikovurdering af \(project)",
                    [
                        "Du er udpeget til risikovurderingen af »\(project)«.",
                        "Afgiv din habilitetserklæring på sagen, før du ser materialet.",
                    ], "case.planned"),
                draft(
                    [.caseLeader(caseID)], "Risikovurderingen er planlagt: \(project)",
                    ["Risikovurderingen af »\(project)« er planlagt."]
                        + (materialDue.map { ["Upload PID og governancedokumenter senest \(date($0))."] } ?? []), "case.planned"),
            ]
        case .materialSent:
            return [
                draft(
                    [.caseCouncilMembers(caseID), .caseAssessors(caseID), .role(.secretariat)], "Materialet er modtaget: \(project)",
                    [
                        "Projektet »\(project)« har sendt sit materiale. Vurderingen løber over \(CouncilRules.assessmentWorkingDays) arbejdsdage."
                    ], "case.material")
            ]
        case .letterAwaitsSignOff:
            return [
                draft(
                    [.caseCouncilMembers(caseID)], "Anbefalingsbrev til godkendelse: \(project)",
                    [
                        "Anbefalingsbrevet til »\(project)« er gemt og venter på din godkendelse.",
                        "En ændring af brevet annullerer alle godkendelser.",
                    ], "letter.signoff")
            ]
        case .letterSent(let responsumDue):
            return [
                draft(
                    [.caseLeader(caseID)], "Anbefalingsbrev fra It-rådet: \(project)",
                    ["It-rådet har sendt sit anbefalingsbrev til »\(project)«."]
                        + (responsumDue.map { ["Send responsum senest \(date($0))."] } ?? []), "letter.sent"),
                draft(
                    [.role(.director)], "Til orientering: anbefalingsbrev til \(project)",
                    ["It-rådet har sendt sit anbefalingsbrev til »\(project)«. Det kan læses i Rådsportalen."], "letter.sent"),
            ]
        case .responsumSubmitted:
            return [
                draft(
                    [.role(.secretariat), .role(.director)], "Responsum modtaget: \(project)",
                    ["Projektet »\(project)« har indsendt sit responsum på It-rådets anbefalinger."], "responsum.submitted")
            ]
        }
    }
}
