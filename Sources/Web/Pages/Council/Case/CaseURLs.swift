import Domain
import Foundation

/// The links of one case's pages and forms, from the route table, for the case's templates
/// (`{{urls.letter}}`, `action="{{urls.decision}}"`).
struct CaseURLs: Encodable {
    let cases, caseDetail, intake, decision, planning, declaration, material, materialSend, assessment, observations,
        dialogue, letter, letterPDF, letterEdit, letterApprove, letterSend, responsum, followUp, evaluation, revisit: String

    init(_ id: Int64) {
        cases = SiteURL.cases.path
        caseDetail = SiteURL.caseDetail(.value(id)).path
        intake = SiteURL.caseIntake(.value(id)).path
        decision = SiteURL.caseDecision(.value(id)).path
        planning = SiteURL.casePlanning(.value(id)).path
        declaration = SiteURL.caseDeclaration(.value(id)).path
        material = SiteURL.caseMaterial(.value(id)).path
        materialSend = SiteURL.caseMaterialSend(.value(id)).path
        assessment = SiteURL.caseAssessment(.value(id)).path
        observations = SiteURL.caseObservations(.value(id)).path
        dialogue = SiteURL.caseDialogue(.value(id)).path
        letter = SiteURL.caseLetter(.value(id)).path
        letterPDF = SiteURL.caseLetterPDF(.value(id)).path
        letterEdit = SiteURL.caseLetterEdit(.value(id)).path
        letterApprove = SiteURL.caseLetterApprove(.value(id)).path
        letterSend = SiteURL.caseLetterSend(.value(id)).path
        responsum = SiteURL.caseResponsum(.value(id)).path
        followUp = SiteURL.caseFollowUp(.value(id)).path
        evaluation = SiteURL.caseEvaluation(.value(id)).path
        revisit = SiteURL.caseRevisit(.value(id)).path
    }
}

extension Viewer {
    /// The signed-in reader of a council page: every council route requires a login before its
    /// handler runs, so a builder of these pages is never called for the anonymous.
    var councilUser: User {
        guard let user else { preconditionFailure("a council page is built for a signed-in reader") }
        return user
    }
}

/// A form's errors by field, the first message per field (`{{e.name}}` beside the field).
func councilFieldErrors(_ errors: FormErrors) -> [String: String] {
    var e: [String: String] = [:]
    for item in errors.list where e[item.field] == nil { e[item.field] = item.message }
    return e
}
