import Database
import Domain
import Foundation
import Logging

/// E-mails the people whose move it is in the council's process, when `SMTP_URL` is set: the same
/// things their front page lists. A mail names the project and links to the case; it never carries
/// the letter, observations or other content. Sent in the background; a failure is logged, not shown.
struct CaseNotifier {
    let app: AppServices
    let logger: Logger

    enum Event {
        case submitted(needsDecision: Bool)
        case decided(accepted: Bool)
        case planned
        case materialSent
        case letterAwaitsSignOff
        case letterSent
        case responsumSubmitted
    }

    struct Mail {
        let to: [String]
        let subject: String
        let lines: [String]
    }

    func send(_ event: Event, caseID: Int64, project: String) {
        guard let mailer = app.mailer else { return }
        let app = self.app
        let logger = self.logger
        Task {
            do {
                let mails = try await Self.mails(for: event, caseID: caseID, project: project, app: app)
                for mail in mails where !mail.to.isEmpty {
                    let body = (mail.lines + ["", "Se sagen i Rådsportalen: \(app.baseURL)\(SiteURL.caseDetail(.value(caseID)).path)"]).joined(
                        separator: "\n")
                    try await mailer.send(MailMessage(to: Array(Set(mail.to)).sorted(), subject: mail.subject, body: body))
                }
            } catch {
                logger.warning("e-mail about case \(caseID) failed: \(error)")
            }
        }
    }

    static func mails(for event: Event, caseID: Int64, project: String, app: AppServices) async throws -> [Mail] {
        let cases = CaseRepository(pool: app.pool)
        switch event {
        case .submitted(let needsDecision):
            if needsDecision {
                return [
                    Mail(
                        to: try await app.users.emails(role: .director) + app.users.emails(role: .secretariat),
                        subject: "Anmodning om risikovurdering: \(project)",
                        lines: [
                            "Projektet »\(project)« er under tærsklen og anmoder om en risikovurdering.",
                            "Regionsdirektørkredsen eller RSI beslutter, om det risikovurderes.",
                        ])
                ]
            }
            return [
                Mail(
                    to: try await app.users.emails(role: .secretariat), subject: "Ny indmelding: \(project)",
                    lines: ["Projektet »\(project)« er indmeldt til risikovurdering og skal planlægges."])
            ]
        case .decided(let accepted):
            return [
                Mail(
                    to: try await cases.people(caseID: caseID).leader,
                    subject: (accepted ? "Anmodningen er godkendt: " : "Anmodningen er afvist: ") + project,
                    lines: [
                        accepted
                            ? "Anmodningen om risikovurdering af »\(project)« er godkendt. Rådssekretariatet planlægger vurderingen."
                            : "Anmodningen om risikovurdering af »\(project)« er afvist. Begrundelsen står på sagen."
                    ])
            ]
        case .planned:
            let people = try await cases.people(caseID: caseID)
            let dates = try await cases.dates(caseID: caseID)
            return [
                Mail(
                    to: people.councilMembers + people.assessors, subject: "Du er udpeget: risikovurdering af \(project)",
                    lines: [
                        "Du er udpeget til risikovurderingen af »\(project)«.",
                        "Afgiv din habilitetserklæring på sagen, før du ser materialet.",
                    ]),
                Mail(
                    to: people.leader, subject: "Risikovurderingen er planlagt: \(project)",
                    lines: ["Risikovurderingen af »\(project)« er planlagt."]
                        + (dates.material.map { ["Upload PID og governancedokumenter senest \(DanishFormat.longDate($0))."] } ?? [])),
            ]
        case .materialSent:
            let people = try await cases.people(caseID: caseID)
            return [
                Mail(
                    to: people.councilMembers + people.assessors + (try await app.users.emails(role: .secretariat)),
                    subject: "Materialet er modtaget: \(project)",
                    lines: [
                        "Projektet »\(project)« har sendt sit materiale. Vurderingen løber over \(CouncilRules.assessmentWorkingDays) arbejdsdage."
                    ])
            ]
        case .letterAwaitsSignOff:
            return [
                Mail(
                    to: try await cases.people(caseID: caseID).councilMembers, subject: "Anbefalingsbrev til godkendelse: \(project)",
                    lines: [
                        "Anbefalingsbrevet til »\(project)« er gemt og venter på din godkendelse.",
                        "En ændring af brevet annullerer alle godkendelser.",
                    ])
            ]
        case .letterSent:
            let letter = try await LetterRepository(pool: app.pool).letter(caseID: caseID)
            return [
                Mail(
                    to: try await cases.people(caseID: caseID).leader, subject: "Anbefalingsbrev fra It-rådet: \(project)",
                    lines: ["It-rådet har sendt sit anbefalingsbrev til »\(project)«."]
                        + (letter.responsumDue.map { ["Send responsum senest \(DanishFormat.longDate($0))."] } ?? [])),
                Mail(
                    to: try await app.users.emails(role: .director), subject: "Til orientering: anbefalingsbrev til \(project)",
                    lines: ["It-rådet har sendt sit anbefalingsbrev til »\(project)«. Det kan læses i Rådsportalen."]),
            ]
        case .responsumSubmitted:
            return [
                Mail(
                    to: try await app.users.emails(role: .secretariat) + app.users.emails(role: .director),
                    subject: "Responsum modtaget: \(project)",
                    lines: ["Projektet »\(project)« har indsendt sit responsum på It-rådets anbefalinger."])
            ]
        }
    }
}
