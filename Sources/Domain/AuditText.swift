/// The audit log in Danish: what each recorded action means, and what kind of thing it was done to.
/// An action not named here is shown as recorded (a log never hides an entry).
public enum AuditText {
    public static func action(_ action: String) -> String {
        switch action {
        case "login": "Logget ind"
        case "login.failed": "Mislykket login"
        case "login.throttled": "Login bremset efter for mange forsøg"
        case "logout": "Logget ud"
        case "password.changed": "Adgangskoden er skiftet"
        case "totp.enabled": "Totrinsbekræftelse er slået til"
        case "totp.disabled": "Totrinsbekræftelse er slået fra"
        case "totp.reset": "Totrinsbekræftelse er nulstillet"
        case "totp.policy": "Kravet om totrinsbekræftelse er ændret"
        case "user.created": "Brugeren er oprettet"
        case "user.updated": "Brugeren er ændret"
        case "user.roles_changed": "Brugerens roller er ændret"
        case "user.deactivated": "Brugeren er deaktiveret"
        case "user.password_reset": "Brugerens adgangskode er nulstillet"
        case "reminders.chosen": "Påmindelser er valgt"
        case "mail.retried": "E-mailen sendes igen"
        case "intake.saved": "Indmeldingen er gemt som kladde"
        case "intake.submitted": "Indmeldingen er sendt"
        case "case.accepted": "Anmodningen er godkendt"
        case "case.declined": "Anmodningen er afvist"
        case "case.cost_rise": "Nye forventede udgifter er registreret"
        case "case.planned": "Risikovurderingen er planlagt"
        case "case.impartiality_declared": "Habilitetserklæring er afgivet"
        case "case.number": "Sagsnummeret er gemt"
        case "revisit.created": "Genbesøg er oprettet"
        case "material.uploaded": "Dokument er uploadet"
        case "material.sent": "Materialet er sendt"
        case "observation.added": "Observation er registreret"
        case "dialogue.recorded": "Dialogmødet er registreret"
        case "letter.saved": "Brevet er gemt"
        case "letter.signed": "Brevet er godkendt"
        case "letter.sent": "Brevet er sendt"
        case "responsum.submitted": "Responsum er indsendt"
        case "responsum.saved": "Responsum er gemt som kladde"
        case "recommendation.follow_up": "Opfølgning på en anbefaling er opdateret"
        case "evaluation.submitted": "Evalueringen er indsendt"
        case "evaluation_questionnaire.saved": "Evalueringsskemaet er gemt som ny version"
        case "request.created": "Anmodningen er sendt"
        case "request.accepted": "Anmodningen er accepteret"
        case "request.declined": "Anmodningen er afvist"
        case "request.file_uploaded": "Fil er vedlagt anmodningen"
        case "sparring.planned": "Sparringsmødet er planlagt"
        case "sparring.minutes": "Referatet af sparringsmødet er gemt"
        case "attachment.uploaded": "Bilag er tilføjet"
        case "attachment.deleted": "Bilag er slettet"
        case "item.denied": "Adgang til et lukket punkt er nægtet"
        case "status_note.saved": "Statusnotatet er gemt"
        case "library.saved": "Materialet er gemt"
        case "library.file_uploaded": "Ny version af materialet er uploadet"
        case "site_text.saved": "Teksten er gemt"
        case "report.created": "Årsrapporten er oprettet"
        case "report.saved": "Årsrapporten er gemt"
        case "report.proposed": "Årsrapporten er foreslået til bestyrelsesmødet"
        case "report.published": "Årsrapporten er offentliggjort"
        default: action
        }
    }

    /// The kinds of object an entry names, as the filter offers them.
    public static let objectTypes: [(value: String, name: String)] = [
        ("case", "Sag"), ("project_request", "Anmodning"), ("sparring", "Sparringsmøde"), ("recommendation", "Anbefaling"),
        ("attachment", "Fil"), ("agenda_item", "Dagsordenspunkt"), ("status_note_version", "Statusnotat"),
        ("annual_report", "Årsrapport"), ("library_document", "Materiale"), ("site_text", "Tekst på siden"),
        ("evaluation_questionnaire", "Evalueringsskema"), ("user", "Bruger"),
        ("role_policies", "Krav til roller"), ("mail", "E-mail"),
    ]

    public static func objectType(_ type: String) -> String {
        objectTypes.first { $0.value == type }?.name ?? type
    }
}
