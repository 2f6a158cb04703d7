import Foundation

/// The council's work around an assessment: the team's observations, the dialogue meeting, genbesøg
/// (a new assessment building on an earlier one) and sparring meetings with their minutes.
public enum AssessmentWork {
    /// Longest free text accepted in one field (a letter's statement is of the same order).
    public static let maxText = 50_000

    /// Observations and the dialogue meeting belong to the assessment period: after the material
    /// arrived and before the letter is sent.
    public static func isAssessing(_ state: CaseState) -> Bool { state == .vurdering }

    public static func observationProblem(_ body: String) -> String? {
        let text = body.trimmingWhitespace()
        if text.isEmpty { return "Skriv observationen." }
        if text.count > maxText || text.contains("\u{0}") { return "Observationen er for lang eller indeholder ugyldige tegn." }
        return nil
    }

    /// The dialogue meeting's record: the date it was held, who took part, notes.
    public static func dialogueProblems(heldOn: DateComponents?, participants: String, notes: String) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if heldOn == nil { problems.append(("held_on", "Skriv datoen for dialogmødet som dd.mm.åååå.")) }
        if participants.trimmingWhitespace().isEmpty { problems.append(("participants", "Skriv, hvem der deltog i dialogmødet.")) }
        for (field, text) in [("participants", participants), ("notes", notes)] where text.count > maxText || text.contains("\u{0}") {
            problems.append((field, "Teksten er for lang eller indeholder ugyldige tegn."))
        }
        return problems
    }

    /// A genbesøg needs an earlier assessment whose letter was sent, and only one genbesøg of it at a time.
    public static func revisitRefusal(previous: CaseState, openRevisit: Bool) -> CaseRefusal? {
        guard [.brevSendt, .responsumModtaget, .afsluttet].contains(previous) else {
            return CaseRefusal("Et genbesøg bygger på en risikovurdering, hvis anbefalingsbrev er sendt (nu: \(previous.danishName)).")
        }
        if openRevisit { return CaseRefusal("Der er allerede et genbesøg i gang for denne risikovurdering.") }
        return nil
    }
}

/// A sparring meeting (sparringsmøde): advisory, before or after an assessment, usually with 2
/// council members, ending in minutes (referat) with remarks and immediate recommendations.
public enum SparringRules {
    public struct Draft: Sendable {
        public var projectChosen: Bool
        public var plannedOn: DateComponents?
        public var councilMembers: Int
        public var topic: String
        public init(projectChosen: Bool, plannedOn: DateComponents?, councilMembers: Int, topic: String) {
            self.projectChosen = projectChosen
            self.plannedOn = plannedOn
            self.councilMembers = councilMembers
            self.topic = topic
        }
    }

    public static func problems(_ d: Draft) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if !d.projectChosen { problems.append(("project", "Vælg projektet.")) }
        if d.plannedOn == nil { problems.append(("planned_on", "Skriv datoen for sparringsmødet som dd.mm.åååå.")) }
        if d.councilMembers == 0 { problems.append(("council", "Udpeg mindst ét rådsmedlem (som regel \(CouncilRules.usualCouncilMembers)).")) }
        if d.topic.count > 2_000 || d.topic.contains("\u{0}") { problems.append(("topic", "Emnet er for langt eller indeholder ugyldige tegn.")) }
        return problems
    }

    /// The minutes may be recorded once the meeting has taken place (not before its date).
    public static func minutesProblems(heldOn: DateComponents?, today: DateComponents, remarks: String) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if let heldOn {
            if let a = DanishFormat.calendar.date(from: heldOn), let b = DanishFormat.calendar.date(from: today), a > b {
                problems.append(("held_on", "Referatet kan først skrives, når mødet er holdt: datoen ligger i fremtiden."))
            }
        } else {
            problems.append(("held_on", "Skriv datoen, mødet blev holdt, som dd.mm.åååå."))
        }
        if remarks.trimmingWhitespace().isEmpty { problems.append(("remarks", "Skriv referatets bemærkninger.")) }
        if remarks.count > AssessmentWork.maxText || remarks.contains("\u{0}") {
            problems.append(("remarks", "Teksten er for lang eller indeholder ugyldige tegn."))
        }
        return problems
    }

    /// The quarter a date falls in (a planned meeting is "expected" in it, as in Tabel 1's pipeline).
    public static func quarter(of day: DateComponents) -> Int { ((day.month ?? 1) - 1) / 3 + 1 }
}

/// The case's timeline, read from the audit log: what each recorded action means in Danish, and
/// whether it is internal to the council (shown only to the secretariat and the appointed).
public enum CaseTimeline {
    public struct Step: Sendable, Equatable {
        public let text: String
        public let internalOnly: Bool
        /// Whether the entry's detail is part of the step (a follow-up's status and note).
        public var showsDetail = false
    }

    public static func step(for action: String) -> Step? {
        switch action {
        case "intake.saved": Step(text: "Indmeldingen er gemt som kladde", internalOnly: false)
        case "intake.submitted": Step(text: "Indmeldingen er sendt", internalOnly: false)
        case "case.accepted": Step(text: "Anmodningen er godkendt", internalOnly: false)
        case "case.declined": Step(text: "Anmodningen er afvist", internalOnly: false)
        case "case.cost_rise": Step(text: "Nye forventede udgifter registreret", internalOnly: false, showsDetail: true)
        case "case.planned": Step(text: "Risikovurderingen er planlagt", internalOnly: false)
        case "revisit.created": Step(text: "Genbesøg er oprettet", internalOnly: false)
        case "case.impartiality_declared": Step(text: "Habilitetserklæring afgivet", internalOnly: true)
        case "material.uploaded": Step(text: "Dokument uploadet", internalOnly: false)
        case "material.sent": Step(text: "Materialet er sendt; vurderingen er begyndt", internalOnly: false)
        case "observation.added": Step(text: "Observation registreret", internalOnly: true)
        case "dialogue.recorded": Step(text: "Dialogmødet er registreret", internalOnly: false)
        case "letter.saved": Step(text: "Anbefalingsbrevet er gemt", internalOnly: true)
        case "letter.signed": Step(text: "Anbefalingsbrevet er godkendt", internalOnly: true)
        case "letter.sent": Step(text: "Anbefalingsbrevet er sendt", internalOnly: false)
        case "responsum.submitted": Step(text: "Responsum er indsendt", internalOnly: false)
        case "recommendation.follow_up": Step(text: "Opfølgning på anbefalingerne", internalOnly: false, showsDetail: true)
        case "evaluation.submitted": Step(text: "Evalueringen er indsendt; sagen er afsluttet", internalOnly: false)
        default: nil
        }
    }
}

/// What is late in a case: the project's material after its deadline, the assessment after its
/// 10 working days from receipt, the responsum after its due date. Days are calendar days in
/// Danish time; a thing due today is not late until tomorrow.
public enum CaseDeadlines {
    public enum Late: Sendable, Equatable {
        case material(deadline: DateComponents)
        case assessment(due: DateComponents)
        case responsum(due: DateComponents)

        public var danishDescription: String {
            switch self {
            case .material(let d): "Materialet er forsinket: fristen var \(CaseDeadlines.long(d))."
            case .assessment(let d): "Vurderingen er forsinket: den skulle være afsluttet \(CaseDeadlines.long(d))."
            case .responsum(let d): "Responsum er forsinket: fristen var \(CaseDeadlines.long(d))."
            }
        }

        public var kind: String {
            switch self {
            case .material: "Materiale"
            case .assessment: "Vurdering (10 arbejdsdage)"
            case .responsum: "Responsum"
            }
        }
    }

    /// The assessment's due date: 10 Danish working days after the material arrived (day 1 is the
    /// first working day after the day of receipt).
    public static func assessmentDue(materialReceived: DateComponents, rules: CouncilParameters = .standard) -> DateComponents {
        rules.workingDays.add(rules.assessmentWorkingDays, to: materialReceived)
    }

    public static func late(
        state: CaseState, materialDeadline: DateComponents?, materialReceived: DateComponents?,
        responsumDue: DateComponents?, today: DateComponents
    ) -> Late? {
        func before(_ a: DateComponents, _ b: DateComponents) -> Bool { (a.year!, a.month!, a.day!) < (b.year!, b.month!, b.day!) }
        switch state {
        case .afventerMateriale:
            if let d = materialDeadline, before(d, today) { return .material(deadline: d) }
        case .vurdering:
            if let r = materialReceived {
                let due = assessmentDue(materialReceived: r)
                if before(due, today) { return .assessment(due: due) }
            }
        case .brevSendt:
            if let d = responsumDue, before(d, today) { return .responsum(due: d) }
        default: break
        }
        return nil
    }

    static func long(_ d: DateComponents) -> String { "\(d.day!). \(DanishFormat.monthNames[d.month! - 1]) \(d.year!)" }
}
